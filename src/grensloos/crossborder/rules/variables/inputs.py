"""What the worker tells us: states, sector and where the working days of the year were spent."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from ..entities import Worker


class State(Enum):
    """The states the check covers; at least one of residence and employer state is BE, NL or LU."""

    BE = "Belgium"
    NL = "Netherlands"
    LU = "Luxembourg"
    DE = "Germany"
    FR = "France"


class residence(Variable):
    value_type = Enum
    possible_values = State
    default_value = State.BE
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "State of residence"


class employer_state(Variable):
    value_type = Enum
    possible_values = State
    default_value = State.LU
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "State where the employer has its seat and where the worker normally works"


class public_sector(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Employed by a public administration of the employer state (government service)"


class national_of_residence_state(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "National of the residence state and not of the employer state (matters for government service)"


class working_days_total(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Working days in the year"


class days_in_employer_state(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Working days physically spent in the employer state"


class days_in_residence(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Working days spent in the residence state (telework or other work there)"


class days_in_third_states(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Working days spent in states other than the residence and the employer state"


class days_outside_employer_state(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Days counted against a tax tolerance: every day worked, even partly, outside the employer state"

    def formula(worker, period):
        # Whole days by default; the day ledger sets this itself because a part day counts as a whole one.
        return worker("days_in_residence", period) + worker("days_in_third_states", period)


class framework_agreement_requested(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The employer and worker asked for the framework agreement on cross-border telework"


class covid_dates_known(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The dates of the home-working days are known (day ledger): arrangements apply day by day"


class home_days_under_covid_tax_arrangement(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = (
        "Home-working days that fell on dates when the pair's COVID-19 tax arrangement applied (known from a ledger)"
    )


class home_days_under_covid_social_security(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Home-working days on dates of the COVID-19 social-security flexibility (known from a ledger)"

"""Which state may tax the salary, day by day, under the tax treaty between the two states.

Under the treaties (art. 15 of the OECD model, the same article number in most of them) a salary is taxable
in the state where the work is physically done; the residence state taxes the days worked at home and in
third states. Three things change that: a day tolerance agreed for the pair (days outside the employer state
up to the limit stay taxable there), a COVID-19 arrangement (home-working days counted as worked in the
employer state), and government service (art. 19: only the paying state taxes). All values are parameters.
"""

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from ..entities import Worker
from .common import PAIR_TABLE, Pair, fraction, over_year, pick


class TaxRule(Enum):
    GOVERNMENT_SERVICE = "government_service"
    EMPLOYER_STATE_ONLY = "employer_state_only"
    TOLERANCE = "tolerance"
    COVID_ARRANGEMENT = "covid_arrangement"
    PLACE_OF_WORK = "place_of_work"


class state_pair(Variable):
    value_type = Enum
    possible_values = Pair
    default_value = Pair.BE_LU
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The residence/employer pair of states"

    def formula(worker, period):
        residence = np.asarray(worker("residence", period)).astype(np.int64)
        employer = np.asarray(worker("employer_state", period)).astype(np.int64)
        pair = PAIR_TABLE[residence, employer]
        if (pair < 0).any():
            raise ValueError("a worker's residence and employer state form no pair the check covers")
        return pair


class tax_tolerance_days(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Days a worker may work outside the employer state without changing where the salary is taxed"

    def formula(worker, period, parameters):
        return pick(parameters(period.start).tax.tolerance_days, worker("state_pair", period))


class tax_home_days_covered(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Home-working days a COVID-19 arrangement counts as worked in the employer state"

    def formula(worker, period):
        home = worker("days_in_residence", period)
        return np.where(
            worker("covid_dates_known", period),
            np.minimum(worker("home_days_under_covid_tax_arrangement", period), home),
            home * worker("tax_covid_arrangement", period),
        )


class tax_tolerance_days_counted(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Days counted against the tolerance (home-working days covered by a COVID-19 arrangement excluded)"

    def formula(worker, period):
        return np.maximum(worker("days_outside_employer_state", period) - worker("tax_home_days_covered", period), 0)


class tax_tolerance_applies(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The days outside the employer state stay within the pair's tolerance"

    def formula(worker, period):
        limit = worker("tax_tolerance_days", period)
        counted = worker("tax_tolerance_days_counted", period)
        return (limit > 0) * (counted > 0) * (counted <= limit) * np.logical_not(worker("public_sector", period))


class tax_covid_arrangement(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "A COVID-19 arrangement for the pair counted home-working days in the employer state all year"

    def formula(worker, period, parameters):
        start, end = over_year(parameters, period, "tax.covid_home_work", worker("state_pair", period))
        return start * end


class tax_covid_part_of_year(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "A COVID-19 arrangement for the pair began or ended during the year"

    def formula(worker, period, parameters):
        start, end = over_year(parameters, period, "tax.covid_home_work", worker("state_pair", period))
        return start != end


class tax_rule(Variable):
    value_type = Enum
    possible_values = TaxRule
    default_value = TaxRule.PLACE_OF_WORK
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The rule that decides how the salary is shared between the states"

    def formula(worker, period):
        R = TaxRule
        return np.select(
            [
                worker("public_sector", period),
                worker("days_outside_employer_state", period) <= 0,
                worker("tax_tolerance_applies", period),
                worker("tax_home_days_covered", period) > 0,
            ],
            [R.GOVERNMENT_SERVICE.index, R.EMPLOYER_STATE_ONLY.index, R.TOLERANCE.index, R.COVID_ARRANGEMENT.index],
            default=R.PLACE_OF_WORK.index,
        )


class tax_share_employer_state(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Fraction of the salary the employer state may tax"

    def formula(worker, period):
        R = TaxRule
        rule = worker("tax_rule", period)
        total = worker("working_days_total", period)
        employer = worker("days_in_employer_state", period)
        covered = worker("tax_home_days_covered", period)

        def share(days):
            return fraction(days, total, empty=1.0)

        # Government service: the paying state, except the days a national of the residence state works there.
        home = worker("days_in_residence", period)
        government = 1 - share(home) * worker("national_of_residence_state", period)
        return np.select(
            [
                rule == R.GOVERNMENT_SERVICE,
                (rule == R.EMPLOYER_STATE_ONLY) + (rule == R.TOLERANCE),
                rule == R.COVID_ARRANGEMENT,
            ],
            [government, np.ones_like(total), share(employer + covered)],
            default=share(employer),
        )


class tax_share_residence(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Fraction of the salary the residence state may tax (home-working days and third-state days)"

    def formula(worker, period):
        return 1 - worker("tax_share_employer_state", period)


class tax_uncertain(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The tax answer depends on dates or facts the check does not ask (parameter doubts are added by the engine)"

    def formula(worker, period):
        covid_part = (
            worker("tax_covid_part_of_year", period)
            * np.logical_not(worker("covid_dates_known", period))
            * (worker("days_in_residence", period) > 0)
            * np.logical_not(worker("public_sector", period))
        )
        # A third state may tax days there once a worker spends more than 183 days in it.
        third = worker("days_in_third_states", period) > 183
        return covid_part + third

"""Which state's social-security legislation applies (EU Regulations 883/2004 and 987/2009).

The order of the tests follows the regulation: government service first (art. 11(3)(b)), then a person
who works in one state only (art. 11(3)(a)), then a person who normally works in two or more states
(art. 13(1)), where the 25 % "substantial activity" test of art. 14(8) of 987/2009 decides, and where the
COVID-19 flexibility and the 2023 framework agreement on cross-border telework can keep the employer state.
Working days stand in for working time; the regulation also looks at pay, which the check does not ask.
"""

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from ..entities import Worker
from .common import fraction, over_year, pick
from .inputs import State


class SocialSecurityRule(Enum):
    GOVERNMENT_SERVICE = "government_service"
    ONE_STATE = "one_state"
    MARGINAL_ELSEWHERE = "marginal_elsewhere"
    EMPLOYER_SEAT = "employer_seat"
    SUBSTANTIAL_IN_RESIDENCE = "substantial_in_residence"
    COVID_FLEXIBILITY = "covid_flexibility"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    COVID_THEN_FRAMEWORK = "covid_then_framework"
    COVID_PART_OF_YEAR = "covid_part_of_year"


class residence_share(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Share of the working days spent in the residence state"

    def formula(worker, period):
        return fraction(worker("days_in_residence", period), worker("working_days_total", period))


class third_state_share(Variable):
    value_type = float
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "Share of the working days spent in third states"

    def formula(worker, period):
        return fraction(worker("days_in_third_states", period), worker("working_days_total", period))


class framework_agreement_applies(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The framework agreement on habitual cross-border telework keeps the employer state all year"

    def formula(worker, period, parameters):
        return _framework_at(worker, period, parameters, period.start) * _framework_at(
            worker, period, parameters, period.stop
        )


class framework_agreement_applies_at_year_end(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The framework agreement applies on the last day of the year"

    def formula(worker, period, parameters):
        return _framework_at(worker, period, parameters, period.stop)


def _framework_at(worker, period, parameters, instant):
    """Conditions of the framework agreement at one instant: in force for both states, asked for, telework
    below the limit, no habitual work in a third state (marginal work aside), not a civil servant."""
    fw = parameters(instant).social_security.framework_agreement
    limit = fw.telework_share_limit
    signed = pick(fw.signatory, worker("residence", period)) * pick(fw.signatory, worker("employer_state", period))
    marginal = parameters(instant).social_security.marginal_activity_share
    return (
        (limit > 0)
        * signed.astype(bool)
        * worker("framework_agreement_requested", period)
        * (worker("residence_share", period) < limit)
        * (worker("third_state_share", period) < marginal)
        * np.logical_not(worker("public_sector", period))
    )


class social_security_rule(Variable):
    value_type = Enum
    possible_values = SocialSecurityRule
    default_value = SocialSecurityRule.ONE_STATE
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The rule that decides the social-security state"

    def formula(worker, period, parameters):
        ss = parameters(period.start).social_security
        public = worker("public_sector", period)
        res = worker("residence_share", period)
        outside = res + worker("third_state_share", period)
        covid_start, covid_end = over_year(parameters, period, "social_security.covid_telework_disregarded")
        covid_all_year = bool(covid_start and covid_end)
        covid_part = bool(covid_start) != bool(covid_end)
        framework = worker("framework_agreement_applies", period)
        framework_end = worker("framework_agreement_applies_at_year_end", period)
        # with the dates known (ledger), home days under the flexibility simply do not count
        dated = worker("covid_dates_known", period)
        total = worker("working_days_total", period)
        covered = np.minimum(
            worker("home_days_under_covid_social_security", period), worker("days_in_residence", period)
        )
        res_without_covid = fraction(worker("days_in_residence", period) - covered, total)
        R = SocialSecurityRule
        return np.select(
            [
                public,
                outside <= 0,
                outside < ss.marginal_activity_share,
                res < ss.substantial_activity_share,
                np.full(res.shape, covid_all_year),
                framework,
                bool(covid_start) * framework_end,
                dated * covid_part * (res_without_covid < ss.substantial_activity_share),
                np.full(res.shape, covid_part) * np.logical_not(dated),
            ],
            [
                R.GOVERNMENT_SERVICE.index,
                R.ONE_STATE.index,
                R.MARGINAL_ELSEWHERE.index,
                R.EMPLOYER_SEAT.index,
                R.COVID_FLEXIBILITY.index,
                R.FRAMEWORK_AGREEMENT.index,
                R.COVID_THEN_FRAMEWORK.index,
                R.COVID_FLEXIBILITY.index,
                R.COVID_PART_OF_YEAR.index,
            ],
            default=R.SUBSTANTIAL_IN_RESIDENCE.index,
        )


class social_security_state(Variable):
    value_type = Enum
    possible_values = State
    default_value = State.LU
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The state whose social-security legislation applies"

    def formula(worker, period):
        rule = worker("social_security_rule", period)
        residence = worker("residence", period)
        employer = worker("employer_state", period)
        return np.where(rule == SocialSecurityRule.SUBSTANTIAL_IN_RESIDENCE, residence, employer)


class social_security_uncertain(Variable):
    value_type = bool
    entity = Worker
    definition_period = DateUnit.YEAR
    label = "The answer depends on facts the check does not ask (COVID-19 for part of the year, much third-state work)"

    def formula(worker, period, parameters):
        substantial = parameters(period.start).social_security.substantial_activity_share
        part_year = worker("social_security_rule", period) == SocialSecurityRule.COVID_PART_OF_YEAR
        return part_year + (worker("third_state_share", period) >= substantial)

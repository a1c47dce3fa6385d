"""Assess cross-border workers with the OpenFisca model and explain the answers.

The flow is the same for one worker (CLI ``worker assess``, the API, the citizen check) and for a million
(batch, policy simulation): cases become columns of numbers (``Columns``), one OpenFisca simulation computes
every worker at once (``compute``), and ``explain`` turns one row of the result into the answer a person
reads: the state, the rule, a reason in plain words, the legal references and what is uncertain.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pycountry
import yaml
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.simulation_builder import SimulationBuilder

from grensloos.core.errors import DomainError
from grensloos.core.i18n import country_name

from .rules import tax_benefit_system
from .rules.variables.common import PAIR_TABLE, PAIRS, STATES, Pair, pair_name
from .rules.variables.inputs import State
from .rules.variables.social_security import SocialSecurityRule
from .rules.variables.tax import TaxRule

YEARS = range(2019, 2027)
FIELDS = {
    "residence",
    "employer_country",
    "public_sector",
    "national_of_residence_state",
    "year",
    "working_days_total",
    "days_in_employer_country",
    "days_in_residence_country",
    "days_elsewhere",
    "framework_agreement_requested",
}
OUTPUTS = (
    "state_pair",
    "residence_share",
    "social_security_rule",
    "social_security_state",
    "social_security_uncertain",
    "framework_agreement_applies_at_year_end",
    "tax_rule",
    "tax_share_employer_state",
    "tax_tolerance_days",
    "tax_tolerance_days_counted",
    "tax_tolerance_applies",
    "tax_covid_part_of_year",
    "tax_uncertain",
)


class CaseError(DomainError):
    """Input the check cannot assess; ``field`` names the input at fault."""


@dataclass(frozen=True)
class Case:
    residence: str
    employer_country: str
    year: int
    working_days_total: float
    days_in_employer_country: float
    days_in_residence_country: float
    days_elsewhere: dict[str, float] = field(default_factory=dict)
    public_sector: bool = False
    framework_agreement_requested: bool = False
    national_of_residence_state: bool = False
    #: days counted against a tax tolerance when it differs from the days outside (a part day counts whole)
    days_counted_for_tolerance: float | None = None
    #: known from a day ledger: home days on dates when a COVID-19 arrangement applied
    covid_dates_known: bool = False
    home_days_under_covid_tax: float = 0.0
    home_days_under_covid_ss: float = 0.0

    @property
    def days_in_third_states(self) -> float:
        return float(sum(self.days_elsewhere.values()))


# ---------------------------------------------------------------------------------------------- validation


def _state(value: Any, name: str) -> str:
    if not isinstance(value, str) or value.upper() not in STATES:
        raise CaseError(_("%(field)s must be one of %(states)s.") % {"field": name, "states": ", ".join(STATES)}, name)
    return value.upper()


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(_("%(field)s must be true or false.") % {"field": name}, name)
    return value


def _days(value: Any, name: str) -> float:
    try:
        number = float(value) if not isinstance(value, bool) and isinstance(value, int | float) else math.nan
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise CaseError(_("%(field)s must be a number of days.") % {"field": name}, name)
    value = number
    if value < 0:
        raise CaseError(_("%(field)s cannot be negative.") % {"field": name}, name)
    if value > 366:
        raise CaseError(_("%(field)s cannot exceed 366 days.") % {"field": name}, name)
    return float(value)


def third_country(code: Any, name: str) -> str:
    """An ISO 3166-1 alpha-2 code of a state where some days were worked (not residence or employer)."""
    if not isinstance(code, str) or len(code) != 2 or pycountry.countries.get(alpha_2=code.upper()) is None:
        raise CaseError(
            _("%(field)s: %(code)r is not a country code such as FR.") % {"field": name, "code": code}, name
        )
    return code.upper()


def parse_case(data: Any) -> Case:
    """Validate a case as given to the CLI or the API; every error names the field at fault."""
    if not isinstance(data, dict):
        raise CaseError(_("The case must be a JSON object."))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise CaseError(_("Unknown field: %(field)s.") % {"field": unknown[0]}, unknown[0])
    for name in ("residence", "employer_country", "year", "working_days_total", "days_in_employer_country"):
        if name not in data:
            raise CaseError(_("This field is required: %(field)s.") % {"field": name}, name)
    residence = _state(data["residence"], "residence")
    employer = _state(data["employer_country"], "employer_country")
    if residence == employer:
        raise CaseError(
            _("employer_country must differ from residence: the check is for cross-border work."), "employer_country"
        )
    if pair_name(residence, employer) is None:
        raise CaseError(
            _(
                "The check covers pairs where Belgium, the Netherlands or Luxembourg is the residence or "
                "employer state."
            ),
            "employer_country",
        )
    year = data["year"]
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
        raise CaseError(
            _("year must be a whole year from %(first)s to %(last)s.") % {"first": YEARS[0], "last": YEARS[-1]}, "year"
        )
    total = _days(data["working_days_total"], "working_days_total")
    if total <= 0:
        raise CaseError(_("working_days_total must be more than zero."), "working_days_total")
    in_employer = _days(data["days_in_employer_country"], "days_in_employer_country")
    in_residence = _days(data.get("days_in_residence_country", 0), "days_in_residence_country")
    elsewhere_raw = data.get("days_elsewhere", {}) or {}
    if not isinstance(elsewhere_raw, dict):
        raise CaseError(_('days_elsewhere must map country codes to days, e.g. {"FR": 3}.'), "days_elsewhere")
    elsewhere: dict[str, float] = {}
    for code, days in elsewhere_raw.items():
        country = third_country(code, "days_elsewhere")
        if country in (residence, employer):
            raise CaseError(
                _("days_elsewhere.%(code)s: count these days in days_in_residence_country or days_in_employer_country.")
                % {"code": country},
                "days_elsewhere",
            )
        elsewhere[country] = elsewhere.get(country, 0.0) + _days(days, f"days_elsewhere.{country}")
    counted = in_employer + in_residence + sum(elsewhere.values())
    if abs(counted - total) > 1e-6:
        raise CaseError(
            _(
                "The days do not add up: %(employer)s in the employer state + %(residence)s in the residence state "
                "+ %(elsewhere)s elsewhere = %(sum)s, but working_days_total is %(total)s."
            )
            % {
                "employer": _num(in_employer),
                "residence": _num(in_residence),
                "elsewhere": _num(sum(elsewhere.values())),
                "sum": _num(counted),
                "total": _num(total),
            },
            "working_days_total",
        )
    return Case(
        residence=residence,
        employer_country=employer,
        year=year,
        working_days_total=total,
        days_in_employer_country=in_employer,
        days_in_residence_country=in_residence,
        days_elsewhere=elsewhere,
        public_sector=_bool(data.get("public_sector", False), "public_sector"),
        framework_agreement_requested=_bool(
            data.get("framework_agreement_requested", False), "framework_agreement_requested"
        ),
        national_of_residence_state=_bool(
            data.get("national_of_residence_state", False), "national_of_residence_state"
        ),
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------------------------------------- computation


@dataclass
class Columns:
    """Cases as columns: state columns hold indices into ``STATES``."""

    residence: np.ndarray
    employer: np.ndarray
    year: np.ndarray
    total: np.ndarray
    in_employer: np.ndarray
    in_residence: np.ndarray
    in_third: np.ndarray
    public_sector: np.ndarray
    framework_requested: np.ndarray
    national_of_residence: np.ndarray
    counted: np.ndarray  # NaN where the days outside the employer state are counted as whole days
    covid_dates_known: np.ndarray | None = None  # the three COVID-19 columns default to "not known"
    covid_tax_days: np.ndarray | None = None
    covid_ss_days: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.year)

    def rows(self, start: int, stop: int) -> Columns:
        """The workers ``start`` to ``stop - 1`` as columns of their own."""
        return Columns(
            **{
                name: None if getattr(self, name) is None else getattr(self, name)[start:stop]
                for name in self.__dataclass_fields__
            }
        )

    @classmethod
    def from_cases(cls, cases: list[Case]) -> Columns:
        index = {s: i for i, s in enumerate(STATES)}
        return cls(
            residence=np.array([index[c.residence] for c in cases], dtype=np.int16),
            employer=np.array([index[c.employer_country] for c in cases], dtype=np.int16),
            year=np.array([c.year for c in cases], dtype=np.int16),
            total=np.array([c.working_days_total for c in cases], dtype=np.float32),
            in_employer=np.array([c.days_in_employer_country for c in cases], dtype=np.float32),
            in_residence=np.array([c.days_in_residence_country for c in cases], dtype=np.float32),
            in_third=np.array([c.days_in_third_states for c in cases], dtype=np.float32),
            public_sector=np.array([c.public_sector for c in cases], dtype=bool),
            framework_requested=np.array([c.framework_agreement_requested for c in cases], dtype=bool),
            national_of_residence=np.array([c.national_of_residence_state for c in cases], dtype=bool),
            counted=np.array(
                [np.nan if c.days_counted_for_tolerance is None else c.days_counted_for_tolerance for c in cases],
                dtype=np.float32,
            ),
            covid_dates_known=np.array([c.covid_dates_known for c in cases], dtype=bool),
            covid_tax_days=np.array([c.home_days_under_covid_tax for c in cases], dtype=np.float32),
            covid_ss_days=np.array([c.home_days_under_covid_ss for c in cases], dtype=np.float32),
        )


def compute(columns: Columns, system=None) -> dict[str, np.ndarray]:  # noqa: ANN001
    """Run one OpenFisca simulation over all workers; returns one array per output variable.

    The simulation holds every worker; each year present is a period of it, computed for the whole
    population at once, and each worker keeps the row of his own year.
    """
    system = system or tax_benefit_system()
    n = len(columns)
    simulation = SimulationBuilder().build_default_simulation(system, n)
    results: dict[str, np.ndarray] = {}
    counted_given = ~np.isnan(columns.counted)
    years = np.unique(columns.year)
    for year in years:
        period = str(int(year))
        simulation.set_input("residence", period, EnumArray(columns.residence, State))
        simulation.set_input("employer_state", period, EnumArray(columns.employer, State))
        simulation.set_input("working_days_total", period, columns.total)
        simulation.set_input("days_in_employer_state", period, columns.in_employer)
        simulation.set_input("days_in_residence", period, columns.in_residence)
        simulation.set_input("days_in_third_states", period, columns.in_third)
        simulation.set_input("public_sector", period, columns.public_sector)
        simulation.set_input("framework_agreement_requested", period, columns.framework_requested)
        simulation.set_input("national_of_residence_state", period, columns.national_of_residence)
        if columns.covid_dates_known is not None and columns.covid_dates_known.any():
            simulation.set_input("covid_dates_known", period, columns.covid_dates_known)
            simulation.set_input("home_days_under_covid_tax_arrangement", period, columns.covid_tax_days)
            simulation.set_input("home_days_under_covid_social_security", period, columns.covid_ss_days)
        if counted_given.any():
            simulation.set_input(
                "days_outside_employer_state",
                period,
                np.where(counted_given, columns.counted, columns.in_residence + columns.in_third),
            )
        mask = columns.year == year if len(years) > 1 else None
        for name in OUTPUTS:
            values = np.asarray(simulation.calculate(name, period))
            if mask is None:
                results[name] = values
            else:
                results.setdefault(name, np.zeros(n, dtype=values.dtype))[mask] = values[mask]
    return results


# ---------------------------------------------------------------------------------------------- sources


@cache
def sources() -> dict:
    return yaml.safe_load((Path(__file__).parent / "rules" / "sources.yaml").read_text())


def _reference(ref: dict) -> dict:
    """A source as the API and pages show it; its title in the active language (see ``texts.py``)."""
    return {"title": _(ref["title"]), "url": ref["href"], "date": str(ref.get("date", ""))}


def legal_basis(key: str) -> dict:
    return _reference(sources()["legal_bases"][key])


@dataclass(frozen=True)
class ValueInForce:
    path: str
    value: Any
    since: str
    references: tuple
    uncertain: str
    note: str


@cache
def value_in_force(path: str, day: datetime.date) -> ValueInForce:
    """The value of a parameter on ``day`` with the sources and doubts recorded next to it."""
    node = tax_benefit_system().parameters
    for part in path.split("."):
        node = node.children[part]
    iso = day.isoformat()
    for entry in node.values_list:  # newest first
        if entry.instant_str <= iso:
            meta = entry.metadata or {}
            refs = meta.get("reference") or []
            return ValueInForce(
                path,
                entry.value,
                entry.instant_str,
                tuple(refs if isinstance(refs, list) else [refs]),  # raw: translated when shown, not when cached
                meta.get("uncertain", ""),
                meta.get("note", ""),
            )
    raise KeyError(f"{path} has no value on {iso}")


def year_ends(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def thresholds(year: int) -> tuple[float, float]:
    """The 25 % line and the framework agreement's telework limit (0 before it existed) at the year's end."""
    last = year_ends(year)[1]
    return (
        value_in_force("social_security.substantial_activity_share", last).value,
        value_in_force("social_security.framework_agreement.telework_share_limit", last).value,
    )


@cache
def pandemic_years() -> frozenset[int]:
    """Years in which a COVID-19 tax arrangement was in force for some pair."""
    return frozenset(
        y for y in YEARS for p in PAIRS for d in year_ends(y) if value_in_force(f"tax.covid_home_work.{p}", d).value
    )


# ---------------------------------------------------------------------------------------------- explanation


def _pct(share: float) -> str:
    """A percentage in the active language's notation, one decimal only where it matters (31,8 % / 25 %)."""
    value = round(share * 100, 1)
    return f"{number_format(value, decimal_pos=0 if value.is_integer() else 1, use_l10n=True)} %"


def _parameters_used(row: dict, case: Case) -> tuple[list[str], list[str], list[str], list[str]]:
    """Parameter paths and legal bases behind the social-security and the tax answer of one worker."""
    pair = row["pair"]
    ss_rule, tax_rule = row["ss_rule"], row["tax_rule"]
    R, T = SocialSecurityRule, TaxRule
    ss_params: list[str] = []
    ss_bases: list[str] = []
    if ss_rule == R.GOVERNMENT_SERVICE:
        ss_bases.append("reg_883_art_11_3_b")
    elif ss_rule == R.ONE_STATE:
        ss_bases.append("reg_883_art_11_3_a")
    else:
        ss_bases.append("reg_883_art_13_1")
        ss_params.append("social_security.substantial_activity_share")
        if ss_rule == R.MARGINAL_ELSEWHERE or (case.framework_agreement_requested and case.days_in_third_states > 0):
            # the 5 % line decides marginal work, and whether third-state work rules out the framework agreement
            ss_params.append("social_security.marginal_activity_share")
        if ss_rule in (R.COVID_FLEXIBILITY, R.COVID_THEN_FRAMEWORK, R.COVID_PART_OF_YEAR):
            ss_params.append("social_security.covid_telework_disregarded")
        if ss_rule in (R.FRAMEWORK_AGREEMENT, R.COVID_THEN_FRAMEWORK):
            ss_bases.append("reg_883_art_16")
            ss_params += [
                "social_security.framework_agreement.telework_share_limit",
                f"social_security.framework_agreement.signatory.{case.residence}",
                f"social_security.framework_agreement.signatory.{case.employer_country}",
            ]
    tax_params: list[str] = []
    tax_bases: list[str] = ["oecd_art_15"]
    if tax_rule == T.GOVERNMENT_SERVICE:
        tax_params.append(f"tax.government_service_article.{pair}")
        tax_bases = []
    elif tax_rule != T.EMPLOYER_STATE_ONLY:
        tax_params.append(f"tax.tolerance_days.{pair}")
        if case.days_in_residence_country > 0 and case.year in pandemic_years():
            tax_params.append(f"tax.covid_home_work.{pair}")
    if pair == "BE_FR" and case.residence == "FR" and tax_rule != T.GOVERNMENT_SERVICE:
        # a French resident may still have frontier-worker status, whatever the days
        tax_params.append("tax.french_frontier_worker_regime")
    return ss_params, ss_bases, tax_params, tax_bases


def _values(paths: list[str], year: int) -> list[ValueInForce]:
    seen, out = set(), []
    for path in paths:
        for day in year_ends(year):
            v = value_in_force(path, day)
            if (path, v.since) not in seen:
                seen.add((path, v.since))
                out.append(v)
    return out


def _refs(values: list[ValueInForce], bases: list[str]) -> list[dict]:
    refs, seen = [], set()
    for ref in [legal_basis(b) for b in bases] + [_reference(r) for v in values for r in v.references]:
        if ref["url"] not in seen:
            seen.add(ref["url"])
            refs.append(ref)
    return refs


def row_of(results: dict[str, np.ndarray], i: int) -> dict:
    return {
        "pair": PAIRS[int(results["state_pair"][i])],
        "residence_share": float(results["residence_share"][i]),
        "ss_rule": list(SocialSecurityRule)[int(results["social_security_rule"][i])],
        "ss_state": STATES[int(results["social_security_state"][i])],
        "ss_uncertain": bool(results["social_security_uncertain"][i]),
        "framework_end": bool(results["framework_agreement_applies_at_year_end"][i]),
        "tax_rule": list(TaxRule)[int(results["tax_rule"][i])],
        "share_employer": float(results["tax_share_employer_state"][i]),
        "tolerance_days": float(results["tax_tolerance_days"][i]),
        "days_counted": float(results["tax_tolerance_days_counted"][i]),
        "tolerance_applies": bool(results["tax_tolerance_applies"][i]),
        "tax_covid_part": bool(results["tax_covid_part_of_year"][i]),
        "tax_uncertain": bool(results["tax_uncertain"][i]),
    }


def explain(case: Case, row: dict, lang: str = "en") -> dict:
    """The answer for one worker, in ``lang``: states, shares, rules, reasons, references, doubts."""
    with override(lang):
        return _explain(case, row)


def _explain(case: Case, row: dict) -> dict:
    R, T = SocialSecurityRule, TaxRule
    res, emp, year = case.residence, case.employer_country, case.year
    names = {"residence": country_name(res), "employer": country_name(emp), "year": year}
    a, b = row["pair"].split("_")
    names.update({"a": country_name(a), "b": country_name(b)})
    share = row["residence_share"]
    ss_params, ss_bases, tax_params, tax_bases = _parameters_used(row, case)
    ss_values, tax_values = _values(ss_params, year), _values(tax_params, year)
    limit25, fw_limit = thresholds(year)
    marginal = value_in_force("social_security.marginal_activity_share", year_ends(year)[1]).value
    pct = {"share": _pct(share), "limit": _pct(limit25)}
    ss_rule = row["ss_rule"]
    ss_reason = {
        R.GOVERNMENT_SERVICE: _(
            "As a civil servant you stay insured in %(employer)s, the state of the administration that employs you, "
            "wherever you work."
        ),
        R.ONE_STATE: _("You work only in %(employer)s, so you are insured there."),
        R.MARGINAL_ELSEWHERE: _(
            "Your work outside %(employer)s is marginal (less than %(marginal)s of your working time) and does "
            "not count: you are insured in %(employer)s."
        ),
        R.EMPLOYER_SEAT: _(
            "You work in more than one state but less than %(limit)s of your working time (%(share)s) in "
            "%(residence)s, where you live: you are insured in %(employer)s, where your employer has its seat."
        ),
        R.SUBSTANTIAL_IN_RESIDENCE: _(
            "You do %(share)s of your working time in %(residence)s, where you live. That is %(limit)s or more, a "
            "substantial part, so you are insured in %(residence)s and your employer must pay contributions there."
        ),
        R.COVID_FLEXIBILITY: _(
            "In %(year)s, telework caused by the COVID-19 pandemic, and during the transition period after it, did "
            "not change where you are insured: you stay insured in %(employer)s."
        ),
        R.FRAMEWORK_AGREEMENT: _(
            "Your telework in %(residence)s (%(share)s) is below %(fw_limit)s and the framework agreement on "
            "cross-border telework was requested: you stay insured in %(employer)s."
        ),
        R.COVID_THEN_FRAMEWORK: _(
            "Until 30 June 2023 the COVID-19 transition period kept you insured in %(employer)s; from 1 July 2023 "
            "the framework agreement does, as your telework (%(share)s) is below %(fw_limit)s."
        ),
        R.COVID_PART_OF_YEAR: _(
            "The COVID-19 arrangement began or ended during %(year)s. Where you were insured depends on when your "
            "days in %(residence)s fell and whether the pandemic caused them; the check assumes %(employer)s, "
            "where you normally work."
        ),
    }[ss_rule] % {**names, **pct, "marginal": _pct(marginal), "fw_limit": _pct(fw_limit or 0.5)}

    warnings: list[str] = []
    uncertainties: list[str] = []
    third = case.days_in_third_states
    if ss_rule == R.COVID_PART_OF_YEAR:
        uncertainties.append(ss_reason)
    if third / case.working_days_total >= limit25:
        uncertainties.append(
            _(
                "You work %(share)s of your time outside %(residence)s and %(employer)s. Other rules (a posting, "
                "work in several states for several employers) may then decide where you are insured; the check "
                "does not model them."
            )
            % {**names, "share": _pct(third / case.working_days_total)}
        )
    if (
        case.framework_agreement_requested
        and not row["framework_end"]
        and ss_rule
        not in (
            R.FRAMEWORK_AGREEMENT,
            R.COVID_THEN_FRAMEWORK,
        )
    ):
        warnings.append(_framework_refusal(case, row, fw_limit, marginal) % {**names, **pct})
    elif (
        not case.framework_agreement_requested
        and ss_rule == R.SUBSTANTIAL_IN_RESIDENCE
        and fw_limit
        and share < fw_limit
        and third / case.working_days_total < marginal
        and not case.public_sector
    ):
        warnings.append(
            _(
                "The framework agreement on cross-border telework could keep you insured in %(employer)s, because "
                "your telework is below %(fw_limit)s; your employer and you must ask for it together."
            )
            % {**names, "fw_limit": _pct(fw_limit)}
        )
    if ss_rule in (R.EMPLOYER_SEAT, R.SUBSTANTIAL_IN_RESIDENCE) and abs(share - limit25) < 0.05:
        warnings.append(
            _(
                "You are close to the %(limit)s threshold. The institutions look at the next twelve months and also "
                "at pay, not only at days, so keep a margin."
            )
            % pct
        )

    # Tax
    shares = {emp: round(row["share_employer"], 6)}
    if row["share_employer"] < 1:
        shares[res] = round(1 - row["share_employer"], 6)
    tax_rule = row["tax_rule"]
    limit_days = int(row["tolerance_days"])
    counted = round(row["days_counted"], 3)
    tnames = {
        **names,
        "days": _num(counted),
        "limit_days": limit_days,
        "employer_share": _pct(row["share_employer"]),
        "residence_share": _pct(1 - row["share_employer"]),
    }
    if tax_rule == T.GOVERNMENT_SERVICE:
        article = int(value_in_force(f"tax.government_service_article.{row['pair']}", year_ends(year)[0]).value)
        tax_reason = (
            _(
                "Pay from a public administration is taxed only by the state that pays it "
                "(art. %(article)s of the treaty)."
            )
            if article
            else _(
                "Pay from a public administration is taxed only by the state that pays it "
                "(the treaty's article on government service)."
            )
        ) % {"article": article}
        if case.national_of_residence_state and case.days_in_residence_country:
            tax_reason += (
                " "
                + _("Days you work in %(residence)s, as a national living there, are taxed in %(residence)s.") % names
            )
    elif tax_rule == T.EMPLOYER_STATE_ONLY:
        tax_reason = _("You worked every working day in %(employer)s, so %(employer)s taxes the whole salary.") % names
    elif tax_rule == T.TOLERANCE:
        tax_reason = (
            _(
                "You worked %(days)s days outside %(employer)s. That is within the %(limit_days)s-day tolerance agreed "
                "between %(a)s and %(b)s, so %(employer)s taxes the whole salary."
            )
            % tnames
        )
    elif tax_rule == T.COVID_ARRANGEMENT:
        tax_reason = (
            _(
                "In %(year)s the COVID-19 arrangement between %(a)s and %(b)s counted your home-working days as "
                "worked in "
                "%(employer)s: %(employer)s taxes %(employer_share)s, %(residence)s %(residence_share)s."
            )
            % tnames
        )
    else:
        tax_reason = (
            _(
                "Your salary is taxed where you physically work: %(employer)s taxes %(employer_share)s and "
                "%(residence)s, where you live, %(residence_share)s."
            )
            % tnames
        )
        if limit_days > 0:
            tax_reason += (
                " "
                + _(
                    "You worked %(days)s days outside %(employer)s, more than the %(limit_days)s-day tolerance, so "
                    "all of "
                    "those days are taxed in %(residence)s, from the first one."
                )
                % tnames
            )
    if third > 0:
        countries = {**names, "countries": ", ".join(country_name(c) for c in sorted(case.days_elsewhere))}
        if tax_rule in (T.PLACE_OF_WORK, T.COVID_ARRANGEMENT):
            text = _(
                "Days worked in %(countries)s: under the treaty %(residence)s taxes them, but that state may tax "
                "them too under its own rules (for example after 183 days); check there."
            )
        else:
            text = _(
                "Days worked in %(countries)s: under the treaty they stay with %(employer)s here, but that state "
                "may tax them too under its own rules (for example after 183 days); check there."
            )
        warnings.append(text % countries)
    if (
        limit_days > 0
        and not case.public_sector
        and case.days_counted_for_tolerance is None
        and not float(counted).is_integer()
    ):
        uncertainties.append(
            _(
                "Some days outside %(employer)s are part days. Each part day counts as a whole day against the "
                "tolerance, so give whole days or use the day ledger."
            )
            % names
        )
    if third > 183:
        uncertainties.append(_("More than 183 days in a third state: that state may tax the salary for those days."))
    if (
        row["tax_covid_part"]
        and case.days_in_residence_country > 0
        and not case.public_sector
        and not case.covid_dates_known
    ):
        uncertainties.append(
            _(
                "A COVID-19 tax arrangement between %(a)s and %(b)s began or ended during %(year)s; the split of "
                "your home-working days depends on their dates. Use the day ledger for an exact count."
            )
            % names
        )
    for v in ss_values + tax_values:
        if v.uncertain and _(v.uncertain) not in uncertainties:
            uncertainties.append(_(v.uncertain))
        if v.note and _(v.note) not in warnings:
            warnings.append(_(v.note))

    return {
        "year": year,
        "pair": row["pair"].replace("_", "-"),
        "social_security": {
            "state": row["ss_state"],
            "rule": ss_rule.value,
            "reason": ss_reason,
            "references": _refs(ss_values, ss_bases),
        },
        "tax": {
            "shares": shares,
            "tolerance": {
                "applies": row["tolerance_applies"],
                "limit_days": limit_days or None,
                "days_counted": round(counted, 3),
            },
            "rule": tax_rule.value,
            "reason": tax_reason,
            "references": _refs(tax_values, tax_bases),
        },
        "headroom": headroom(case, row, limit25, fw_limit),
        "forms": forms(case, row),
        "warnings": warnings,
        "uncertain": bool(uncertainties),
        "uncertainties": uncertainties,
    }


def _framework_refusal(case: Case, row: dict, limit: float, marginal: float) -> str:
    if not limit:
        return _("The framework agreement on cross-border telework applies only from 1 July 2023.")
    if case.public_sector:
        return _("The framework agreement does not cover civil servants.")
    if case.days_in_third_states / case.working_days_total >= marginal:
        return _("The framework agreement does not apply when you also work habitually in a third state.")
    if row["residence_share"] >= limit:
        return _(
            "The framework agreement applies only when telework in %(residence)s stays below half of your working time."
        )
    return _("The framework agreement cannot apply to this case.")


def headroom(case: Case, row: dict, limit25: float, fw_limit: float) -> dict:
    """How many more days could be worked in the residence state this year before a threshold is crossed.

    Each figure moves days from the employer state to the residence state with the total unchanged; ``None``
    means the threshold does not exist for this case (no tolerance for the pair, framework not in force).
    """
    total = case.working_days_total
    home = case.days_in_residence_country

    def left(share: float) -> int:
        # the most whole days d that keep (home + d) / total below the share
        return max(math.ceil(share * total - home - 1e-9) - 1, 0)

    tolerance = None
    if row["tolerance_days"] > 0 and not case.public_sector:
        tolerance = int(max(row["tolerance_days"] - math.ceil(row["days_counted"] - 1e-9), 0))
    return {
        "tax_tolerance_days_left": tolerance,
        "social_security_25_percent_days_left": left(limit25),
        "framework_agreement_days_left": left(fw_limit) if fw_limit else None,
    }


def forms(case: Case, row: dict) -> list[dict]:
    """What to ask for and where, following the social-security answer."""
    R = SocialSecurityRule
    institutions = sources()["institutions"]
    out = []
    rule = row["ss_rule"]
    if rule in (R.FRAMEWORK_AGREEMENT, R.COVID_THEN_FRAMEWORK) or (
        case.framework_agreement_requested and row["framework_end"]
    ):
        inst = institutions[case.employer_country]
        out.append(
            {
                "title": _("Framework agreement request (A1 certificate under art. 16), filed by the employer"),
                "institution": inst["name"],
                "url": inst["href"],
                "verified": inst["verified"],
            }
        )
    elif rule not in (R.ONE_STATE,):
        # Someone working in two or more states reports to the institution of the residence state.
        inst = institutions[case.residence if rule != R.GOVERNMENT_SERVICE else case.employer_country]
        out.append(
            {
                "title": _("A1 certificate: proof of the state whose social security applies"),
                "institution": inst["name"],
                "url": inst["href"],
                "verified": inst["verified"],
            }
        )
    return out


def assess(case: Case, lang: str = "en") -> dict:
    results = compute(Columns.from_cases([case]))
    return explain(case, row_of(results, 0), lang)


__all__ = ["Case", "CaseError", "Columns", "PAIR_TABLE", "Pair", "assess", "compute", "explain", "parse_case"]

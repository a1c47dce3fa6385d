"""Validation of a case, the explained answer, headroom, uncertainty and the vectorised batch."""

from __future__ import annotations

import numpy as np
import pytest

from grensloos.crossborder import engine, population
from grensloos.crossborder.engine import CaseError

ISSUE_CASE = {
    "residence": "BE",
    "employer_country": "LU",
    "public_sector": False,
    "year": 2024,
    "working_days_total": 220,
    "days_in_employer_country": 186,
    "days_in_residence_country": 34,
    "days_elsewhere": {"FR": 0},
    "framework_agreement_requested": False,
}


def assess(**changes) -> dict:  # noqa: ANN003
    return engine.assess(engine.parse_case({**ISSUE_CASE, **changes}))


def test_the_issue_example() -> None:
    answer = assess()
    assert answer["social_security"]["state"] == "LU"
    assert answer["tax"]["shares"] == {"LU": 1.0}
    assert answer["tax"]["tolerance"] == {"applies": True, "limit_days": 34, "days_counted": 34.0}
    assert answer["uncertain"] is False and answer["uncertainties"] == []
    assert answer["social_security"]["references"] and answer["tax"]["references"]
    assert any("34 days from 2022" in r["title"] for r in answer["tax"]["references"])
    assert answer["headroom"]["tax_tolerance_days_left"] == 0
    assert answer["headroom"]["social_security_25_percent_days_left"] == 54 - 34


def test_one_day_over_the_tolerance_moves_every_day_outside() -> None:
    answer = assess(days_in_employer_country=185, days_in_residence_country=35)
    assert answer["tax"]["shares"] == {"LU": round(185 / 220, 6), "BE": round(35 / 220, 6)}
    assert answer["tax"]["tolerance"]["applies"] is False
    assert "from the first one" in answer["tax"]["reason"]
    assert sum(answer["tax"]["shares"].values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"residence": "XX"}, "residence"),
        ({"employer_country": "BE"}, "employer_country"),
        ({"residence": "DE", "employer_country": "FR"}, "employer_country"),
        ({"year": 2018}, "year"),
        ({"year": 2027}, "year"),
        ({"year": "2024"}, "year"),
        (
            {"working_days_total": 0, "days_in_employer_country": 0, "days_in_residence_country": 0},
            "working_days_total",
        ),
        ({"days_in_employer_country": -1}, "days_in_employer_country"),
        ({"days_in_employer_country": 187}, "working_days_total"),
        ({"days_in_residence_country": "many"}, "days_in_residence_country"),
        ({"days_elsewhere": {"ZZ": 1}}, "days_elsewhere"),
        ({"days_elsewhere": {"LU": 1}}, "days_elsewhere"),
        ({"days_elsewhere": [1]}, "days_elsewhere"),
        ({"public_sector": "no"}, "public_sector"),
        ({"salary": 1000}, "salary"),
        ({"working_days_total": float("nan")}, "working_days_total"),
    ],
)
def test_invalid_input_names_the_field(changes: dict, field: str) -> None:
    with pytest.raises(CaseError) as error:
        engine.parse_case({**ISSUE_CASE, **changes})
    assert error.value.field == field
    assert error.value.message


def test_missing_field_is_named() -> None:
    data = dict(ISSUE_CASE)
    del data["year"]
    with pytest.raises(CaseError) as error:
        engine.parse_case(data)
    assert error.value.field == "year"


def test_framework_agreement_answer_and_form() -> None:
    answer = assess(days_in_employer_country=120, days_in_residence_country=100, framework_agreement_requested=True)
    assert answer["social_security"]["state"] == "LU"
    assert answer["social_security"]["rule"] == "framework_agreement"
    assert answer["forms"][0]["institution"].startswith("Centre commun")  # filed in the employer state
    assert answer["headroom"]["framework_agreement_days_left"] == 109 - 100


def test_framework_agreement_is_suggested_and_refusals_are_explained() -> None:
    suggested = assess(days_in_employer_country=120, days_in_residence_country=100)
    assert suggested["social_security"]["state"] == "BE"
    assert any("framework agreement" in w and "ask for it together" in w for w in suggested["warnings"])
    too_much = assess(days_in_employer_country=100, days_in_residence_country=120, framework_agreement_requested=True)
    assert too_much["social_security"]["state"] == "BE"
    assert any("below half" in w for w in too_much["warnings"])
    too_early = assess(
        year=2019, days_in_employer_country=120, days_in_residence_country=100, framework_agreement_requested=True
    )
    assert any("1 July 2023" in w for w in too_early["warnings"])


def test_uncertain_rules_say_what_is_uncertain() -> None:
    # No tolerance between Luxembourg and the Netherlands was found in an official source.
    answer = assess(residence="NL", days_in_employer_country=200, days_in_residence_country=20, days_elsewhere={})
    assert answer["uncertain"] is True
    assert any("No day tolerance between Luxembourg and the Netherlands" in u for u in answer["uncertainties"])
    # The French frontier-worker regime is not modelled.
    answer = assess(
        residence="FR",
        employer_country="BE",
        days_in_employer_country=210,
        days_in_residence_country=10,
        days_elsewhere={},
    )
    assert answer["uncertain"] and any("frontier-worker" in u for u in answer["uncertainties"])
    # A COVID-19 year split in two.
    answer = assess(
        residence="NL", employer_country="BE", year=2022, days_in_employer_country=160, days_in_residence_country=60
    )
    assert answer["uncertain"] and any("began or ended during 2022" in u for u in answer["uncertainties"])
    # The same worker never leaving the employer state: nothing uncertain.
    answer = assess(residence="NL", days_in_employer_country=220, days_in_residence_country=0)
    assert answer["uncertain"] is False


def test_answers_come_in_four_languages() -> None:
    case = engine.parse_case(ISSUE_CASE)
    reasons = {lang: engine.assess(case, lang)["tax"]["reason"] for lang in ("nl", "fr", "de", "en")}
    assert len(set(reasons.values())) == 4
    assert "Luxemburg" in reasons["nl"] and "Belgique" in reasons["fr"] and "Belgien" in reasons["de"]


def test_third_state_days_are_flagged() -> None:
    answer = assess(days_in_employer_country=180, days_in_residence_country=30, days_elsewhere={"FR": 10})
    assert answer["tax"]["shares"]["BE"] == pytest.approx(40 / 220, abs=1e-6)
    assert any("France" in w for w in answer["warnings"])


def test_one_simulation_gives_the_same_answers_as_one_by_one() -> None:
    """The vectorised run over many workers and several years equals assessing each worker alone."""
    columns = population.generate(300, seed=11)
    together = engine.compute(columns)
    keys = ("social_security_state", "social_security_rule", "tax_rule", "tax_share_employer_state")
    for i in range(0, 300, 7):
        alone = engine.compute(columns.rows(i, i + 1))
        for key in keys:
            assert np.asarray(alone[key])[0] == pytest.approx(np.asarray(together[key])[i]), (i, key)
    assert len(np.unique(columns.year)) > 1


def test_synthetic_population_follows_its_mix() -> None:
    columns = population.generate(20_000, seed=3, mix=population.Mix(no_telework=0.5))
    assert (columns.in_residence == 0).mean() == pytest.approx(0.5, abs=0.02)
    assert np.all(columns.in_employer + columns.in_residence + columns.in_third == columns.total)
    with pytest.raises(ValueError):
        population.Mix(pair_weights={("DE", "FR"): 1})


def test_source_titles_follow_the_language_of_each_answer() -> None:
    """Parameter values are cached per process; their source titles must still be translated per answer."""
    case = engine.parse_case(ISSUE_CASE)
    french = engine.assess(case, "fr")["tax"]["references"]
    english = engine.assess(case, "en")["tax"]["references"]
    assert any(r["title"].startswith("Avenant du 31 août 2021") for r in french)
    assert any(r["title"].startswith("Avenant of 31 August 2021") for r in english)

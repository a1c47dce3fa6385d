"""The ``grensloos worker`` commands: assess, ledger, batch (atomic), simulate, population, rules."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .test_engine import ISSUE_CASE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


def test_assess_prints_json(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(ISSUE_CASE))
    answer = json.loads(run("assess", "--input", str(path)))
    assert answer["tax"]["shares"] == {"LU": 1.0} and answer["social_security"]["state"] == "LU"
    french = json.loads(run("assess", "--input", str(path), "--lang", "fr"))
    assert "Luxembourg" in french["tax"]["reason"] and "tolérance" in french["tax"]["reason"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (json.dumps({**ISSUE_CASE, "residence": "ES"}), "residence"),
        (json.dumps({**ISSUE_CASE, "days_in_residence_country": -3}), "days_in_residence_country"),
        ("{not json", "not valid JSON"),
    ],
)
def test_assess_rejects_bad_input_with_exit_code_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(content)
    with pytest.raises(CommandError) as error:
        run("assess", "--input", str(path))
    assert error.value.returncode == 2 and message in str(error.value)


LEDGER_CSV = """date,country,fraction
2024-01-08,LU
2024-01-09,BE
2024-01-10,BE,0.5
2024-01-10,LU,0.5
2024-01-11,FR
"""


def test_ledger_counts_part_days_as_whole_days_for_the_tolerance(tmp_path: Path) -> None:
    path = tmp_path / "days.csv"
    path.write_text(LEDGER_CSV)
    args = ("--residence", "BE", "--employer", "LU", "--year", "2024", "--working-days", "220", "--json")
    result = json.loads(run("ledger", "--input", str(path), *args))
    assert result["days"] == {"BE": 1.5, "FR": 1.0, "LU": 1.5}
    assert result["days_counted_for_tolerance"] == 3  # the split day counts whole
    assert result["remaining"]["tax_tolerance_days_left"] == 31
    assert result["remaining"]["social_security_25_percent_days_left"] == 53  # 1.5 + 53 = 54.5, still under 55
    assert result["assessment"]["tax"]["shares"] == {"LU": 1.0}


def test_ledger_reads_icalendar(tmp_path: Path) -> None:
    ics = "\r\n".join(
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//grensloos//test//EN",
            "BEGIN:VEVENT", "UID:1", "DTSTART;VALUE=DATE:20240108", "DTEND;VALUE=DATE:20240111",
            "SUMMARY:Office", "LOCATION:Rue de Hollerich 1, Luxembourg", "END:VEVENT",
            "BEGIN:VEVENT", "UID:2", "DTSTART:20240111T090000Z", "DTEND:20240111T130000Z",
            "SUMMARY:Telework", "LOCATION:BE", "END:VEVENT",
            "BEGIN:VEVENT", "UID:3", "DTSTART;VALUE=DATE:20240112", "DTEND;VALUE=DATE:20240113",
            "SUMMARY:Training day", "LOCATION:Frankreich", "END:VEVENT",
            "END:VCALENDAR", "",
        ]
    )  # fmt: skip
    path = tmp_path / "work.ics"
    path.write_text(ics)
    args = ("--residence", "BE", "--employer", "LU", "--year", "2024", "--json")
    result = json.loads(run("ledger", "--input", str(path), *args))
    assert result["days"] == {"BE": 0.5, "FR": 1.0, "LU": 3.0}
    assert result["training_days"] == 1
    assert result["days_counted_for_tolerance"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,country\n2024-01-08,LU\n2024-02-30,BE\n", "Line 3, column date"),
        ("date,country\n2023-12-29,LU\n", "not in 2024"),
        ("date,country\n2024-01-08,Atlantis\n", "Line 2, column country"),
        ("date,country,fraction\n2024-01-08,LU,0.7\n2024-01-08,BE,0.5\n", "more than one day"),
        ("date,country,fraction\n2024-01-08,LU,2\n", "column fraction"),
    ],
)
def test_ledger_errors_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "days.csv"
    path.write_text(content)
    with pytest.raises(CommandError) as error:
        run("ledger", "--input", str(path), "--residence", "BE", "--employer", "LU", "--year", "2024")
    assert error.value.returncode == 2 and message in str(error.value)


def test_batch_assesses_a_population_and_keeps_the_order(tmp_path: Path) -> None:
    people = tmp_path / "employees.csv"
    results = tmp_path / "results.csv"
    run("population", "--output", str(people), "--size", "500", "--seed", "5")
    out = run("batch", "--input", str(people), "--output", str(results))
    assert "500 workers assessed" in out
    rows = list(csv.DictReader(results.open()))
    ids = [r["employee_id"] for r in csv.DictReader(people.open())]
    assert [r["employee_id"] for r in rows] == ids
    for row in rows:
        assert float(row["tax_share_employer_state"]) + float(row["tax_share_residence_state"]) == pytest.approx(1)
        assert row["uncertain"] in ("true", "false")
        assert (row["uncertain"] == "true") == bool(row["uncertainties"])
    assert {r["pair"] for r in rows} >= {"BE-LU", "FR-LU", "DE-NL"}


def test_batch_is_atomic_and_names_line_and_column(tmp_path: Path) -> None:
    people = tmp_path / "employees.csv"
    results = tmp_path / "results.csv"
    people.write_text(
        "employee_id,residence,employer_country,year,working_days_total,days_in_employer_country,days_in_residence_country,cost_centre\n"
        "e1,BE,LU,2024,220,186,34,A\n"
        "e2,BE,LU,2024,220,186,3x,B\n"
    )
    with pytest.raises(CommandError) as error:
        run("batch", "--input", str(people), "--output", str(results))
    assert error.value.returncode == 2
    assert "Line 3, column days_in_residence_country" in str(error.value)
    assert not results.exists()
    people.write_text(people.read_text().replace("3x", "34"))
    out = run("batch", "--input", str(people), "--output", str(results))
    assert "cost_centre" in out  # extra columns are reported


def test_batch_rejects_duplicate_ids_and_missing_columns(tmp_path: Path) -> None:
    people = tmp_path / "employees.csv"
    people.write_text("employee_id,residence\ne1,BE\n")
    with pytest.raises(CommandError, match="lacks the column employer_country"):
        run("batch", "--input", str(people), "--output", str(tmp_path / "r.csv"))


def test_simulate_counts_who_changes(tmp_path: Path) -> None:
    result = json.loads(run("simulate", "--reform", "tolerance-BE-NL=34", "--size", "20000", "--json"))
    assert result["tax_share_changed"] > 0 and result["social_security_changed"] == 0
    assert set(k for k, v in result["by_pair"].items() if v["tax_share_changed"]) == {"BE-NL"}
    be_nl = result["by_pair"]["BE-NL"]
    assert be_nl["employer_state_tax_share_after"] > be_nl["employer_state_tax_share_before"]
    stricter = json.loads(run("simulate", "--reform", "substantial-share=0.4", "--size", "20000", "--json"))
    assert stricter["social_security_changed"] > 0 and stricter["tax_share_changed"] == 0
    # the baseline is untouched by a reform
    again = json.loads(run("simulate", "--reform", "tolerance-BE-NL=0", "--size", "20000", "--json"))
    assert again["tax_share_changed"] == 0


def test_simulate_reads_a_population_file(tmp_path: Path) -> None:
    people = tmp_path / "employees.csv"
    run("population", "--output", str(people), "--size", "2000")
    result = json.loads(run("simulate", "--population", str(people), "--reform", "framework-limit=0.6", "--json"))
    assert result["population"] == 2000


@pytest.mark.parametrize("reform", ["tolerance-DE-FR=34", "substantial-share=1.5", "whatever=1", "tolerance-BE-NL"])
def test_simulate_rejects_unknown_reforms(reform: str) -> None:
    with pytest.raises(CommandError) as error:
        run("simulate", "--reform", reform, "--size", "100")
    assert error.value.returncode == 2


def test_rules_lists_every_parameter_with_dates_and_sources() -> None:
    table = json.loads(run("rules", "--json"))
    names = {r["parameter"] for r in table["parameters"]}
    assert "tax.tolerance_days.BE_LU" in names and "social_security.substantial_activity_share" in names
    be_lu = next(r for r in table["parameters"] if r["parameter"] == "tax.tolerance_days.BE_LU")
    assert [(v["from"], v["to"], v["value"]) for v in be_lu["values"]] == [
        ("2015-01-01", "2021-12-31", 24),
        ("2022-01-01", None, 34),
    ]
    assert all(v["references"] for v in be_lu["values"])
    assert table["legal_bases"]


def test_ledger_applies_a_covid_arrangement_day_by_day(tmp_path: Path) -> None:
    """In 2020 the BE–NL arrangement began on 11 March: the ledger knows which home days it covered."""
    import datetime

    lines = ["date,country"]
    day = datetime.date(2020, 1, 1)
    home_before = home_after = 0
    while day.year == 2020:
        if day.weekday() < 5:
            if day.month == 2 and home_before < 10:
                place, home_before = "BE", home_before + 1
            elif day.month in (4, 5) and home_after < 30:
                place, home_after = "BE", home_after + 1
            else:
                place = "NL"
            lines.append(f"{day.isoformat()},{place}")
        day += datetime.timedelta(days=1)
    path = tmp_path / "2020.csv"
    path.write_text("\n".join(lines) + "\n")
    args = ("--residence", "BE", "--employer", "NL", "--year", "2020", "--json")
    result = json.loads(run("ledger", "--input", str(path), *args))
    total = result["working_days_recorded"]
    assert result["home_days_under_covid_tax_arrangement"] == 30
    assert result["home_days_under_covid_social_security"] == 30
    answer = result["assessment"]
    assert answer["tax"]["rule"] == "covid_arrangement"
    assert answer["tax"]["shares"]["BE"] == pytest.approx(10 / total, abs=1e-5)  # only the February days
    assert answer["uncertain"] is False
    # the same year as plain totals cannot be split: the answer says so
    plain = {
        "residence": "BE", "employer_country": "NL", "year": 2020, "working_days_total": total,
        "days_in_employer_country": total - 40, "days_in_residence_country": 40,
    }  # fmt: skip
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(plain))
    assert json.loads(run("assess", "--input", str(case_path)))["uncertain"] is True


def test_population_mix_is_adjustable_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    run("population", "--output", str(path), "--size", "4000", "--no-telework", "0", "--weekly-days", "2:1",
        "--third-state-share", "0", "--public-sector-share", "0")  # fmt: skip
    rows = list(csv.DictReader(path.open()))
    shares = [float(r["days_in_residence_country"]) / float(r["working_days_total"]) for r in rows]
    assert all(0.29 <= s <= 0.51 for s in shares)  # two days a week, give or take a quarter of the habit
    assert not any(r["days_elsewhere"] for r in rows) and not any(r["public_sector"] == "true" for r in rows)
    for bad in ("2", "9:1", "2:-1", "x:y"):
        with pytest.raises(CommandError) as error:
            run("population", "--output", str(path), "--weekly-days", bad)
        assert error.value.returncode == 2, bad

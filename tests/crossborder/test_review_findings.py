"""Edge cases found in review: odd input gets a clear error, never a crash, and doubts are never dropped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError

from grensloos.crossborder import batch, engine, ledger, population
from grensloos.crossborder.forms import SimulationForm

from .test_cli import run
from .test_engine import ISSUE_CASE, assess


def test_a_huge_number_is_a_clear_error(client, tmp_path: Path) -> None:  # noqa: ANN001
    body = json.dumps({**ISSUE_CASE, "working_days_total": 10**400}).replace("1" + "0" * 400, "1" + "0" * 400)
    response = client.post("/api/crossborder/assess", body, content_type="application/json")
    assert response.status_code == 400 and "working_days_total" in response.json()
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**ISSUE_CASE, "days_elsewhere": {"FR": 10**400}}))
    with pytest.raises(CommandError) as error:
        run("assess", "--input", str(path))
    assert error.value.returncode == 2


def test_deeply_nested_json_is_a_400(client) -> None:  # noqa: ANN001
    body = '{"residence": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post("/api/crossborder/assess", body, content_type="application/json")
    assert response.status_code == 400


def test_a_whole_year_given_as_a_float_is_accepted() -> None:
    assert engine.parse_case({**ISSUE_CASE, "year": 2024.0}).year == 2024


def _ics(*events: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//grensloos//test//EN"]
    for i, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:{i}", "DTSTAMP:20240101T000000Z", *event.split("|"), "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR", ""])).encode()


def test_icalendar_expands_repeats_and_durations_and_skips_cancelled_events() -> None:
    data = _ics(
        "DTSTART;VALUE=DATE:20240108|DTEND;VALUE=DATE:20240109|RRULE:FREQ=WEEKLY;COUNT=10|LOCATION:BE|SUMMARY:Home",
        "DTSTART:20240109T090000|DURATION:PT8H|LOCATION:LU|SUMMARY:Office",
        "DTSTART;VALUE=DATE:20240110|DTEND;VALUE=DATE:20240111|STATUS:CANCELLED|LOCATION:FR|SUMMARY:Trip",
    )
    book = ledger.read(data, "work.ics", 2024)
    assert book.totals() == {"BE": 10.0, "LU": 1.0}


def test_icalendar_split_day_mixed_zones_bom_and_year_boundary() -> None:
    data = b"\xef\xbb\xbf" + _ics(
        "DTSTART:20240102T090000Z|DTEND:20240102T130000|LOCATION:LU",  # aware start, floating end
        "DTSTART:20240102T133000Z|DTEND:20240102T183000Z|LOCATION:LU",  # 9 hours in all that day
        "DTSTART;VALUE=DATE:20231230|DTEND;VALUE=DATE:20240103|LOCATION:Belgique|SUMMARY:Formation",
    )
    book = ledger.read(data, "work.ics", 2024)
    # 2 January: 9 h in LU and a whole day in BE share one day; only 2024 days are kept
    assert sorted(book.days) == [ledger.datetime.date(2024, 1, 1), ledger.datetime.date(2024, 1, 2)]
    assert sum(book.days[ledger.datetime.date(2024, 1, 2)].values()) == pytest.approx(1)
    assert book.training_days == 2


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("DTSTART:notadate|LOCATION:LU", "cannot be read"),
        ("DTSTART;VALUE=DATE:20240102|LOCATION:Atlantis", "not a country"),
    ],
)
def test_icalendar_errors_are_clear(event: str, message: str) -> None:
    with pytest.raises(ledger.LedgerError) as error:
        ledger.read(_ics(event), "work.ics", 2024)
    assert message in error.value.message


def test_icalendar_mixed_date_and_time_reads_as_one_day() -> None:
    # recurring-ical-events reads a whole-day end of a timed start as midnight: 15 hours, capped at a day
    book = ledger.read(_ics("DTSTART:20240102T090000|DTEND;VALUE=DATE:20240103|LOCATION:LU"), "w.ics", 2024)
    assert book.totals() == {"LU": 1.0}


def test_ledger_page_with_a_name_that_is_not_a_country(client, db) -> None:  # noqa: ANN001
    upload = SimpleUploadedFile("d.csv", b"date,country\n2024-01-02,European Union\n")
    response = client.post(
        "/en/crossborder/ledger/", {"file": upload, "residence": "BE", "employer_country": "LU", "year": "2024"}
    )
    assert response.status_code == 400 and "not a country" in response.content.decode()


def test_many_small_fractions_still_add_up() -> None:
    text = "date,country,fraction\n" + "".join(f"2024-01-02,{c},0.1234565\n" for c in ("BE", "FR", "IT", "ES"))
    result = ledger.assess(ledger.read(text.encode(), "d.csv", 2024), "BE", "LU", working_days=220)
    assert result["days_counted_for_tolerance"] == 1


def test_batch_reads_old_mac_line_endings() -> None:
    text = "employee_id,residence,employer_country,year,working_days_total,days_in_employer_country,days_in_residence_country\r1,BE,LU,2024,220,200,20\r"  # noqa: E501
    output, data = batch.run(text)
    assert len(data.cases) == 1 and "BE-LU" in output


def test_command_line_mistakes_exit_with_code_2(tmp_path: Path) -> None:
    for args in (
        ("population", "--output", str(tmp_path / "p.csv"), "--size", "-1"),
        ("population", "--output", str(tmp_path / "p.csv"), "--no-telework", "2"),
        ("population", "--output", str(tmp_path / "missing" / "p.csv")),
    ):
        with pytest.raises(CommandError) as error:
            run(*args)
        assert error.value.returncode == 2, args
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError) as error:
        run("simulate", "--population", str(binary), "--reform", "substantial-share=0.4")
    assert error.value.returncode == 2


@pytest.mark.parametrize(("value", "reform"), [("30", "tolerance-BE-NL=30"), ("100", "tolerance-BE-NL=100")])
def test_simulation_form_keeps_round_numbers(value: str, reform: str) -> None:
    form = SimulationForm({"kind": "tolerance", "pair": "BE-NL", "value": value, "size": 1000, "seed": 1})
    assert form.is_valid(), form.errors
    assert form.reform_text() == reform
    share = SimulationForm({"kind": "substantial-share", "value": "0.400", "size": 1000, "seed": 1})
    assert share.is_valid() and share.reform_text() == "substantial-share=0.4"


def test_batch_and_single_assessment_agree_on_uncertainty() -> None:
    out = io.StringIO()
    population.write_csv(population.generate(400, seed=9), out)
    output, data = batch.run(out.getvalue())
    rows = list(csv.DictReader(io.StringIO(output)))
    for row, case in zip(rows, data.cases, strict=True):
        single = engine.assess(case)
        assert (row["uncertain"] == "true") == single["uncertain"], (row, case)
        assert row["social_security_state"] == single["social_security"]["state"]


def test_doubts_that_decide_are_never_dropped() -> None:
    # the uncertain 5 % line decides whether 5.5 % third-state work rules out the framework agreement
    answer = assess(
        working_days_total=200, days_in_employer_country=129, days_in_residence_country=60,
        days_elsewhere={"FR": 11}, framework_agreement_requested=True,
    )  # fmt: skip
    assert answer["uncertain"] and any("5 %" in u for u in answer["uncertainties"])
    # a French resident working every day in Belgium may still be a frontier worker taxed in France
    answer = assess(
        residence="FR",
        employer_country="BE",
        days_in_employer_country=220,
        days_in_residence_country=0,
        days_elsewhere={},
    )  # noqa: E501
    assert answer["uncertain"] and any("frontier-worker" in u for u in answer["uncertainties"])
    # working mostly in a third state: other rules of the regulation may apply
    answer = assess(days_in_employer_country=0, days_in_residence_country=0, days_elsewhere={"IT": 220})
    assert answer["uncertain"] and any("posting" in u for u in answer["uncertainties"])
    # part days against a tolerance
    answer = assess(days_in_employer_country=186.5, days_in_residence_country=33.5)
    assert answer["uncertain"] and any("part days" in u for u in answer["uncertainties"])


def test_third_state_days_warning_follows_the_tax_rule() -> None:
    answer = assess(days_in_employer_country=205, days_in_residence_country=10, days_elsewhere={"FR": 5})
    assert answer["tax"]["shares"] == {"LU": 1.0}
    assert any("stay with Luxembourg" in w for w in answer["warnings"])
    assert not any("Belgium taxes them" in w for w in answer["warnings"])


def test_headroom_counts_part_days_correctly() -> None:
    answer = assess(days_in_employer_country=179.5, days_in_residence_country=40.5)
    assert answer["headroom"]["social_security_25_percent_days_left"] == 14  # 54.5 / 220 is still below 25 %

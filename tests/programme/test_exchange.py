"""Export and import of a whole programme: the round trip, and atomic, well-explained failures."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from grensloos.programme import exchange
from grensloos.programme.demo import demo_document
from grensloos.programme.models import (
    AnnualPlan,
    Milestone,
    ProgressUpdate,
    Project,
    StrategicLine,
    Territory,
    WorkProgramme,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (WorkProgramme, StrategicLine, Project, Milestone, ProgressUpdate, AnnualPlan, Territory)
    )


def test_round_trip_through_an_empty_database(tmp_path) -> None:  # noqa: ANN001
    exchange.import_programme(demo_document())
    first = tmp_path / "first.json"
    call_command("programme", "export", "--programme", "2021-2024", "--output", str(first))
    WorkProgramme.objects.all().delete()
    Territory.objects.all().delete()
    assert _counts() == (0,) * 7
    call_command("programme", "import", str(first))
    second = tmp_path / "second.json"
    call_command("programme", "export", "--programme", "2021-2024", "--output", str(second))
    assert first.read_bytes() == second.read_bytes()
    doc = json.loads(first.read_text())
    assert len(doc["programme"]["lines"]) == 5
    assert len(doc["programme"]["annual_plans"]) == 4


def test_demo_covers_the_programme_in_four_languages() -> None:
    programme = exchange.import_programme(demo_document())
    assert [line.number for line in programme.lines.order_by("number")] == [1, 2, 3, 4, 5]
    assert programme.projects.count() >= 45
    for model_objects, fields in (
        (programme.lines.all(), ["title", "motto", "summary"]),
        (programme.projects.all(), ["title", "summary"]),
        (programme.annual_plans.all(), ["title"]),
    ):
        for obj in model_objects:
            for field in fields:
                for lang in ("nl", "fr", "de", "en"):
                    assert getattr(obj, f"{field}_{lang}"), (obj, field, lang)
    plans = {p.year: p.presidency for p in programme.annual_plans.all()}
    assert plans == {2021: "BE", 2022: "LU", 2023: "NL", 2024: "BE"}
    codes = set(programme.projects.values_list("code", flat=True))
    for expected in (
        "startpunt-grensarbeid",
        "benelux-energy-expertise-network",
        "police-treaty-2018",
        "benelux-patient-record",
        "cross-border-ambulance",
        "maas-nrw",
        "north-sea-port",
        "television-without-borders",
        "higher-education-diplomas",
        "low-emission-zones-data",
    ):
        assert expected in codes
    # everything invented is flagged as demo content
    assert not ProgressUpdate.objects.filter(is_demo=False).exists()
    assert not Milestone.objects.filter(is_demo=False).exists()


def _bad(mutate) -> str:  # noqa: ANN001
    doc = copy.deepcopy(demo_document())
    mutate(doc)
    before = _counts()
    with pytest.raises(exchange.ExchangeError) as exc:
        exchange.import_programme(doc)
    assert _counts() == before, "a failed import must write nothing"
    return exc.value.message


def _project(doc: dict, code: str) -> dict:
    return next(p for p in doc["programme"]["projects"] if p["code"] == code)


def test_unknown_status_names_the_record_and_field() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        doc["programme"]["projects"][3]["status"] = "finished"

    message = _bad(mutate)
    assert "$.programme.projects[3].status" in message and "finished" in message


def test_missing_translation_is_refused() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        del doc["programme"]["lines"][1]["title"]["de"]

    assert "$.programme.lines[1].title" in _bad(mutate)


def test_reference_to_unknown_theme() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        _project(doc, "maas-nrw")["themes"] = ["9.9"]

    message = _bad(mutate)
    assert "code 'maas-nrw'" in message and "'themes'" in message and "9.9" in message


def test_duplicate_project_code() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        doc["programme"]["projects"].append(copy.deepcopy(doc["programme"]["projects"][0]))

    message = _bad(mutate)
    assert "programme.projects" in message and "'code'" in message and "more than once" in message


def test_model_invariant_names_the_nested_record() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        milestone = _project(doc, "startpunt-grensarbeid")["milestones"][0]
        milestone["status"] = "achieved"
        milestone["actual_date"] = None

    message = _bad(mutate)
    assert "code 'startpunt-grensarbeid'" in message and "milestones[0]" in message
    assert "actual_date" in message


def test_impossible_date() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        _project(doc, "gas-platform")["start_date"] = "2021-02-30"

    message = _bad(mutate)
    assert "code 'gas-platform'" in message and "'start_date'" in message


def test_failure_late_in_the_file_rolls_back_everything() -> None:
    def mutate(doc):  # noqa: ANN001, ANN202
        doc["programme"]["annual_plans"][-1]["year"] = 2030  # outside the programme period, checked last

    message = _bad(mutate)
    assert "annual_plans[3]" in message and "'year'" in message


def test_existing_programme_needs_replace_or_update(tmp_path) -> None:  # noqa: ANN001
    exchange.import_programme(demo_document())
    path = tmp_path / "p.json"
    path.write_text(exchange.dumps(exchange.export_programme("2021-2024")))
    with pytest.raises(CommandError) as exc:
        call_command("programme", "import", str(path))
    assert exc.value.returncode == 2 and "already exists" in str(exc.value)
    call_command("programme", "import", str(path), "--replace")
    call_command("programme", "import", str(path), "--update")
    assert WorkProgramme.objects.count() == 1


def test_malformed_json_names_line_and_column(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "broken.json"
    path.write_text('{"format": "grensloos.programme",\n  "version": 1,\n  "territories": [,]\n}')
    with pytest.raises(CommandError) as exc:
        call_command("programme", "import", str(path))
    assert "line 3" in str(exc.value) and "column" in str(exc.value)
    assert _counts() == (0,) * 7


def test_cli_exit_code_on_bad_import(tmp_path) -> None:  # noqa: ANN001
    import os
    import subprocess
    import sys

    path = tmp_path / "bad.json"
    doc = demo_document()
    doc["programme"]["projects"][0]["status"] = "nope"
    path.write_text(json.dumps(doc))
    env = {**os.environ, "GRENSLOOS_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    subprocess.run([sys.executable, "-m", "grensloos", "migrate", "-v", "0"], env=env, check=True)
    result = subprocess.run(
        [sys.executable, "-m", "grensloos", "programme", "import", str(path)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "$.programme.projects[0].status" in result.stderr

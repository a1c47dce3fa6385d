"""The ``grensloos obstacles`` command: import, export, similar obstacles, classification suggestions, training."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from grensloos.obstacles import suggest
from grensloos.obstacles.models import Obstacle, ReporterContact, Status, TimelineEntry

from .test_exchange import COLUMNS, rows, to_csv, to_xlsx

pytestmark = pytest.mark.django_db

HEALTH = [
    "Ambulance from {place} may not take patients to the hospital across the border",
    "Patients of {place} cannot get planned hospital care reimbursed across the border",
    "Emergency ambulance crews from {place} lack permission to treat patients abroad",
]
TAX = [
    "Frontier workers from {place} pay income tax twice",
    "Double taxation of the pension of retired frontier workers in {place}",
    "Tax credit for children refused to cross-border workers living in {place}",
]
PLACES = ["Maastricht", "Arlon", "Aachen", "Esch", "Kerkrade", "Venlo", "Liège", "Trier"]


def register_rows() -> list[dict[str, str]]:
    """24 classified public obstacles of two domains, English, with varied wording."""
    records = []
    for domain, kind, templates in (("health_care", "legal", HEALTH), ("taxation", "administrative", TAX)):
        for n, place in enumerate(PLACES):
            for template in templates[: 1 + n % 2]:
                records.append(
                    {
                        "reference": f"R-{len(records) + 1:03d}",
                        "title": template.format(place=place),
                        "description": template.format(place=place) + ". The rules of the two states do not match.",
                        "language": "en",
                        "domain": domain,
                        "obstacle_type": kind,
                        "borders": "BE-NL",
                        "status": "accepted",
                        "reported_on": "2024-01-15",
                    }
                )
    return records


@pytest.fixture(autouse=True)
def _setup(settings):  # noqa: ANN001, ANN202
    settings.OBSTACLES_EMBEDDING_BACKEND = "none"
    suggest.reset_index()
    yield
    suggest.reset_index()


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("obstacles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


# ---------------------------------------------------------------------------------------------- import/export


def test_import_prints_the_count_and_the_ignored_columns(tmp_path) -> None:  # noqa: ANN001
    out, _err = run("import", write(tmp_path / "register.csv", to_csv(rows())), "--no-embed")
    assert out.splitlines() == ["Imported 3 obstacles", "Extra columns ignored: notes"]
    assert Obstacle.objects.count() == 3 and TimelineEntry.objects.count() == 3


def test_import_dry_run_and_xlsx(tmp_path) -> None:  # noqa: ANN001
    data = to_xlsx([COLUMNS, ["X-1", "Title", "Text", "fr", "", "", "LU-FR", "received", "2024-05-06"]])
    out, _err = run("import", write(tmp_path / "r.xlsx", data), "--dry-run")
    assert out.startswith("Checked 1 obstacles") and Obstacle.objects.count() == 0
    out, _err = run("import", str(tmp_path / "r.xlsx"))
    assert out.strip() == "Imported 1 obstacles"
    assert Obstacle.objects.get().border_list == ["FR-LU"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"borders": "XX-YY"}, 'Line 3, column "borders": XX-YY is not a border of the register'),
        ({"status": "closed"}, 'Line 3, column "status": closed is not one of'),
        ({"reported_on": "15/03/2023"}, 'Line 3, column "reported_on": 15/03/2023 is not a date'),
        ({"reference": "IMP-001"}, 'Line 3, column "reference": IMP-001 appears twice in the file'),
    ],
)
def test_a_bad_row_exits_non_zero_and_writes_nothing(tmp_path, make_obstacle, change, expected) -> None:  # noqa: ANN001
    make_obstacle(reference="EXISTING")
    records = rows()
    records[1] |= change
    before = (Obstacle.objects.count(), TimelineEntry.objects.count())
    with pytest.raises(CommandError) as caught:
        run("import", write(tmp_path / "bad.csv", to_csv(records)))
    assert caught.value.returncode == 2
    assert expected in str(caught.value)
    assert (Obstacle.objects.count(), TimelineEntry.objects.count()) == before


def test_missing_column_and_missing_file(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match='column "status" is missing') as caught:
        run("import", write(tmp_path / "bad.csv", to_csv(rows(), columns=[c for c in COLUMNS if c != "status"])))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="nothing.csv") as caught:
        run("import", str(tmp_path / "nothing.csv"))
    assert caught.value.returncode == 2
    assert Obstacle.objects.count() == 0


def test_export_public_or_all_to_a_file_or_standard_output(tmp_path, make_obstacle) -> None:  # noqa: ANN001
    public = make_obstacle(reference="P-1", status=Status.ACCEPTED, title="Public obstacle")
    ReporterContact.objects.create(
        obstacle=public, name="Canary Name", email="canary@example.org", language="en", consent_text="yes"
    )
    make_obstacle(reference="Q-1", status=Status.RECEIVED, title="Fresh report")

    out, _err = run("export", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["reference"] for r in table] == ["P-1"]
    assert "Canary" not in out and "canary@example.org" not in out

    target = tmp_path / "all.json"
    out, err = run("export", "--format", "json", "--all", "--output", str(target))
    assert out == "" and str(target) in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(r["reference"] for r in data) == ["P-1", "Q-1"]
    assert "Canary" not in target.read_text(encoding="utf-8")

    # What was exported goes back in: after removing the cases, the file imports cleanly.
    Obstacle.objects.all().delete()
    out, _err = run("import", str(target))
    assert out.strip() == "Imported 2 obstacles"


def test_the_installed_command_exits_with_2_and_explains_on_stderr(tmp_path) -> None:  # noqa: ANN001
    """End to end through the console script, against a database of its own."""
    grensloos = [sys.executable, "-m", "grensloos.cli"]
    env = os.environ | {
        "GRENSLOOS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "OBSTACLES_EMBEDDING_BACKEND": "none",
    }

    def grensloos_run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [*grensloos, *args], capture_output=True, text=True, timeout=300, check=False, env=env
        )

    assert grensloos_run("migrate", "-v0").returncode == 0
    records = rows()
    records[2]["borders"] = "BE-NL;XX-YY"
    bad = grensloos_run("obstacles", "import", write(tmp_path / "bad.csv", to_csv(records)))
    assert bad.returncode == 2
    assert 'Line 4, column "borders": XX-YY is not a border of the register' in bad.stderr
    good = grensloos_run("obstacles", "import", write(tmp_path / "good.csv", to_csv(rows())))
    assert good.returncode == 0, good.stderr
    assert "Imported 3 obstacles" in good.stdout
    exported = grensloos_run("obstacles", "export", "--format", "json", "--all")
    assert sorted(r["reference"] for r in json.loads(exported.stdout)) == ["IMP-001", "IMP-002", "IMP-003"]


# ---------------------------------------------------------------------------------------------- suggestions


@pytest.fixture
def register(tmp_path):  # noqa: ANN001, ANN201
    run("import", write(tmp_path / "register.csv", to_csv(register_rows())))
    return Obstacle.objects.count()


def test_similar_lists_the_closest_obstacles_best_first(register) -> None:  # noqa: ANN001
    out, _err = run("similar", "--text", "An ambulance with patients is stopped at the border", "--top", "5", "--json")
    matches = json.loads(out)
    assert 1 <= len(matches) <= 5
    assert all(set(m) == {"reference", "title", "language", "score"} for m in matches)
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert "ambulance" in matches[0]["title"].lower()
    assert all(Obstacle.objects.get(reference=m["reference"]).domain == "health_care" for m in matches[:3])

    table, _err = run("similar", "--text", "double income tax of frontier workers", "--lang", "en", "--top", "3")
    lines = table.splitlines()
    assert lines[0].split() == ["score", "reference", "lang", "title"]
    assert len(lines) == 4 and "tax" in lines[1].lower()


def test_classify_suggests_domain_type_and_line(register) -> None:  # noqa: ANN001
    out, _err = run("classify", "--text", "Frontier workers pay income tax twice on their salary", "--json")
    suggestion = json.loads(out)
    for target in ("domain", "obstacle_type", "strategic_line"):
        assert isinstance(suggestion[target], list)
        assert all(set(item) >= {"label", "score"} for item in suggestion[target])
    # The ranking is the suggest package's business; the command passes it through, best first.
    assert "taxation" in [item["label"] for item in suggestion["domain"]]
    scores = [item["score"] for item in suggestion["domain"]]
    assert scores == sorted(scores, reverse=True)
    readable, _err = run("classify", "--text", "Ambulance patients hospital", "--lang", "en")
    first = readable.splitlines()[0]
    assert first.startswith("domain: ") and "health_care (" in first


def test_train_prints_the_training_report(register, settings, tmp_path) -> None:  # noqa: ANN001
    settings.DATA_DIR = tmp_path
    out, _err = run("train")
    report = json.loads(out)
    assert report["examples"] == register == 24
    assert set(report["targets"]) >= {"domain", "obstacle_type"}


def test_suggestion_arguments_are_checked() -> None:
    with pytest.raises(CommandError, match="--top must be at least 1") as caught:
        run("similar", "--text", "x", "--top", "0")
    assert caught.value.returncode == 2

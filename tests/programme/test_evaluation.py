"""The mid-term evaluation: figures per line, charts with text alternatives, HTML and PDF in four languages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils.html import escape
from pypdf import PdfReader

from grensloos.accounts.models import Role
from grensloos.programme import queries, services
from grensloos.programme.models import Milestone, Project, Timeliness

from ..factories import MilestoneFactory, UserFactory


def test_milestone_timeliness(db) -> None:  # noqa: ANN001
    as_of = datetime.date(2023, 1, 1)
    planned = datetime.date(2022, 6, 30)
    cases = {
        ("achieved", datetime.date(2022, 6, 1)): Timeliness.ON_TIME,
        ("achieved", datetime.date(2022, 6, 30)): Timeliness.ON_TIME,
        ("achieved", datetime.date(2022, 7, 1)): Timeliness.LATE,
        ("in_progress", None): Timeliness.OVERDUE,
        ("cancelled", None): Timeliness.CANCELLED,
    }
    for (status, actual), expected in cases.items():
        assert Milestone(planned_date=planned, actual_date=actual, status=status).timeliness(as_of) == expected
    assert Milestone(planned_date=datetime.date(2023, 6, 1), status="planned").timeliness(as_of) == Timeliness.UPCOMING
    # achieved after the reference date: not yet achieved at that date
    assert (
        Milestone(planned_date=planned, actual_date=datetime.date(2023, 2, 1), status="achieved").timeliness(as_of)
        == Timeliness.OVERDUE
    )


def test_figures_per_line_add_up(programme) -> None:  # noqa: ANN001
    alpha = Project.objects.get(code="alpha")
    MilestoneFactory(
        project=alpha, planned_date=datetime.date(2022, 1, 1), status="achieved", actual_date=datetime.date(2022, 3, 1)
    )
    MilestoneFactory(
        project=alpha, planned_date=datetime.date(2022, 1, 1), status="achieved", actual_date=datetime.date(2021, 12, 1)
    )
    MilestoneFactory(project=alpha, planned_date=datetime.date(2022, 1, 1), status="planned")
    data = queries.midterm_evaluation(programme, datetime.date(2023, 1, 1))
    line1, line2 = data.lines
    assert [p.code for p in line1.projects] == ["alpha", "beta"] and [p.code for p in line2.projects] == ["gamma"]
    assert line1.milestone_counts["on_time"] == 1 and line1.milestone_counts["late"] == 1
    assert line1.milestone_counts["overdue"] == 1 and len(line1.late_milestones) == 2
    assert data.projects_total == 3


def test_indicator_progress_against_target(db) -> None:  # noqa: ANN001
    from decimal import Decimal

    from grensloos.programme.models import Indicator

    ind = Indicator(baseline=Decimal("10"), target=Decimal("30"))
    assert ind.progress(Decimal("20")) == 0.5
    assert ind.progress(Decimal("35")) == 1.25
    assert ind.progress(None) is None
    falling = Indicator(baseline=Decimal("100"), target=Decimal("40"))  # a target below the baseline
    assert falling.progress(Decimal("70")) == 0.5


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_html_report_in_each_language(demo, tmp_path, lang) -> None:  # noqa: ANN001
    out = tmp_path / f"midterm.{lang}.html"
    call_command(
        "report",
        "midterm",
        "--programme",
        "2021-2024",
        "--lang",
        lang,
        "--format",
        "html",
        "--output",
        str(out),
        "--as-of",
        "2022-12-31",
    )
    html = out.read_text()
    assert f'<html lang="{lang}">' in html
    assert html.count("<svg") >= 2 and "<title id=" in html and "<desc id=" in html
    assert html.count("<table") >= 2  # every chart has a table next to it
    for line in demo.lines.all():
        assert escape(getattr(line, f"title_{lang}")) in html


def test_pdf_report_opens_and_holds_the_lines(demo, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "midterm.pdf"
    call_command(
        "report", "midterm", "--programme", "2021-2024", "--lang", "de", "--format", "pdf", "--output", str(out)
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Halbzeitbewertung" in text or "Zwischenbewertung" in text
    assert demo.lines.get(number=3).title_de in text


def test_conclusions_are_edited_per_language_and_shown(client, demo) -> None:  # noqa: ANN001
    analyst = UserFactory(username="an", role=Role.ANALYST)
    services.save_conclusions(analyst, demo, {"nl": "De samenwerking loopt goed.", "fr": "La coopération avance."})
    client.force_login(analyst)
    assert "De samenwerking loopt goed." in client.get("/nl/programme/2021-2024/evaluation/").content.decode()
    assert "La coopération avance." in client.get("/fr/programme/2021-2024/evaluation/").content.decode()
    de = client.get("/de/programme/2021-2024/evaluation/").content.decode()
    assert "De samenwerking" not in de
    pdf = client.get("/en/programme/2021-2024/evaluation/report.pdf?lang=fr")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "La coopération avance." in text


def test_report_command_validates_its_input(demo, tmp_path) -> None:  # noqa: ANN001
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--programme"):
        call_command("report", "midterm", "--programme", "1990-1994", "--output", str(tmp_path / "x.html"))
    with pytest.raises(CommandError, match="--as-of"):
        call_command(
            "report",
            "midterm",
            "--programme",
            "2021-2024",
            "--as-of",
            "yesterday",
            "--output",
            str(tmp_path / "x.html"),
        )

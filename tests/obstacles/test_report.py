"""The annual report of the obstacle register: figures, languages, PDF, the command and the staff page."""

from __future__ import annotations

import datetime
import io
import statistics
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from grensloos.accounts.models import Role
from grensloos.obstacles import reports
from grensloos.obstacles.models import (
    GovernmentAnswer,
    Obstacle,
    PriorityItem,
    ReporterContact,
    Solution,
    Status,
)
from grensloos.obstacles.services import working_days_between

YEAR = 2023
D = datetime.date


def _obstacle(reference: str, *, borders: list[str], **fields) -> Obstacle:  # noqa: ANN003
    fields.setdefault("title", f"Title of {reference}")
    fields.setdefault("description", "A cross-border obstacle described for the annual report tests.")
    fields.setdefault("language", "en")
    obstacle = Obstacle(reference=reference, **fields)
    obstacle.border_list = borders
    obstacle.save()
    return obstacle


def _canary(obstacle: Obstacle) -> None:
    ReporterContact.objects.create(
        obstacle=obstacle,
        name="Canary Name",
        email="canary@example.org",
        phone="+32 9 999 99 99",
        organisation="Canary Organisation",
        language="en",
        consent_text="I agree.",
    )


@pytest.fixture
def register(db):  # noqa: ANN001, ANN201
    """A small register around 2023 (see the expected figures in the tests)."""
    a = _obstacle(
        "OBS-2023-00001",
        borders=["BE-NL", "DE-NL"],
        title="Double taxation of home-working days",
        domain="taxation",
        obstacle_type="legal",
        status=Status.SOLVED,
        reported_on=D(2023, 1, 10),
        accepted_on=D(2023, 1, 20),
        closed_on=D(2023, 3, 1),  # 50 days
    )
    Solution.objects.create(
        obstacle=a,
        kind=Solution.Kind.AGREEMENT,
        description="The two tax administrations agreed on a common reading of the treaty.",
        language="en",
        actor="Ministries of Finance",
    )
    _canary(a)
    b = _obstacle(
        "OBS-2023-00002",
        borders=["BE-NL"],
        domain="health_care",
        obstacle_type="administrative",
        status=Status.PARTLY_SOLVED,
        reported_on=D(2023, 2, 1),
        accepted_on=D(2023, 2, 15),
        closed_on=D(2023, 2, 21),  # 20 days
    )
    _obstacle(  # reported the year before, solved in 2023: counts as solved, not as received
        "OBS-2022-00001",
        borders=["BE-LU"],
        domain="taxation",
        obstacle_type="legal",
        status=Status.SOLVED,
        reported_on=D(2022, 11, 1),
        accepted_on=D(2022, 12, 1),
        closed_on=D(2023, 5, 1),  # 181 days
    )
    _obstacle(
        "OBS-2023-00003",
        borders=["BE-FR"],
        title="Hidden rejected report",
        status=Status.REJECTED,
        reported_on=D(2023, 3, 5),
        closed_on=D(2023, 3, 10),
    )
    _obstacle(
        "OBS-2023-00004",
        borders=["BE-NL"],
        title="Hidden merged report",
        status=Status.MERGED,
        parent=a,
        reported_on=D(2023, 4, 2),
        closed_on=D(2023, 4, 5),
    )
    f = _obstacle(
        "OBS-2023-00005",
        borders=["DE-NL", "BE-DE"],
        title="Hidden new report",
        status=Status.RECEIVED,
        reported_on=D(2023, 6, 1),
    )
    _canary(f)
    g = _obstacle(
        "OBS-2023-00006",
        borders=["LU-NL"],
        title="Recognition of nursing diplomas",
        domain="education_diplomas",
        obstacle_type="administrative",
        status=Status.ANALYSIS,
        reported_on=D(2023, 7, 1),
        accepted_on=D(2023, 7, 10),
        is_demo=True,
    )
    PriorityItem.objects.create(year=YEAR, obstacle=g, rank=1)
    PriorityItem.objects.create(year=YEAR, obstacle=b, rank=2)
    GovernmentAnswer.objects.create(
        obstacle=g, country="BE", year=YEAR, text="Belgium will table a decree.", language="en"
    )
    GovernmentAnswer.objects.create(
        obstacle=g, country="NL", year=YEAR, text="Nederland past de regeling aan.", language="nl"
    )
    GovernmentAnswer.objects.create(  # another year: not part of the 2023 report
        obstacle=g, country="LU", year=YEAR + 1, text="Answer of the following year.", language="en"
    )
    return {"a": a, "b": b, "g": g}


def test_figures_of_the_year(register) -> None:  # noqa: ANN001
    ctx = reports.annual_context(YEAR, "en")
    assert ctx["totals"] == {
        "received": 6,
        "accepted": 3,
        "solved": 2,
        "partly_solved": 1,
        "not_solvable": 0,
        "rejected": 1,
        "merged": 1,
        "solved_all": 3,
    }
    # an obstacle on two borders counts under both; the 2022 report is not among the year's reports
    assert ctx["by_border"] == {
        "BE-DE": 1,
        "BE-FR": 1,
        "BE-LU": 0,
        "BE-NL": 3,
        "DE-LU": 0,
        "DE-NL": 2,
        "FR-LU": 0,
        "LU-NL": 1,
    }
    assert ctx["by_domain"] == {"taxation": 1, "health_care": 1, "education_diplomas": 1, "": 3}
    assert ctx["by_type"] == {"legal": 1, "administrative": 2, "": 3}
    assert ctx["by_status"] == {
        "solved": 1,
        "partly_solved": 1,
        "rejected": 1,
        "merged": 1,
        "received": 1,
        "analysis": 1,
    }
    assert ctx["by_month"][1] == 1 and ctx["by_month"][7] == 1 and sum(ctx["by_month"].values()) == 6
    # median of 50, 20 and 181 days
    assert ctx["median_days"] == 50 and ctx["solved_count_for_median"] == 3
    spans = [(D(2023, 1, 10), D(2023, 3, 1)), (D(2023, 2, 1), D(2023, 2, 21)), (D(2022, 11, 1), D(2023, 5, 1))]
    assert ctx["median_working_days"] == statistics.median(working_days_between(a, b) for a, b in spans)
    assert working_days_between(D(2023, 2, 1), D(2023, 2, 21)) == 14  # no Belgian holiday in February
    assert ctx["demo_included"] is True


def test_solved_cases_and_priorities(register) -> None:  # noqa: ANN001
    ctx = reports.annual_context(YEAR, "en")
    solved = {c.reference: c for c in ctx["solved_cases"]}
    assert list(solved) == ["OBS-2023-00002", "OBS-2023-00001", "OBS-2022-00001"]  # by closing date
    case = solved["OBS-2023-00001"]
    assert case.domain == "Taxation" and case.borders == ["Belgium – Netherlands", "Germany – Netherlands"]
    assert case.solution_kind == "Bilateral or Benelux agreement" and case.solution_actor == "Ministries of Finance"
    assert case.days == 50
    assert solved["OBS-2022-00001"].solution_kind == ""  # no solution written down
    ranks = [(p.rank, p.reference) for p in ctx["priorities"]]
    assert ranks == [(1, "OBS-2023-00006"), (2, "OBS-2023-00002")]
    answers = dict(ctx["priorities"][0].answers)
    assert answers["Belgium"].text == "Belgium will table a decree."
    assert answers["Netherlands"].language == "nl"
    assert answers["Luxembourg"] is None  # the 2024 answer does not count for 2023


def test_html_document_is_complete_and_keeps_private_things_out(register) -> None:  # noqa: ANN001
    html = reports.render_annual(YEAR, "en", "html").decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert html.count("<svg") == 5 and html.count('role="img"') == 5
    assert html.count("<table") >= 6  # the figures table and one table per chart
    assert '<th scope="col">' in html and '<th scope="row">' in html and "<caption>" in html
    assert "Double taxation of home-working days" in html
    assert "The two tax administrations agreed" in html
    assert "Recognition of nursing diplomas" in html and "Nederland past de regeling aan." in html
    assert 'lang="nl"' in html and "No answer yet." in html
    assert "Demonstration content." in html
    for private in ("Hidden rejected report", "Hidden merged report", "Hidden new report"):
        assert private not in html
    for canary in ("Canary", "canary@example.org", "+32 9 999 99 99"):
        assert canary not in html


def test_no_demo_notice_without_demo_content(register) -> None:  # noqa: ANN001
    ctx = reports.annual_context(2022, "en")
    assert ctx["demo_included"] is False and ctx["totals"]["received"] == 1
    html = reports.render_annual(2022, "en", "html").decode()
    assert "Demonstration content." not in html
    assert "No obstacle was solved in 2022." in html
    assert "There is no priority list for 2022." in html


def test_language_switch(register) -> None:  # noqa: ANN001
    html = reports.render_annual(YEAR, "fr", "html").decode()
    assert '<html lang="fr">' in html
    assert "2\xa0023" not in html and "2 023" not in html  # a year is never written as a number with a separator
    with translation.override("fr"):
        heading = gettext("Obstacle register: annual report %(year)s") % {"year": YEAR}
    assert heading in html
    assert "Belgique – Pays-Bas" in html  # country names from CLDR
    assert "janvier" in html  # month names
    assert "Belgium – Netherlands" not in html
    english = reports.render_annual(YEAR, "en", "html").decode()
    assert "Belgium – Netherlands" in english and "January" in english


def test_pdf(register) -> None:  # noqa: ANN001
    data = reports.render_annual(YEAR, "de", "pdf")
    assert data.startswith(b"%PDF")
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) >= 4  # figures, reports, solutions, priorities each start a page
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "OBS-2023-00001" in text and "Belgien" in text
    assert "Canary" not in text and "canary@example.org" not in text


def test_bad_format_and_year() -> None:
    with pytest.raises(ValueError, match="format"):
        reports.render_annual(YEAR, "en", "docx")
    with pytest.raises(ValueError, match="1890"):
        reports.annual_context(1890, "en")


def test_command_writes_the_report(register, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "annual.html"
    call_command("report", "obstacles", "--year", str(YEAR), "--lang", "nl", "--format", "html", "--output", str(out))
    html = out.read_text()
    assert '<html lang="nl">' in html and "OBS-2023-00001" in html
    pdf = tmp_path / "annual.pdf"
    call_command("report", "obstacles", "--year", str(YEAR), "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("year", ["1890", "next", str(datetime.date.today().year + 5)])
def test_command_refuses_a_bad_year(db, tmp_path, year) -> None:  # noqa: ANN001
    out = tmp_path / "annual.html"
    with pytest.raises(CommandError, match="--year") as excinfo:
        call_command("report", "obstacles", "--year", year, "--output", str(out))
    assert excinfo.value.returncode == 2
    assert "give a year from 2000" in str(excinfo.value)
    assert not out.exists()


def test_command_exit_status_on_a_bad_year(tmp_path) -> None:  # noqa: ANN001
    grensloos = [sys.executable, "-m", "grensloos.cli"]
    result = subprocess.run(  # noqa: S603
        [*grensloos, "report", "obstacles", "--year", "1890", "--output", str(tmp_path / "x.html")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "--year" in result.stderr and "1890" in result.stderr


# The staff page --------------------------------------------------------------------------------------------


def _url(year: int = YEAR) -> str:
    with translation.override("en"):
        return reverse("obstacles:annual-report", args=[year])


def test_staff_page_needs_login(client, register) -> None:  # noqa: ANN001
    response = client.get(_url())
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_staff_page_is_refused_to_registered_users(client, make_user, register) -> None:  # noqa: ANN001
    client.force_login(make_user(Role.REGISTERED))
    assert client.get(_url()).status_code == 403
    assert client.get(_url() + "?format=pdf").status_code == 403


@pytest.mark.parametrize(("role", "country"), [(Role.ANALYST, ""), (Role.ADVISOR, ""), (Role.DELEGATE, "BE")])
def test_staff_page_for_staff(client, make_user, register, role, country) -> None:  # noqa: ANN001
    client.force_login(make_user(role, country=country))
    response = client.get(_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Double taxation of home-working days" in page and "<svg" in page
    assert "?format=pdf&amp;lang=fr" in page and 'min="2000"' in page
    assert "Canary" not in page and "canary@example.org" not in page


def test_staff_downloads(client, make_user, register) -> None:  # noqa: ANN001
    client.force_login(make_user(Role.ANALYST))
    pdf = client.get(_url() + "?format=pdf&lang=fr")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="obstacles-annual-report-2023-fr.pdf"' in pdf["Content-Disposition"]
    html = client.get(_url() + "?format=html&lang=de")
    assert html.status_code == 200 and '<html lang="de">' in html.content.decode()
    assert client.get(_url() + "?format=docx").status_code == 404
    assert client.get(_url() + "?format=html&lang=xx").status_code == 404
    assert client.get(_url(1890)).status_code == 404
    other = client.get(_url() + "?year=2022")
    assert other.status_code == 302 and other["Location"].endswith("/staff/report/2022/")

"""The cross-border worker check in a real browser: a citizen's check, the ledger upload, axe in four languages."""

from __future__ import annotations

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

LEDGER = "date,country,fraction\n2024-01-08,LU\n2024-01-09,BE\n2024-01-10,BE,0.5\n2024-01-10,LU,0.5\n"


def _fill_check(page, residence: str, employer: str, year: str, total: str, employer_days: str, home: str) -> None:  # noqa: ANN001
    page.select_option("#id_residence", residence)
    page.select_option("#id_employer_country", employer)
    page.select_option("#id_year", year)
    page.fill("#id_working_days_total", total)
    page.fill("#id_days_in_employer_country", employer_days)
    page.fill("#id_days_in_residence_country", home)


@pytest.mark.parametrize(
    ("lang", "insured"), [("nl", "België"), ("fr", "Belgique"), ("de", "Belgien"), ("en", "Belgium")]
)
def test_citizen_check_in_each_language_is_accessible(live_server, transactional_db, page, lang, insured) -> None:  # noqa: ANN001, E501
    page.goto(f"{live_server.url}/{lang}/crossborder/")
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == []
    _fill_check(page, "BE", "LU", "2024", "220", "150", "70")
    page.locator("main form button[type=submit]").click()
    answer = page.get_by_role("region").filter(has=page.locator("#answer-title"))
    assert insured in answer.inner_text()
    assert answer.get_by_role("table").count() == 1  # the tax shares
    assert answer.get_by_role("link").count() >= 3  # forms and legal sources are links
    assert axe_violations(page) == []
    for path in ("ledger/", "employers/", "rules/"):
        page.goto(f"{live_server.url}/{lang}/crossborder/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert axe_violations(page) == [], path


def test_an_error_is_announced_and_the_uncertain_answer_says_so(live_server, transactional_db, page) -> None:  # noqa: ANN001
    page.goto(f"{live_server.url}/en/crossborder/")
    _fill_check(page, "NL", "LU", "2024", "220", "150", "60")
    page.get_by_role("button", name="Check", exact=True).click()
    assert "do not add up" in page.get_by_role("alert").inner_text() or "do not add up" in page.content()
    assert axe_violations(page) == []
    page.fill("#id_days_in_residence_country", "70")
    page.get_by_role("button", name="Check", exact=True).click()
    note = page.get_by_role("note")
    assert "uncertain" in note.inner_text() and "Luxembourg and the Netherlands" in note.inner_text()


def test_ledger_upload_tells_the_days_left(live_server, transactional_db, page, tmp_path) -> None:  # noqa: ANN001
    calendar = tmp_path / "days.csv"
    calendar.write_text(LEDGER)
    page.goto(f"{live_server.url}/en/crossborder/ledger/")
    page.select_option("#id_residence", "BE")
    page.select_option("#id_employer_country", "LU")
    page.select_option("#id_year", "2024")
    page.set_input_files("#id_file", str(calendar))
    page.fill("#id_working_days", "220")
    page.get_by_role("button", name="Count and check").click()
    facts = page.locator("dl.facts").inner_text()
    assert "32" in facts  # 34-day tolerance minus the two days with work in Belgium
    assert axe_violations(page) == []


def test_staff_simulation_page(live_server, transactional_db, page) -> None:  # noqa: ANN001
    from grensloos.accounts.models import Role

    from ..factories import UserFactory

    UserFactory(username="ana", role=Role.ANALYST)
    page.goto(live_server.url + "/fr/accounts/login/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("form button[type=submit]").click()
    page.goto(live_server.url + "/fr/crossborder/simulation/")
    page.fill("#id_size", "5000")
    page.locator("main form button[type=submit]").click()
    assert page.locator("svg[role=img]").count() == 1
    assert "BE-NL" in page.locator("main").inner_text()
    assert axe_violations(page) == []

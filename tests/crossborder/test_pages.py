"""Pages: citizen check, ledger upload, employer batch, rules table and the staff simulation."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grensloos.accounts.models import Role

from .test_cli import LEDGER_CSV

FORM = {
    "residence": "BE",
    "employer_country": "LU",
    "year": "2024",
    "working_days_total": "220",
    "days_in_employer_country": "150",
    "days_in_residence_country": "70",
    "other_country": "",
    "days_in_other_country": "",
}


@pytest.mark.parametrize(
    ("lang", "insured", "words"),
    [
        ("nl", "België", "Sociale zekerheid"),
        ("fr", "Belgique", "Sécurité sociale"),
        ("de", "Belgien", "Sozialversicherung"),
        ("en", "Belgium", "Social security"),
    ],
)
def test_citizen_check_answers_in_each_language(client, db, lang: str, insured: str, words: str) -> None:  # noqa: ANN001
    page = client.get(f"/{lang}/crossborder/")
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.content.decode()
    response = client.post(f"/{lang}/crossborder/", FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert words in html and insured in html
    assert "31,8" in html or "31.8" in html
    assert "https://" in html  # the sources are links


def test_citizen_check_shows_errors_next_to_the_field(client, db) -> None:  # noqa: ANN001
    response = client.post("/en/crossborder/", {**FORM, "days_in_residence_country": "10"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "do not add up" in html and 'role="alert"' in html
    same = client.post("/en/crossborder/", {**FORM, "employer_country": "BE"})
    assert same.status_code == 400 and "must differ" in same.content.decode()


def test_citizen_check_says_when_it_is_uncertain(client, db) -> None:  # noqa: ANN001
    response = client.post("/en/crossborder/", {**FORM, "residence": "NL", "days_in_residence_country": "70"})
    assert "Part of this answer is uncertain" in response.content.decode()


def test_ledger_page(client, db) -> None:  # noqa: ANN001
    upload = SimpleUploadedFile("days.csv", LEDGER_CSV.encode())
    response = client.post(
        "/fr/crossborder/ledger/",
        {"file": upload, "residence": "BE", "employer_country": "LU", "year": "2024", "working_days": "220"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Luxembourg" in html and "31" in html
    bad = client.post(
        "/en/crossborder/ledger/",
        {
            "file": SimpleUploadedFile("d.csv", b"date,country\nyesterday,LU\n"),
            "residence": "BE",
            "employer_country": "LU",
            "year": "2024",
        },  # noqa: E501
    )
    assert bad.status_code == 400 and "Line 2, column date" in bad.content.decode()


def test_employer_page_returns_a_csv(client, db) -> None:  # noqa: ANN001
    sample = client.get("/en/crossborder/employers/sample.csv")
    assert sample.status_code == 200
    response = client.post("/en/crossborder/employers/", {"file": SimpleUploadedFile("s.csv", sample.content)})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 20
    broken = sample.content.decode().replace(",BE,", ",B3,", 1).encode()
    response = client.post("/en/crossborder/employers/", {"file": SimpleUploadedFile("s.csv", broken)})
    assert response.status_code == 400 and "Line " in response.content.decode()


def test_rules_page_lists_sources(client, db) -> None:  # noqa: ANN001
    html = client.get("/de/crossborder/rules/").content.decode()
    assert "tax.tolerance_days.BE_LU" in html and "2022-01-01" in html and "mytaxcompass" in html


@pytest.mark.parametrize(("role", "status"), [(None, 302), (Role.REGISTERED, 403), (Role.ANALYST, 200)])
def test_simulation_page_is_for_staff(client, make_user, role, status: int) -> None:  # noqa: ANN001
    if role:
        client.force_login(make_user(role))
    assert client.get("/en/crossborder/simulation/").status_code == status


def test_simulation_page_draws_a_chart(client, analyst) -> None:  # noqa: ANN001
    client.force_login(analyst)
    response = client.post(
        "/en/crossborder/simulation/",
        {"kind": "tolerance", "pair": "BE-NL", "value": "34", "size": "5000", "seed": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "<table" in html and "BE-NL" in html

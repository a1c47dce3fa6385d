"""``/api/crossborder/``: assess, ledger, batch, rules and the staff-only simulation."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grensloos.accounts.models import Role

from .test_cli import LEDGER_CSV
from .test_engine import ISSUE_CASE


def test_assess(client) -> None:  # noqa: ANN001
    response = client.post("/api/crossborder/assess", ISSUE_CASE, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["tax"]["shares"] == {"LU": 1.0} and body["uncertain"] is False
    german = client.post("/api/crossborder/assess?lang=de", ISSUE_CASE, content_type="application/json").json()
    assert "Luxemburg" in german["social_security"]["reason"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**ISSUE_CASE, "employer_country": "XX"}, "employer_country"),
        ({**ISSUE_CASE, "year": 1999}, "year"),
        ({**ISSUE_CASE, "days_in_employer_country": 100}, "working_days_total"),
        ([1, 2], "non_field_errors"),
    ],
)
def test_assess_bad_input_is_a_400_naming_the_field(client, body, field: str) -> None:  # noqa: ANN001
    response = client.post("/api/crossborder/assess", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_assess_rejects_an_unknown_language(client) -> None:  # noqa: ANN001
    response = client.post("/api/crossborder/assess?lang=xx", ISSUE_CASE, content_type="application/json")
    assert response.status_code == 400 and "lang" in response.json()


def test_batch_upload_answers_csv(client) -> None:  # noqa: ANN001
    text = (
        "employee_id,residence,employer_country,year,working_days_total,days_in_employer_country,days_in_residence_country\n"
        "e1,BE,LU,2024,220,186,34\n"
        "e2,NL,BE,2024,220,120,100\n"
    )
    upload = SimpleUploadedFile("staff.csv", text.encode(), content_type="text/csv")
    response = client.post("/api/crossborder/batch", {"file": upload})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["employee_id"], r["social_security_state"]) for r in rows] == [("e1", "LU"), ("e2", "NL")]


def test_batch_upload_bad_row(client) -> None:  # noqa: ANN001
    text = "employee_id,residence,employer_country,year,working_days_total,days_in_employer_country,days_in_residence_country\ne1,BE,LU,2024,220,186,34,9\n"  # noqa: E501
    response = client.post("/api/crossborder/batch", {"file": SimpleUploadedFile("s.csv", text.encode())})
    assert response.status_code == 400 and "Line 2" in response.json()["file"][0]


def test_ledger_upload(client) -> None:  # noqa: ANN001
    upload = SimpleUploadedFile("days.csv", LEDGER_CSV.encode())
    response = client.post(
        "/api/crossborder/ledger",
        {"file": upload, "residence": "BE", "employer_country": "LU", "year": 2024, "working_days": 220},
    )
    assert response.status_code == 200, response.content
    assert response.json()["days_counted_for_tolerance"] == 3


def test_rules(client) -> None:  # noqa: ANN001
    body = client.get("/api/crossborder/rules?lang=nl").json()
    assert any(r["parameter"] == "tax.tolerance_days.BE_LU" for r in body["parameters"])


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 403), (Role.REGISTERED, 403), (Role.ADVISOR, 200), (Role.ANALYST, 200), (Role.DELEGATE, 200)],
)
def test_simulation_is_for_staff(client, make_user, role, status: int) -> None:  # noqa: ANN001
    if role:
        client.force_login(make_user(role, country="BE" if role == Role.DELEGATE else ""))
    response = client.post(
        "/api/crossborder/simulate", {"reform": "tolerance-BE-NL=34", "size": 5000}, content_type="application/json"
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["by_pair"]["BE-NL"]["tax_share_changed"] > 0


def test_simulation_rejects_a_bad_reform(client, analyst) -> None:  # noqa: ANN001
    client.force_login(analyst)
    response = client.post("/api/crossborder/simulate", {"reform": "nonsense"}, content_type="application/json")
    assert response.status_code == 400 and "reform" in response.json()


def test_anonymous_computing_is_rate_limited(client, monkeypatch) -> None:  # noqa: ANN001
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [
        client.post("/api/crossborder/assess", ISSUE_CASE, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]

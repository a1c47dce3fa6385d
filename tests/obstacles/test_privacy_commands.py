"""Reporters' personal data: the scheduled purge, and requests for access and erasure (GDPR), by command."""

from __future__ import annotations

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError

from grensloos.accounts.models import Role
from grensloos.obstacles import privacy, services
from grensloos.obstacles.intake import CheckedFile
from grensloos.obstacles.models import (
    Attachment,
    InformationRequest,
    Obstacle,
    ReporterContact,
    Status,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, monkeypatch):  # noqa: ANN001, ANN202
    settings.OBSTACLES_EMBEDDING_BACKEND = "none"
    # The attachment storage is built once, when the model is defined: point it at this test's folder.
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path / "att"))


@pytest.fixture
def analyst(make_user):  # noqa: ANN001, ANN201
    return make_user(Role.ANALYST, username="privacy-officer")


def report(analyst, name: str, email: str, *, answer: str = ""):  # noqa: ANN001, ANN201
    """A case reported through the public intake, with contact details, a PDF and (optionally) an answer."""
    obstacle, token = services.submit_report(
        services.Report(
            title="Social security registration refused",
            description="My employer in Luxembourg cannot register me for social security in Belgium.",
            language="en",
            borders=["BE-LU"],
            affected=["workers"],
            contact_name=name,
            contact_email=email,
            contact_phone="+32 470 11 22 33",
            contact_organisation=f"{name} BV",
            consent_text="I agree that the Secretariat contacts me about this report.",
            consent=True,
        ),
        [CheckedFile(name=f"{name} payslip.pdf", content_type="application/pdf", data=PDF)],
    )
    if answer:
        _request, answer_token = services.request_information(analyst, obstacle, "Since when do you work there?")
        services.answer_information(answer_token, answer)
    obstacle.refresh_from_db()
    return obstacle, token


def archive(obstacle: Obstacle, on: datetime.date | None) -> None:
    Obstacle.objects.filter(pk=obstacle.pk).update(status=Status.ARCHIVED, archived_on=on)


def audit_of(model, pk) -> list[LogEntry]:  # noqa: ANN001
    return list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)))


def all_audit_text() -> str:
    return " ".join(f"{e.object_repr} {json.dumps(e.changes)} {e.additional_data}" for e in LogEntry.objects.all())


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_purge_removes_only_the_data_of_cases_archived_long_ago(
    analyst, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    old, old_token = report(analyst, "Old Reporter", "old@example.org", answer="Since 2019, in Esch.")
    recent, recent_token = report(analyst, "Recent Reporter", "recent@example.org")
    open_case, _token = report(analyst, "Open Reporter", "open@example.org")
    archive(old, datetime.date(2023, 5, 31))  # 24 months and a half before TODAY
    archive(recent, datetime.date(2024, 1, 1))  # 17 months
    old_contact, old_file = old.contact, old.attachments.get()
    path = old_file.file.path
    request = old.information_requests.get()
    assert audit_of(ReporterContact, old_contact.pk) and audit_of(InformationRequest, request.pk)
    monkeypatch.setattr(privacy.timezone, "localdate", lambda: TODAY)

    assert privacy.purge(24, today=TODAY, dry_run=True) == 1
    assert ReporterContact.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        out = run("privacy", "purge", "--months", "24")
    assert out.strip() == "Removed 1 reporter contacts."

    assert set(ReporterContact.objects.values_list("email", flat=True)) == {"recent@example.org", "open@example.org"}
    assert not Attachment.objects.filter(obstacle=old).exists()
    assert not old_file.file.storage.exists(old_file.file.name)
    assert not __import__("os").path.exists(path)
    assert recent.attachments.get().file.storage.exists(recent.attachments.get().file.name)
    assert InformationRequest.objects.get(pk=request.pk).answer == ""
    assert audit_of(ReporterContact, old_contact.pk) == []
    assert audit_of(InformationRequest, request.pk) == []
    assert audit_of(Attachment, old_file.pk) == []
    assert "Old Reporter" not in all_audit_text() and "old@example.org" not in all_audit_text()
    assert "Recent Reporter" in [c.name for c in ReporterContact.objects.all()]
    # The case stays, its private link is void; the others keep theirs.
    assert Obstacle.objects.filter(pk=old.pk).exists()
    assert services.obstacle_for_token(old_token) is None
    assert services.obstacle_for_token(recent_token) == recent
    assert open_case.contact.email == "open@example.org"

    # Run again: nothing left to purge. With a shorter period the recent archive goes too.
    assert run("privacy", "purge", "--months", "24").strip() == "Removed 0 reporter contacts."
    assert "1 reporter contacts would be removed" in run("privacy", "purge", "--months", "12", "--dry-run")
    assert ReporterContact.objects.count() == 2


def test_purge_uses_the_configured_period(analyst, settings) -> None:  # noqa: ANN001
    settings.OBSTACLES_PURGE_AFTER_MONTHS = 6
    case, _token = report(analyst, "A", "a@example.org")
    archive(case, datetime.date(2024, 12, 14))
    assert privacy.purge(today=TODAY) == 1  # archived 6 months and 1 day before
    case2, _token = report(analyst, "B", "b@example.org")
    archive(case2, datetime.date(2024, 12, 15))
    assert privacy.purge(today=TODAY) == 0  # exactly 6 months: not yet
    assert privacy.months_before(datetime.date(2025, 3, 31), 1) == datetime.date(2025, 2, 28)


def test_export_subject_gives_everything_held_about_an_address(analyst, tmp_path) -> None:  # noqa: ANN001
    first, _ = report(analyst, "Canary Name", "Canary@Example.org", answer="Canary answer")
    second, _ = report(analyst, "Canary Name", "canary@example.org")
    report(analyst, "Someone Else", "else@example.org", answer="Other answer")

    target = tmp_path / "subject.json"
    run("privacy", "export", "--email", "CANARY@example.ORG", "--output", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["email"] == "CANARY@example.ORG"
    assert [r["obstacle"]["reference"] for r in data["reports"]] == sorted([first.reference, second.reference])
    record = next(r for r in data["reports"] if r["obstacle"]["reference"] == first.reference)
    assert record["contact"] | {"consent_at": None} == {
        "name": "Canary Name",
        "email": "Canary@Example.org",
        "phone": "+32 470 11 22 33",
        "organisation": "Canary Name BV",
        "language": "en",
        "consent_text": "I agree that the Secretariat contacts me about this report.",
        "consent_at": None,
    }
    assert record["contact"]["consent_at"]
    assert record["obstacle"]["status"] == "triage"  # the answer moved the case on
    assert record["obstacle"]["reported_on"] == first.reported_on.isoformat()
    assert [(q["question"], q["answer"]) for q in record["information_requests"]] == [
        ("Since when do you work there?", "Canary answer")
    ]
    assert record["attachments"] == [
        {
            "name": "Canary Name payslip.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "uploaded_at": record["attachments"][0]["uploaded_at"],
        }
    ]
    assert "Someone Else" not in target.read_text() and "Other answer" not in target.read_text()

    # To standard output as well; an unknown address gives an empty list.
    assert json.loads(run("privacy", "export", "--email", "nobody@example.org"))["reports"] == []


def test_erase_subject_removes_the_person_and_kills_the_tracking_link(
    analyst, django_capture_on_commit_callbacks
) -> None:  # noqa: ANN001
    case, token = report(analyst, "Canary Name", "canary@example.org", answer="Canary answer")
    other, other_token = report(analyst, "Someone Else", "else@example.org", answer="Other answer")
    assert services.obstacle_for_token(token) == case
    assert "Canary Name" in all_audit_text()  # object_repr of the contact names the person
    contact_pk, attachment = case.contact.pk, case.attachments.get()
    request = case.information_requests.get()

    with django_capture_on_commit_callbacks(execute=True):
        out = run("privacy", "erase", "--email", "CANARY@example.org", "--user", analyst.username)
    assert out.startswith("Erased: 1 contacts, 1 attachments, 1 answers,")
    assert "(1 reports kept without personal data)" in out

    case.refresh_from_db()
    assert case.tracking_nonce == ""
    assert services.obstacle_for_token(token) is None
    assert not ReporterContact.objects.filter(pk=contact_pk).exists()
    assert not Attachment.objects.filter(obstacle=case).exists()
    assert not attachment.file.storage.exists(attachment.file.name)
    assert InformationRequest.objects.get(pk=request.pk).answer == ""
    assert audit_of(ReporterContact, contact_pk) == [] and audit_of(InformationRequest, request.pk) == []
    text = all_audit_text()
    assert "Canary Name" not in text and "canary@example.org" not in text and "Canary answer" not in text
    # The erasure itself is on the case's record, by whom, without the data.
    note = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Obstacle), object_pk=str(case.pk))
    assert note.filter(actor=analyst, changes__reporter_data__1="erased on request").exists()
    assert privacy.export_subject("canary@example.org")["reports"] == []

    # The other reporter is untouched.
    assert services.obstacle_for_token(other_token) == other
    assert other.contact.name == "Someone Else"
    assert other.information_requests.get().answer == "Other answer"
    assert other.attachments.get().file.storage.exists(other.attachments.get().file.name)

    assert run("privacy", "erase", "--email", "canary@example.org").strip() == (
        "Nothing is held about this e-mail address."
    )


def test_erase_closes_open_questions(analyst) -> None:  # noqa: ANN001
    case, _ = report(analyst, "Canary Name", "canary@example.org")
    _request, answer_token = services.request_information(analyst, case, "Which employer?")
    privacy.erase_subject("canary@example.org")
    with pytest.raises(services.DomainError):
        services.answer_information(answer_token, "Too late")
    assert not Obstacle.objects.get(pk=case.pk).awaiting_reporter


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("privacy", "erase", "--email", ""), "e-mail address"),
        (("privacy", "export", "--email", "not-an-address"), "e-mail address"),
        (("privacy", "purge", "--months", "-1"), "negative"),
        (("privacy", "erase", "--email", "a@example.org", "--user", "ghost"), "no user 'ghost'"),
    ],
)
def test_command_errors_exit_non_zero(args, message) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match=message) as caught:
        run(*args)
    assert caught.value.returncode == 2

"""What the register holds about the people who report obstacles, and how it is given out or removed (GDPR).

Personal data lives in three places only: ``ReporterContact`` (name, e-mail, telephone, organisation,
consent), ``Attachment`` (files may show anything) and the reporter's answers to ``InformationRequest``.
The obstacle itself describes a situation, not a person, and stays in the register.

* ``purge`` runs on a schedule: once a case has been archived for ``OBSTACLES_PURGE_AFTER_MONTHS`` the
  reporter's data goes.
* ``export_subject`` answers a request for access (art. 15): everything held about one e-mail address.
* ``erase_subject`` answers a request for erasure (art. 17).

Removing a person's data also removes the audit entries of the removed rows (their text names the person)
and voids the private tracking link. Attachment files are deleted from disk once the transaction commits,
so a failure cannot leave rows pointing to deleted files.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grensloos.core.audit import acting_as
from grensloos.core.errors import DomainError

from .models import Attachment, InformationRequest, Obstacle, ReporterContact, Status


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved back by whole calendar months (31 March - 1 month = 28 or 29 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _delete_audit_entries(model: type[models.Model], pks: list) -> int:
    from auditlog.models import LogEntry

    content_type = ContentType.objects.get_for_model(model)
    removed = 0
    for chunk in _chunks([str(pk) for pk in pks]):
        removed += LogEntry.objects.filter(content_type=content_type, object_pk__in=chunk).delete()[0]
    return removed


def _note_erasure(obstacle_ids: list[int], reason: str) -> None:
    """Leave a trace on each case that its reporter's data was removed (without saying what it was)."""
    from auditlog.models import LogEntry

    for obstacle in Obstacle.objects.filter(pk__in=obstacle_ids).only("pk", "reference", "title"):
        LogEntry.objects.log_create(
            obstacle, action=LogEntry.Action.UPDATE, changes={"reporter_data": ["", reason]}, force_log=True
        )


def _remove_personal_data(obstacle_ids: list[int], contacts: models.QuerySet) -> dict[str, int]:
    """Delete ``contacts`` and the attachments and answers of ``obstacle_ids``; void their tracking links.

    Runs inside the caller's transaction. The auditlog signals are switched off for the deletions: a
    'deleted' entry would copy the person's name into the log we are cleaning.
    """
    from auditlog.context import disable_auditlog

    contact_ids = list(contacts.values_list("pk", flat=True))
    attachments = Attachment.objects.filter(obstacle_id__in=obstacle_ids)
    attachment_ids = list(attachments.values_list("pk", flat=True))
    files = [(a.file.storage, a.file.name) for a in attachments.only("pk", "file") if a.file and a.file.name]
    requests = InformationRequest.objects.filter(obstacle_id__in=obstacle_ids)
    request_ids = list(requests.values_list("pk", flat=True))
    now = timezone.now()
    with disable_auditlog():
        ReporterContact.objects.filter(pk__in=contact_ids).delete()
        Attachment.objects.filter(pk__in=attachment_ids).delete()
        answered = requests.exclude(answer="").update(answer="")
        # Open questions can no longer be answered: the person's link dies with their data.
        requests.filter(answered_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        Obstacle.objects.filter(pk__in=obstacle_ids).update(tracking_nonce="", awaiting_reporter=False)
    audit = (
        _delete_audit_entries(ReporterContact, contact_ids)
        + _delete_audit_entries(Attachment, attachment_ids)
        + _delete_audit_entries(InformationRequest, request_ids)
    )

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return {
        "contacts": len(contact_ids),
        "attachments": len(attachment_ids),
        "answers": answered,
        "audit_entries": audit,
    }


def _purgeable(months: int, today: datetime.date) -> models.QuerySet:
    cutoff = months_before(today, months)
    return Obstacle.objects.filter(status=Status.ARCHIVED, archived_on__lt=cutoff)


def purge(
    months: int | None = None,
    *,
    today: datetime.date | None = None,
    user=None,  # noqa: ANN001
    dry_run: bool = False,
) -> int:
    """Remove the reporter's data of cases archived more than ``months`` ago; returns the contacts removed.

    Contacts, attachments (and their files) and answers go; the tracking link is voided. With ``dry_run``
    nothing changes and the number of contacts that would go is returned.
    """
    months = settings.OBSTACLES_PURGE_AFTER_MONTHS if months is None else months
    if months < 0:
        raise DomainError(_("The number of months cannot be negative."), field="months")
    today = today or timezone.localdate()
    with transaction.atomic():
        cases = _purgeable(months, today)
        # Cases that still hold something personal: contact details, files, answers or a live private link.
        holding = (
            models.Q(contact__isnull=False)
            | models.Q(attachments__isnull=False)
            | models.Q(pk__in=InformationRequest.objects.exclude(answer="").values("obstacle_id"))
            | ~models.Q(tracking_nonce="")
        )
        obstacle_ids = list(cases.filter(holding).distinct().values_list("pk", flat=True))
        if dry_run:
            return sum(ReporterContact.objects.filter(obstacle_id__in=chunk).count() for chunk in _chunks(obstacle_ids))
        removed = 0
        with acting_as(user):
            for chunk in _chunks(obstacle_ids):
                counts = _remove_personal_data(chunk, ReporterContact.objects.filter(obstacle_id__in=chunk))
                _note_erasure(chunk, "purged")
                removed += counts["contacts"]
    return removed


def _contacts_of(email: str) -> models.QuerySet:
    email = (email or "").strip()
    if not email or "@" not in email:
        raise DomainError(_("Give the person's e-mail address."), field="email")
    return ReporterContact.objects.filter(email__iexact=email).select_related("obstacle")


def _moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def export_subject(email: str) -> dict:
    """Everything the register holds about the person with this e-mail address, ready for ``json.dumps``."""
    records = []
    for contact in _contacts_of(email).order_by("obstacle__reported_on", "obstacle__reference"):
        obstacle = contact.obstacle
        records.append(
            {
                "contact": {
                    "name": contact.name,
                    "email": contact.email,
                    "phone": contact.phone,
                    "organisation": contact.organisation,
                    "language": contact.language,
                    "consent_text": contact.consent_text,
                    "consent_at": _moment(contact.consent_at),
                },
                "obstacle": {
                    "reference": obstacle.reference,
                    "title": obstacle.title,
                    "description": obstacle.description,
                    "status": obstacle.status,
                    "reported_on": obstacle.reported_on.isoformat(),
                },
                "information_requests": [
                    {
                        "question": request.question,
                        "asked_at": _moment(request.asked_at),
                        "expires_at": _moment(request.expires_at),
                        "answer": request.answer,
                        "answered_at": _moment(request.answered_at),
                    }
                    for request in obstacle.information_requests.order_by("asked_at", "pk")
                ],
                "attachments": [
                    {
                        "name": attachment.original_name,
                        "content_type": attachment.content_type,
                        "size": attachment.size,
                        "uploaded_at": _moment(attachment.uploaded_at),
                    }
                    for attachment in obstacle.attachments.order_by("uploaded_at", "pk")
                ],
            }
        )
    return {"email": email.strip(), "exported_at": _moment(timezone.now()), "reports": records}


def erase_subject(email: str, *, user=None) -> dict[str, int]:  # noqa: ANN001
    """Remove the personal data of the person with this e-mail address; the obstacles they reported stay."""
    with transaction.atomic():
        contacts = _contacts_of(email)
        obstacle_ids = list(contacts.values_list("obstacle_id", flat=True))
        if not obstacle_ids:
            return {"reports": 0, "contacts": 0, "attachments": 0, "answers": 0, "audit_entries": 0}
        with acting_as(user):
            counts = _remove_personal_data(obstacle_ids, contacts)
            _note_erasure(obstacle_ids, "erased on request")
    return {"reports": len(obstacle_ids), **counts}

"""Use cases of the obstacle register. Each checks permission, validates, writes atomically, audits
(django-auditlog, actor from the request or ``acting_as``) and adds to the case's timeline."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grensloos.core.audit import acting_as
from grensloos.core.errors import DomainError, require, validate

from . import notify, workflow
from .intake import CheckedFile
from .models import (
    CLOSED_STATES,
    Attachment,
    GovernmentAnswer,
    InformationRequest,
    Obstacle,
    PriorityItem,
    ReporterContact,
    Solution,
    Status,
    TimelineEntry,
)

_SIGNING_SALT = "grensloos.obstacles.tracking"


# Working days and deadlines -------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays(settings.OBSTACLES_HOLIDAY_COUNTRY, years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    sign = 1 if end >= start else -1
    a, b = (start, end) if sign == 1 else (end, start)
    count = sum(1 for n in range(1, (b - a).days + 1) if is_working_day(a + datetime.timedelta(days=n)))
    return sign * count


def deadline_for(status: str, start: datetime.date | None = None) -> datetime.date | None:
    days = settings.OBSTACLES_DEADLINES.get(status)
    if not days:
        return None
    return add_working_days(start or timezone.localdate(), days)


# References and private links ----------------------------------------------------------------------------


def next_reference(year: int) -> str:
    prefix = f"OBS-{year}-"
    last = (
        Obstacle.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{number:05d}"


def tracking_token(obstacle: Obstacle) -> str:
    """The reporter's private link token: signed with the site's secret, so the database alone does not
    reveal it, and void once the nonce is reset."""
    return signing.dumps({"r": obstacle.reference, "n": obstacle.tracking_nonce}, salt=_SIGNING_SALT, compress=True)


def obstacle_for_token(token: str) -> Obstacle | None:
    try:
        data = signing.loads(token, salt=_SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not data.get("n"):
        return None
    return Obstacle.objects.filter(reference=data.get("r"), tracking_nonce=data["n"]).first()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _timeline(obstacle: Obstacle, kind: str, *, actor=None, reason: str = "", public: bool = False, **kw) -> None:  # noqa: ANN001
    TimelineEntry.objects.create(
        obstacle=obstacle,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        public=public,
        **kw,
    )


def _embed(obstacle: Obstacle) -> None:
    """Compute the suggestion vector now, so later lookups need no re-embedding (best effort)."""
    from . import suggest

    suggest.embed_obstacle(obstacle)


# Intake ------------------------------------------------------------------------------------------------


@dataclass
class Report:
    title: str
    description: str
    language: str
    affected: list[str] = field(default_factory=list)
    borders: list[str] = field(default_factory=list)
    region: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_organisation: str = ""
    contact_language: str = ""
    consent_text: str = ""
    consent: bool = False


@transaction.atomic
def submit_report(report: Report, files: list[CheckedFile] = ()) -> tuple[Obstacle, str]:
    """A member of the public reports an obstacle. Returns the new case and the private tracking token."""
    has_contact = any((report.contact_name, report.contact_email, report.contact_phone, report.contact_organisation))
    if has_contact and not report.consent:
        raise DomainError(
            _("Tick the consent box if you want to leave contact details, or leave them empty."), field="consent"
        )
    today = timezone.localdate()
    obstacle = Obstacle(
        reference=next_reference(today.year),
        title=report.title.strip(),
        description=report.description.strip(),
        language=report.language,
        region=report.region.strip().upper(),
        reported_on=today,
        status=Status.RECEIVED,
        tracking_nonce=secrets.token_hex(12),
        due_on=deadline_for(Status.RECEIVED, today),
    )
    obstacle.border_list = report.borders
    obstacle.affected_list = report.affected
    if not obstacle.border_list:
        raise DomainError(_("Choose at least one border."), field="borders")
    validate(obstacle, exclude=["strategic_line", "theme", "parent", "assigned_to"])
    _embed(obstacle)
    for attempt in range(5):  # two reports in the same instant may want the same number
        try:
            with transaction.atomic():
                obstacle.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
            obstacle.reference = next_reference(today.year)
    if has_contact:
        contact = ReporterContact(
            obstacle=obstacle,
            name=report.contact_name.strip(),
            email=report.contact_email.strip(),
            phone=report.contact_phone.strip(),
            organisation=report.contact_organisation.strip(),
            language=report.contact_language or report.language,
            consent_text=report.consent_text,
        )
        validate(contact)
        contact.save()
    for checked in files:
        attachment = Attachment(
            obstacle=obstacle,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
        )
        attachment.file.save(
            f"{obstacle.reference}-{checked.sha256[:12]}.{_ext(checked)}", ContentFile(checked.data), save=False
        )
        attachment.save()
    _timeline(obstacle, TimelineEntry.Kind.STATUS, to_status=Status.RECEIVED, public=True)
    transaction.on_commit(lambda: notify.status_changed(obstacle, Status.RECEIVED))
    return obstacle, tracking_token(obstacle)


def _ext(checked: CheckedFile) -> str:
    from .intake import ALLOWED_TYPES

    return ALLOWED_TYPES[checked.content_type]


# Lifecycle ---------------------------------------------------------------------------------------------


@transaction.atomic
def change_status(
    user,  # noqa: ANN001
    obstacle: Obstacle,
    target: str,
    *,
    reason: str = "",
    merge_into: Obstacle | None = None,
    escalated_to: str = "",
) -> Obstacle:
    """Move a case to ``target`` if the lifecycle allows it and the user's role may make that move."""
    obstacle = Obstacle.objects.select_for_update().get(pk=obstacle.pk)
    move = workflow.find(obstacle.status, target)
    if move is None:
        raise DomainError(
            _("A case that is %(source)s cannot become %(target)s.")
            % {
                "source": Status(obstacle.status).label,
                "target": Status(target).label if target in Status.values else target,
            },
            field="status",
        )
    require(user, "obstacles.start_triage" if move.who == workflow.INTAKE else "obstacles.decide", obstacle)
    reason = (reason or "").strip()
    if move.needs_reason and not reason:
        raise DomainError(_("Give a reason: it ends this stage of the case."), field="reason")
    today = timezone.localdate()
    source = obstacle.status
    if target == Status.MERGED:
        if merge_into is None or merge_into.pk == obstacle.pk:
            raise DomainError(_("Choose the obstacle this report duplicates."), field="merge_into")
        main = merge_into.main
        if main.pk == obstacle.pk or not _can_be_main(main) or _in_chain(obstacle, main):
            raise DomainError(_("A report can only be merged into an open or accepted obstacle."), field="merge_into")
        obstacle.parent = main
    if target == Status.ESCALATED:
        if escalated_to not in ("BE", "NL", "LU", "EU"):
            raise DomainError(_("Choose Belgium, the Netherlands, Luxembourg or the EU."), field="escalated_to")
        obstacle.escalated_to = escalated_to
    if target == Status.ACCEPTED:
        obstacle.accepted_on = today
    if target in CLOSED_STATES:
        obstacle.closed_on = today
    if target == Status.ANALYSIS and source == Status.ESCALATED:
        obstacle.escalated_to = ""  # the governments no longer hold it; the timeline keeps the history
    if target == Status.ARCHIVED:
        obstacle.archived_on = today
    obstacle.status = target
    obstacle.due_on = deadline_for(target, today)
    with acting_as(user):
        obstacle.save()
        _timeline(
            obstacle,
            TimelineEntry.Kind.STATUS,
            actor=user,
            from_status=source,
            to_status=target,
            reason=reason,
            public=target != Status.RECEIVED,
        )
    if target == Status.MERGED:
        transaction.on_commit(lambda: _refresh_support(obstacle.parent))
    transaction.on_commit(lambda: notify.status_changed(obstacle, target, reason=reason))
    return obstacle


def _can_be_main(main: Obstacle) -> bool:
    """A main obstacle is open or was accepted: not a rejected or merged report."""
    if main.status in (Status.REJECTED, Status.MERGED):
        return False
    return not (main.status == Status.ARCHIVED and main.accepted_on is None)


def _in_chain(obstacle: Obstacle, main: Obstacle) -> bool:
    """Whether ``obstacle`` is ``main`` or one of its stored ancestors (which would make a cycle)."""
    seen: set[int] = set()
    current = main.pk
    while current is not None:
        if current == obstacle.pk or current in seen or len(seen) > 100:
            return True  # a cycle (or an existing one): refuse
        seen.add(current)
        current = Obstacle.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return False


def _refresh_support(main: Obstacle) -> None:
    # Each merged report counts as one more person affected on the main obstacle.
    Obstacle.objects.filter(pk=main.pk).update(support_count=F("support_count") + 1)


@transaction.atomic
def assign(user, obstacle: Obstacle, assignee) -> Obstacle:  # noqa: ANN001
    require(user, "obstacles.assign", obstacle)
    if assignee is not None and assignee.role not in ("advisor", "analyst", "admin"):
        raise DomainError(_("Cases can be assigned to advisors and analysts only."), field="assigned_to")
    obstacle.assigned_to = assignee
    with acting_as(user):
        obstacle.save(update_fields=["assigned_to", "updated_at"])
        _timeline(obstacle, TimelineEntry.Kind.ASSIGNED, actor=user, reason=assignee.display_name if assignee else "")
    return obstacle


CLASSIFICATION_FIELDS = (
    "parent",
    "domain",
    "obstacle_type",
    "strategic_line",
    "theme",
    "legal_references",
    "people_affected",
    "priority",
    "region",
    "title",
    "description",
    "language",
)


@transaction.atomic
def classify(user, obstacle: Obstacle, *, projects=None, related=None, **values) -> Obstacle:  # noqa: ANN001, ANN003
    """Set the classification (and correct the text); confirmed classifications train the suggestions."""
    require(user, "obstacles.classify", obstacle)
    # Work on the stored row, locked: a status change made meanwhile must not be written back over.
    obstacle = Obstacle.objects.select_for_update().get(pk=obstacle.pk)
    unknown = set(values) - set(CLASSIFICATION_FIELDS) - {"borders", "affected"}
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    text_changed = any(k in values and values[k] != getattr(obstacle, k) for k in ("title", "description", "language"))
    for name, value in values.items():
        if name == "borders":
            obstacle.border_list = value
        elif name == "affected":
            obstacle.affected_list = value
        else:
            setattr(obstacle, name, value)
    obstacle.classified = bool(obstacle.domain and obstacle.obstacle_type)
    if obstacle.parent_id and (_in_chain(obstacle, obstacle.parent) or not _can_be_main(obstacle.parent)):
        raise DomainError(
            _("An obstacle cannot be a sub-obstacle of itself or of its own sub-obstacle."), field="parent"
        )
    validate(obstacle, exclude=["assigned_to"])
    if text_changed:
        _embed(obstacle)
    with acting_as(user):
        obstacle.save()
        if projects is not None:
            obstacle.projects.set(projects)
        if related is not None:
            obstacle.related.set([o for o in related if o.pk != obstacle.pk])
        _timeline(obstacle, TimelineEntry.Kind.CLASSIFIED, actor=user)
    return obstacle


@transaction.atomic
def record_solution(
    user,  # noqa: ANN001
    obstacle: Obstacle,
    *,
    kind: str,
    description: str,
    language: str,
    actor: str = "",
    date: datetime.date | None = None,
) -> Solution:
    require(user, "obstacles.record_solution", obstacle)
    solution = Solution.objects.filter(obstacle=obstacle).first() or Solution(obstacle=obstacle)
    solution.kind, solution.description, solution.language = kind, description.strip(), language
    solution.actor, solution.date = actor.strip(), date
    validate(solution)
    with acting_as(user):
        solution.save()
        _timeline(obstacle, TimelineEntry.Kind.SOLUTION, actor=user, public=obstacle.is_public)
    return solution


# Working with the reporter -------------------------------------------------------------------------------


@transaction.atomic
def request_information(user, obstacle: Obstacle, question: str) -> tuple[InformationRequest, str]:  # noqa: ANN001
    """Ask the reporter a question; they answer through an expiring private link sent by e-mail."""
    require(user, "obstacles.request_information", obstacle)
    question = (question or "").strip()
    if not question:
        raise DomainError(_("Write the question."), field="question")
    if not ReporterContact.objects.filter(obstacle=obstacle).exclude(email="").exists():
        raise DomainError(_("The reporter left no e-mail address; they cannot be asked."), field="question")
    token = secrets.token_urlsafe(24)
    request = InformationRequest(
        obstacle=obstacle,
        question=question,
        token_hash=_token_hash(token),
        asked_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=settings.OBSTACLES_INFO_REQUEST_DAYS),
    )
    validate(request)
    obstacle.awaiting_reporter = True
    with acting_as(user):
        request.save()
        obstacle.save(update_fields=["awaiting_reporter", "updated_at"])
        _timeline(obstacle, TimelineEntry.Kind.INFO_REQUESTED, actor=user, reason=question)
    lang = obstacle.contact.language
    url = notify.answer_url(token, lang)
    expires = request.expires_at.date().isoformat()
    transaction.on_commit(lambda: notify.information_requested(obstacle, question, url, expires))
    return request, token


def information_request_for_token(token: str) -> InformationRequest | None:
    return InformationRequest.objects.select_related("obstacle").filter(token_hash=_token_hash(token or "")).first()


@transaction.atomic
def answer_information(token: str, answer: str) -> InformationRequest:
    """The reporter answers. The case moves on by itself: a report still waiting goes into triage."""
    request = information_request_for_token(token)
    if request is None:
        raise DomainError(_("This link is not valid."), field="token")
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:
        raise DomainError(_("This question has already been answered. Thank you."), field="token")
    if request.expires_at <= timezone.now():
        raise DomainError(_("This link has expired. Please send a new report or contact us."), field="token")
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Write your answer."), field="answer")
    request.answer, request.answered_at = answer, timezone.now()
    validate(request)
    request.save()
    obstacle = Obstacle.objects.select_for_update().get(pk=request.obstacle_id)
    open_left = obstacle.information_requests.filter(answered_at__isnull=True, expires_at__gt=timezone.now())
    obstacle.awaiting_reporter = open_left.exists()
    today = timezone.localdate()
    _timeline(obstacle, TimelineEntry.Kind.INFO_RECEIVED)
    if obstacle.status == Status.RECEIVED:
        obstacle.status = Status.TRIAGE
        _timeline(
            obstacle, TimelineEntry.Kind.STATUS, from_status=Status.RECEIVED, to_status=Status.TRIAGE, public=True
        )
    obstacle.due_on = deadline_for(obstacle.status, today)  # the clock starts again with the new facts
    obstacle.save()
    return request


def support(obstacle: Obstacle) -> None:
    """Someone says "me too" on a public obstacle: one more person affected; nothing about them is kept."""
    if not obstacle.is_public:
        raise DomainError(_("Only obstacles in the public register can be supported."))
    # updated_at moves too, so cached counts and pages of the register see the new figure.
    Obstacle.objects.filter(pk=obstacle.pk).update(support_count=F("support_count") + 1, updated_at=timezone.now())


# Governments and priorities ------------------------------------------------------------------------------


@transaction.atomic
def answer_as_government(user, obstacle: Obstacle, *, text: str, language: str, year: int) -> GovernmentAnswer:  # noqa: ANN001
    """A delegate records their government's written answer for a year (one per government and year)."""
    require(user, "obstacles.answer_as_government", obstacle)
    answer = GovernmentAnswer.objects.filter(obstacle=obstacle, country=user.country, year=year).first()
    answer = answer or GovernmentAnswer(obstacle=obstacle, country=user.country, year=year)
    answer.text, answer.language, answer.author = (text or "").strip(), language, user
    answer.answered_on = timezone.localdate()
    validate(answer)
    with acting_as(user):
        answer.save()
        _timeline(obstacle, TimelineEntry.Kind.ANSWER, actor=user, reason=user.country, public=obstacle.is_public)
    return answer


@transaction.atomic
def set_priorities(user, year: int, obstacles: list[Obstacle]) -> list[PriorityItem]:  # noqa: ANN001
    """The Secretariat's priority list for ``year``, in order. Only accepted obstacles can be prioritised."""
    require(user, "obstacles.manage_priorities")
    if not 2000 <= year <= 2100:
        raise DomainError(_("Give a year between 2000 and 2100."), field="year")
    for obstacle in obstacles:
        if not obstacle.is_public:
            raise DomainError(
                _("%(reference)s is not an accepted obstacle.") % {"reference": obstacle.reference}, field="obstacles"
            )
    with acting_as(user):
        PriorityItem.objects.filter(year=year).exclude(obstacle__in=obstacles).delete()
        items = []
        for rank, obstacle in enumerate(obstacles, start=1):
            item, _created = PriorityItem.objects.update_or_create(
                year=year, obstacle=obstacle, defaults={"rank": rank}
            )
            items.append(item)
    return items

"""The obstacle register: reports of cross-border obstacles and how the Secretariat handles them.

An ``Obstacle`` is what the public may eventually see (once accepted); everything that could identify the
person who reported it lives apart: ``ReporterContact`` (name, e-mail...), ``Attachment`` (files may carry
personal data) and ``InformationRequest`` (the reporter's answers). Public pages and the open-data API only
ever read ``Obstacle.objects.public()`` through serializers that name their fields.

The lifecycle (states and who may move a case between them) lives in ``workflow.py``; state changes go
through ``services.py`` so that each is checked, audited and written to the case's timeline.
"""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxLengthValidator, MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from grensloos.core.i18n import country_name
from grensloos.core.vocabularies import Domain


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    DE = "de", _("German")
    EN = "en", _("English")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGE = "triage", _("In triage")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged with another report")
    ANALYSIS = "analysis", _("Under analysis")
    SOLUTION_PROPOSED = "solution_proposed", _("Solution proposed")
    ESCALATED = "escalated", _("Escalated")
    SOLVED = "solved", _("Solved")
    PARTLY_SOLVED = "partly_solved", _("Partly solved")
    NOT_SOLVABLE = "not_solvable", _("Not solvable")
    ARCHIVED = "archived", _("Archived")


#: states in which an obstacle has been accepted as a real cross-border obstacle (an archived case is public
#: only if it was accepted before: see ``accepted_on``).
ACCEPTED_STATES = frozenset(
    {
        Status.ACCEPTED,
        Status.ANALYSIS,
        Status.SOLUTION_PROPOSED,
        Status.ESCALATED,
        Status.SOLVED,
        Status.PARTLY_SOLVED,
        Status.NOT_SOLVABLE,
    }
)
CLOSED_STATES = frozenset({Status.REJECTED, Status.MERGED, Status.SOLVED, Status.PARTLY_SOLVED, Status.NOT_SOLVABLE})
SOLVED_STATES = frozenset({Status.SOLVED, Status.PARTLY_SOLVED})


class ObstacleType(models.TextChoices):
    LEGAL = "legal", _("Legal")
    ADMINISTRATIVE = "administrative", _("Administrative")
    TECHNICAL = "technical", _("Technical")
    INFORMATION = "information", _("Lack of information")


class Affected(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    WORKERS = "workers", _("Cross-border workers")
    STUDENTS = "students", _("Students")
    PATIENTS = "patients", _("Patients")
    BUSINESSES = "businesses", _("Businesses")
    PUBLIC_BODIES = "public_bodies", _("Public bodies")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class EscalationTarget(models.TextChoices):
    BE = "BE", _("Belgium")
    NL = "NL", _("Netherlands")
    LU = "LU", _("Luxembourg")
    EU = "EU", _("European Union")


class Government(models.TextChoices):
    BE = "BE", _("Belgium")
    NL = "NL", _("Netherlands")
    LU = "LU", _("Luxembourg")


#: Pairs of neighbouring states around the Benelux, letters sorted inside each pair.
BORDERS = ("BE-DE", "BE-FR", "BE-LU", "BE-NL", "DE-LU", "DE-NL", "FR-LU", "LU-NL")
_border_re = re.compile(r"^[A-Z]{2}-[A-Z]{2}$")
nuts_validator = RegexValidator(r"^[A-Z]{2}[A-Z0-9]{0,3}$", _("Use a NUTS code such as BE22, NL42 or LU00."))


def border_label(border: str) -> str:
    """``"BE-NL"`` → ``"Belgium – Netherlands"`` in the active language (country names from CLDR)."""
    return " – ".join(country_name(code) for code in border.split("-"))


def normalise_border(value: str) -> str:
    """``"nl-be"`` → ``"BE-NL"``; raises ValidationError for anything that is not a known pair."""
    parts = [p.strip().upper() for p in re.split(r"[-/ ]+", value.strip()) if p.strip()]
    pair = "-".join(sorted(parts)) if len(parts) == 2 else value.strip().upper()
    if not _border_re.match(pair) or pair not in BORDERS:
        raise ValidationError(
            _("%(value)s is not a border of the register (use one of %(known)s).")
            % {"value": value, "known": ", ".join(BORDERS)}
        )
    return pair


def _split(value: str) -> list[str]:
    return [part for part in (value or "").strip(",").split(",") if part]


def _join(values) -> str:  # noqa: ANN001
    # Stored as ",A,B," so that a filter on one value is a plain LIKE '%,A,%' on every database.
    values = sorted(set(values))
    return f",{','.join(values)}," if values else ""


class ObstacleQuerySet(models.QuerySet):
    def public(self) -> ObstacleQuerySet:
        """Obstacles the public may see: accepted ones, and archived ones that had been accepted."""
        return self.filter(Q(status__in=ACCEPTED_STATES) | Q(status=Status.ARCHIVED, accepted_on__isnull=False))

    def with_border(self, border: str) -> ObstacleQuerySet:
        return self.filter(borders__contains=f",{border},")

    def with_affected(self, group: str) -> ObstacleQuerySet:
        return self.filter(affected__contains=f",{group},")


class Obstacle(models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(10_000)])
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    affected = models.CharField(_("who is affected"), max_length=200, blank=True)
    borders = models.CharField(_("borders"), max_length=200, blank=True)
    region = models.CharField(_("region (NUTS)"), max_length=5, blank=True, validators=[nuts_validator])

    # Classification (by the Secretariat; suggested automatically on intake).
    domain = models.CharField(_("domain"), max_length=40, choices=Domain.choices, blank=True, db_index=True)
    obstacle_type = models.CharField(_("type of obstacle"), max_length=20, choices=ObstacleType.choices, blank=True)
    strategic_line = models.ForeignKey(
        "programme.StrategicLine",
        verbose_name=_("strategic line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacles",
    )
    theme = models.ForeignKey(
        "programme.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacles",
    )
    legal_references = models.TextField(_("legal references"), blank=True, validators=[MaxLengthValidator(2000)])
    people_affected = models.PositiveIntegerField(
        _("estimated number of people affected"), null=True, blank=True, validators=[MaxValueValidator(100_000_000)]
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    classified = models.BooleanField(
        _("classification confirmed"),
        default=False,
        help_text=_("Set when the Secretariat has checked domain, type and line; such cases train the suggestions."),
    )
    projects = models.ManyToManyField(
        "programme.Project", verbose_name=_("programme projects"), blank=True, related_name="obstacles"
    )
    related = models.ManyToManyField("self", verbose_name=_("related obstacles"), blank=True, symmetrical=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("main obstacle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("For a sub-obstacle, or a report merged into the main one."),
    )

    # Handling.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_obstacles",
    )
    escalated_to = models.CharField(_("escalated to"), max_length=2, choices=EscalationTarget.choices, blank=True)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate, db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    due_on = models.DateField(_("handling deadline"), null=True, blank=True)
    awaiting_reporter = models.BooleanField(_("waiting for the reporter"), default=False)
    support_count = models.PositiveIntegerField(_("people who said 'me too'"), default=0)
    # Random value signed into the reporter's private tracking link (see services.tracking_token).
    tracking_nonce = models.CharField(max_length=32, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    # Search and suggestions (derived from the text; see search.py and suggest/).
    search_terms = models.TextField(blank=True, editable=False)
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_backend = models.CharField(max_length=100, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["-reported_on", "-id"]
        indexes = [
            models.Index(fields=["status", "reported_on"], name="obstacle_status_date"),
            models.Index(fields=["obstacle_type"], name="obstacle_type"),
            # Covers the public filter and every facet, so the register's counts read a narrow index
            # instead of rows with long descriptions.
            models.Index(
                fields=["status", "accepted_on", "domain", "obstacle_type", "reported_on", "borders", "strategic_line"],
                name="obstacle_facets",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    # Multi-valued fields are stored as ",A,B," text (see _join) and read as lists.
    @property
    def border_list(self) -> list[str]:
        return _split(self.borders)

    @border_list.setter
    def border_list(self, values) -> None:  # noqa: ANN001
        self.borders = _join(values)

    @property
    def affected_list(self) -> list[str]:
        return _split(self.affected)

    @affected_list.setter
    def affected_list(self, values) -> None:  # noqa: ANN001
        self.affected = _join(values)

    def get_affected_display(self) -> list[str]:
        labels = dict(Affected.choices)
        return [str(labels.get(code, code)) for code in self.affected_list]

    @property
    def is_public(self) -> bool:
        return self.status in ACCEPTED_STATES or (self.status == Status.ARCHIVED and self.accepted_on is not None)

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_on and not self.awaiting_reporter and self.due_on < timezone.localdate())

    @cached_property
    def main(self) -> Obstacle:
        return self.parent or self

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            self.borders = _join(normalise_border(b) for b in self.border_list)
        except ValidationError as exc:
            errors["borders"] = exc.messages[0]
        unknown = set(self.affected_list) - set(Affected.values)
        if unknown:
            errors["affected"] = _("Unknown group: %(value)s.") % {"value": ", ".join(sorted(unknown))}
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An obstacle cannot be its own main obstacle.")
        if self.status == Status.ESCALATED and not self.escalated_to:
            errors["escalated_to"] = _("Say to whom the obstacle is escalated.")
        if errors:
            raise ValidationError(errors)


class PrivateStorage(FileSystemStorage):
    """Files under ``DATA_DIR/private/attachments``: outside the web root, read at use (tests move DATA_DIR)."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.DATA_DIR / "private" / "attachments")

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> FileSystemStorage:
    """Attachments are only served through a permission-checked view."""
    return PrivateStorage()


class ReporterContact(models.Model):
    """Personal data of the person who reported an obstacle; seen by the assigned staff and the Secretariat."""

    obstacle = models.OneToOneField(Obstacle, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language for messages"), max_length=2, choices=Language.choices)
    consent_text = models.TextField(_("consent given"))
    consent_at = models.DateTimeField(_("consent given at"), default=timezone.now)

    class Meta:
        verbose_name = _("reporter contact details")
        verbose_name_plural = _("reporter contact details")

    def __str__(self) -> str:
        return f"{self.obstacle.reference}: {self.name or self.email}"


class Attachment(models.Model):
    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="%Y/%m")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class TimelineEntry(models.Model):
    """One event in a case's history: a status change, an assignment, a question to the reporter..."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        INFO_REQUESTED = "info_requested", _("More information asked")
        INFO_RECEIVED = "info_received", _("Reporter answered")
        ANSWER = "answer", _("Government answer")
        CLASSIFIED = "classified", _("Classified")
        SOLUTION = "solution", _("Solution recorded")

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return f"{self.obstacle_id} {self.kind} {self.to_status}"


class Solution(models.Model):
    class Kind(models.TextChoices):
        LEGAL_CHANGE = "legal_change", _("Change of law or regulation")
        AGREEMENT = "agreement", _("Bilateral or Benelux agreement")
        PRACTICE = "practice", _("Administrative practice")
        INFORMATION = "information", _("Information and guidance")

    obstacle = models.OneToOneField(Obstacle, on_delete=models.CASCADE, related_name="solution")
    kind = models.CharField(_("kind of solution"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(10_000)])
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    actor = models.CharField(_("who acted"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self) -> str:
        return f"{self.obstacle.reference}: {self.get_kind_display()}"


class InformationRequest(models.Model):
    """A question to the reporter, answered through an expiring private link."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="information_requests")
    question = models.TextField(_("question"), validators=[MaxLengthValidator(5000)])
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    asked_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True, validators=[MaxLengthValidator(10_000)])
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")

    def __str__(self) -> str:
        return f"{self.obstacle.reference}: {self.question[:40]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.expires_at > timezone.now()


class MessageTemplate(models.Model):
    """The e-mail a reporter gets when the case reaches a status; translatable and edited by the Secretariat.

    ``$reference``, ``$title``, ``$status``, ``$reason`` and ``$link`` are replaced (Python string.Template).
    """

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), validators=[MaxLengthValidator(5000)])

    class Meta:
        ordering = ["status"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self) -> str:
        return self.get_status_display()


class PriorityItem(models.Model):
    """An obstacle on the Secretariat's priority list of a year."""

    year = models.PositiveSmallIntegerField(_("year"))
    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="priority_items")
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)

    class Meta:
        ordering = ["year", "rank"]
        constraints = [models.UniqueConstraint(fields=["year", "obstacle"], name="unique_priority_per_year")]
        verbose_name = _("priority")
        verbose_name_plural = _("priority list")

    def __str__(self) -> str:
        return f"{self.year} #{self.rank} {self.obstacle.reference}"


class GovernmentAnswer(models.Model):
    """The written answer of a member state's government on an escalated or prioritised obstacle."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="answers")
    country = models.CharField(_("government"), max_length=2, choices=Government.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("answer"), validators=[MaxLengthValidator(10_000)])
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    answered_on = models.DateField(_("answered on"), default=timezone.localdate)

    class Meta:
        ordering = ["year", "country"]
        constraints = [
            models.UniqueConstraint(fields=["obstacle", "country", "year"], name="one_answer_per_government_year")
        ]
        verbose_name = _("government answer")
        verbose_name_plural = _("government answers")

    def __str__(self) -> str:
        return f"{self.obstacle.reference} {self.country} {self.year}"

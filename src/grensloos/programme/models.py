"""The Joint Work Programme: lines → themes → projects, annual plans, and how projects progress.

Texts that people read (titles, summaries, mottos...) are translatable: django-modeltranslation adds one
column per language (``title_nl``, ``title_fr``, ...; see ``translation.py``). Text written by a person in
one language (a progress narrative, a comment) keeps that language in a ``language`` field instead.

Invariants live here as constraints and ``clean()``; workflows live in ``services.py``.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grensloos.core.i18n import country_name

MIN_YEAR, MAX_YEAR = 1944, 2100
_year = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
_amount = [MinValueValidator(Decimal("-1e12")), MaxValueValidator(Decimal("1e12"))]

code_validator = RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens."))
programme_code_validator = RegexValidator(r"^\d{4}-\d{4}$", _("Use the form 2021-2024."))


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    DE = "de", _("German")
    EN = "en", _("English")


class Presidency(models.TextChoices):
    BE = "BE", _("Belgium")
    LU = "LU", _("Luxembourg")
    NL = "NL", _("Netherlands")


class Territory(models.Model):
    """A country, region, cooperation area or organisation that leads or joins projects.

    Countries are ISO 3166-1 alpha-2 codes and take their names from CLDR; regions are NUTS codes (North
    Rhine-Westphalia is ``DEA``); cooperation areas and organisations get a code of our own.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        COOPERATION = "cooperation", _("Cooperation area")
        ORGANISATION = "organisation", _("Organisation")

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("For a region: the country it belongs to.")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.COUNTRY:
            return country_name(self.code)
        return self.name or self.code

    @property
    def country_codes(self) -> set[str]:
        """The member or neighbouring states this territory stands for."""
        if self.kind == self.Kind.COUNTRY:
            return {self.code}
        return {self.country} if self.country else set()

    def clean(self) -> None:
        if self.kind == self.Kind.COUNTRY:
            if pycountry.countries.get(alpha_2=self.code) is None:
                raise ValidationError({"code": _("%(code)s is not an ISO 3166-1 country code.") % {"code": self.code}})
        elif self.country and pycountry.countries.get(alpha_2=self.country) is None:
            raise ValidationError({"country": _("Not an ISO 3166-1 country code.")})


class WorkProgramme(models.Model):
    code = models.CharField(_("code"), max_length=9, unique=True, validators=[programme_code_validator])
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=_year)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=_year)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="programme_years_order"),
        ]

    def __str__(self) -> str:
        return self.title or self.code

    def clean(self) -> None:
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                raise ValidationError({"end_year": _("The last year cannot come before the first year.")})
            if self.code and self.code != f"{self.start_year}-{self.end_year}":
                raise ValidationError({"code": _("The code must be the first and last year, e.g. 2021-2024.")})

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class StrategicLine(models.Model):
    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(_("title"), max_length=200)
    motto = models.CharField(_("motto"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("strategic line")
        verbose_name_plural = _("strategic lines")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="unique_line_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Theme(models.Model):
    line = models.ForeignKey(StrategicLine, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["line__number", "number"]
        constraints = [models.UniqueConstraint(fields=["line", "number"], name="unique_theme_number")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.line.number}.{self.number}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    ON_HOLD = "on_hold", _("On hold")
    STOPPED = "stopped", _("Stopped")


class Project(models.Model):
    """A project, platform or initiative of the programme."""

    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="projects")
    code = models.SlugField(_("code"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="projects", verbose_name=_("themes"), blank=True)
    flagship = models.BooleanField(_("flagship project"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    lead = models.ManyToManyField(Territory, related_name="led_projects", verbose_name=_("lead"), blank=True)
    partners = models.ManyToManyField(
        Territory, related_name="partner_projects", verbose_name=_("partners"), blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    eu_funding_programme = models.CharField(_("EU funding programme"), max_length=200, blank=True)
    eu_funding_amount = models.DecimalField(
        _("EU funding (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1e11"))],
    )
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("Status, dates, milestones and figures of this project are invented for demonstration."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_project_code"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot come before the start date.")})

    def country_codes(self) -> set[str]:
        """All states taking part, as lead or partner (regions count for their country)."""
        codes: set[str] = set()
        for territory in [*self.lead.all(), *self.partners.all()]:
            codes |= territory.country_codes
        return codes


class AnnualPlan(models.Model):
    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="annual_plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=_year)
    presidency = models.CharField(_("presiding country"), max_length=2, choices=Presidency.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["programme", "year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="unique_plan_year")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.programme_id and self.year and self.year not in self.programme.years:
            raise ValidationError({"year": _("The year must fall within the programme period.")})


class Priority(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="priorities", verbose_name=_("themes"), blank=True)
    projects = models.ManyToManyField(Project, related_name="priorities", verbose_name=_("projects"), blank=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_priority_number")]

    def __str__(self) -> str:
        return f"{self.plan.year} · {self.number}. {self.title}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    CANCELLED = "cancelled", _("Cancelled")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Achieved late")
    OVERDUE = "overdue", _("Overdue")
    UPCOMING = "upcoming", _("Not yet due")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    code = models.SlugField(_("code"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="unique_milestone_code"),
            models.CheckConstraint(
                condition=~Q(status="achieved") | Q(actual_date__isnull=False),
                name="achieved_milestone_has_date",
                violation_error_message=_("An achieved milestone needs its actual date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status == MilestoneStatus.ACHIEVED and not self.actual_date:
            raise ValidationError({"actual_date": _("An achieved milestone needs its actual date.")})
        if self.actual_date and self.status != MilestoneStatus.ACHIEVED:
            raise ValidationError({"status": _("A milestone with an actual date must be marked achieved.")})

    def timeliness(self, as_of: datetime.date | None = None) -> str:
        as_of = as_of or timezone.localdate()
        if self.status == MilestoneStatus.CANCELLED:
            return Timeliness.CANCELLED
        if self.status == MilestoneStatus.ACHIEVED and self.actual_date and self.actual_date <= as_of:
            return Timeliness.ON_TIME if self.actual_date <= self.planned_date else Timeliness.LATE
        return Timeliness.OVERDUE if self.planned_date < as_of else Timeliness.UPCOMING


class Indicator(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4, validators=_amount)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4, validators=_amount)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    data_series = models.ForeignKey(
        "insights.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_indicators",
        verbose_name=_("Benelux data series"),
        help_text=_("Show the live figure of this statistical indicator next to the project's own measurements."),
    )
    data_geo = models.CharField(
        _("country of the data series"),
        max_length=20,
        blank=True,
        help_text=_("BE, NL, LU or EU27_2020; empty means BE."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError({"target": _("The target must differ from the baseline.")})

    def progress(self, value: Decimal | None) -> float | None:
        """Share of the way from baseline to target that ``value`` represents (1.0 = target reached)."""
        if value is None or self.target == self.baseline:
            return None
        return float((value - self.baseline) / (self.target - self.baseline))


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, validators=_amount)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "date"]
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="unique_measurement_date")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.date}: {self.value}"


class RAG(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("Some concerns")
    RED = "red", _("At risk")


class ProgressUpdate(models.Model):
    """A periodic report on a project: a RAG status and a narrative by an analyst."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_updates")
    year = models.PositiveSmallIntegerField(_("year"), validators=_year)
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    rag = models.CharField(_("status"), max_length=5, choices=RAG.choices)
    narrative = models.TextField(_("narrative"), max_length=5000)
    language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="progress_updates"
    )
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["project", "-year", "-quarter", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="progress_quarter_range"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year} Q{self.quarter}"

    @property
    def period_label(self) -> str:
        return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}


class ProjectComment(models.Model):
    """A note by a member-state delegate (or the Secretariat) on a project; not public."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="project_comments"
    )
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    country = models.CharField(_("on behalf of"), max_length=2, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("project comment")
        verbose_name_plural = _("project comments")
        ordering = ["project", "created_at"]

    def __str__(self) -> str:
        return f"{self.project}: {self.author_name}"


class MidtermEvaluation(models.Model):
    """The editable parts of the mid-term evaluation report; the figures are computed on demand."""

    programme = models.OneToOneField(WorkProgramme, on_delete=models.CASCADE, related_name="midterm")
    conclusions = models.TextField(_("conclusions"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("mid-term evaluation")
        verbose_name_plural = _("mid-term evaluations")

    def __str__(self) -> str:
        return str(self.programme)

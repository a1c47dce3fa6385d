"""Read-side functions of the work programme, used by views, the API and reports."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from grensloos.core.i18n import LANGUAGES

from .models import (
    AnnualPlan,
    Indicator,
    Measurement,
    Milestone,
    Priority,
    ProgressUpdate,
    Project,
    ProjectStatus,
    StrategicLine,
    Theme,
    Timeliness,
    WorkProgramme,
)


def current_programme() -> WorkProgramme | None:
    """The programme the public pages open on: the configured one, else the most recent."""
    return (
        WorkProgramme.objects.filter(code=settings.GRENSLOOS_DEFAULT_PROGRAMME).first()
        or WorkProgramme.objects.order_by("-start_year").first()
    )


def theme_by_code(programme: WorkProgramme, code: str) -> Theme | None:
    """The theme "1.3" of a programme, or None."""
    line, _dot, number = code.partition(".")
    if not (line.isdigit() and number.isdigit()):
        return None
    return (
        Theme.objects.select_related("line")
        .filter(line__programme=programme, line__number=int(line), number=int(number))
        .first()
    )


def lines_with_projects(programme: WorkProgramme) -> QuerySet[StrategicLine]:
    """Lines → themes → projects (with their lead states), in order, in a fixed number of queries."""
    projects = Project.objects.prefetch_related("lead").order_by("-flagship", "code")
    return (
        StrategicLine.objects.filter(programme=programme)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=Theme.objects.order_by("number").prefetch_related(Prefetch("projects", queryset=projects)),
            )
        )
    )


def project_detail(programme: WorkProgramme, code: str) -> Project:
    return (
        Project.objects.filter(programme=programme, code=code)
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.select_related("line")),
            "lead",
            "partners",
            Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "code")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("data_series").prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("date"))
                ),
            ),
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-year", "-quarter", "-created_at")),
            Prefetch("priorities", queryset=Priority.objects.select_related("plan").order_by("plan__year")),
        )
        .get()
    )


@dataclass
class ProjectFilters:
    line: int | None = None
    theme: str | None = None  # "1.3"
    status: str | None = None
    country: str | None = None  # territory code
    flagship: bool = False
    q: str = ""


def project_list(programme: WorkProgramme, filters: ProjectFilters) -> QuerySet[Project]:
    qs = Project.objects.filter(programme=programme).prefetch_related("lead", "themes__line")
    if filters.line:
        qs = qs.filter(themes__line__number=filters.line)
    if filters.theme and "." in filters.theme:
        line, number = filters.theme.split(".", 1)
        if line.isdigit() and number.isdigit():
            qs = qs.filter(themes__line__number=int(line), themes__number=int(number))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.country:
        qs = qs.filter(Q(lead__code=filters.country) | Q(partners__code=filters.country))
    if filters.flagship:
        qs = qs.filter(flagship=True)
    if filters.q:
        qs = qs.filter(_text_query(filters.q, ["title", "summary"]))
    return qs.distinct().order_by("-flagship", "code")


def _text_query(text: str, fields: list[str]) -> Q:
    """Every word of ``text`` must occur in one of ``fields``, in any language."""
    condition = Q()
    for word in text.split()[:10]:
        any_field = Q()
        for name in fields:
            for lang in LANGUAGES:
                any_field |= Q(**{f"{name}_{lang}__icontains": word})
        condition &= any_field
    return condition


@dataclass
class SearchResults:
    query: str
    lines: list[StrategicLine] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines) + len(self.themes) + len(self.projects) + len(self.priorities)


def search(programme: WorkProgramme, text: str) -> SearchResults:
    """Lines, themes, projects and annual-plan priorities whose texts contain every word, in any language."""
    text = " ".join(text.split())[:200]
    results = SearchResults(query=text)
    if not text:
        return results
    results.lines = list(
        StrategicLine.objects.filter(programme=programme)
        .filter(_text_query(text, ["title", "motto", "summary"]))
        .order_by("number")
    )
    results.themes = list(
        Theme.objects.filter(line__programme=programme)
        .select_related("line")
        .filter(_text_query(text, ["title", "summary"]))
    )
    results.projects = list(
        Project.objects.filter(programme=programme)
        .filter(_text_query(text, ["title", "summary"]))
        .order_by("-flagship", "code")
    )
    results.priorities = list(
        Priority.objects.filter(plan__programme=programme)
        .select_related("plan")
        .filter(_text_query(text, ["title", "description"]))
        .order_by("plan__year", "number")
    )
    return results


def annual_plan(programme: WorkProgramme, year: int) -> AnnualPlan:
    return (
        AnnualPlan.objects.filter(programme=programme, year=year)
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.order_by("number").prefetch_related(
                    Prefetch("themes", queryset=Theme.objects.select_related("line")), "projects"
                ),
            )
        )
        .get()
    )


def status_counts(projects: list[Project]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the order of the status list."""
    counts = Counter(p.status for p in projects)
    return [(s.value, s.label, counts.get(s.value, 0)) for s in ProjectStatus]


@dataclass
class LiveFigure:
    """The latest figure of the statistical series an indicator is bound to (Benelux data module)."""

    value: Decimal
    period: str
    date: datetime.date
    flags: str
    data_indicator: object
    geo: str
    live: bool = True


def live_figure(indicator: Indicator, as_of: datetime.date | None = None) -> LiveFigure | None:
    if indicator.data_series_id is None:
        return None
    from grensloos.insights import queries as data_queries

    geo = indicator.data_geo or "BE"
    try:
        series = data_queries.indicator_series(indicator.data_series, [geo]).get(geo)
    except data_queries.DefinitionError:  # the data indicator's definition does not fit its dataset (yet)
        return None
    if series is None:
        return None
    last = series.latest(as_of.year if as_of else None)
    if last is None:
        return None
    year = int(last.period[:4])
    return LiveFigure(
        Decimal(str(last.value)), last.period, datetime.date(year, 12, 31), last.flags, indicator.data_series, geo
    )


def latest_measurement(indicator: Indicator, as_of: datetime.date | None = None) -> Measurement | LiveFigure | None:
    """The project's own latest measurement, or else the live figure of a bound statistical series."""
    measurements = [m for m in indicator.measurements.all() if as_of is None or m.date <= as_of]
    latest = max(measurements, key=lambda m: m.date, default=None)
    return latest if latest is not None else live_figure(indicator, as_of)


# ------------------------------------------------------------------------------------ mid-term evaluation


@dataclass
class IndicatorRow:
    indicator: Indicator
    project: Project
    latest: Measurement | None
    progress: float | None  # 1.0 = target reached


@dataclass
class LineEvaluation:
    line: StrategicLine
    projects: list[Project]
    status_counts: list[tuple[str, str, int]]
    milestone_counts: dict[str, int]
    late_milestones: list[Milestone]
    indicators: list[IndicatorRow]

    @property
    def milestones_total(self) -> int:
        return sum(self.milestone_counts.values())


@dataclass
class MidtermEvaluationData:
    programme: WorkProgramme
    as_of: datetime.date
    lines: list[LineEvaluation]
    status_counts: list[tuple[str, str, int]]
    milestone_counts: dict[str, int]
    conclusions: str
    demo_content: bool

    @property
    def projects_total(self) -> int:
        return sum(c for _s, _l, c in self.status_counts)


def midterm_evaluation(programme: WorkProgramme, as_of: datetime.date | None = None) -> MidtermEvaluationData:
    """Figures of the mid-term evaluation per strategic line, as they stood on ``as_of`` (default today).

    A project counts under the line of its first theme, so totals add up across lines.
    """
    as_of = as_of or timezone.localdate()
    projects = list(
        Project.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.select_related("line").order_by("line__number", "number")),
            "milestones",
            Prefetch(
                "indicators", queryset=Indicator.objects.select_related("data_series").prefetch_related("measurements")
            ),
        )
        .order_by("code")
    )
    by_line: dict[int, list[Project]] = {}
    for project in projects:
        themes = list(project.themes.all())
        if themes:
            by_line.setdefault(themes[0].line_id, []).append(project)
    lines = []
    all_milestones: Counter[str] = Counter()
    for line in StrategicLine.objects.filter(programme=programme).order_by("number"):
        line_projects = by_line.get(line.pk, [])
        counts: Counter[str] = Counter()
        late: list[Milestone] = []
        rows: list[IndicatorRow] = []
        for project in line_projects:
            for milestone in project.milestones.all():
                timeliness = milestone.timeliness(as_of)
                counts[timeliness] += 1
                if timeliness in (Timeliness.LATE, Timeliness.OVERDUE):
                    late.append(milestone)
            for indicator in project.indicators.all():
                latest = latest_measurement(indicator, as_of)
                rows.append(
                    IndicatorRow(indicator, project, latest, indicator.progress(latest.value if latest else None))
                )
        all_milestones.update(counts)
        lines.append(
            LineEvaluation(
                line=line,
                projects=line_projects,
                status_counts=status_counts(line_projects),
                milestone_counts={t.value: counts.get(t.value, 0) for t in Timeliness},
                late_milestones=sorted(late, key=lambda m: m.planned_date),
                indicators=rows,
            )
        )
    midterm = getattr(programme, "midterm", None)
    return MidtermEvaluationData(
        programme=programme,
        as_of=as_of,
        lines=lines,
        status_counts=status_counts(projects),
        milestone_counts={t.value: all_milestones.get(t.value, 0) for t in Timeliness},
        conclusions=midterm.conclusions if midterm else "",
        demo_content=any(p.is_demo for p in projects),
    )

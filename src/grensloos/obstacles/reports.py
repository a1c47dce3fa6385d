"""The annual report of the obstacle register, as HTML or PDF, in any of the four languages.

Every figure is computed from the register when the report is asked for; nothing is stored. The report is
meant to be published, so it lists only obstacles of the public register by name, never shows who reported
a case (``ReporterContact`` is not read at all) nor who handled it. Counts include every case of the year,
demo content too; the report says so when demo content is part of them.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from grensloos.core import charts
from grensloos.core.pdf import html_to_pdf
from grensloos.core.vocabularies import Domain

from .models import (
    BORDERS,
    SOLVED_STATES,
    Government,
    GovernmentAnswer,
    Obstacle,
    ObstacleType,
    PriorityItem,
    Solution,
    Status,
    border_label,
)
from .services import working_days_between

FORMATS = ("html", "pdf")
FIRST_YEAR = 2000
EXCERPT_LENGTH = 400


def last_year() -> int:
    """The latest year a report may cover: next year, whose priority list may already be drawn up."""
    return timezone.localdate().year + 1


def check_year(year: int) -> None:
    """Raise ValueError unless the register can report on ``year``."""
    last = last_year()
    if not isinstance(year, int) or not FIRST_YEAR <= year <= last:
        raise ValueError(
            _("%(year)s is not a year of the register: give a year from %(first)s to %(last)s.")
            % {"year": year, "first": FIRST_YEAR, "last": last}
        )


@dataclass
class SolvedCase:
    reference: str
    title: str
    language: str
    domain: str
    borders: list[str]
    closed_on: datetime.date
    days: int
    working_days: int
    status: str
    solution_kind: str
    solution_actor: str
    solution_excerpt: str
    solution_language: str


@dataclass
class PriorityEntry:
    rank: int
    reference: str
    title: str
    language: str
    status: str
    answers: list[tuple[str, GovernmentAnswer | None]]  # (government name, answer) for BE, NL, LU


def _counts(queryset, field: str) -> dict[str, int]:  # noqa: ANN001
    return {row[field]: row["n"] for row in queryset.order_by().values(field).annotate(n=Count("id"))}


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def annual_context(year: int, lang: str) -> dict:
    """Figures, lists and charts of the annual report for ``year``, with every label in ``lang``."""
    check_year(year)
    with translation.override(lang):
        return _annual_context(year, lang)


def _annual_context(year: int, lang: str) -> dict:
    received = Obstacle.objects.filter(reported_on__year=year)
    accepted = Obstacle.objects.filter(accepted_on__year=year)
    solved = Obstacle.objects.filter(status__in=SOLVED_STATES, closed_on__year=year)
    rejected = Obstacle.objects.filter(status=Status.REJECTED, closed_on__year=year)
    merged = Obstacle.objects.filter(status=Status.MERGED, closed_on__year=year)
    not_solvable = Obstacle.objects.filter(status=Status.NOT_SOLVABLE, closed_on__year=year)
    priority_items = PriorityItem.objects.filter(year=year)

    totals = {
        "received": received.count(),
        "accepted": accepted.count(),
        "solved": solved.filter(status=Status.SOLVED).count(),
        "partly_solved": solved.filter(status=Status.PARTLY_SOLVED).count(),
        "not_solvable": not_solvable.count(),
        "rejected": rejected.count(),
        "merged": merged.count(),
    }
    totals["solved_all"] = totals["solved"] + totals["partly_solved"]

    year_cases = Q(reported_on__year=year) | Q(accepted_on__year=year) | Q(closed_on__year=year)
    demo_included = (
        Obstacle.objects.filter(year_cases, is_demo=True).exists()
        or priority_items.filter(obstacle__is_demo=True).exists()
    )

    # Time to solution: from the report to the closing decision, of the cases solved in the year.
    durations = list(solved.values_list("reported_on", "closed_on"))
    days = [(end - start).days for start, end in durations]
    working = [working_days_between(start, end) for start, end in durations]

    # Breakdowns of the year's reports (codes → counts; an obstacle counts under each of its borders).
    by_domain = _counts(received, "domain")
    by_border = {b: received.with_border(b).count() for b in BORDERS}
    by_status = _counts(received, "status")
    by_type = _counts(received, "obstacle_type")
    by_month = dict.fromkeys(range(1, 13), 0)
    for day in received.values_list("reported_on", flat=True):
        by_month[day.month] += 1

    domain_rows = [(str(d.label), by_domain.get(d.value, 0)) for d in Domain]
    if by_domain.get(""):
        domain_rows.append((_("Not classified yet"), by_domain[""]))
    border_rows = [(border_label(b), n) for b, n in by_border.items()]
    status_rows = [(str(s.label), by_status[s.value]) for s in Status if by_status.get(s.value)]
    type_rows = [(str(t.label), by_type.get(t.value, 0)) for t in ObstacleType]
    if by_type.get(""):
        type_rows.append((_("Not classified yet"), by_type[""]))

    received_charts = [
        charts.bar_chart(
            _("Reports received per month, %(year)s") % {"year": year},
            _("For each month of %(year)s, the number of obstacles reported.") % {"year": year},
            [(str(MONTHS[m]), n) for m, n in by_month.items()],
            category_label=_("Month"),
        ),
        charts.bar_chart(
            _("Reports of %(year)s by policy domain") % {"year": year},
            _("For each policy domain, the number of obstacles reported in %(year)s.") % {"year": year},
            domain_rows,
            category_label=_("Policy domain"),
        ),
        charts.bar_chart(
            _("Reports of %(year)s by border") % {"year": year},
            _(
                "For each border, the number of obstacles reported in %(year)s that concern it. An obstacle "
                "that concerns several borders counts under each of them."
            )
            % {"year": year},
            border_rows,
            category_label=_("Border"),
        ),
        charts.bar_chart(
            _("Reports of %(year)s by current status") % {"year": year},
            _("The obstacles reported in %(year)s, by the status they have today.") % {"year": year},
            status_rows,
            category_label=_("Status"),
        ),
        charts.bar_chart(
            _("Reports of %(year)s by type of obstacle") % {"year": year},
            _("For each type of obstacle, the number of obstacles reported in %(year)s.") % {"year": year},
            type_rows,
            category_label=_("Type of obstacle"),
        ),
    ]

    return {
        "year": str(year),  # a string, so that templates never print it as 2,024 or 2 024
        "lang": lang,
        "generated_on": timezone.localdate(),
        "totals": totals,
        "demo_included": demo_included,
        "median_days": _median(days),
        "median_working_days": _median(working),
        "solved_count_for_median": len(days),
        "by_domain": by_domain,
        "by_border": by_border,
        "by_status": by_status,
        "by_type": by_type,
        "by_month": by_month,
        "received_charts": received_charts,
        "solved_cases": _solved_cases(solved),
        "hidden_solved": solved.count() - solved.public().count(),
        "priorities": _priorities(priority_items),
        "hidden_priorities": priority_items.count()
        - priority_items.filter(obstacle__in=Obstacle.objects.public()).count(),
        "governments": [str(g.label) for g in Government],
    }


def _solved_cases(solved) -> list[SolvedCase]:  # noqa: ANN001
    domains = dict(Domain.choices)
    statuses = dict(Status.choices)
    kinds = dict(Solution.Kind.choices)
    solutions = {s.obstacle_id: s for s in Solution.objects.filter(obstacle__in=solved.public())}
    cases = []
    for obstacle in solved.public().order_by("closed_on", "reference"):
        solution = solutions.get(obstacle.pk)
        cases.append(
            SolvedCase(
                reference=obstacle.reference,
                title=obstacle.title,
                language=obstacle.language,
                domain=str(domains.get(obstacle.domain, "")) if obstacle.domain else "",
                borders=[border_label(b) for b in obstacle.border_list],
                closed_on=obstacle.closed_on,
                days=(obstacle.closed_on - obstacle.reported_on).days,
                working_days=working_days_between(obstacle.reported_on, obstacle.closed_on),
                status=str(statuses.get(obstacle.status, obstacle.status)),
                solution_kind=str(kinds.get(solution.kind, solution.kind)) if solution else "",
                solution_actor=solution.actor if solution else "",
                solution_excerpt=truncatechars(solution.description, EXCERPT_LENGTH) if solution else "",
                solution_language=solution.language if solution else "",
            )
        )
    return cases


def _priorities(items) -> list[PriorityEntry]:  # noqa: ANN001
    items = list(
        items.filter(obstacle__in=Obstacle.objects.public())
        .select_related("obstacle")
        .order_by("rank", "obstacle__reference")
    )
    if not items:
        return []
    year = items[0].year
    answers = {
        (a.obstacle_id, a.country): a
        for a in GovernmentAnswer.objects.filter(year=year, obstacle__in=[i.obstacle_id for i in items])
    }
    statuses = dict(Status.choices)
    return [
        PriorityEntry(
            rank=item.rank,
            reference=item.obstacle.reference,
            title=item.obstacle.title,
            language=item.obstacle.language,
            status=str(statuses.get(item.obstacle.status, item.obstacle.status)),
            answers=[(str(g.label), answers.get((item.obstacle_id, g.value))) for g in Government],
        )
        for item in items
    ]


def render_annual(year: int, lang: str, fmt: str = "html") -> bytes:
    """The complete annual report for ``year`` in ``lang`` as HTML (UTF-8 bytes) or PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    with translation.override(lang):
        context = annual_context(year, lang)
        context["for_pdf"] = fmt == "pdf"
        html = render_to_string("obstacles/report/annual_document.html", context)
    if fmt == "html":
        return html.encode("utf-8")
    return html_to_pdf(html)

"""The mid-term evaluation report, as HTML or PDF, in any of the four languages."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from grensloos.core import charts
from grensloos.core.pdf import html_to_pdf

from . import queries
from .models import ProjectStatus, Timeliness, WorkProgramme

STATUS_COLOURS = {
    ProjectStatus.PLANNED: "#4a5568",
    ProjectStatus.ONGOING: "#1f5fa8",
    ProjectStatus.COMPLETED: "#2e7d32",
    ProjectStatus.ON_HOLD: "#b35900",
    ProjectStatus.STOPPED: "#c62839",
}
TIMELINESS_COLOURS = {
    Timeliness.ON_TIME: "#2e7d32",
    Timeliness.LATE: "#b35900",
    Timeliness.OVERDUE: "#c62839",
    Timeliness.UPCOMING: "#1f5fa8",
    Timeliness.CANCELLED: "#4a5568",
}
FORMATS = ("html", "pdf")


def midterm_context(programme: WorkProgramme, as_of: datetime.date | None = None) -> dict:
    """Figures and charts of the report, in the active language."""
    data = queries.midterm_evaluation(programme, as_of)
    line_labels = [f"{e.line.number}. {e.line.title}" for e in data.lines]
    status_chart = charts.stacked_bar_chart(
        _("Projects by status per strategic line"),
        _("For each strategic line, the number of projects in each status."),
        [str(s.label) for s in ProjectStatus],
        [(label, [c for _s, _l, c in e.status_counts]) for label, e in zip(line_labels, data.lines, strict=True)],
        colours=[STATUS_COLOURS[s] for s in ProjectStatus],
        category_label=_("Strategic line"),
    )
    milestone_chart = charts.stacked_bar_chart(
        _("Milestones by timeliness per strategic line"),
        _(
            "For each strategic line, how many milestones were reached on time, reached late, are overdue, "
            "are not yet due or were cancelled."
        ),
        [str(t.label) for t in Timeliness],
        [
            (label, [e.milestone_counts[t.value] for t in Timeliness])
            for label, e in zip(line_labels, data.lines, strict=True)
        ],
        colours=[TIMELINESS_COLOURS[t] for t in Timeliness],
        category_label=_("Strategic line"),
    )
    line_charts = {}
    for evaluation in data.lines:
        rows = [r for r in evaluation.indicators if r.progress is not None]
        if rows:
            line_charts[evaluation.line.number] = charts.bar_chart(
                _("Indicator progress towards target, line %(number)s") % {"number": evaluation.line.number},
                _(
                    "For each indicator, the share of the way from baseline to target reached by the latest "
                    "measurement, in percent; 100 means the target is reached."
                ),
                [(str(r.indicator.name), round(r.progress * 100, 1)) for r in rows],
                unit="%",
                max_value=max(100.0, *(r.progress * 100 for r in rows)),
                category_label=_("Indicator"),
            )
    return {
        "data": data,
        **_line_data(data),
        "status_chart": status_chart,
        "milestone_chart": milestone_chart,
        "line_charts": line_charts,
        "timeliness": list(Timeliness),
        "statuses": list(ProjectStatus),
    }


def _line_data(data: queries.MidtermEvaluationData) -> dict:
    """Live Benelux figures (Eurostat) of the indicators tied to each strategic line, as of the report date."""
    from grensloos.core.i18n import country_name
    from grensloos.insights import queries as data_queries
    from grensloos.insights.regions import BENELUX

    line_data = {}
    for evaluation in data.lines:
        rows = []
        for indicator in data_queries.indicators_for_line(evaluation.line):
            try:
                series = data_queries.indicator_series(indicator, list(BENELUX))
            except data_queries.DefinitionError:  # shown on the indicator's own page; no figure here
                continue
            latest = [series[geo].latest(data.as_of.year) if geo in series else None for geo in BENELUX]
            if any(latest):
                rows.append({"indicator": indicator, "latest": latest})
        if rows:
            line_data[evaluation.line.number] = rows
    return {"line_data": line_data, "data_geo_labels": [country_name(g) for g in BENELUX]}


def render_midterm(programme: WorkProgramme, lang: str, fmt: str = "html", as_of: datetime.date | None = None) -> bytes:
    """The complete report document in ``lang`` as HTML (UTF-8 bytes) or PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    with translation.override(lang):
        context = midterm_context(programme, as_of)
        context["lang"] = lang
        context["for_pdf"] = fmt == "pdf"
        html = render_to_string("programme/report/midterm_document.html", context)
    if fmt == "html":
        return html.encode("utf-8")
    return html_to_pdf(html)

"""Pages of the Benelux data module: dashboards per strategic line, indicator pages, sources, CSV."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from grensloos.core import charts
from grensloos.core.cache import public_page
from grensloos.core.i18n import country_name
from grensloos.core.vocabularies import Domain
from grensloos.programme import queries as programme_queries

from . import flags as flag_meanings
from . import queries
from .models import Dataset, Indicator
from .regions import EU_AGGREGATES


def geo_label(geo: str) -> str:
    if geo in EU_AGGREGATES:
        return _("EU-27") if geo == "EU27_2020" else geo.replace("_", " ")
    return country_name(geo) if len(geo) == 2 else geo


def summary(indicator: Indicator) -> dict:
    comparison = queries.compare(indicator)
    return {
        "indicator": indicator,
        "comparison": comparison,
        "latest": [
            (geo_label(g), comparison.series.get(g) and comparison.series[g].latest(), comparison.trends.get(g))
            for g in comparison.geos
        ],
    }


@public_page
def index(request: HttpRequest) -> HttpResponse:
    programme = programme_queries.current_programme()
    groups = [
        (line, [summary(i) for i in indicators])
        for line, indicators in queries.indicators_by_line(programme)
        if indicators
    ]
    used = set(Indicator.objects.values_list("domain", flat=True))
    domains = [d for d in Domain if d.value in used]
    return render(request, "insights/index.html", {"groups": groups, "programme": programme, "domains": domains})


@public_page
def line_dashboard(request: HttpRequest, number: int) -> HttpResponse:
    programme = programme_queries.current_programme()
    line = programme.lines.filter(number=number).first() if programme else None
    if line is None:
        raise Http404
    summaries = [summary(i) for i in queries.indicators_for_line(line)]
    return render(request, "insights/line.html", {"line": line, "summaries": summaries, "programme": programme})


@public_page
def domain_dashboard(request: HttpRequest, domain: str) -> HttpResponse:
    """The indicators of one policy domain: what an obstacle page of that domain links to."""
    if domain not in Domain.values:
        raise Http404
    summaries = [summary(i) for i in queries.indicators_for_domain(domain).select_related("theme")]
    return render(request, "insights/domain.html", {"domain": Domain(domain), "summaries": summaries})


@public_page
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("line", "theme__line"), code=code)
    comparison = queries.compare(indicator, with_regions=True)
    chart = None
    if comparison.has_data:
        lookup = {g: {o.period: o.value for o in s.observations} for g, s in comparison.series.items()}
        chart = charts.line_chart(
            indicator.name,
            _("%(name)s in %(unit)s, by year, for %(geos)s.")
            % {
                "name": indicator.name,
                "unit": indicator.unit,
                "geos": ", ".join(geo_label(g) for g in comparison.geos),
            },
            comparison.periods,
            [(geo_label(g), [lookup.get(g, {}).get(p) for p in comparison.periods]) for g in comparison.geos],
            unit=indicator.unit,
        )
    used_flags = sorted({f for s in comparison.series.values() for o in s.observations for f in o.flags})
    dataset = comparison.dataset
    return render(
        request,
        "insights/indicator.html",
        {
            "indicator": indicator,
            "comparison": comparison,
            "chart": chart,
            "geo_labels": [geo_label(g) for g in comparison.geos],
            "trend_rows": [(geo_label(g), comparison.trends.get(g)) for g in comparison.geos],
            "flags": flag_meanings.describe("".join(used_flags)),
            "dataset": dataset,
            "last_import": queries.latest_import(dataset) if dataset else None,
        },
    )


def indicator_csv(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    comparison = queries.compare(indicator, with_regions=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(["indicator", "dataset", "series", "geo", "period", "value", "flags"])
    series = {**comparison.series, **{row["geo"]: row["series"] for row in comparison.regional}}
    for geo, s in series.items():
        for obs in s.observations:
            writer.writerow(
                [
                    indicator.code,
                    indicator.dataset_code,
                    s.key,
                    geo,
                    obs.period,
                    "" if obs.value is None else repr(obs.value),
                    obs.flags,
                ]
            )
    return response


@public_page
def sources(request: HttpRequest) -> HttpResponse:
    datasets = Dataset.objects.select_related("source").prefetch_related("imports").order_by("code")
    known = {d.code for d in datasets}
    missing = sorted({i.dataset_code for i in Indicator.objects.all()} - known)
    return render(request, "insights/sources.html", {"datasets": datasets, "missing": missing})

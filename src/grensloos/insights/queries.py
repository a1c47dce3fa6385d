"""Reading statistical data: series of an indicator, trends, dashboards, regional views."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from . import analysis, formats
from .models import Dataset, ImportRecord, Indicator, SeriesBlock
from .regions import BENELUX, BORDER_REGIONS, EU_AGGREGATES, NUTS2


class DefinitionError(Exception):
    """The indicator's fixed dimension values do not single out one series per geography."""


def dataset_for(indicator: Indicator) -> Dataset | None:
    return Dataset.objects.filter(code=indicator.dataset_code).first()


def series_key(indicator: Indicator, dataset: Dataset, geo: str) -> str:
    dims = dataset.dimensions[:-1]
    missing = [d for d in dims if d not in indicator.filters]
    unknown = [d for d in indicator.filters if d not in dims]
    if missing or unknown:
        raise DefinitionError(
            f"dimensions without a value: {', '.join(missing) or '–'}; unknown dimensions: {', '.join(unknown) or '–'}"
        )
    return ",".join([*(str(indicator.filters[d]) for d in dims), geo])


def _find_line(body: str, key: str) -> str | None:
    needle = key + "\t"
    if body.startswith(needle):
        start = 0
    else:
        start = body.find("\n" + needle)
        if start < 0:
            return None
        start += 1
    end = body.find("\n", start)
    return body[start : end if end >= 0 else len(body)]


def indicator_series(
    indicator: Indicator, geos: list[str] | None = None, dataset: Dataset | None = None
) -> dict[str, analysis.Series]:
    """The indicator's series per geography (all geographies when ``geos`` is None)."""
    dataset = dataset or dataset_for(indicator)
    if dataset is None:
        return {}
    blocks = SeriesBlock.objects.filter(dataset=dataset)
    if geos is not None:
        blocks = blocks.filter(geo__in=geos)
    out = {}
    for geo, body in blocks.values_list("geo", "body"):
        key = series_key(indicator, dataset, geo)
        line = _find_line(body, key)
        if line is None:
            continue
        cells = line.split("\t")[1:]
        observations = []
        for period, cell in zip(dataset.periods, cells, strict=True):
            value, flags = formats.parse_cell(cell)
            if value is not None or flags:
                observations.append(analysis.Observation(period, value, flags))
        out[geo] = analysis.Series(geo, key, observations)
    return out


@dataclass
class Comparison:
    """BE, NL, LU and the EU aggregate side by side."""

    indicator: Indicator
    dataset: Dataset | None
    geos: list[str]
    series: dict[str, analysis.Series]
    trends: dict[str, analysis.Trend]
    periods: list[str]
    error: str = ""
    regional: list[dict] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(s.values() for s in self.series.values())

    def rows(self) -> list[dict]:
        """One row per period: the value and flags per geography (for the data table and CSV)."""
        lookup = {geo: {o.period: o for o in s.observations} for geo, s in self.series.items()}
        return [{"period": p, "cells": [lookup.get(g, {}).get(p) for g in self.geos]} for p in self.periods]


def compare(indicator: Indicator, with_regions: bool = False) -> Comparison:
    dataset = dataset_for(indicator)
    if dataset is None:
        return Comparison(indicator, None, list(BENELUX), {}, {}, [])
    present = set(SeriesBlock.objects.filter(dataset=dataset).values_list("geo", flat=True))
    eu = next((g for g in EU_AGGREGATES if g in present), None)
    geos = [*BENELUX, *([eu] if eu else [])]
    try:
        series = indicator_series(indicator, geos, dataset)
    except formats.ParseError as exc:  # pragma: no cover - blocks are validated on import
        return Comparison(indicator, dataset, geos, {}, {}, [], error=str(exc))
    except DefinitionError as exc:
        return Comparison(indicator, dataset, geos, {}, {}, [], error=str(exc))
    used = sorted({o.period for s in series.values() for o in s.observations})
    comparison = Comparison(indicator, dataset, geos, series, {g: analysis.trend(s) for g, s in series.items()}, used)
    if with_regions and indicator.regional:
        comparison.regional = regional_view(indicator, dataset, present)
    return comparison


def regional_view(indicator: Indicator, dataset: Dataset, present: set[str]) -> list[dict]:
    """Latest value per NUTS 2 region of the Benelux and the neighbouring border regions."""
    geos = [g for g in present if g in NUTS2 or (len(g) == 4 and g[:2] in BENELUX)]
    series = indicator_series(indicator, geos, dataset)
    rows = []
    for geo in sorted(series):
        latest = series[geo].latest()
        rows.append(
            {
                "geo": geo,
                "name": NUTS2.get(geo, geo),
                "border": BORDER_REGIONS.get(geo, []),
                "latest": latest,
                "trend": analysis.trend(series[geo]),
                "series": series[geo],
            }
        )
    return rows


def indicators_by_line(programme) -> list[tuple[object, list[Indicator]]]:  # noqa: ANN001
    """The catalogue grouped by strategic line of ``programme`` (indicators without a line at the end)."""
    indicators = list(Indicator.objects.select_related("line", "theme__line").order_by("order"))
    lines = list(programme.lines.order_by("number")) if programme else []
    grouped = [(line, [i for i in indicators if i.line_id == line.pk]) for line in lines]
    rest = [i for i in indicators if i.line_id is None or i.line_id not in {line.pk for line in lines}]
    if rest:
        grouped.append((None, rest))
    return grouped


def latest_import(dataset: Dataset) -> ImportRecord | None:
    return dataset.imports.order_by("-imported_at", "-pk").first()


def indicators_for_line(line) -> QuerySet[Indicator]:  # noqa: ANN001
    return Indicator.objects.filter(line=line).order_by("order")


def indicators_for_domain(domain: str) -> QuerySet[Indicator]:
    """Indicators related to an obstacle domain (for obstacle pages)."""
    return Indicator.objects.filter(domain=domain).order_by("order")

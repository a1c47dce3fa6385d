"""Trend figures for a time series, respecting breaks in series.

A break (flag ``b``) means an observation is not comparable with the ones before it (new method, new
definition). Trends are therefore computed on the *comparable segment*: from the last break on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_PERIOD = re.compile(r"^(\d{4})(?:-?(Q|S|M|W)?(\d{1,2}))?$")


@dataclass(frozen=True)
class Observation:
    period: str
    value: float | None
    flags: str = ""

    @property
    def is_break(self) -> bool:
        return "b" in self.flags


@dataclass
class Series:
    geo: str
    key: str
    observations: list[Observation] = field(default_factory=list)

    def values(self) -> list[Observation]:
        return [o for o in self.observations if o.value is not None]

    def latest(self, up_to_year: int | None = None) -> Observation | None:
        """The last observation with a value (in or before ``up_to_year`` when given)."""
        present = [o for o in self.values() if up_to_year is None or int(o.period[:4]) <= up_to_year]
        return present[-1] if present else None


@dataclass(frozen=True)
class Trend:
    segment_start: str | None  # first period of the comparable segment
    points: int
    slope: float | None  # units per year, ordinary least squares
    cagr: float | None  # compound annual growth rate, 0.05 = 5 %
    latest_change: float | None  # last value minus the one before it
    latest_change_pct: float | None
    after_break: bool  # the segment starts at a break in series


def period_to_year(period: str) -> float:
    """2021 → 2021.0; 2021-Q3 → 2021.5; 2021-07 or 2021M07 → 2021.5; 2021-S2 → 2021.5."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, kind, number = match.groups()
    if number is None:
        return float(year)
    n = int(number)
    if kind == "Q":
        return int(year) + (n - 1) / 4
    if kind == "S":
        return int(year) + (n - 1) / 2
    if kind == "W":
        return int(year) + (n - 1) / 52
    return int(year) + (n - 1) / 12


def last_break(series: Series) -> int | None:
    """Index of the last observation flagged as a break, counting missing values too (``: b`` is a break
    without a figure: the figures after it are still not comparable with the ones before)."""
    breaks = [index for index, obs in enumerate(series.observations) if obs.is_break]
    return breaks[-1] if breaks else None


def comparable_segment(series: Series) -> list[Observation]:
    start = last_break(series) or 0
    return [o for o in series.observations[start:] if o.value is not None]


def trend(series: Series) -> Trend:
    segment = comparable_segment(series)
    after_break = bool(segment) and last_break(series) is not None
    if len(segment) < 2:
        return Trend(segment[0].period if segment else None, len(segment), None, None, None, None, after_break)
    xs = [period_to_year(o.period) for o in segment]
    ys = [o.value for o in segment]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else None
    span = xs[-1] - xs[0]
    cagr = None
    if span > 0 and ys[0] > 0 and ys[-1] > 0:
        cagr = math.exp(math.log(ys[-1] / ys[0]) / span) - 1
    last, previous = segment[-1], segment[-2]
    change = last.value - previous.value
    change_pct = change / previous.value if previous.value else None
    return Trend(segment[0].period, len(segment), slope, cagr, change, change_pct, after_break)

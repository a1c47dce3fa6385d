"""Server-rendered, accessible SVG charts.

A chart is drawn from plain data: every chart has a ``<title>`` and ``<desc>``, the SVG is exposed as one
image (``role="img"``) and the same data is always offered as a table next to it (``core/charts/table.html``).
No script and no external asset is needed, so charts work in the browser and in WeasyPrint PDFs alike.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString

# Colours chosen for at least 3:1 contrast with white (WCAG 1.4.11) and to stay apart for common
# colour-vision deficiencies; every segment is also labelled in the table alternative.
PALETTE = ["#1f5fa8", "#b35900", "#2e7d32", "#7b3fa0", "#c62839", "#00707a", "#5d4037", "#4a5568"]
_ids = itertools.count(1)


@dataclass
class Segment:
    label: str
    value: float
    colour: str = ""


@dataclass
class Bar:
    label: str
    segments: list[Segment]

    @property
    def total(self) -> float:
        return sum(s.value for s in self.segments)


@dataclass
class Chart:
    title: str
    description: str
    bars: list[Bar]
    unit: str = ""
    max_value: float | None = None
    legend: list[Segment] = field(default_factory=list)
    category_label: str = ""
    # layout, in SVG user units
    label_width: int = 320
    plot_width: int = 400
    bar_height: int = 22
    gap: int = 10

    def layout(self) -> dict:
        width = self.label_width + self.plot_width + 80
        # legend items flow from the left and wrap onto new rows, ~7 units per character at 12px
        legend, lx, ly = [], 0, 0
        for seg in self.legend if len(self.legend) > 1 else []:
            item_width = 18 + 7 * len(seg.label) + 18
            if lx and lx + item_width > width:
                lx, ly = 0, ly + 20
            legend.append({"x": lx, "y": ly + 4, "text_y": ly + 16, "label": seg.label, "colour": seg.colour})
            lx += item_width
        legend_height = ly + 28 if legend else 0
        scale_max = self.max_value or max((b.total for b in self.bars), default=0) or 1
        rows = []
        for i, bar in enumerate(self.bars):
            y = legend_height + i * (self.bar_height + self.gap)
            x = self.label_width
            parts = []
            for seg in bar.segments:
                seg_width = self.plot_width * (seg.value / scale_max) if scale_max else 0
                if seg_width > 0:
                    parts.append(
                        {
                            "x": round(x, 2),
                            "width": round(seg_width, 2),
                            "colour": seg.colour,
                            "label": seg.label,
                            "value": seg.value,
                        }
                    )
                x += seg_width
            rows.append(
                {
                    "label": bar.label,
                    "y": y,
                    "text_y": y + self.bar_height * 0.7,
                    "parts": parts,
                    "value_x": round(x + 6, 2),
                    "value": _number(bar.total),
                }
            )
        height = legend_height + len(self.bars) * (self.bar_height + self.gap)
        return {
            "rows": rows,
            "legend": legend,
            "height": max(height, 1),
            "width": width,
            "bar_height": self.bar_height,
            "label_x": self.label_width - 8,
        }


def _number(value: float) -> str:
    """A localised number without a useless fraction (3 rather than 3,0)."""
    return number_format(int(value) if float(value).is_integer() else round(value, 2), use_l10n=True)


def bar_chart(
    title: str,
    description: str,
    items: list[tuple[str, float]],
    unit: str = "",
    max_value: float | None = None,
    category_label: str = "",
) -> Chart:
    """One bar per item, all in the first palette colour."""
    bars = [Bar(label, [Segment(label, float(value), PALETTE[0])]) for label, value in items]
    return Chart(title, description, bars, unit=unit, max_value=max_value, category_label=category_label)


def stacked_bar_chart(
    title: str,
    description: str,
    series: list[str],
    rows: list[tuple[str, list[float]]],
    colours: list[str] | None = None,
    category_label: str = "",
) -> Chart:
    """One bar per row, split into one segment per series (e.g. projects per status for each line)."""
    colours = colours or PALETTE
    legend = [Segment(name, 0, colours[i % len(colours)]) for i, name in enumerate(series)]
    bars = [
        Bar(label, [Segment(series[i], float(v), colours[i % len(colours)]) for i, v in enumerate(values)])
        for label, values in rows
    ]
    return Chart(title, description, bars, legend=legend, category_label=category_label)


def render_svg(chart: Chart) -> SafeString:
    """The chart as an inline SVG element."""
    n = next(_ids)
    return render_to_string("core/charts/bar.svg", {"chart": chart, "layout": chart.layout(), "uid": f"chart{n}"})


def render_table(chart: Chart, caption: str | None = None) -> SafeString:
    """The chart's data as an HTML table: the text alternative of the picture."""
    series = [seg.label for seg in chart.legend] if chart.legend else []
    return render_to_string(
        "core/charts/table.html", {"chart": chart, "series": series, "caption": caption or chart.title}
    )


# ----------------------------------------------------------------------------------------- line charts

DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2"]


@dataclass
class LineSeries:
    name: str
    values: list[float | None]
    colour: str = ""
    dash: str = ""


@dataclass
class LineChart:
    title: str
    description: str
    x_labels: list[str]
    series: list[LineSeries]
    unit: str = ""
    width: int = 760
    height: int = 340

    def layout(self) -> dict:
        left, right, top, bottom = 72, 16, 44, 40
        plot_w, plot_h = self.width - left - right, self.height - top - bottom
        values = [v for s in self.series for v in s.values if v is not None]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        ticks = _nice_ticks(min(low, 0.0) if low >= 0 else low, high)
        y_min, y_max = ticks[0], ticks[-1]
        span = (y_max - y_min) or 1.0
        n = max(len(self.x_labels) - 1, 1)

        def x(i: int) -> float:
            return round(left + plot_w * i / n, 2)

        def y(v: float) -> float:
            return round(top + plot_h * (1 - (v - y_min) / span), 2)

        lines = []
        for s in self.series:
            segments, current, points = [], [], []
            for i, v in enumerate(s.values):
                if v is None:
                    if current:
                        segments.append(" ".join(current))
                    current = []
                    continue
                current.append(f"{x(i)},{y(v)}")
                points.append({"x": x(i), "y": y(v)})
            if current:
                segments.append(" ".join(current))
            lines.append({"name": s.name, "colour": s.colour, "dash": s.dash, "segments": segments, "points": points})
        step = max(1, math.ceil(len(self.x_labels) / 12))
        x_ticks = [{"x": x(i), "label": lab} for i, lab in enumerate(self.x_labels) if i % step == 0]
        legend, lx = [], left
        for line in lines:
            legend.append({"x": lx, "name": line["name"], "colour": line["colour"], "dash": line["dash"]})
            lx += 40 + 7 * len(line["name"]) + 16
        return {
            "lines": lines,
            "x_ticks": x_ticks,
            "legend": legend,
            "left": left,
            "top": top,
            "right_x": self.width - right,
            "bottom_y": top + plot_h,
            "width": self.width,
            "height": self.height,
            "y_ticks": [{"y": y(t), "label": _number(t)} for t in ticks],
            "label_y": top + plot_h + 18,
        }


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start + i * step, 10) for i in range(count + 2)]
    while ticks[-2] >= high and len(ticks) > 2:
        ticks.pop()
    return ticks


def line_chart(
    title: str, description: str, x_labels: list[str], series: list[tuple[str, list[float | None]]], unit: str = ""
) -> LineChart:
    """One line per series over the same x labels (periods); gaps where a value is missing."""
    return LineChart(
        title,
        description,
        x_labels,
        [
            LineSeries(name, values, PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)])
            for i, (name, values) in enumerate(series)
        ],
        unit=unit,
    )


def render_line_svg(chart: LineChart) -> SafeString:
    n = next(_ids)
    return render_to_string("core/charts/line.svg", {"chart": chart, "layout": chart.layout(), "uid": f"chart{n}"})

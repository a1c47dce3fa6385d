"""Server-rendered, accessible SVG charts.

A chart is drawn from plain data: every chart has a ``<title>`` and ``<desc>``, the SVG is exposed as one
image (``role="img"``) and the same data is always offered as a table next to it (``core/charts/table.html``).
No script and no external asset is needed, so charts work in the browser and in WeasyPrint PDFs alike.
"""

from __future__ import annotations

import itertools
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

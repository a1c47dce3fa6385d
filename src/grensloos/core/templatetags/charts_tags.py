from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..charts import Chart, render_svg, render_table

register = template.Library()


@register.simple_tag
def chart_svg(chart: Chart) -> SafeString:
    return render_svg(chart)


@register.simple_tag
def chart_table(chart: Chart, caption: str | None = None) -> SafeString:
    return render_table(chart, caption)


@register.simple_tag
def line_chart_svg(chart) -> SafeString:  # noqa: ANN001
    from ..charts import render_line_svg

    return render_line_svg(chart)

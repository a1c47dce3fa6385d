from __future__ import annotations

from django import template
from django.utils.formats import number_format

from ..flags import describe

register = template.Library()


@register.filter
def num(value: float | None, decimals: int = 1) -> str:
    """A localised number with the indicator's decimals (and grouping of thousands)."""
    if value is None:
        return "–"
    return number_format(round(value, int(decimals)), int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def signed(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = num(abs(value), int(decimals) + 1)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def pct(value: float | None) -> str:
    if value is None:
        return "–"
    return signed(value * 100, 1) + " %"


@register.filter
def flag_text(flags: str) -> str:
    return ", ".join(f"{letter}: {meaning}" for letter, meaning in describe(flags or ""))


@register.inclusion_tag("insights/_related.html")
def related_indicators(domain: str, limit: int = 3) -> dict:
    """The latest Benelux figures of a policy domain, for pages of other modules (e.g. an obstacle page):
    ``{% related_indicators obstacle.domain %}``. Renders nothing for an unknown domain or one without
    indicators."""
    from grensloos.core.vocabularies import Domain

    from ..queries import indicators_for_domain
    from ..views import summary

    if domain not in Domain.values:
        return {"summaries": []}
    indicators = indicators_for_domain(domain).select_related("theme")[: int(limit)]
    return {"summaries": [summary(i) for i in indicators], "domain": domain, "label": Domain(domain).label}

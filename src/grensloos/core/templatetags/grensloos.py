from __future__ import annotations

from django import template
from django.utils.formats import number_format

from ..i18n import country_name, language_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    """ISO country code → name in the active language (CLDR via Babel)."""
    return country_name(code)


@register.filter
def language(code: str) -> str:
    """Language code → language name in the active language."""
    return language_name(code)


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """A ratio (0.42) as a localised percentage (42 %)."""
    if value is None:
        return "–"
    return f"{number_format(round(value * 100, digits), digits)} %"


@register.filter
def get_item(mapping: dict, key: str):  # noqa: ANN201
    return mapping.get(key) if mapping else None

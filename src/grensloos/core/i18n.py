"""Language helpers: the platform's languages, localised country names and translated-field access."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.conf import settings
from django.utils.translation import get_language

LANGUAGES: tuple[str, ...] = tuple(settings.LANGUAGE_CODES)


def current_language() -> str:
    lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return lang if lang in LANGUAGES else settings.LANGUAGE_CODE


@lru_cache(maxsize=32)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def country_name(code: str, lang: str | None = None) -> str:
    """The name of an ISO 3166-1 alpha-2 country in ``lang`` (default: the active language), from CLDR."""
    if not code:
        return ""
    return _locale(lang or current_language()).territories.get(code.upper(), code.upper())


def language_name(code: str, lang: str | None = None) -> str:
    """The name of a language in ``lang``; with ``lang`` equal to ``code`` it is the language's own name."""
    return _locale(lang or current_language()).languages.get(code, code)


def translations(obj: object, field: str) -> dict[str, str]:
    """All language versions of a modeltranslation field, e.g. ``{"nl": ..., "fr": ..., ...}``."""
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in LANGUAGES}


def missing_translations(obj: object, fields: list[str]) -> list[str]:
    """Names such as ``title_de`` of required translated fields that are empty."""
    return [f"{field}_{lang}" for field in fields for lang in LANGUAGES if not getattr(obj, f"{field}_{lang}")]

"""Shared pieces of the REST API: error format and translated fields (permissions: ``permissions.py``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from .errors import DomainError
from .i18n import LANGUAGES


def exception_handler(exc: Exception, context: dict) -> Any:
    """Turn domain and model validation errors into 400 responses that name the field."""
    if isinstance(exc, DomainError):
        exc = exceptions.ValidationError(exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RecursionError):
        # a JSON document nested thousands deep exhausts the parser's recursion: bad input, not a crash
        exc = exceptions.ParseError("The JSON document is nested too deeply.")
    elif isinstance(exc, IntegrityError):
        # A concurrent write won the race for a unique value: a conflict, not a server error.
        exc = exceptions.ValidationError({"non_field_errors": ["The record conflicts with existing data."]})
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


_TRANSLATED_SCHEMA = {
    "type": "object",
    "description": "One text per language.",
    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
    "additionalProperties": False,
}


@extend_schema_field(_TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """A modeltranslation field as ``{"nl": ..., "fr": ..., "de": ..., "en": ...}``.

    On write, languages left out keep their value (PATCH semantics); ``required_languages`` must be present
    and non-empty when the object is created.
    """

    default_error_messages = {
        "not_object": "Expected an object with one text per language (nl, fr, de, en).",
        "unknown_language": "Unknown language {lang!r}; use nl, fr, de or en.",
        "not_text": "The {lang} text must be a string.",
        "too_long": "The {lang} text is longer than {max_length} characters.",
        "missing": "The text is required in {langs}.",
    }

    def __init__(self, base: str, max_length: int | None = None, require_all: bool = True, **kwargs: Any):
        kwargs["source"] = "*"
        self.base = base
        self.max_length = max_length
        self.require_all = require_all
        super().__init__(**kwargs)

    def to_representation(self, obj: models.Model) -> dict[str, str]:
        return {lang: getattr(obj, f"{self.base}_{lang}") or "" for lang in LANGUAGES}

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, dict):
            self.fail("not_object")
        out: dict[str, str] = {}
        for lang, text in data.items():
            if lang not in LANGUAGES:
                self.fail("unknown_language", lang=lang)
            if not isinstance(text, str):
                self.fail("not_text", lang=lang)
            if "\x00" in text:
                self.fail("not_text", lang=lang)
            if self.max_length and len(text) > self.max_length:
                self.fail("too_long", lang=lang, max_length=self.max_length)
            out[f"{self.base}_{lang}"] = text.strip()
        creating = getattr(self.parent, "instance", None) is None
        if self.require_all and creating:
            missing = [lang for lang in LANGUAGES if not out.get(f"{self.base}_{lang}")]
            if missing:
                self.fail("missing", langs=", ".join(missing))
        elif self.require_all:
            emptied = [lang for lang in LANGUAGES if f"{self.base}_{lang}" in out and not out[f"{self.base}_{lang}"]]
            if emptied:
                self.fail("missing", langs=", ".join(emptied))
        return out

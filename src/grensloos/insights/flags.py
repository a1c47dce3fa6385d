"""Meaning of Eurostat observation flags, in the four languages (codes from Eurostat's OBS_FLAG code list)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FLAGS = {
    "b": _("break in time series"),
    "c": _("confidential"),
    "d": _("definition differs"),
    "e": _("estimated"),
    "f": _("forecast"),
    "i": _("imputed"),
    "m": _("missing value; data cannot exist"),
    "n": _("not significant"),
    "p": _("provisional"),
    "r": _("revised"),
    "s": _("Eurostat estimate"),
    "u": _("low reliability"),
    "z": _("not applicable"),
}


def describe(flags: str) -> list[tuple[str, str]]:
    """``"be"`` → [("b", "break in time series"), ("e", "estimated")]; unknown letters are listed as such."""
    return [(letter, str(FLAGS.get(letter, _("unknown flag")))) for letter in flags]

"""The rules as a table: every parameter with its values over time, sources and doubts, and the legal bases."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .engine import _reference, sources
from .rules import tax_benefit_system


def _walk(node, prefix=""):  # noqa: ANN001
    for name, child in sorted(node.children.items()):
        path = f"{prefix}{name}"
        if hasattr(child, "children"):
            yield from _walk(child, path + ".")
        else:
            yield path, child


def _day_before(iso: str) -> str:
    return (datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)).isoformat()


def rules_table() -> list[dict]:
    """One entry per parameter: description, unit and each value with its validity (``to`` is the last day)."""
    out = []
    for path, parameter in _walk(tax_benefit_system().parameters):
        entries = list(reversed(parameter.values_list))  # oldest first
        values = []
        for i, entry in enumerate(entries):
            meta = entry.metadata or {}
            refs = meta.get("reference") or []
            values.append(
                {
                    "from": entry.instant_str,
                    "to": _day_before(entries[i + 1].instant_str) if i + 1 < len(entries) else None,
                    "value": entry.value,
                    "references": [_reference(r) for r in (refs if isinstance(refs, list) else [refs])],
                    "uncertain": _(meta["uncertain"]) if meta.get("uncertain") else None,
                    "note": _(meta["note"]) if meta.get("note") else None,
                }
            )
        out.append(
            {
                "parameter": path,
                "description": _(parameter.description or ""),
                "unit": (parameter.metadata or {}).get("unit"),
                "values": values,
            }
        )
    return out


def legal_bases() -> list[dict]:
    return [{"key": key, **_reference(ref)} for key, ref in sources()["legal_bases"].items()]

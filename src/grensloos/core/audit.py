"""Audit history of domain records, kept by django-auditlog.

Models register themselves in their app's ``ready()``. Web requests get their actor from the auditlog
middleware; commands and services outside a request use :func:`acting_as`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet


@contextmanager
def acting_as(user: models.Model | None) -> Iterator[None]:
    """Attribute audit entries written inside the block to ``user`` (None: the system)."""
    if user is None:
        yield
        return
    with set_actor(user):
        yield


def history_for(objects: Iterable[models.Model]) -> QuerySet[LogEntry]:
    """Audit entries of the given records, newest first."""
    condition = Q(pk__in=[])
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj.__class__)
        condition |= Q(content_type=ct, object_pk=str(obj.pk))
    return LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp")


def entry_changes(entry: LogEntry) -> list[tuple[str, str, str]]:
    """The changed fields of an entry as (field, old, new) rows."""
    changes = entry.changes_dict or {}
    rows = []
    for field, values in sorted(changes.items()):
        if isinstance(values, list | tuple) and len(values) == 2:
            old, new = values
        else:  # many-to-many changes are stored as a description
            old, new = "", str(values)
        rows.append((field, "" if old in (None, "None") else str(old), "" if new in (None, "None") else str(new)))
    return rows

"""Reads of the obstacle register: the public register with its facets, and the staff queues."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from grensloos.core.vocabularies import Domain

from . import search
from .models import BORDERS, CLOSED_STATES, Obstacle, ObstacleType, Status, border_label


@dataclass
class Facet:
    name: str
    values: list[tuple[str, str, int]]  # (value, label, count)


def public_register(filters: dict) -> QuerySet[Obstacle]:
    """Public obstacles matching the register's filters (keys as in RegisterFilterForm)."""
    qs = Obstacle.objects.public()
    if filters.get("domain"):
        qs = qs.filter(domain=filters["domain"])
    if filters.get("obstacle_type"):
        qs = qs.filter(obstacle_type=filters["obstacle_type"])
    if filters.get("border"):
        qs = qs.with_border(filters["border"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("year"):  # a range, not __year, so that an index on the date can serve it
        year = int(filters["year"])
        qs = qs.filter(reported_on__gte=datetime.date(year, 1, 1), reported_on__lt=datetime.date(year + 1, 1, 1))
    if filters.get("line"):
        qs = qs.filter(strategic_line__number=int(filters["line"]))
    if filters.get("q"):
        qs = search.search(qs, filters["q"])
    return qs


FACET_CACHE_SECONDS = 300


def register_version() -> str:
    """Changes whenever an obstacle is added or saved (two index lookups, whatever the register's size)."""
    last_change = Obstacle.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    last_id = Obstacle.objects.order_by("-id").values_list("id", flat=True).first()
    return f"{last_change}:{last_id}"


def _count(qs: QuerySet[Obstacle]) -> dict:
    """Raw counts per facet value, from one narrow read of the matching rows (one full-text match at most)."""
    domains, types, statuses, years, borders = Counter(), Counter(), Counter(), Counter(), Counter()
    year = Substr(Cast("reported_on", CharField()), 1, 4)
    rows = qs.order_by().annotate(y=year).values_list("domain", "obstacle_type", "status", "y", "borders")
    for domain, obstacle_type, status, y, border_text in rows.iterator(chunk_size=5000):
        domains[domain] += 1
        types[obstacle_type] += 1
        statuses[status] += 1
        years[y] += 1
        borders.update(border_text.strip(",").split(","))
    return {"domain": domains, "obstacle_type": types, "status": statuses, "year": years, "border": borders}


def facets(qs: QuerySet[Obstacle], filters: dict | None = None) -> tuple[int, list[Facet]]:
    """The number of results and the counts per value of each facet within them.

    Counting reads the matching rows once, narrowly (covered by the index ``obstacle_facets`` where the
    database can). With ``filters`` given, the counts are kept in the cache for a few minutes under the
    filters and the register's version, so a popular search or the unfiltered register is counted once per
    change of the register, not once per visitor.
    """
    counts = None
    if filters is not None:
        key = (
            "obstacles:facets:"
            + hashlib.sha256(
                json.dumps([filters, register_version()], sort_keys=True, default=str).encode()
            ).hexdigest()
        )
        counts = cache.get(key)
    if counts is None:
        counts = _count(qs)
        if filters is not None:
            cache.set(key, counts, FACET_CACHE_SECONDS)
    labels = {
        "domain": dict(Domain.choices),
        "obstacle_type": dict(ObstacleType.choices),
        "status": dict(Status.choices),
    }
    result = []
    for name in ("domain", "obstacle_type", "border", "status", "year"):
        found = counts[name]
        if name == "border":
            values = [(b, border_label(b), found[b]) for b in BORDERS if found.get(b)]
        elif name == "year":
            values = [(y, y, n) for y, n in sorted(found.items(), reverse=True) if y]
        else:
            values = [(k, str(labels[name].get(k, k)), n) for k, n in found.most_common() if k]
        result.append(Facet(name, values))
    return sum(counts["status"].values()), result


def solved_library(query: str = "", domain: str = "") -> QuerySet[Obstacle]:
    """Solved and partly solved public cases with their solution: the lessons-learned library."""
    qs = (
        Obstacle.objects.public()
        .filter(solution__isnull=False)
        .select_related("solution")
        .order_by("-closed_on", "-id")
    )
    if domain:
        qs = qs.filter(domain=domain)
    if query:
        qs = search.search(qs, query)
    return qs


def staff_queue(user, filters: dict) -> QuerySet[Obstacle]:  # noqa: ANN001
    """Cases a staff member may see, filtered for the queue."""
    qs = Obstacle.objects.select_related("assigned_to")
    if user.role == "advisor":
        qs = qs.filter(Q(status__in=(Status.RECEIVED, Status.TRIAGE)) | Q(assigned_to=user))
    elif user.role == "delegate":
        qs = qs.filter(
            Q(escalated_to=user.country) | Q(priority_items__isnull=False) | Q(answers__country=user.country)
        ).distinct()
    status = filters.get("status")
    if status == "open":
        qs = qs.exclude(status__in=[*CLOSED_STATES, Status.ARCHIVED])
    elif status in Status.values:
        qs = qs.filter(status=status)
    if filters.get("mine"):
        qs = qs.filter(assigned_to=user)
    if filters.get("overdue"):
        qs = qs.filter(due_on__lt=timezone.localdate(), awaiting_reporter=False)
    if filters.get("q"):
        qs = search.search(qs, filters["q"])
    return (
        qs.order_by("due_on", "-reported_on", "-id") if filters.get("overdue") else qs.order_by("-reported_on", "-id")
    )

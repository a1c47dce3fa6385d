"""Demo obstacles (``demo/obstacles.json``): written for this project, marked as demo, loaded by
``grensloos demo``. Loading is idempotent: a record that already exists (by reference) is left alone."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from grensloos.programme.models import StrategicLine

from . import suggest
from .models import ACCEPTED_STATES, GovernmentAnswer, Obstacle, PriorityItem, Solution, Status, TimelineEntry

DEMO_FILE = Path(__file__).parent / "demo" / "obstacles.json"

# The path a case took to reach its status, for a plausible timeline.
_PATHS = {
    Status.RECEIVED: [],
    Status.TRIAGE: [Status.TRIAGE],
    Status.ACCEPTED: [Status.TRIAGE, Status.ACCEPTED],
    Status.REJECTED: [Status.TRIAGE, Status.REJECTED],
    Status.MERGED: [Status.TRIAGE, Status.MERGED],
    Status.ANALYSIS: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS],
    Status.SOLUTION_PROPOSED: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS, Status.SOLUTION_PROPOSED],
    Status.ESCALATED: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS, Status.ESCALATED],
    Status.SOLVED: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS, Status.SOLVED],
    Status.PARTLY_SOLVED: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS, Status.PARTLY_SOLVED],
    Status.NOT_SOLVABLE: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS, Status.NOT_SOLVABLE],
    Status.ARCHIVED: [Status.TRIAGE, Status.ACCEPTED, Status.ANALYSIS, Status.SOLVED, Status.ARCHIVED],
}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def load_demo(path: Path = DEMO_FILE) -> Iterator[str]:
    records = json.loads(path.read_text(encoding="utf-8"))
    existing = set(
        Obstacle.objects.filter(reference__in=[r["reference"] for r in records]).values_list("reference", flat=True)
    )
    todo = [r for r in records if r["reference"] not in existing]
    if not todo:
        yield f"Demo obstacles: {len(records)} already present."
        return
    lines = {
        line.number: line for line in StrategicLine.objects.filter(programme__code=settings.GRENSLOOS_DEFAULT_PROGRAMME)
    }
    with transaction.atomic():
        created = {}
        for record in todo:
            created[record["reference"]] = _create(record, lines)
        by_ref = {o.reference: o for o in Obstacle.objects.filter(reference__in=[r["reference"] for r in records])}
        for record in todo:
            obstacle = by_ref[record["reference"]]
            if record.get("parent"):
                obstacle.parent = by_ref.get(record["parent"])
                obstacle.save(update_fields=["parent"])
            related = [by_ref[ref] for ref in record.get("related") or [] if ref in by_ref]
            if related:
                obstacle.related.add(*related)
            for rank, year in enumerate(record.get("priority_years") or [], start=1):
                PriorityItem.objects.get_or_create(year=year, obstacle=obstacle, defaults={"rank": rank})
        # Rank the priority items of each year in reference order.
        for year in set(PriorityItem.objects.values_list("year", flat=True)):
            for rank, item in enumerate(PriorityItem.objects.filter(year=year).order_by("obstacle__reference"), 1):
                PriorityItem.objects.filter(pk=item.pk).update(rank=rank)
    yield f"Demo obstacles: {len(created)} loaded ({len(records) - len(created)} already present)."


def _create(record: dict, lines: dict[int, StrategicLine]) -> Obstacle:
    status = record["status"]
    reported = _date(record["reported_on"])
    closed = _date(record.get("closed_on"))
    path = _PATHS[status]
    obstacle = Obstacle(
        reference=record["reference"],
        title=record["title"],
        description=record["description"],
        language=record["language"],
        region=record.get("region") or "",
        domain=record.get("domain") or "",
        obstacle_type=record.get("obstacle_type") or "",
        strategic_line=lines.get(record.get("strategic_line")),
        legal_references=record.get("legal_references") or "",
        people_affected=record.get("people_affected"),
        priority=record.get("priority") or "medium",
        classified=status not in (Status.RECEIVED, Status.TRIAGE),
        status=status,
        escalated_to=record.get("escalated_to") or "",
        reported_on=reported,
        accepted_on=reported + datetime.timedelta(days=14) if Status.ACCEPTED in path else None,
        closed_on=closed,
        archived_on=closed + datetime.timedelta(days=60) if status == Status.ARCHIVED and closed else None,
        is_demo=True,
    )
    obstacle.border_list = record.get("borders") or []
    obstacle.affected_list = record.get("affected") or []
    obstacle.full_clean(exclude=["strategic_line", "theme", "parent", "assigned_to"])
    suggest.embed_obstacle(obstacle)
    obstacle.save()
    # Timeline: reported, then the steps of its path spread between the report and the closing date.
    entries = [
        TimelineEntry(obstacle=obstacle, kind="status", to_status=Status.RECEIVED, public=False, at=_at(reported))
    ]
    end = closed or min(reported + datetime.timedelta(days=120), timezone.localdate())
    previous = Status.RECEIVED
    for i, step in enumerate(path, start=1):
        day = reported + (end - reported) * i / max(len(path), 1) if step != Status.ARCHIVED else obstacle.archived_on
        reason = record.get("reason") or "" if step == status or step in (Status.SOLVED, Status.REJECTED) else ""
        entries.append(
            TimelineEntry(
                obstacle=obstacle,
                kind="status",
                from_status=previous,
                to_status=step,
                reason=reason,
                public=step in ACCEPTED_STATES or step == Status.ARCHIVED,
                at=_at(day),
            )
        )
        previous = step
    TimelineEntry.objects.bulk_create(entries)
    solution = record.get("solution")
    if solution:
        Solution.objects.create(
            obstacle=obstacle,
            kind=solution["kind"],
            description=solution["description"],
            language=record["language"],
            actor=solution.get("actor") or "",
            date=_date(solution.get("date")),
        )
    for answer in record.get("government_answers") or []:
        GovernmentAnswer.objects.create(
            obstacle=obstacle,
            country=answer["country"],
            year=answer["year"],
            text=answer["text"],
            language=answer["language"],
            answered_on=datetime.date(answer["year"], 11, 15),
        )
    return obstacle

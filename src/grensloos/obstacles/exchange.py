"""Bulk import and export of the obstacle register as CSV, XLSX or JSON.

One row is one obstacle. The columns are named by ``REQUIRED_COLUMNS`` and ``OPTIONAL_COLUMNS``; lists
(borders, groups affected) are separated by ``;`` and dates are ISO (``2024-03-01``). Any other column is
allowed, ignored and reported back, so a spreadsheet with notes of its own can be imported as it is.

An import is all or nothing. Every row is read and checked first (the model's own validation plus the
checks here: known codes, dates, no reference twice in the file or already in the register); the first
problem stops the import with a message that names the line (CSV), row (XLSX) or record (JSON) and the
column. Only when the whole file is sound is it written, in one transaction with ``bulk_create``. Because
bulk writes bypass model signals, the import fills the search terms, the timeline and the audit log itself.

An export holds only what may leave the Secretariat: the fields of the case, never the reporter's contact
details, attachments, questions to the reporter, the private tracking link or the suggestion vectors. By
default it holds the public register only. What an export holds can be imported again into an empty
register.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from grensloos.core.audit import acting_as
from grensloos.core.errors import DomainError
from grensloos.core.vocabularies import Domain

from . import search
from .models import (
    ACCEPTED_STATES,
    CLOSED_STATES,
    Affected,
    EscalationTarget,
    Language,
    Obstacle,
    ObstacleType,
    Priority,
    Status,
    TimelineEntry,
    normalise_border,
)

REQUIRED_COLUMNS = (
    "reference",
    "title",
    "description",
    "language",
    "domain",
    "obstacle_type",
    "borders",
    "status",
    "reported_on",
)
OPTIONAL_COLUMNS = (
    "affected",
    "region",
    "legal_references",
    "people_affected",
    "priority",
    "strategic_line",
    "support_count",
    "closed_on",
    "accepted_on",
    "archived_on",
    "escalated_to",
)
#: The columns of an export, in order; each of them is read back by an import.
EXPORT_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
FORMATS = ("csv", "json")
BATCH_SIZE = 1000
_LIST_COLUMNS = ("borders", "affected")
_EXCLUDE_FROM_CLEAN = ["strategic_line", "theme", "parent", "assigned_to"]
# Codes accepted per column, in the order they are listed in messages.
_CHOICES = {
    "language": tuple(Language.values),
    "domain": tuple(Domain.values),
    "obstacle_type": tuple(ObstacleType.values),
    "status": tuple(Status.values),
    "affected": tuple(Affected.values),
    "priority": tuple(Priority.values),
    "escalated_to": tuple(EscalationTarget.values),
}


class ExchangeError(DomainError):
    """A file that cannot be imported. The message names the line (or row, or record) and the column."""

    def __init__(self, message: str, *, line: int | None = None, column: str | None = None) -> None:
        super().__init__(message, field=column)
        self.line = line
        self.column = column


ImportError_ = ExchangeError  # the name used in the design notes


@dataclass
class ImportResult:
    created: int
    extra_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    references: list[str] = field(default_factory=list, repr=False)

    @property
    def count(self) -> int:
        return self.created


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class _Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (line number, values by column)
    unit: str  # what a line is called in messages: "Line", "Row" or "Record"


def _format_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix in ("csv", "txt"):
        return "csv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix == "json":
        return "json"
    raise ExchangeError(
        _("%(name)s: use a .csv, .xlsx or .json file.") % {"name": filename or _("The file")}, column=None
    )


def _read_bytes(source: str | Path | bytes | IO[bytes]) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if hasattr(source, "read"):
        data = source.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise ExchangeError(f"{source}: {exc.strerror or exc}") from exc


def _header(names: Iterable[Any], unit: str) -> list[str]:
    columns = [("" if name is None else str(name)).strip().lower() for name in names]
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise ExchangeError(
                _('%(unit)s 1: the column "%(column)s" appears twice.') % {"unit": unit, "column": name},
                line=1,
                column=name,
            )
        seen.add(name)
    return columns


def _too_many(unit: str, line: int, found: int, expected: int) -> ExchangeError:
    return ExchangeError(
        _("%(unit)s %(line)s: %(found)s values for %(expected)s columns.")
        % {"unit": unit, "line": line, "found": found, "expected": expected},
        line=line,
    )


def _read_csv(raw: bytes, name: str) -> _Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeError(
            _("%(name)s is not UTF-8 text (byte %(byte)s).") % {"name": name, "byte": exc.start}
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = _header(next(reader, []), _("Line"))
        rows: list[tuple[int, dict[str, Any]]] = []
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                raise _too_many(_("Line"), line, len(cells), len(columns))
            rows.append((line, dict(zip(columns, cells, strict=False))))
    except csv.Error as exc:
        raise ExchangeError(
            _("Line %(line)s: %(problem)s.") % {"line": reader.line_num, "problem": exc}, line=reader.line_num
        ) from exc
    return _Table(columns, rows, _("Line"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time.min else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(raw: bytes, name: str) -> _Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExchangeError(_("%(name)s is not an Excel (.xlsx) workbook.") % {"name": name}) from exc
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        columns = _header(next(lines, ()), _("Row"))
        # Trailing header cells left empty are formatting, not columns.
        while columns and not columns[-1]:
            columns.pop()
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(lines, start=2):
            cells = [_cell(v) for v in values]
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                raise _too_many(_("Row"), number, len(cells), len(columns))
            rows.append((number, dict(zip(columns, cells, strict=False))))
    finally:
        workbook.close()
    return _Table(columns, rows, _("Row"))


def _read_json(raw: bytes, name: str) -> _Table:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(_("%(name)s is not valid JSON: %(problem)s.") % {"name": name, "problem": exc}) from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ExchangeError(_("%(name)s must hold a list of objects, one per obstacle.") % {"name": name})
    columns: list[str] = []
    for item in data:
        columns.extend(key for key in item if key not in columns)
    rows = []
    for number, item in enumerate(data, start=1):
        values = {}
        for key, value in item.items():
            if isinstance(value, list):
                value = ";".join(_cell(v) for v in value)
            values[key] = _cell(value)
        rows.append((number, values))
    return _Table(columns, rows, _("Record"))


def read_table(source: str | Path | bytes | IO[bytes], filename: str | None = None) -> _Table:
    name = filename or (str(source) if isinstance(source, str | Path) else "")
    kind = _format_of(name)
    raw = _read_bytes(source)
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}[kind]
    return reader(raw, Path(name).name)


# ---------------------------------------------------------------------------------------------- checking


class _RowChecker:
    """Turns one row into an unsaved, validated Obstacle, or raises ExchangeError naming line and column."""

    def __init__(self, table: _Table, existing: set[str], lines: dict[int, int]) -> None:
        self.unit = table.unit
        self.columns = set(table.columns)
        self.existing = existing
        self.lines = lines  # strategic line number -> id in the default programme
        self.seen: dict[str, int] = {}
        self.values: dict[str, Any] = {}
        self.line = 0

    def fail(self, column: str | None, message: str) -> ExchangeError:
        if column:
            text = _('%(unit)s %(line)s, column "%(column)s": %(message)s') % {
                "unit": self.unit,
                "line": self.line,
                "column": column,
                "message": message,
            }
        else:
            text = _("%(unit)s %(line)s: %(message)s") % {"unit": self.unit, "line": self.line, "message": message}
        return ExchangeError(text, line=self.line, column=column)

    def text(self, column: str) -> str:
        value = str(self.values.get(column) or "").strip()
        # an export protects cells that look like formulas with a leading apostrophe: take it off again
        return value[1:] if value[:1] == "'" and value[1:2] in _FORMULA_START else value

    def code(self, column: str, choices: Iterable[str], *, required: bool, lower: bool = True) -> str:
        value = self.text(column)
        value = value.lower() if lower else value.upper()
        if not value:
            if required:
                raise self.fail(column, _("A value is required."))
            return ""
        known = list(choices)
        if value not in known:
            raise self.fail(
                column,
                _("%(value)s is not one of %(known)s.") % {"value": self.text(column), "known": ", ".join(known)},
            )
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.text(column)
        if not value:
            if required:
                raise self.fail(column, _("A date is required."))
            return None
        try:
            return datetime.date.fromisoformat(value[:10] if "T" in value else value)
        except ValueError:
            raise self.fail(column, _("%(value)s is not a date (use YYYY-MM-DD).") % {"value": value}) from None

    def number(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            number = -1
        if number < 0:
            raise self.fail(column, _("%(value)s is not a whole number of 0 or more.") % {"value": value})
        return number

    def split(self, column: str) -> list[str]:
        return [part.strip() for part in self.text(column).replace(",", ";").split(";") if part.strip()]

    def build(self, line: int, values: dict[str, Any]) -> Obstacle:
        self.line, self.values = line, values
        reference = self.text("reference")
        if not reference:
            raise self.fail("reference", _("A value is required."))
        if reference in self.seen:
            raise self.fail(
                "reference",
                _("%(reference)s appears twice in the file (first on %(unit)s %(line)s).")
                % {"reference": reference, "unit": self.unit, "line": self.seen[reference]},
            )
        if reference in self.existing:
            raise self.fail("reference", _("%(reference)s is already in the register.") % {"reference": reference})
        self.seen[reference] = line

        language = self.code("language", _CHOICES["language"], required=True)
        domain = self.code("domain", _CHOICES["domain"], required=False)
        obstacle_type = self.code("obstacle_type", _CHOICES["obstacle_type"], required=False)
        status = self.code("status", _CHOICES["status"], required=True)
        borders = []
        for value in self.split("borders"):
            try:
                borders.append(normalise_border(value))
            except ValidationError as exc:
                raise self.fail("borders", exc.messages[0]) from None
        if not borders:
            raise self.fail("borders", _("Give at least one border, such as BE-NL."))
        affected = [part.lower() for part in self.split("affected")]
        for group in affected:
            if group not in _CHOICES["affected"]:
                raise self.fail(
                    "affected",
                    _("%(value)s is not one of %(known)s.")
                    % {"value": group, "known": ", ".join(_CHOICES["affected"])},
                )
        priority = self.code("priority", _CHOICES["priority"], required=False) or Priority.MEDIUM
        escalated_to = self.code("escalated_to", _CHOICES["escalated_to"], required=False, lower=False)
        reported_on = self.date("reported_on", required=True)
        closed_on = self.date("closed_on")
        accepted_on = self.date("accepted_on")
        archived_on = self.date("archived_on")
        for column, day in (("accepted_on", accepted_on), ("closed_on", closed_on), ("archived_on", archived_on)):
            if day is not None and day < reported_on:
                raise self.fail(
                    column, _("The date is before the date of the report (%(date)s).") % {"date": reported_on}
                )
        line_id = None
        line_number = self.text("strategic_line")
        if line_number:
            line_id = self.lines.get(line_number)
            if line_id is None:
                raise self.fail(
                    "strategic_line",
                    _("The work programme %(programme)s has no strategic line %(number)s.")
                    % {"programme": settings.GRENSLOOS_DEFAULT_PROGRAMME, "number": line_number},
                )

        # What the lifecycle would have recorded on the way to this status.
        if accepted_on is None and status in ACCEPTED_STATES:
            accepted_on = reported_on
        if closed_on is None and status in CLOSED_STATES:
            closed_on = reported_on
        if archived_on is None and status == Status.ARCHIVED:
            archived_on = closed_on or reported_on

        obstacle = Obstacle(
            reference=reference,
            title=self.text("title"),
            description=self.text("description"),
            language=language,
            domain=domain,
            obstacle_type=obstacle_type,
            status=status,
            reported_on=reported_on,
            accepted_on=accepted_on,
            closed_on=closed_on,
            archived_on=archived_on,
            region=self.text("region").upper(),
            legal_references=self.text("legal_references"),
            people_affected=self.number("people_affected"),
            support_count=self.number("support_count") or 0,
            priority=priority,
            escalated_to=escalated_to,
            strategic_line_id=line_id,
            classified=bool(domain and obstacle_type),
            tracking_nonce="",
        )
        obstacle.border_list = borders
        obstacle.affected_list = affected
        try:
            obstacle.full_clean(exclude=_EXCLUDE_FROM_CLEAN, validate_unique=False)
        except ValidationError as exc:
            name, messages = next(iter(exc.message_dict.items()))
            column = None if name == "__all__" else name
            if column == "escalated_to" and "escalated_to" not in self.columns:
                column = "status"
            raise self.fail(column, " ".join(messages)) from None
        return obstacle


def _existing_references(references: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        found.update(Obstacle.objects.filter(reference__in=chunk).values_list("reference", flat=True))
    return found


def _default_lines() -> dict[str, int]:
    from grensloos.programme.models import StrategicLine

    lines = StrategicLine.objects.filter(programme__code=settings.GRENSLOOS_DEFAULT_PROGRAMME)
    return {str(number): pk for number, pk in lines.values_list("number", "pk")}


def check_file(source: str | Path | bytes | IO[bytes], *, filename: str | None = None) -> tuple[list[Obstacle], _Table]:
    """Read and check a whole file; returns the unsaved obstacles. Raises ExchangeError on the first problem."""
    table = read_table(source, filename)
    missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
    if missing:
        raise ExchangeError(
            _('%(unit)s 1: the column "%(column)s" is missing (required: %(required)s).')
            % {"unit": table.unit, "column": missing[0], "required": ", ".join(REQUIRED_COLUMNS)},
            line=1,
            column=missing[0],
        )
    references = [str(values.get("reference") or "").strip() for _line, values in table.rows]
    checker = _RowChecker(table, _existing_references([r for r in references if r]), _default_lines())
    obstacles = [checker.build(line, values) for line, values in table.rows]
    table.rows = []  # the obstacles hold the values now; a large file need not be kept twice
    return obstacles, table


# ---------------------------------------------------------------------------------------------- writing


def _embed(batch: list[Obstacle]) -> None:
    """Give the new obstacles their suggestion vectors, in one call per batch where the suggest package allows."""
    from . import suggest

    embed_texts = getattr(suggest, "embed_texts", None)
    text_of = getattr(getattr(suggest, "embedding", None), "obstacle_text", None)
    backend_name = getattr(suggest, "backend_name", None)
    if embed_texts is None or text_of is None or backend_name is None:
        if hasattr(suggest, "embed_obstacle"):
            for obstacle in batch:
                suggest.embed_obstacle(obstacle)
        return
    vectors = embed_texts([text_of(o.title, o.description) for o in batch])
    if not vectors.shape[1]:  # the "none" backend: lexical suggestions only
        return
    backend = backend_name()
    for obstacle, vector in zip(batch, vectors, strict=True):
        obstacle.embedding = vector.astype("float32").tobytes()
        obstacle.embedding_backend = backend


def _midnight(day: datetime.date) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(moment) if settings.USE_TZ else moment


def _audit_entries(batch: list[Obstacle], user, source: str) -> list:  # noqa: ANN001
    """One auditlog 'create' entry per obstacle, as the auditlog signal would have written it."""
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry

    if auditlog_disabled.get():
        return []
    actor = user if getattr(user, "pk", None) else None
    content_type = ContentType.objects.get_for_model(Obstacle)
    cid = get_cid()
    json_changes = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    # The obstacle's own columns: a new record has no related rows, and asking for them costs two queries each.
    own_fields = [f.name for f in Obstacle._meta.concrete_fields]
    entries = []
    for obstacle in batch:
        entry = LogEntry(
            content_type=content_type,
            object_pk=str(obstacle.pk),
            object_id=obstacle.pk,
            object_repr=str(obstacle),
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, obstacle, fields_to_check=own_fields, use_json_for_changes=json_changes),
            actor=actor,
            actor_email=getattr(actor, "email", None),
            cid=cid,
            additional_data={"source": "import", "file": source},
        )
        # What a save() would do: auditlog's context (a web request's user and address) fills in the actor.
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
        entries.append(entry)
    return entries


def _write(obstacles: list[Obstacle], user, source: str, *, embed: bool) -> None:  # noqa: ANN001
    from auditlog.models import LogEntry

    with acting_as(user), transaction.atomic():
        for start in range(0, len(obstacles), BATCH_SIZE):
            batch = obstacles[start : start + BATCH_SIZE]
            for obstacle in batch:
                search.refresh_terms(obstacle)  # bulk_create skips the pre_save signal that does this
            if embed:
                _embed(batch)
            Obstacle.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            if any(obstacle.pk is None for obstacle in batch):  # a database that does not return new ids
                ids = dict(
                    Obstacle.objects.filter(reference__in=[o.reference for o in batch]).values_list("reference", "pk")
                )
                for obstacle in batch:
                    obstacle.pk = ids[obstacle.reference]
            TimelineEntry.objects.bulk_create(
                [
                    TimelineEntry(
                        obstacle_id=obstacle.pk,
                        kind=TimelineEntry.Kind.STATUS,
                        to_status=obstacle.status,
                        public=True,
                        at=_midnight(obstacle.reported_on),
                    )
                    for obstacle in batch
                ],
                batch_size=BATCH_SIZE,
            )
            LogEntry.objects.bulk_create(_audit_entries(batch, user, source), batch_size=BATCH_SIZE)


def import_file(
    path_or_bytes: str | Path | bytes | IO[bytes],
    *,
    filename: str | None = None,
    user=None,  # noqa: ANN001
    dry_run: bool = False,
    embed: bool = True,
) -> ImportResult:
    """Import a CSV, XLSX or JSON file of obstacles, all or nothing.

    ``filename`` gives the format by its extension (needed when bytes are passed). With ``dry_run`` the file
    is only checked. ``embed=False`` leaves the suggestion vectors to be computed later.
    """
    obstacles, table = check_file(path_or_bytes, filename=filename)
    known = set(EXPORT_COLUMNS)
    extra = [name for name in table.columns if name and name not in known]
    result = ImportResult(
        created=len(obstacles), extra_columns=extra, dry_run=dry_run, references=[o.reference for o in obstacles]
    )
    if not dry_run and obstacles:
        name = filename or (Path(path_or_bytes).name if isinstance(path_or_bytes, str | Path) else "")
        _write(obstacles, user, name, embed=embed)
    return result


# ---------------------------------------------------------------------------------------------- export

# Each export column and the field it is read from; nothing else of an obstacle is ever read here.
_FIELDS = {name: name for name in EXPORT_COLUMNS} | {"strategic_line": "strategic_line__number"}


def _rows(queryset, include_internal: bool) -> Iterator[dict[str, Any]]:  # noqa: ANN001
    if queryset is None:
        queryset = Obstacle.objects.all()
    if not include_internal:
        queryset = queryset.public() if hasattr(queryset, "public") else queryset & Obstacle.objects.public()
    fields = list(_FIELDS.values())
    for values in queryset.order_by("reference").values_list(*fields).iterator(chunk_size=2000):
        row = dict(zip(EXPORT_COLUMNS, values, strict=True))
        for name in _LIST_COLUMNS:
            row[name] = [part for part in (row[name] or "").strip(",").split(",") if part]
        for name in ("reported_on", "closed_on", "accepted_on", "archived_on"):
            row[name] = row[name].isoformat() if row[name] else None
        yield row


def export(queryset=None, fmt: str = "csv", *, include_internal: bool = False) -> str:  # noqa: ANN001
    """The obstacles of ``queryset`` (default: all) as CSV or JSON text.

    Only the public register unless ``include_internal`` (the Secretariat's full export).
    """
    if fmt not in FORMATS:
        raise ExchangeError(_("Export as %(formats)s.") % {"formats": " or ".join(FORMATS)}, column="format")
    rows = _rows(queryset, include_internal)
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            _neutralise(";".join(value) if isinstance(value, list) else "" if value is None else value)
            for value in row.values()
        )
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@")


def _neutralise(value):  # noqa: ANN001, ANN202
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (undone on import)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value

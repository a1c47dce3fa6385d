"""Export and import of a whole work programme as one JSON document.

The format is described by ``schemas/programme.schema.json`` (``"format": "grensloos.programme"``,
``"version": 1``). Records refer to each other by natural keys (codes, numbers), never by database ids, so a
file moves between databases: export → import into an empty database → export gives the same document.

An import is one transaction. It first checks the document against the JSON Schema, then references and
duplicates, then every record with the model's own validation; the first problem found aborts the import
with a message that names the record and the field, and nothing is written.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from grensloos.core.errors import DomainError
from grensloos.core.i18n import LANGUAGES

from .models import (
    AnnualPlan,
    Indicator,
    Measurement,
    MidtermEvaluation,
    Milestone,
    Priority,
    ProgressUpdate,
    Project,
    ProjectComment,
    StrategicLine,
    Territory,
    Theme,
    WorkProgramme,
)

FORMAT = "grensloos.programme"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schemas") / "programme.schema.json"


class ExchangeError(DomainError):
    """A document that cannot be imported; the message names the record and field."""


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------- export


def _tr(obj: models.Model, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in LANGUAGES}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _datetime(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat()


def export_programme(code: str) -> dict[str, Any]:
    """The programme ``code`` with everything under it, as a JSON-ready dict."""
    try:
        programme = WorkProgramme.objects.get(code=code)
    except WorkProgramme.DoesNotExist as exc:
        raise ExchangeError(f"There is no work programme with code {code!r}.", field="programme") from exc

    projects = (
        Project.objects.filter(programme=programme)
        .prefetch_related(
            "themes__line",
            "lead",
            "partners",
            "milestones",
            "indicators__measurements",
            "indicators__data_series",
            "progress_updates",
            "comments",
        )
        .order_by("code")
    )
    used_territories: set[str] = set()
    project_docs = []
    for project in projects:
        lead = sorted(t.code for t in project.lead.all())
        partners = sorted(t.code for t in project.partners.all())
        used_territories.update(lead, partners)
        project_docs.append(
            {
                "code": project.code,
                "title": _tr(project, "title"),
                "summary": _tr(project, "summary"),
                "flagship": project.flagship,
                "status": project.status,
                "is_demo": project.is_demo,
                "themes": sorted((t.code for t in project.themes.all()), key=_theme_sort_key),
                "lead": lead,
                "partners": partners,
                "start_date": _date(project.start_date),
                "end_date": _date(project.end_date),
                "eu_funding_programme": project.eu_funding_programme,
                "eu_funding_amount": _decimal(project.eu_funding_amount),
                "website": project.website,
                "milestones": [
                    {
                        "code": m.code,
                        "title": _tr(m, "title"),
                        "planned_date": _date(m.planned_date),
                        "actual_date": _date(m.actual_date),
                        "status": m.status,
                        "is_demo": m.is_demo,
                    }
                    for m in sorted(project.milestones.all(), key=lambda m: m.code)
                ],
                "indicators": [
                    {
                        "code": i.code,
                        "name": _tr(i, "name"),
                        "unit": _tr(i, "unit"),
                        "baseline": _decimal(i.baseline),
                        "baseline_date": _date(i.baseline_date),
                        "target": _decimal(i.target),
                        "target_date": _date(i.target_date),
                        "is_demo": i.is_demo,
                        "data_series": {"indicator": i.data_series.code, "geo": i.data_geo} if i.data_series else None,
                        "measurements": [
                            {"date": _date(m.date), "value": _decimal(m.value), "note": m.note, "is_demo": m.is_demo}
                            for m in sorted(i.measurements.all(), key=lambda m: m.date)
                        ],
                    }
                    for i in sorted(project.indicators.all(), key=lambda i: i.code)
                ],
                "progress_updates": [
                    {
                        "uuid": str(u.uuid),
                        "year": u.year,
                        "quarter": u.quarter,
                        "rag": u.rag,
                        "narrative": u.narrative,
                        "language": u.language,
                        "author_name": u.author_name,
                        "created_at": _datetime(u.created_at),
                        "is_demo": u.is_demo,
                    }
                    for u in sorted(
                        project.progress_updates.all(), key=lambda u: (u.year, u.quarter, u.created_at, str(u.uuid))
                    )
                ],
                "comments": [
                    {
                        "uuid": str(c.uuid),
                        "author_name": c.author_name,
                        "country": c.country,
                        "text": c.text,
                        "language": c.language,
                        "created_at": _datetime(c.created_at),
                    }
                    for c in sorted(project.comments.all(), key=lambda c: (c.created_at, str(c.uuid)))
                ],
            }
        )

    lines = StrategicLine.objects.filter(programme=programme).prefetch_related("themes").order_by("number")
    plans = (
        AnnualPlan.objects.filter(programme=programme)
        .prefetch_related("priorities__themes__line", "priorities__projects")
        .order_by("year")
    )
    midterm = MidtermEvaluation.objects.filter(programme=programme).first()
    territories = Territory.objects.filter(code__in=used_territories).order_by("code")
    return {
        "format": FORMAT,
        "version": VERSION,
        "territories": [
            {"code": t.code, "kind": t.kind, "country": t.country, "name": _tr(t, "name")} for t in territories
        ],
        "programme": {
            "code": programme.code,
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "adopted_on": _date(programme.adopted_on),
            "title": _tr(programme, "title"),
            "summary": _tr(programme, "summary"),
            "lines": [
                {
                    "number": line.number,
                    "title": _tr(line, "title"),
                    "motto": _tr(line, "motto"),
                    "summary": _tr(line, "summary"),
                    "themes": [
                        {"number": t.number, "title": _tr(t, "title"), "summary": _tr(t, "summary")}
                        for t in sorted(line.themes.all(), key=lambda t: t.number)
                    ],
                }
                for line in lines
            ],
            "projects": project_docs,
            "annual_plans": [
                {
                    "year": plan.year,
                    "presidency": plan.presidency,
                    "title": _tr(plan, "title"),
                    "summary": _tr(plan, "summary"),
                    "adopted_on": _date(plan.adopted_on),
                    "is_demo": plan.is_demo,
                    "priorities": [
                        {
                            "number": p.number,
                            "title": _tr(p, "title"),
                            "description": _tr(p, "description"),
                            "themes": sorted((t.code for t in p.themes.all()), key=_theme_sort_key),
                            "projects": sorted(pr.code for pr in p.projects.all()),
                        }
                        for p in sorted(plan.priorities.all(), key=lambda p: p.number)
                    ],
                }
                for plan in plans
            ],
            "midterm_evaluation": {"conclusions": _tr(midterm, "conclusions")} if midterm else None,
        },
    }


def _theme_sort_key(code: str) -> tuple[int, int]:
    line, theme = code.split(".")
    return int(line), int(theme)


def dumps(document: dict) -> str:
    """Stable JSON text: the same programme always gives the same bytes."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------- import


def load_file(path: str | Path) -> dict[str, Any]:
    """Read a programme file, with a clear message for unreadable or malformed JSON."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ExchangeError(f"Cannot read {path}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{path} is not UTF-8 text (byte {exc.start}).") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from exc


def _json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def validate_document(document: Any) -> None:
    """Check the document against the JSON Schema; raise with the location of the first problems."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = [f"{_json_path(e.absolute_path)}: {e.message}" for e in errors[:10]]
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise ExchangeError("The file does not follow the programme format: " + "; ".join(lines) + more)


class _Importer:
    """Writes a validated document; raises ExchangeError naming the record for any invalid value."""

    def __init__(self, document: dict, mode: str) -> None:
        self.doc = document
        self.mode = mode
        self.territories: dict[str, Territory] = {}
        self.themes: dict[str, Theme] = {}
        self.projects: dict[str, Project] = {}

    # -- helpers
    @staticmethod
    def _tr(values: dict | None, field: str) -> dict[str, str]:
        values = values or {}
        return {f"{field}_{lang}": values.get(lang, "") for lang in LANGUAGES}

    @staticmethod
    def _parse_date(value: str | None, where: str, field: str) -> datetime.date | None:
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ExchangeError(f"{where}: field {field!r}: {value!r} is not a valid date.", field=field) from exc

    @staticmethod
    def _parse_datetime(value: str | None, where: str, field: str) -> datetime.datetime:
        if value is None:
            return timezone.now()
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ExchangeError(
                f"{where}: field {field!r}: {value!r} is not a valid date and time.", field=field
            ) from exc
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    @staticmethod
    def _decimal(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    def _save(
        self, model: type[models.Model], lookup: dict, values: dict, where: str, exclude: list[str] | None = None
    ) -> models.Model:
        """Create or update one record; only touch the database when something changed."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            changed = True
        else:
            changed = any(getattr(obj, name) != value for name, value in values.items())
            for name, value in values.items():
                setattr(obj, name, value)
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as exc:
            raise ExchangeError(f"{where}: {_describe(exc)}", field=_first_field(exc)) from exc
        if changed:
            obj.save()
        return obj

    @staticmethod
    def _set_m2m(manager: Any, objects: list[models.Model]) -> None:
        wanted = {o.pk for o in objects}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(objects)

    # -- steps
    def run(self) -> WorkProgramme:
        p = self.doc["programme"]
        self._check_references()
        existing = WorkProgramme.objects.filter(code=p["code"]).first()
        if existing is not None:
            if self.mode == "create":
                raise ExchangeError(
                    f"A work programme with code {p['code']!r} already exists. Import with --replace to "
                    "overwrite it, or --update to merge the file into it.",
                    field="programme.code",
                )
            if self.mode == "replace":
                existing.delete()
        for i, t in enumerate(self.doc["territories"]):
            where = f"territories[{i}] (code {t['code']!r})"
            self.territories[t["code"]] = self._save(
                Territory,
                {"code": t["code"]},
                {"kind": t["kind"], "country": t.get("country", ""), **self._tr(t.get("name"), "name")},
                where,
            )
        programme = self._save(
            WorkProgramme,
            {"code": p["code"]},
            {
                "start_year": p["start_year"],
                "end_year": p["end_year"],
                "adopted_on": self._parse_date(p.get("adopted_on"), "programme", "adopted_on"),
                **self._tr(p["title"], "title"),
                **self._tr(p.get("summary"), "summary"),
            },
            f"programme (code {p['code']!r})",
        )
        self._lines(programme, p["lines"])
        self._projects(programme, p["projects"])
        self._plans(programme, p["annual_plans"])
        midterm = p.get("midterm_evaluation")
        if midterm is not None:
            self._save(
                MidtermEvaluation,
                {"programme": programme},
                self._tr(midterm.get("conclusions"), "conclusions"),
                "programme.midterm_evaluation",
                exclude=["programme"],
            )
        return programme

    def _check_references(self) -> None:
        p = self.doc["programme"]
        _no_duplicates([t["code"] for t in self.doc["territories"]], "territories", "code")
        _no_duplicates([line["number"] for line in p["lines"]], "programme.lines", "number")
        theme_codes = set()
        for i, line in enumerate(p["lines"]):
            numbers = [t["number"] for t in line["themes"]]
            _no_duplicates(numbers, f"programme.lines[{i}].themes", "number")
            theme_codes.update(f"{line['number']}.{n}" for n in numbers)
        _no_duplicates([pr["code"] for pr in p["projects"]], "programme.projects", "code")
        _no_duplicates([plan["year"] for plan in p["annual_plans"]], "programme.annual_plans", "year")
        known_territories = {t["code"] for t in self.doc["territories"]}
        known_territories |= set(
            Territory.objects.filter(
                code__in={c for pr in p["projects"] for c in pr.get("lead", []) + pr.get("partners", [])}
            ).values_list("code", flat=True)
        )
        project_codes = {pr["code"] for pr in p["projects"]}
        all_uuids: list[str] = []
        for i, pr in enumerate(p["projects"]):
            where = f"programme.projects[{i}] (code {pr['code']!r})"
            for field in ("themes",):
                for ref in pr.get(field, []):
                    if ref not in theme_codes:
                        raise ExchangeError(f"{where}: field 'themes': there is no theme {ref!r}.", field="themes")
            for field in ("lead", "partners"):
                for ref in pr.get(field, []):
                    if ref not in known_territories:
                        raise ExchangeError(
                            f"{where}: field {field!r}: unknown territory {ref!r}; list it under 'territories'.",
                            field=field,
                        )
            _no_duplicates([m["code"] for m in pr.get("milestones", [])], f"{where}.milestones", "code")
            _no_duplicates([x["code"] for x in pr.get("indicators", [])], f"{where}.indicators", "code")
            for j, ind in enumerate(pr.get("indicators", [])):
                _no_duplicates(
                    [m["date"] for m in ind.get("measurements", [])],
                    f"{where}.indicators[{j}] (code {ind['code']!r}).measurements",
                    "date",
                )
            all_uuids += [u["uuid"] for u in pr.get("progress_updates", [])]
            all_uuids += [c["uuid"] for c in pr.get("comments", [])]
        _no_duplicates(all_uuids, "programme.projects[*].progress_updates/comments", "uuid")
        for i, plan in enumerate(p["annual_plans"]):
            where = f"programme.annual_plans[{i}] (year {plan['year']})"
            _no_duplicates([pr["number"] for pr in plan.get("priorities", [])], f"{where}.priorities", "number")
            for j, prio in enumerate(plan.get("priorities", [])):
                pw = f"{where}.priorities[{j}] (number {prio['number']})"
                for ref in prio.get("themes", []):
                    if ref not in theme_codes:
                        raise ExchangeError(f"{pw}: field 'themes': there is no theme {ref!r}.", field="themes")
                for ref in prio.get("projects", []):
                    if ref not in project_codes:
                        raise ExchangeError(f"{pw}: field 'projects': there is no project {ref!r}.", field="projects")
        # uuids must not belong to a record of another programme already in the database
        taken = set(
            ProgressUpdate.objects.filter(uuid__in=all_uuids)
            .exclude(project__programme__code=p["code"])
            .values_list("uuid", flat=True)
        ) | set(
            ProjectComment.objects.filter(uuid__in=all_uuids)
            .exclude(project__programme__code=p["code"])
            .values_list("uuid", flat=True)
        )
        if taken:
            raise ExchangeError(
                f"uuid {sorted(map(str, taken))[0]} is already used by another programme.", field="uuid"
            )

    def _lines(self, programme: WorkProgramme, lines: list[dict]) -> None:
        for i, line in enumerate(lines):
            where = f"programme.lines[{i}] (number {line['number']})"
            obj = self._save(
                StrategicLine,
                {"programme": programme, "number": line["number"]},
                {
                    **self._tr(line["title"], "title"),
                    **self._tr(line["motto"], "motto"),
                    **self._tr(line["summary"], "summary"),
                },
                where,
            )
            for j, theme in enumerate(line["themes"]):
                tw = f"{where}.themes[{j}] (number {theme['number']})"
                t = self._save(
                    Theme,
                    {"line": obj, "number": theme["number"]},
                    {
                        **self._tr(theme["title"], "title"),
                        **self._tr(theme.get("summary"), "summary"),
                    },
                    tw,
                )
                self.themes[f"{line['number']}.{theme['number']}"] = t

    def _projects(self, programme: WorkProgramme, projects: list[dict]) -> None:
        for i, pr in enumerate(projects):
            where = f"programme.projects[{i}] (code {pr['code']!r})"
            project = self._save(
                Project,
                {"programme": programme, "code": pr["code"]},
                {
                    **self._tr(pr["title"], "title"),
                    **self._tr(pr.get("summary"), "summary"),
                    "flagship": pr.get("flagship", False),
                    "status": pr["status"],
                    "is_demo": pr.get("is_demo", False),
                    "start_date": self._parse_date(pr.get("start_date"), where, "start_date"),
                    "end_date": self._parse_date(pr.get("end_date"), where, "end_date"),
                    "eu_funding_programme": pr.get("eu_funding_programme", ""),
                    "eu_funding_amount": self._decimal(pr.get("eu_funding_amount")),
                    "website": pr.get("website", ""),
                },
                where,
            )
            self.projects[pr["code"]] = project
            self._set_m2m(project.themes, [self.themes[c] for c in pr.get("themes", [])])
            self._set_m2m(project.lead, [self._territory(c) for c in pr.get("lead", [])])
            self._set_m2m(project.partners, [self._territory(c) for c in pr.get("partners", [])])
            for j, m in enumerate(pr.get("milestones", [])):
                self._save(
                    Milestone,
                    {"project": project, "code": m["code"]},
                    {
                        **self._tr(m["title"], "title"),
                        "planned_date": self._parse_date(m["planned_date"], f"{where}.milestones[{j}]", "planned_date"),
                        "actual_date": self._parse_date(
                            m.get("actual_date"), f"{where}.milestones[{j}]", "actual_date"
                        ),
                        "status": m["status"],
                        "is_demo": m.get("is_demo", False),
                    },
                    f"{where}.milestones[{j}] (code {m['code']!r})",
                )
            for j, ind in enumerate(pr.get("indicators", [])):
                iw = f"{where}.indicators[{j}] (code {ind['code']!r})"
                indicator = self._save(
                    Indicator,
                    {"project": project, "code": ind["code"]},
                    {
                        **self._tr(ind["name"], "name"),
                        **self._tr(ind["unit"], "unit"),
                        "baseline": Decimal(ind["baseline"]),
                        "target": Decimal(ind["target"]),
                        "baseline_date": self._parse_date(ind.get("baseline_date"), iw, "baseline_date"),
                        "target_date": self._parse_date(ind.get("target_date"), iw, "target_date"),
                        "is_demo": ind.get("is_demo", False),
                        **self._data_series(ind.get("data_series"), iw),
                    },
                    iw,
                )
                for k, meas in enumerate(ind.get("measurements", [])):
                    mw = f"{iw}.measurements[{k}]"
                    self._save(
                        Measurement,
                        {"indicator": indicator, "date": self._parse_date(meas["date"], mw, "date")},
                        {
                            "value": Decimal(meas["value"]),
                            "note": meas.get("note", ""),
                            "is_demo": meas.get("is_demo", False),
                        },
                        f"{mw} (date {meas['date']})",
                    )
            for j, u in enumerate(pr.get("progress_updates", [])):
                uw = f"{where}.progress_updates[{j}] (uuid {u['uuid']})"
                self._save(
                    ProgressUpdate,
                    {"uuid": uuid.UUID(u["uuid"])},
                    {
                        "project": project,
                        "year": u["year"],
                        "quarter": u["quarter"],
                        "rag": u["rag"],
                        "narrative": u["narrative"],
                        "language": u["language"],
                        "author_name": u.get("author_name", ""),
                        "created_at": self._parse_datetime(u.get("created_at"), uw, "created_at"),
                        "is_demo": u.get("is_demo", False),
                    },
                    uw,
                    exclude=["uuid"],
                )
            for j, c in enumerate(pr.get("comments", [])):
                cw = f"{where}.comments[{j}] (uuid {c['uuid']})"
                self._save(
                    ProjectComment,
                    {"uuid": uuid.UUID(c["uuid"])},
                    {
                        "project": project,
                        "author_name": c.get("author_name", ""),
                        "country": c.get("country", ""),
                        "text": c["text"],
                        "language": c["language"],
                        "created_at": self._parse_datetime(c.get("created_at"), cw, "created_at"),
                    },
                    cw,
                    exclude=["uuid"],
                )

    @staticmethod
    def _data_series(binding: dict | None, where: str) -> dict:
        if not binding:
            return {"data_series": None, "data_geo": ""}
        from grensloos.insights.models import Indicator as DataIndicator

        series = DataIndicator.objects.filter(code=binding["indicator"]).first()
        if series is None:
            raise ExchangeError(
                f"{where}: field 'data_series': there is no data indicator {binding['indicator']!r} "
                "(load the catalogue with 'grensloos data catalogue').",
                field="data_series",
            )
        return {"data_series": series, "data_geo": binding.get("geo", "")}

    def _territory(self, code: str) -> Territory:
        if code not in self.territories:
            self.territories[code] = Territory.objects.get(code=code)
        return self.territories[code]

    def _plans(self, programme: WorkProgramme, plans: list[dict]) -> None:
        for i, plan in enumerate(plans):
            where = f"programme.annual_plans[{i}] (year {plan['year']})"
            obj = self._save(
                AnnualPlan,
                {"programme": programme, "year": plan["year"]},
                {
                    "presidency": plan["presidency"],
                    **self._tr(plan["title"], "title"),
                    **self._tr(plan.get("summary"), "summary"),
                    "adopted_on": self._parse_date(plan.get("adopted_on"), where, "adopted_on"),
                    "is_demo": plan.get("is_demo", False),
                },
                where,
            )
            for j, prio in enumerate(plan.get("priorities", [])):
                pw = f"{where}.priorities[{j}] (number {prio['number']})"
                priority = self._save(
                    Priority,
                    {"plan": obj, "number": prio["number"]},
                    {
                        **self._tr(prio["title"], "title"),
                        **self._tr(prio.get("description"), "description"),
                    },
                    pw,
                )
                self._set_m2m(priority.themes, [self.themes[c] for c in prio.get("themes", [])])
                self._set_m2m(priority.projects, [self.projects[c] for c in prio.get("projects", [])])


def _no_duplicates(values: list, where: str, field: str) -> None:
    seen: set = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ExchangeError(f"{where}[{index}]: field {field!r}: {value!r} occurs more than once.", field=field)
        seen.add(value)


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"field {field!r}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def _first_field(exc: ValidationError) -> str | None:
    return next(iter(exc.error_dict), None) if hasattr(exc, "error_dict") else None


MODES = ("create", "replace", "update")


def import_programme(document: Any, mode: str = "create") -> WorkProgramme:
    """Import a programme document atomically.

    ``mode``: ``create`` refuses an existing programme code; ``replace`` deletes the existing programme
    first; ``update`` merges the document into it by natural keys and leaves records it does not mention.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    validate_document(document)
    with transaction.atomic():
        return _Importer(document, mode).run()

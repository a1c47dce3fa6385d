"""Employer and payroll batches: a CSV of workers in, a CSV of answers out, all in one simulation.

Input columns (header required, order free, extra columns are kept and reported):
``employee_id, residence, employer_country, year, working_days_total, days_in_employer_country,
days_in_residence_country`` and optionally ``days_elsewhere`` (``FR:3;DE:2``), ``public_sector``,
``framework_agreement_requested``, ``national_of_residence_state`` (true/false, yes/no, 1/0).

The whole file is validated before anything is computed: the first bad row stops the batch with a message
naming its line and column, and no output file is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from typing import IO

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import engine
from .engine import Case, CaseError, Columns
from .rules.variables.common import PAIRS, STATES
from .rules.variables.social_security import SocialSecurityRule
from .rules.variables.tax import TaxRule

REQUIRED = (
    "employee_id",
    "residence",
    "employer_country",
    "year",
    "working_days_total",
    "days_in_employer_country",
    "days_in_residence_country",
)
#: limits of an upload on the web pages and the API (the command line has none)
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ONLINE_ROWS = 20_000

OPTIONAL = ("days_elsewhere", "public_sector", "framework_agreement_requested", "national_of_residence_state")
OUTPUT = (
    "employee_id",
    "year",
    "pair",
    "social_security_state",
    "social_security_rule",
    "tax_share_employer_state",
    "tax_share_residence_state",
    "tax_rule",
    "tax_tolerance_limit_days",
    "tax_days_counted",
    "tax_tolerance_days_left",
    "social_security_25_percent_days_left",
    "uncertain",
    "uncertainties",
)
_TRUE = {"true", "yes", "1", "y", "ja", "oui"}
_FALSE = {"false", "no", "0", "n", "", "nee", "non", "nein"}


class BatchError(CaseError):
    """A row of the batch the check cannot read; the message names the line and the column."""


@dataclass
class Batch:
    ids: list[str]
    cases: list[Case]
    extra_columns: list[str]

    @cached_property
    def columns(self) -> Columns:
        return Columns.from_cases(self.cases)


def _number(text: str, column: str, line: int) -> float | int:
    try:
        value = float(text.replace(",", ".")) if text.strip() else None
    except ValueError:
        value = None
    if value is None:
        raise BatchError(
            _("Line %(line)s, column %(column)s: %(value)r is not a number.")
            % {"line": line, "column": column, "value": text},
            column,
        )
    return int(value) if column == "year" and value.is_integer() else value


def _flag(text: str, column: str, line: int) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BatchError(
        _("Line %(line)s, column %(column)s: %(value)r is not true or false.")
        % {"line": line, "column": column, "value": text},
        column,
    )


def _elsewhere(text: str, line: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        code, sep, days = part.partition(":")
        if not sep:
            raise BatchError(
                _("Line %(line)s, column days_elsewhere: write each state as CODE:DAYS, e.g. FR:3;DE:2.")
                % {"line": line},
                "days_elsewhere",
            )
        out[code.strip()] = _number(days, "days_elsewhere", line)
    return out


def read(stream: IO[str], max_rows: int | None = None) -> Batch:
    """Read and validate the whole CSV; raises ``BatchError`` naming the first bad line and column."""
    reader = csv.DictReader(stream)
    ids, cases = [], []
    seen: set[str] = set()
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise BatchError(_("Line 1: the header lacks the column %(column)s.") % {"column": missing[0]}, missing[0])
        reader.fieldnames = header
        for record in reader:
            line = reader.line_num
            if max_rows is not None and len(cases) >= max_rows:
                raise BatchError(_("The file has more than %(max)s rows.") % {"max": max_rows})
            if None in record:
                raise BatchError(_("Line %(line)s has more values than the header.") % {"line": line})
            employee = (record["employee_id"] or "").strip()
            if not employee:
                raise BatchError(
                    _("Line %(line)s, column employee_id: the value is empty.") % {"line": line}, "employee_id"
                )
            if employee in seen:
                raise BatchError(
                    _("Line %(line)s, column employee_id: %(id)r appears twice.") % {"line": line, "id": employee},
                    "employee_id",
                )
            seen.add(employee)
            data: dict = {
                "residence": (record["residence"] or "").strip(),
                "employer_country": (record["employer_country"] or "").strip(),
            }
            for column in REQUIRED[3:]:
                data[column] = _number(record[column] or "", column, line)
            if record.get("days_elsewhere"):
                data["days_elsewhere"] = _elsewhere(record["days_elsewhere"], line)
            for column in OPTIONAL[1:]:
                if column in record:
                    data[column] = _flag(record[column] or "", column, line)
            try:
                cases.append(engine.parse_case(data))
            except CaseError as exc:
                raise BatchError(
                    _("Line %(line)s, column %(column)s: %(message)s")
                    % {"line": line, "column": exc.field or "-", "message": exc.message},
                    exc.field,
                ) from exc
            ids.append(employee)
    except csv.Error as exc:
        raise BatchError(
            _("Line %(line)s: the CSV cannot be read (%(error)s).") % {"line": reader.line_num, "error": exc}
        ) from exc
    if not cases:
        raise BatchError(_("The file has no rows."))
    extra = [h for h in header if h not in REQUIRED + OPTIONAL]
    return Batch(ids=ids, cases=cases, extra_columns=extra)


def parameter_doubts(columns: Columns, results: dict[str, np.ndarray], lang: str = "en") -> tuple[np.ndarray, _Lookup]:
    """Which workers' answers rest on a value marked uncertain, and why, without explaining every row.

    The parameters an answer uses depend on (year, residence, employer, both rules, any home days); the
    distinct combinations are few, so each is explained once and the verdict is spread back by index.
    """
    ss_rules, tax_rules = list(SocialSecurityRule), list(TaxRule)
    first_year = engine.YEARS[0]
    # one small integer per combination, so finding the distinct ones is a table look-up, not a sort
    sizes = (len(engine.YEARS), len(STATES), len(STATES), len(ss_rules), len(tax_rules), 2, 2)
    parts = (
        columns.year.astype(np.int64) - first_year,
        columns.residence.astype(np.int64),
        columns.employer.astype(np.int64),
        np.asarray(results["social_security_rule"]).astype(np.int64),
        np.asarray(results["tax_rule"]).astype(np.int64),
        (columns.in_residence > 0).astype(np.int64),
        (columns.framework_requested & (columns.in_third > 0)).astype(np.int64),
    )
    key = np.zeros(len(columns), dtype=np.int64)
    for part, size in zip(parts, sizes, strict=True):
        key = key * size + part
    present = np.flatnonzero(np.bincount(key, minlength=int(np.prod(sizes))))
    flags_by_key = np.zeros(int(np.prod(sizes)), dtype=bool)
    text_by_key: dict[int, str] = {}
    with override(lang):
        for combo in present:
            rest, values = int(combo), []
            for size in reversed(sizes):
                rest, value = divmod(rest, size)
                values.append(value)
            year, res, emp, ss_rule, tax_rule, home, framework_third = reversed(values)
            year += first_year
            case = Case(
                STATES[res],
                STATES[emp],
                int(year),
                1.0,
                0.0,
                1.0 if home else 0.0,
                days_elsewhere={"ZZ": 1.0} if framework_third else {},
                framework_agreement_requested=bool(framework_third),
            )
            row = {
                "pair": PAIRS[engine.PAIR_TABLE[res, emp]],
                "ss_rule": ss_rules[ss_rule],
                "tax_rule": tax_rules[tax_rule],
            }
            ss_params, _b1, tax_params, _b2 = engine._parameters_used(row, case)
            doubts = [_(v.uncertain) for v in engine._values(ss_params + tax_params, int(year)) if v.uncertain]
            flags_by_key[combo] = bool(doubts)
            text_by_key[int(combo)] = " | ".join(dict.fromkeys(doubts))
    return flags_by_key[key], _Lookup(key, text_by_key)


class _Lookup:
    """The doubt text of worker ``i``, looked up by the worker's combination key when asked for."""

    def __init__(self, key: np.ndarray, texts: dict[int, str]) -> None:
        self.key, self.texts = key, texts

    def __getitem__(self, i: int) -> str:
        return self.texts[int(self.key[i])]

    def __len__(self) -> int:
        return len(self.key)


def assess(batch: Batch) -> dict[str, np.ndarray]:
    return engine.compute(batch.columns)


def write(batch: Batch, results: dict[str, np.ndarray], out: IO[str], lang: str = "en") -> int:
    """Write one output row per worker; returns the number of rows."""
    columns = batch.columns
    doubt, doubt_texts = parameter_doubts(columns, results, lang)
    part_days = (
        (results["tax_tolerance_days"] > 0)
        & ~columns.public_sector
        & (np.mod(results["tax_tolerance_days_counted"], 1) != 0)
    )
    formula_doubt = results["social_security_uncertain"] | results["tax_uncertain"] | part_days
    share_employer = results["tax_share_employer_state"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT)
    ss_rules, tax_rules = list(SocialSecurityRule), list(TaxRule)
    for i, (employee, case) in enumerate(zip(batch.ids, batch.cases, strict=True)):
        row = engine.row_of(results, i)
        room = engine.headroom(case, row, *engine.thresholds(case.year))
        reasons = [doubt_texts[i]] if doubt[i] else []
        if formula_doubt[i]:
            reasons.append(_("depends on the dates of the days, on part days or on days in a third state"))
        writer.writerow(
            [
                employee,
                case.year,
                row["pair"].replace("_", "-"),
                row["ss_state"],
                ss_rules[int(results["social_security_rule"][i])].value,
                f"{share_employer[i]:.6f}",
                f"{1 - share_employer[i]:.6f}",
                tax_rules[int(results["tax_rule"][i])].value,
                int(row["tolerance_days"]) or "",
                engine._num(row["days_counted"]),
                "" if room["tax_tolerance_days_left"] is None else room["tax_tolerance_days_left"],
                room["social_security_25_percent_days_left"],
                "true" if (doubt[i] or formula_doubt[i]) else "false",
                " | ".join(reasons),
            ]
        )
    return len(batch.cases)


def run(text: str, lang: str = "en", max_rows: int | None = None) -> tuple[str, Batch]:
    """Validate, assess and render a whole batch; nothing is returned unless every row is valid."""
    batch = read(io.StringIO(text, newline=""), max_rows=max_rows)
    out = io.StringIO()
    with override(lang):
        write(batch, assess(batch), out, lang)
    return out.getvalue(), batch

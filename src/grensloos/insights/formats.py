"""Readers for Eurostat's file formats, all producing one canonical form (:class:`ParsedDataset`).

* bulk TSV (``freq,unit,geo\\TIME_PERIOD`` header, ``<value> <flags>`` cells, ``:`` for missing), plain or gzip
* SDMX-CSV 1.0 (``DATAFLOW,LAST UPDATE,...``) and 2.0 (``STRUCTURE,STRUCTURE_ID,...``)
* JSON-stat 2.0 (as served by Eurostat's statistics API, sparse ``value``/``status`` objects)
* SDMX-ML 2.1 (read with the ``sdmx1`` library)

The canonical form is the storage layout described in ``models.py``: per geography, one line per series
``dim,...,geo<TAB>cell...`` with cells aligned to the dataset's periods. Every cell is validated on the way
in; an error names the line (or record) and the column.

The bulk TSV reader is the hot path (files of millions of cells): it checks the whole file with one RE2
expression (pyarrow), so Python touches lines, not cells; only when that check fails does it look for the
first bad cell to report it.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from grensloos.core.errors import DomainError

_MONTH = r"(?:0[1-9]|1[0-2])"
_WEEK = r"(?:0[1-9]|[1-4][0-9]|5[0-3])"
PERIOD_RE = re.compile(rf"\d{{4}}(?:-(?:Q[1-4]|S[12]|{_MONTH}|W{_WEEK})|Q[1-4]|S[12]|M{_MONTH})?\Z")
VALUE_RE = re.compile(r"-?[0-9]{1,200}(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,2})?\Z")
FLAGS_RE = re.compile(r"[a-z]*\Z")
DIM_VALUE_RE = re.compile(r"[^\t,\n\r]+\Z")
# One TSV data line (without the cell count, which is checked separately): the same grammar as
# VALUE_RE / FLAGS_RE, written for RE2.
_TSV_CELL = r"\t(?:-?[0-9]{1,200}(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,2})?|:)(?: [a-z]*)?"
FORMATS = ("tsv", "sdmx-csv", "json-stat", "sdmx-ml")


class ParseError(DomainError):
    """A file that cannot be read; the message names the line or record and the column."""


@dataclass
class ParsedDataset:
    dimensions: list[str]
    periods: list[str]
    blocks: dict[str, str]
    series_count: int
    observation_count: int
    file_format: str
    rows_read: int
    code: str = ""
    title: str = ""
    last_update: datetime.datetime | None = None
    checksum: str = field(default="")

    def __post_init__(self) -> None:
        if not self.checksum:
            digest = hashlib.blake2b(digest_size=32)
            digest.update(json.dumps([self.dimensions, self.periods]).encode())
            for geo in sorted(self.blocks):
                digest.update(geo.encode() + b"\x00" + self.blocks[geo].encode() + b"\x00")
            self.checksum = digest.hexdigest()


def _decode(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ParseError(f"The gzip file is damaged: {exc}.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(f"line {line}: the file is not UTF-8 text.") from exc
    return text.replace("\r", "") if "\r" in text else text


def detect_format(text: str) -> str:
    head = text.lstrip()[:300]
    first_line = head.split("\n", 1)[0]
    if head.startswith("{"):
        return "json-stat"
    if head.startswith("<"):
        return "sdmx-ml"
    if first_line.startswith(("DATAFLOW,", "STRUCTURE,")):
        return "sdmx-csv"
    if "\t" in first_line and "\\" in first_line.split("\t", 1)[0]:
        return "tsv"
    raise ParseError("line 1: not a Eurostat TSV, SDMX-CSV, JSON-stat or SDMX-ML file.")


def parse(data: bytes, file_format: str | None = None) -> ParsedDataset:
    """Read any supported format (``file_format`` forces one)."""
    text = _decode(data)
    fmt = file_format or detect_format(text)
    readers = {"tsv": parse_tsv, "sdmx-csv": parse_sdmx_csv, "json-stat": parse_jsonstat, "sdmx-ml": parse_sdmx_ml}
    if fmt not in readers:
        raise ParseError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    return readers[fmt](text)


# ------------------------------------------------------------------------------------------------ helpers


def _check_periods(periods: list[str], where: str) -> None:
    seen = set()
    for i, period in enumerate(periods):
        if not PERIOD_RE.match(period):
            raise ParseError(f"{where}, column {i + 2}: {period!r} is not a period such as 2021, 2021-Q1 or 2021-03.")
        if period in seen:
            raise ParseError(f"{where}: the period {period} occurs twice.")
        seen.add(period)


def _check_cell(cell: str, where: str) -> None:
    value, _sep, flags = cell.partition(" ")
    if value != ":" and not VALUE_RE.match(value):
        raise ParseError(f"{where}: {cell.strip()!r} is not a number, ':' or a number with flags.")
    if not FLAGS_RE.match(flags):
        raise ParseError(f"{where}: {flags!r} is not a set of Eurostat flags (lower-case letters).")


def _assemble(
    dimensions: list[str],
    observations: dict[tuple[str, ...], dict[str, str]],
    file_format: str,
    rows_read: int,
    **meta: object,
) -> ParsedDataset:
    """Build the canonical blocks from ``{series key (geo last): {period: cell}}``."""
    periods = sorted({p for series in observations.values() for p in series})
    blocks: dict[str, list[str]] = {}
    count = 0
    for key in sorted(observations):
        series = observations[key]
        cells = [series.get(p, ": ") for p in periods]
        count += sum(1 for c in cells if not c.startswith(":"))
        blocks.setdefault(key[-1], []).append(",".join(key) + "\t" + "\t".join(cells))
    return ParsedDataset(
        dimensions=dimensions,
        periods=periods,
        blocks={geo: "\n".join(lines) for geo, lines in blocks.items()},
        series_count=len(observations),
        observation_count=count,
        file_format=file_format,
        rows_read=rows_read,
        **meta,
    )


def _geo_last(dimensions: list[str]) -> list[int]:
    """Column order that puts ``geo`` last, as in Eurostat TSV files."""
    if "geo" not in dimensions:
        raise ParseError("line 1: the file has no geo dimension.")
    order = [i for i, d in enumerate(dimensions) if d != "geo"]
    return [*order, dimensions.index("geo")]


def _cell(value: str | None, flags: str) -> str:
    return f"{value if value not in (None, '') else ':'} {flags}"


# ------------------------------------------------------------------------------------------------- TSV


def parse_tsv(text: str) -> ParsedDataset:
    import pyarrow as pa
    import pyarrow.compute as pc

    newline = text.find("\n")
    header = (text if newline < 0 else text[:newline]).split("\t")
    first = header[0]
    if "\\" not in first:
        raise ParseError("line 1: the first cell must name the dimensions, e.g. freq,unit,geo\\TIME_PERIOD.")
    dimensions = first.split("\\", 1)[0].split(",")
    if not dimensions or any(not d for d in dimensions):
        raise ParseError("line 1: empty dimension name in the header.")
    if dimensions[-1] != "geo":
        raise ParseError("line 1: the last dimension before the time label must be geo.")
    periods = [p.strip() for p in header[1:]]
    _check_periods(periods, "line 1")
    if periods != sorted(periods):
        text = _tsv_in_period_order(text, periods)
        newline = text.find("\n")
        periods = sorted(periods)
    if not text.endswith("\n"):
        text += "\n"
        newline = text.find("\n")
    n_periods = len(periods)
    # The whole file in one RE2 pass: the header line, then lines of a key (dimension values without
    # ':', as in SDMX codes, so that every ':' in the body is a missing value) and cells.
    key_re = r"[^\t,\n:]+(?:,[^\t,\n:]+){" + str(len(dimensions) - 1) + "}"
    pattern = "^[^\n]*\n(?:" + key_re + "(?:" + _TSV_CELL + ")*\n)*$"
    valid = pc.match_substring_regex(pa.array([text], pa.large_string()), pattern)[0].as_py()
    lines = text.split("\n")
    lines.pop()  # the text ends with a newline
    del lines[0]  # the header
    blocks: dict[str, list[str]] = {}
    keys: set[str] = set()
    if valid:
        # one pass over the lines: the number of cells, the series key, and the block of its geography
        for line in lines:
            if line.count("\t") != n_periods:
                valid = False
                break
            key = line[: line.find("\t")]
            keys.add(key)
            geo = key[key.rfind(",") + 1 :]
            block = blocks.get(geo)
            if block is None:
                blocks[geo] = [line]
            else:
                block.append(line)
    if not valid:
        for number, line in enumerate(lines, start=2):
            _explain_tsv_line(line, number, dimensions, periods)
        raise ParseError("The file does not follow the Eurostat TSV layout.")
    if len(keys) != len(lines):
        seen: set[str] = set()
        for number, line in enumerate(lines, start=2):
            key = line[: line.find("\t")]
            if key in seen:
                raise ParseError(f"line {number}: the series {key} occurs twice.")
            seen.add(key)
    missing = text.count(":") - text[: newline + 1].count(":")
    return ParsedDataset(
        dimensions=dimensions,
        periods=periods,
        blocks={geo: "\n".join(block) for geo, block in blocks.items()},
        series_count=len(lines),
        observation_count=len(lines) * n_periods - missing,
        file_format="tsv",
        rows_read=len(lines),
    )


def _tsv_in_period_order(text: str, periods: list[str]) -> str:
    """The same file with its period columns in ascending order (older bulk files put the newest first).

    A line whose cell count is wrong is left as it is, for the validation to report.
    """
    order = sorted(range(len(periods)), key=periods.__getitem__)
    lines = text.split("\n")
    out = []
    for line in lines:
        cells = line.split("\t")
        if len(cells) == len(periods) + 1:
            line = "\t".join([cells[0], *(cells[i + 1] for i in order)])
        out.append(line)
    return "\n".join(out)


def _explain_tsv_line(line: str, number: int, dimensions: list[str], periods: list[str]) -> None:
    """Raise the precise error for a line that failed the fast check (or return if it is in fact fine)."""
    if not line.strip():
        raise ParseError(f"line {number}: empty line.")
    if "\t" not in line:
        raise ParseError(f"line {number}: no values (a line needs the series key and one value per period).")
    cells = line.split("\t")
    key = cells[0].split(",")
    if len(key) != len(dimensions) or not all(DIM_VALUE_RE.match(k) and ":" not in k for k in key):
        raise ParseError(
            f"line {number}, column 1: {cells[0]!r} does not give the {len(dimensions)} dimensions "
            f"{','.join(dimensions)}."
        )
    if len(cells) - 1 != len(periods):
        raise ParseError(f"line {number}: {len(cells) - 1} values for {len(periods)} periods.")
    for period, cell in zip(periods, cells[1:], strict=True):
        _check_cell(cell, f"line {number}, column {period}")


# -------------------------------------------------------------------------------------------- SDMX-CSV


def parse_sdmx_csv(text: str) -> ParsedDataset:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ParseError("line 1: the file is empty.") from exc
    except csv.Error as exc:
        raise ParseError(f"line 1: {exc}.") from exc
    if header[:1] == ["DATAFLOW"]:
        meta_columns = 2 if len(header) > 1 and header[1] == "LAST UPDATE" else 1
        version = "1.0"
    elif header[:2] == ["STRUCTURE", "STRUCTURE_ID"]:
        meta_columns = 2
        version = "2.0"
        if len(header) > 2 and header[2] == "ACTION":
            meta_columns = 3
    else:
        raise ParseError("line 1: an SDMX-CSV file starts with DATAFLOW or STRUCTURE,STRUCTURE_ID.")
    try:
        time_col, value_col = header.index("TIME_PERIOD"), header.index("OBS_VALUE")
    except ValueError as exc:
        raise ParseError("line 1: TIME_PERIOD and OBS_VALUE columns are required.") from exc
    flag_col = header.index("OBS_FLAG") if "OBS_FLAG" in header else None
    dims = header[meta_columns:time_col]
    order = _geo_last(dims)
    dimensions = [dims[i] for i in order]
    observations: dict[tuple[str, ...], dict[str, str]] = {}
    code = ""
    last_update = None
    rows = 0
    for row in _csv_rows(reader):
        number = reader.line_num
        if not row:
            continue
        rows += 1
        if len(row) != len(header):
            raise ParseError(f"line {number}: {len(row)} columns where the header has {len(header)}.")
        key_values = row[meta_columns:time_col]
        for name, value in zip(dims, key_values, strict=True):
            if not DIM_VALUE_RE.match(value) or ":" in value:
                raise ParseError(
                    f"line {number}, column {name}: {value!r} is not a code (download the file with codes, not labels)."
                )
        key = tuple(key_values[i] for i in order)
        period = row[time_col]
        if not PERIOD_RE.match(period):
            raise ParseError(f"line {number}, column TIME_PERIOD: {period!r} is not a period.")
        value = row[value_col].strip()
        flags = row[flag_col].strip() if flag_col is not None else ""
        if value and not VALUE_RE.match(value):
            raise ParseError(f"line {number}, column OBS_VALUE: {value!r} is not a number.")
        if not FLAGS_RE.match(flags):
            raise ParseError(f"line {number}, column OBS_FLAG: {flags!r} is not a set of Eurostat flags.")
        series = observations.setdefault(key, {})
        if period in series:
            raise ParseError(f"line {number}: a second value for {','.join(key)} in {period}.")
        series[period] = _cell(value, flags)
        if not code:
            code = _flow_code(row[1] if version == "2.0" else row[0])
        if version == "1.0" and meta_columns == 2 and last_update is None:
            last_update = _sdmx_csv_date(row[1], number)
    return _assemble(dimensions, observations, "sdmx-csv", rows, code=code, last_update=last_update)


def _csv_rows(reader: Iterable[list[str]]) -> Iterable[list[str]]:
    """The rows of a csv reader, with its errors (e.g. an unclosed quote) as a ParseError naming the line."""
    iterator = iter(reader)
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ParseError(f"line {getattr(reader, 'line_num', '?')}: {exc}.") from exc


def _flow_code(reference: str) -> str:
    """``ESTAT:ISOC_E_DII(1.0)`` → ``isoc_e_dii``."""
    match = re.match(r"^(?:[^:]+:)?([A-Za-z0-9_]+)", reference)
    return match.group(1).lower() if match else ""


def _sdmx_csv_date(text: str, number: int) -> datetime.datetime | None:
    if not text:
        return None
    for fmt in ("%d/%m/%y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
    raise ParseError(f"line {number}, column LAST UPDATE: {text!r} is not a date.")


# -------------------------------------------------------------------------------------------- JSON-stat


def parse_jsonstat(text: str) -> ParsedDataset:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg}).") from exc
    if not isinstance(doc, dict) or doc.get("class") != "dataset" or not str(doc.get("version", "")).startswith("2"):
        raise ParseError("record $: not a JSON-stat 2.0 dataset.")
    ids, sizes = doc.get("id"), doc.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise ParseError("record $.id/$.size: missing or of different lengths.")
    time_dim = next((d for d in ids if d in ("time", "TIME_PERIOD")), None)
    if time_dim is None:
        raise ParseError("record $.id: no time dimension.")
    categories: list[list[str]] = []
    for dim, size in zip(ids, sizes, strict=True):
        try:
            index = doc["dimension"][dim]["category"]["index"]
        except (KeyError, TypeError) as exc:
            raise ParseError(f"record $.dimension.{dim}: no category index.") from exc
        codes = sorted(index, key=index.get) if isinstance(index, dict) else list(index)
        for code in codes:
            if not isinstance(code, str) or not DIM_VALUE_RE.match(code) or (dim != time_dim and ":" in code):
                raise ParseError(f"record $.dimension.{dim}.category.index: {code!r} is not a code.")
        if len(codes) != size:
            raise ParseError(f"record $.dimension.{dim}: {len(codes)} categories, size says {size}.")
        categories.append(codes)
    values = doc.get("value", {})
    status = doc.get("status", {}) or {}
    total = 1
    for size in sizes:
        total *= size
    if isinstance(values, list):
        values = {str(i): v for i, v in enumerate(values) if v is not None}
    if isinstance(status, str):  # JSON-stat allows one status for every cell
        status = {str(i): status for i in range(total)} if total <= 10_000_000 else {}
    if isinstance(status, list):
        status = {str(i): s for i, s in enumerate(status) if s}
    if not isinstance(values, dict) or not isinstance(status, dict):
        raise ParseError("record $.value/$.status: neither an array nor an object.")
    for flat in (*values, *status):
        if not str(flat).isdigit():
            raise ParseError(f"record $.value[{flat!r}]: not a cell position.")
    non_time = [d for d in ids if d != time_dim]
    order = _geo_last(non_time)
    dimensions = [non_time[i] for i in order]
    strides = [1] * len(sizes)
    for i in range(len(sizes) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    observations: dict[tuple[str, ...], dict[str, str]] = {}
    for flat in sorted({*map(str, values), *map(str, status)}, key=int):
        position = int(flat)
        if not 0 <= position < total:
            raise ParseError(f"record $.value[{flat}]: position outside the {total} cells of the cube.")
        coords = [categories[i][(position // strides[i]) % sizes[i]] for i in range(len(ids))]
        named = dict(zip(ids, coords, strict=True))
        value = values.get(flat)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
        ):
            raise ParseError(f"record $.value[{flat}]: {value!r} is not a number.")
        flags = str(status.get(flat, "") or "")
        # Eurostat joins an observation flag and a confidentiality status with "|" ("|C" = confidential)
        flags = "".join(part.lower() for part in flags.split("|"))
        if not FLAGS_RE.match(flags):
            raise ParseError(f"record $.status[{flat}]: {status.get(flat)!r} is not a set of flags.")
        key = tuple(named[non_time[i]] for i in order)
        observations.setdefault(key, {})[named[time_dim]] = _cell(None if value is None else repr(value), flags)
    for dim_periods in categories[ids.index(time_dim)]:
        if not PERIOD_RE.match(dim_periods):
            raise ParseError(f"record $.dimension.{time_dim}: {dim_periods!r} is not a period.")
    updated = None
    if doc.get("updated"):
        try:
            updated = datetime.datetime.fromisoformat(
                str(doc["updated"]).replace("+0100", "+01:00").replace("+0200", "+02:00")
            )
        except ValueError as exc:
            raise ParseError(f"record $.updated: {doc['updated']!r} is not a date.") from exc
    code = str((doc.get("extension") or {}).get("id", "")).lower()
    return _assemble(
        dimensions,
        observations,
        "json-stat",
        len(values),
        code=code,
        title=str(doc.get("label", ""))[:300],
        last_update=updated,
    )


# --------------------------------------------------------------------------------------------- SDMX-ML


def parse_sdmx_ml(text: str) -> ParsedDataset:
    return from_sdmx_message(_read_sdmx(text.encode("utf-8")))


def _read_sdmx(data: bytes):  # noqa: ANN202
    import logging

    import sdmx

    logging.getLogger("sdmx").setLevel(logging.ERROR)  # it warns when a message comes without its structure
    try:
        return sdmx.read_sdmx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - sdmx1 raises many kinds of errors for bad XML
        raise ParseError(f"record $: not a readable SDMX-ML message ({exc}).") from exc


def from_sdmx_message(message: object, code: str = "") -> ParsedDataset:
    """Turn an ``sdmx1`` DataMessage (from a file or the API) into the canonical form."""
    observations: dict[tuple[str, ...], dict[str, str]] = {}
    dimensions: list[str] | None = None
    rows = 0
    for dataset in getattr(message, "data", []):
        for series_key, series in dataset.series.items():
            named = {kv.id: str(kv.value) for kv in series_key.values.values()}
            if dimensions is None:
                names = list(named)
                dimensions = [names[i] for i in _geo_last(names)]
            key = tuple(named.get(d, "") for d in dimensions)
            if any(not DIM_VALUE_RE.match(k) for k in key):
                raise ParseError(f"record series {series_key}: a dimension value is empty or not a code.")
            for obs in series:
                rows += 1
                period = str(obs.dim.values["TIME_PERIOD"].value) if obs.dim else ""
                if not PERIOD_RE.match(period):
                    raise ParseError(f"record series {series_key}: {period!r} is not a period.")
                value = obs.value
                value_text = None if value is None or str(value) in ("", "nan", "NaN") else str(value)
                if value_text is not None and not VALUE_RE.match(value_text):
                    raise ParseError(f"record series {series_key}, period {period}: {value!r} is not a number.")
                flag_attr = obs.attached_attribute.get("OBS_FLAG") if obs.attached_attribute else None
                flags = str(flag_attr.value) if flag_attr is not None and flag_attr.value else ""
                if not FLAGS_RE.match(flags):
                    raise ParseError(f"record series {series_key}, period {period}: bad flags {flags!r}.")
                observations.setdefault(key, {})[period] = _cell(value_text, flags)
    if dimensions is None:
        raise ParseError("record $: the message holds no series.")
    if not code:
        for dataset in getattr(message, "data", []):
            flow = getattr(getattr(dataset, "described_by", None), "id", "") or ""
            code = flow.lower()
    prepared = getattr(getattr(message, "header", None), "prepared", None)
    return _assemble(dimensions, observations, "sdmx-ml", rows, code=code, last_update=prepared)


# ---------------------------------------------------------------------------------------------- reading


def parse_cell(cell: str) -> tuple[float | None, str]:
    """A stored cell → (value or None, flags)."""
    value, _sep, flags = cell.partition(" ")
    return (None if value == ":" else float(value)), flags.strip()


def series_from_block(body: str, keys: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The lines of a block as ``{series key: [cell, ...]}``, optionally only for ``keys``."""
    wanted = set(keys) if keys is not None else None
    out = {}
    for line in body.split("\n"):
        if not line:
            continue
        key, _tab, rest = line.partition("\t")
        if wanted is None or key in wanted:
            out[key] = rest.split("\t")
    return out

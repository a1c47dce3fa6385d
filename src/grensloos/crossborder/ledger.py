"""A worker's day ledger: where each working day was spent, read from CSV or iCalendar.

CSV: a header ``date,country[,fraction]`` and one line per day and place; ``fraction`` (default 1) is the part
of the working day spent there, so a day split between two states is two lines whose fractions add up to 1 at
most. iCalendar: each VEVENT is work (or training) on the days it covers; its LOCATION names the country, as an
ISO code (``LU``) or a name (``Luxembourg``, ``Luxemburg``), possibly after an address and a comma. An event of
less than a whole day in time counts as the fraction of an 8-hour day.

Counting follows the rules: shares of working time use the fractions; a tax tolerance counts every day worked
even partly outside the employer state as a whole day; training days count as working days where they happen.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from babel import Locale
from django.utils.translation import gettext as _

from . import engine
from .engine import Case, CaseError

WORKDAY_HOURS = 8


class LedgerError(CaseError):
    """A ledger line the check cannot read; the message names the line (and the field)."""


@dataclass
class Ledger:
    year: int
    #: fraction of each date spent per country
    days: dict[datetime.date, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    training_days: int = 0

    def add(self, day: datetime.date, country: str, fraction: float, where: str) -> None:
        if day.year != self.year:
            raise LedgerError(
                _("%(where)s: %(day)s is not in %(year)s.")
                % {"where": where, "day": day.isoformat(), "year": self.year},
                "date",
            )
        places = self.days[day]
        places[country] = places.get(country, 0.0) + fraction
        if sum(places.values()) > 1 + 1e-9:
            raise LedgerError(
                _("%(where)s: the fractions of %(day)s add up to more than one day.")
                % {"where": where, "day": day.isoformat()},
                "fraction",
            )

    def totals(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for places in self.days.values():
            for country, fraction in places.items():
                out[country] += fraction
        return dict(sorted(out.items()))

    def days_touching_outside(self, employer: str) -> int:
        """Days with any work outside the employer state: each counts as a whole day against a tolerance."""
        return sum(1 for places in self.days.values() if any(c != employer and f > 0 for c, f in places.items()))


def _country(text: str, where: str) -> str:
    value = (text or "").strip()
    if "," in value:
        value = value.rsplit(",", 1)[1].strip()
    if not value:
        raise LedgerError(_("%(where)s: the country is missing.") % {"where": where}, "country")
    if len(value) == 2:
        try:
            return engine.third_country(value, "country")
        except CaseError:
            pass
    code = _names().get(value.casefold())
    if code is None:
        raise LedgerError(
            _("%(where)s: %(value)r is not a country code or name.") % {"where": where, "value": value}, "country"
        )
    return code


_NAMES: dict[str, str] = {}


def _names() -> dict[str, str]:
    """Country names in the platform's four languages (from CLDR) mapped to ISO codes."""
    if not _NAMES:
        for lang in ("en", "nl", "fr", "de"):
            for code, name in Locale.parse(lang).territories.items():
                if len(code) == 2 and code.isalpha():
                    _NAMES.setdefault(name.casefold(), code)
    return _NAMES


def read_csv(text: str, year: int) -> Ledger:
    ledger = Ledger(year)
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if line == 1 and row[0].strip().lower() == "date":
                continue
            where = _("Line %(line)s") % {"line": line}
            if len(row) not in (2, 3):
                raise LedgerError(_("%(where)s: expected date,country[,fraction].") % {"where": where})
            try:
                day = datetime.date.fromisoformat(row[0].strip())
            except ValueError:
                raise LedgerError(
                    _("%(where)s, column date: %(value)r is not a date such as 2024-03-28.")
                    % {"where": where, "value": row[0]},
                    "date",
                ) from None
            fraction = 1.0
            if len(row) == 3 and row[2].strip():
                try:
                    fraction = float(row[2].replace(",", "."))
                except ValueError:
                    fraction = -1
                if not 0 < fraction <= 1:
                    raise LedgerError(
                        _("%(where)s, column fraction: %(value)r must be a number above 0 and at most 1.")
                        % {"where": where, "value": row[2]},
                        "fraction",
                    )
            ledger.add(day, _country(row[1], where + ", " + _("column country")), fraction, where)
    except csv.Error as exc:
        raise LedgerError(
            _("Line %(line)s: the CSV cannot be read (%(error)s).") % {"line": reader.line_num, "error": exc}
        ) from exc
    return ledger


_TRAINING = ("training", "formation", "opleiding", "schulung", "fortbildung", "cursus", "cours")


def read_ics(data: bytes, year: int) -> Ledger:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise LedgerError(_("The calendar cannot be read: %(error)s") % {"error": exc}) from exc
    ledger = Ledger(year)
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        summary = str(event.get("SUMMARY", ""))
        where = _("Event %(number)s (%(summary)s)") % {"number": number, "summary": summary or "-"}
        if "DTSTART" not in event:
            raise LedgerError(_("%(where)s has no start.") % {"where": where}, "date")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else None
        country = _country(str(event.get("LOCATION", "")), where)
        training = any(word in summary.casefold() for word in _TRAINING)
        if isinstance(start, datetime.datetime):
            end = end or start
            if end < start:
                raise LedgerError(_("%(where)s ends before it starts.") % {"where": where}, "date")
            day = start.date()
            while day <= end.date():
                begin = max(start, datetime.datetime.combine(day, datetime.time(), tzinfo=start.tzinfo))
                stop = min(
                    end,
                    datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=start.tzinfo),
                )
                hours = max((stop - begin).total_seconds() / 3600, 0)
                if hours > 0:
                    ledger.add(day, country, min(hours / WORKDAY_HOURS, 1.0), where)
                    ledger.training_days += training
                day += datetime.timedelta(days=1)
        else:
            last = (end - datetime.timedelta(days=1)) if end else start  # all-day DTEND is exclusive
            if last < start:
                raise LedgerError(_("%(where)s ends before it starts.") % {"where": where}, "date")
            day = start
            while day <= last:
                ledger.add(day, country, 1.0, where)
                ledger.training_days += training
                day += datetime.timedelta(days=1)
    if not ledger.days:
        raise LedgerError(_("The calendar has no working days."))
    return ledger


def read(data: bytes, name: str, year: int) -> Ledger:
    """Pick the reader by content: iCalendar starts with BEGIN:VCALENDAR, anything else is CSV."""
    if data.lstrip()[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return read_ics(data, year)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LedgerError(_("%(name)s is neither UTF-8 CSV nor iCalendar.") % {"name": name}) from None
    ledger = read_csv(text, year)
    if not ledger.days:
        raise LedgerError(_("The ledger has no working days."))
    return ledger


def assess(
    ledger: Ledger,
    residence: str,
    employer: str,
    working_days: float | None = None,
    public_sector: bool = False,
    framework_agreement_requested: bool = False,
    lang: str = "en",
) -> dict:
    """Count the ledger, assess the year and say how many telework days remain before each threshold.

    ``working_days`` is the planned total for the year; days not yet in the ledger are assumed to be worked
    in the employer state. Without it the ledger is taken as the whole year.
    """
    totals = ledger.totals()
    recorded = sum(totals.values())
    total = max(working_days or recorded, recorded)
    residence_days = totals.get(residence, 0.0)
    employer_days = totals.get(employer, 0.0) + (total - recorded)
    elsewhere = {c: d for c, d in totals.items() if c not in (residence, employer)}
    case = engine.parse_case(
        {
            "residence": residence,
            "employer_country": employer,
            "year": ledger.year,
            "working_days_total": round(total, 6),
            "days_in_employer_country": round(employer_days, 6),
            "days_in_residence_country": round(residence_days, 6),
            "days_elsewhere": {c: round(d, 6) for c, d in elsewhere.items()},
            "public_sector": public_sector,
            "framework_agreement_requested": framework_agreement_requested,
        }
    )
    counted = ledger.days_touching_outside(case.employer_country)
    case = Case(**{**case.__dict__, "days_counted_for_tolerance": float(counted)})
    results = engine.compute(engine.Columns.from_cases([case]))
    answer = engine.explain(case, engine.row_of(results, 0), lang)
    return {
        "year": ledger.year,
        "days": {c: round(d, 3) for c, d in totals.items()},
        "working_days_recorded": round(recorded, 3),
        "working_days_planned": round(total, 3),
        "calendar_days": len(ledger.days),
        "days_counted_for_tolerance": counted,
        "training_days": ledger.training_days,
        "assessment": answer,
        "remaining": answer["headroom"],
    }

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
from functools import cache

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
    if code is not None:
        try:
            code = engine.third_country(code, "country")
        except CaseError:
            code = None
    if code is None:
        raise LedgerError(
            _("%(where)s: %(value)r is not a country code or name.") % {"where": where, "value": value}, "country"
        )
    return code


@cache
def _names() -> dict[str, str]:
    """Country names in the platform's four languages (from CLDR) mapped to ISO codes."""
    names: dict[str, str] = {}
    for lang in ("en", "nl", "fr", "de"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
    return names


def read_csv(text: str, year: int) -> Ledger:
    ledger = Ledger(year)
    reader = csv.reader(io.StringIO(text, newline=""))
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


def _moment(event, name: str, where: str):  # noqa: ANN001, ANN202
    """DTSTART or DTEND of an occurrence as a date or a date-time, or a clear error."""
    try:
        value = event.decoded(name)
    except Exception:  # noqa: BLE001  (icalendar raises several types for a malformed value)
        value = None
    if not isinstance(value, datetime.date):
        raise LedgerError(_("%(where)s: its start or end is not a valid date.") % {"where": where}, "date")
    return value


def read_ics(data: bytes, year: int) -> Ledger:
    """Read the working days of ``year`` from a calendar; events outside the year are left out.

    Repeating events are expanded (recurring-ical-events, which also applies DURATION and exceptions);
    cancelled events do not count. All-day events are whole days; timed events count their hours, and the
    hours of one day are shared out over the countries as fractions of an 8-hour day (a day never counts
    for more than one).
    """
    import recurring_ical_events
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
        events = list(
            recurring_ical_events.of(calendar).between(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        )
    except Exception as exc:  # noqa: BLE001  (parser and expansion errors of many kinds)
        raise LedgerError(_("The calendar cannot be read: %(error)s") % {"error": exc}) from exc
    ledger = Ledger(year)
    hours: dict[datetime.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    training: set[datetime.date] = set()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for number, event in enumerate(events, start=1):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        summary = str(event.get("SUMMARY", ""))
        where = _("Event %(number)s (%(summary)s)") % {"number": number, "summary": summary or "-"}
        location = event.get("LOCATION", "")
        if isinstance(location, list):
            raise LedgerError(_("%(where)s has more than one location.") % {"where": where}, "country")
        country = _country(str(location), where)
        is_training = any(word in summary.casefold() for word in _TRAINING)
        start = _moment(event, "DTSTART", where)
        end = _moment(event, "DTEND", where) if "DTEND" in event else start
        if isinstance(start, datetime.datetime) != isinstance(end, datetime.datetime):
            raise LedgerError(_("%(where)s mixes a whole-day date and a time.") % {"where": where}, "date")
        if isinstance(start, datetime.datetime) and (start.tzinfo is None) != (end.tzinfo is None):
            end = end.replace(tzinfo=start.tzinfo)  # a floating end time is read in the start's zone
        if end < start:
            raise LedgerError(_("%(where)s ends before it starts.") % {"where": where}, "date")
        if isinstance(start, datetime.datetime):
            day = start.date()
            while day <= end.date():
                begin = max(start, datetime.datetime.combine(day, datetime.time(), tzinfo=start.tzinfo))
                stop = min(
                    end,
                    datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=start.tzinfo),
                )
                worked = (stop - begin).total_seconds() / 3600
                if worked > 0 and first <= day <= last:
                    hours[day][country] += worked
                    if is_training:
                        training.add(day)
                day += datetime.timedelta(days=1)
        else:
            # an all-day DTEND is exclusive; an event ending on its start day is one day
            day, stop = start, max(end, start + datetime.timedelta(days=1))
            while day < stop:
                if first <= day <= last:
                    hours[day][country] += WORKDAY_HOURS
                    if is_training:
                        training.add(day)
                day += datetime.timedelta(days=1)
    for day, places in sorted(hours.items()):
        scale = max(sum(places.values()), WORKDAY_HOURS)
        for country, worked in places.items():
            ledger.days[day][country] = worked / scale
    ledger.training_days = len(training)
    if not ledger.days:
        raise LedgerError(_("The calendar has no working days in %(year)s.") % {"year": year})
    return ledger


def read(data: bytes, name: str, year: int) -> Ledger:
    """Pick the reader by content: iCalendar starts with BEGIN:VCALENDAR, anything else is CSV."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        return read_ics(data, year)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LedgerError(_("%(name)s is neither UTF-8 CSV nor iCalendar.") % {"name": name}) from None
    ledger = read_csv(text, year)
    if not ledger.days:
        raise LedgerError(_("The ledger has no working days."))
    return ledger


def _covid_covered(ledger: Ledger, case: Case) -> tuple[float, float]:
    """Home-working days that fell on dates when a COVID-19 arrangement applied (tax: the pair's; social
    security: the EU-wide flexibility). With dates, a year in which an arrangement began or ended needs no
    guess."""
    pair = engine.pair_name(case.residence, case.employer_country)
    tax = ss = 0.0
    for day, places in ledger.days.items():
        home = places.get(case.residence, 0.0)
        if home:
            if engine.value_in_force(f"tax.covid_home_work.{pair}", day).value:
                tax += home
            if engine.value_in_force("social_security.covid_telework_disregarded", day).value:
                ss += home
    return tax, ss


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
            "working_days_total": total,
            "days_in_employer_country": employer_days,
            "days_in_residence_country": residence_days,
            "days_elsewhere": elsewhere,
            "public_sector": public_sector,
            "framework_agreement_requested": framework_agreement_requested,
        }
    )
    counted = ledger.days_touching_outside(case.employer_country)
    tax_covered, ss_covered = _covid_covered(ledger, case)
    case = Case(
        **{
            **case.__dict__,
            "days_counted_for_tolerance": float(counted),
            "covid_dates_known": True,
            "home_days_under_covid_tax": tax_covered,
            "home_days_under_covid_ss": ss_covered,
        }
    )
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
        "home_days_under_covid_tax_arrangement": round(tax_covered, 3),
        "home_days_under_covid_social_security": round(ss_covered, 3),
        "assessment": answer,
        "remaining": answer["headroom"],
    }

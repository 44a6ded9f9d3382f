"""What an outlet is, once its spreadsheet row has been read and checked.

Plain dataclasses: no file reading, no HTML. Templates, the leaflet printer (issue 4) and the
campaigns (issue 8) all read these.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

# Day keys in week order, as opening_hours writes them (lower case). Labels come from the theme.
DAY_KEYS: tuple[str, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")
PUBLIC_HOLIDAY = "ph"

# The values editors may use; the theme turns each key into words (and later Chinese).
SERVICES: tuple[str, ...] = (
    "cash",
    "cards",
    "loans",
    "wealth",
    "foreign-exchange",
    "self-service",
    "publicity-desk",
    "education-area",
)
ACCESSIBILITY: tuple[str, ...] = (
    "step-free",
    "wheelchair",
    "hearing-loop",
    "low-counter",
    "large-print",
    "accessible-atm",
)

OUTLETS_URL = "outlets/"


def minutes_to_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class TimeRange(NamedTuple):
    """One opening period in a day, in minutes after midnight; `close` may be 1440 (24:00).

    Unpacks as `(open, close)`; `.open_text` / `.close_text` give "09:00" / "12:00".
    """

    open: int
    close: int

    @property
    def open_text(self) -> str:
        return minutes_to_text(self.open)

    @property
    def close_text(self) -> str:
        return minutes_to_text(self.close)

    def __contains__(self, minute: object) -> bool:
        return isinstance(minute, int) and self.open <= minute < self.close


class DayGroup(NamedTuple):
    """Consecutive days with the same hours, for a one-line summary ("Mo–Fr 09:00–12:00")."""

    first: str
    last: str
    ranges: tuple[TimeRange, ...]


@dataclass(frozen=True)
class OpeningHours:
    """A week of opening hours. Days not mentioned are closed; `known` is False when none were given."""

    text: str = ""
    days: dict[str, tuple[TimeRange, ...]] = field(default_factory=lambda: {day: () for day in DAY_KEYS})
    # Hours on public holidays: None when the spreadsheet says nothing about them.
    public_holidays: tuple[TimeRange, ...] | None = None

    @property
    def known(self) -> bool:
        return bool(self.text.strip())

    def week(self) -> list[tuple[str, tuple[TimeRange, ...]]]:
        """Monday to Sunday: (day key, opening periods); an empty tuple means closed."""
        return [(day, self.days.get(day, ())) for day in DAY_KEYS]

    def on(self, day: dt.date) -> tuple[TimeRange, ...]:
        return self.days.get(DAY_KEYS[day.weekday()], ())

    def summary(self) -> list[DayGroup]:
        """The week as runs of days with identical hours (closed runs included)."""
        groups: list[DayGroup] = []
        for day, ranges in self.week():
            if groups and groups[-1].ranges == ranges:
                groups[-1] = groups[-1]._replace(last=day)
            else:
                groups.append(DayGroup(day, day, ranges))
        return groups

    def is_open(self, moment: dt.datetime, public_holiday: bool = False) -> bool:
        """Open at this wall-clock time? Pass a time already in the site's timezone."""
        minute = moment.hour * 60 + moment.minute
        holiday_hours = self.public_holidays if public_holiday else None
        ranges = holiday_hours if holiday_hours is not None else self.on(moment.date())
        return any(minute in period for period in ranges)

    def compact(self) -> str:
        """Mon..Sun in minutes, `540-720,810-1020|…|` (empty = closed), for the locator script."""
        return "|".join(",".join(f"{r.open:d}-{r.close:d}" for r in ranges) for _day, ranges in self.week())


@dataclass(frozen=True)
class Closure:
    """A day or days an outlet (or every outlet, `outlet == "*"`) is closed; both dates included."""

    start: dt.date
    end: dt.date
    outlet: str
    reason: str
    line: int = 0

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def single_day(self) -> bool:
        return self.start == self.end


@dataclass
class Outlet:
    """One row of outlets.csv, checked and typed."""

    id: str
    name: str
    city: str
    district: str
    address: str
    province: str = ""  # empty: the city is listed on /outlets/ on its own (or the spreadsheet has no provinces)
    postcode: str = ""
    phone: str = ""
    latitude: float | None = None
    longitude: float | None = None
    hours: OpeningHours = field(default_factory=OpeningHours)
    services: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    notes: str = ""
    closures: list[Closure] = field(default_factory=list)
    # Columns this version does not use (e.g. name_zh from a later Chinese site), kept as given.
    extra: dict[str, str] = field(default_factory=dict)
    line: int = 0  # the row's line in outlets.csv, for messages

    @property
    def url(self) -> str:
        return f"{OUTLETS_URL}{self.id}/"

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def tel(self) -> str:
        """The phone number for a `tel:` link: the first number's digits (and a leading +)."""
        first = self.phone
        for separator in ("/", ";", ",", "、", " or "):
            first = first.split(separator)[0]
        digits = "".join(ch for ch in first if ch.isdigit() and ch.isascii())
        return ("+" + digits if first.strip().startswith("+") else digits) if digits else ""

    def address_line(self, lang: str) -> str:
        return address_line(lang, self.address, self.postcode, self.city, self.district)

    def closed_on(self, day: dt.date) -> Closure | None:
        return next((closure for closure in self.closures if closure.covers(day)), None)

    def is_open(self, moment: dt.datetime) -> bool:
        """Open at this wall-clock time (in the site's timezone), closures included."""
        return self.closed_on(moment.date()) is None and self.hours.is_open(moment)

    def upcoming_closures(self, today: dt.date) -> list[Closure]:
        return sorted((c for c in self.closures if c.end >= today), key=lambda c: (c.start, c.end))

    def own_closures_compact(self, today: dt.date) -> str:
        """This outlet's own upcoming closures as `2026-10-01/2026-10-07 …` for the locator script."""
        return compact_closures(c for c in self.upcoming_closures(today) if c.outlet != "*")


def compact_closures(closures: Iterable[Closure]) -> str:
    return " ".join(f"{c.start.isoformat()}/{c.end.isoformat()}" for c in closures)


def address_line(lang: str, address: str, postcode: str, city: str, district: str) -> str:
    """An outlet's address on one line, as its language writes addresses.

    Chinese reads from the largest unit to the smallest with no commas, the postcode first as on an
    envelope: "200001 上海黄浦区人民大道100号". Other languages: "100 Renmin Avenue, 200001 Shanghai".
    """
    if lang.split("-")[0].lower() == "zh":
        return _run_together([postcode, city, district, address])
    parts = [address, " ".join(p for p in (postcode, city) if p)]
    return ", ".join(p for p in parts if p)


def _wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _run_together(parts: Iterable[str]) -> str:
    """Parts written on without a gap where Chinese meets Chinese, with a space where Latin letters or digits
    meet (a half-translated spreadsheet: "上海 Shanghai 黄浦区 Huangpu 300 East Nanjing Road")."""
    line = ""
    for part in (p.strip() for p in parts):
        if part:
            line += part if not line or (_wide(line[-1]) and _wide(part[0])) else f" {part}"
    return line

"""Opening hours in the OpenStreetMap `opening_hours` style, the subset a bank's outlets need.

    Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; Su off; PH off

Rules are separated by `;`. Each names days (`Mo`, `Mo-Fr`, `Mo,We,Fr`, `Sa-Mo`, `PH` for public holidays;
no days means every day) and then times (`HH:MM-HH:MM`, several separated by `,`) or `off`/`closed`.
A later rule replaces an earlier one for the days it names, as in OpenStreetMap. `24/7` means always open.
Days never named are closed. Spreadsheet habits are forgiven: full-width digits and colons, en dashes,
`~`, any letter case and extra spaces. Closing at or before opening time is an error (no overnight outlets).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from .model import DAY_KEYS, PUBLIC_HOLIDAY, OpeningHours, TimeRange

EXAMPLE = "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; Su off; PH off"
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "~": "-", "〜": "-", "～": "-"})
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_RANGE = re.compile(r"(\d{1,2}:\d{2})-(\d{1,2}:\d{2})")
# Words people write instead of the two-letter keys, so the message can say what to write instead.
_DAY_SPELLINGS = {
    "mon": "mo", "monday": "mo", "tue": "tu", "tues": "tu", "tuesday": "tu", "wed": "we", "wednesday": "we",
    "thu": "th", "thur": "th", "thurs": "th", "thursday": "th", "fri": "fr", "friday": "fr", "sat": "sa",
    "saturday": "sa", "sun": "su", "sunday": "su",
}  # fmt: skip


@dataclass(frozen=True)
class HoursError:
    """One thing wrong in an opening_hours value: what, and how to fix it."""

    what: str
    fix: str


def normalise(text: str) -> str:
    """Full-width characters to ASCII, dash look-alikes to '-', runs of spaces to one."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(text.split())


def parse_time(text: str) -> int | None:
    """'09:00' → 540; '24:00' → 1440; None when it is not a time of day."""
    match = _TIME.fullmatch(text)
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _show(text: str) -> str:
    """Quote editor text in a message, short and without control characters."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"'{clean[:40]}…'" if len(clean) > 40 else f"'{clean}'"


def parse_days(selector: str) -> tuple[list[str], list[HoursError]]:
    """'Mo-Fr,Su' → ['mo','tu','we','th','fr','su']; 'PH' → ['ph']. Ranges may wrap (Sa-Mo)."""
    days: list[str] = []
    errors: list[HoursError] = []
    for part in selector.replace(" ", "").split(","):
        if not part:
            continue
        written = part.split("-")
        ends = [end.lower() for end in written]
        unknown = [end for end in written if end.lower() not in DAY_KEYS and end.lower() != PUBLIC_HOLIDAY]
        if unknown or len(ends) > 2 or (len(ends) == 2 and PUBLIC_HOLIDAY in ends):
            hint = next((_DAY_SPELLINGS[e.lower()] for e in unknown if e.lower() in _DAY_SPELLINGS), None)
            fix = f"write '{hint.title()}' instead of '{unknown[0]}'" if hint else "write days as Mo Tu We Th Fr Sa Su"
            errors.append(HoursError(f"{_show(part)} is not a day or a range of days", f"{fix} (e.g. {EXAMPLE})"))
            continue
        if len(ends) == 1:
            days.append(ends[0])
            continue
        first, last = DAY_KEYS.index(ends[0]), DAY_KEYS.index(ends[1])
        span = (last - first) % 7
        days += [DAY_KEYS[(first + step) % 7] for step in range(span + 1)]
    return days, errors


def parse_ranges(value: str) -> tuple[tuple[TimeRange, ...], list[HoursError]]:
    """'09:00-12:00,13:30-17:00' → sorted periods; errors for bad, empty, reversed or overlapping ones."""
    ranges: list[TimeRange] = []
    errors: list[HoursError] = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        match = _RANGE.fullmatch(part)
        if not match:
            if re.search(r"\d\s*[ap]\.?m", part, flags=re.IGNORECASE):
                fix = "write 24-hour times as HH:MM-HH:MM, e.g. 09:00-17:00 (not 9am-5pm)"
            elif re.search("[a-z]", part, flags=re.IGNORECASE):
                fix = f"put ';' between rules, e.g. {EXAMPLE}"
            else:
                fix = "write times as HH:MM-HH:MM, e.g. 09:00-12:00"
            errors.append(HoursError(f"{_show(part)} is not a time range", fix))
            continue
        start, end = parse_time(match[1]), parse_time(match[2])
        if start is None or end is None:
            bad = match[1] if start is None else match[2]
            errors.append(HoursError(f"{_show(bad)} is not a time of day", "use 00:00 to 24:00, e.g. 13:30"))
            continue
        if start == 1440:
            errors.append(HoursError(f"{_show(part)} opens at 24:00", "write 00:00 for midnight at the start"))
        elif end == start:
            errors.append(
                HoursError(
                    f"{_show(part)} opens and closes at the same time",
                    "write the real closing time, or 'off' for a closed day",
                )
            )
        elif end < start:
            errors.append(
                HoursError(
                    f"{_show(part)} closes before it opens",
                    "write the earlier time first; for hours past midnight end at 24:00 "
                    "and start the next day at 00:00",
                )
            )
        else:
            ranges.append(TimeRange(start, end))
    ranges.sort()
    for earlier, later in itertools.pairwise(ranges):
        if later.open < earlier.close:
            errors.append(
                HoursError(
                    f"{earlier.open_text}-{earlier.close_text} and {later.open_text}-{later.close_text} overlap",
                    "give each opening period once, e.g. 09:00-12:00,13:30-17:00",
                )
            )
    return tuple(ranges), errors


def _split_rule(rule: str) -> tuple[str, str]:
    """'Mo-Fr 09:00-12:00' → ('Mo-Fr', '09:00-12:00'); the value starts at the first digit or off/closed."""
    match = re.search(r"\d|\b(off|closed)\b", rule, flags=re.IGNORECASE)
    if match is None:
        return rule, ""
    return rule[: match.start()].strip(), rule[match.start() :].strip()


def parse_opening_hours(text: str) -> tuple[OpeningHours, list[HoursError]]:
    """Parse one opening_hours value. Returns the week and every problem found (empty when all is well)."""
    clean = normalise(text)
    days: dict[str, tuple[TimeRange, ...]] = {day: () for day in DAY_KEYS}
    public_holidays: tuple[TimeRange, ...] | None = None
    errors: list[HoursError] = []
    for raw_rule in clean.split(";"):
        rule = raw_rule.strip()
        if not rule:
            continue
        if rule == "24/7":
            days = {day: (TimeRange(0, 1440),) for day in DAY_KEYS}
            continue
        selector, value = _split_rule(rule)
        named, day_errors = parse_days(selector) if selector else (list(DAY_KEYS), [])
        errors += day_errors
        if not value:
            fix = f"add times or 'off' after the days, e.g. {EXAMPLE}"
            errors.append(HoursError(f"{_show(rule)} has no times", fix))
            continue
        if value.lower() in ("off", "closed"):
            ranges: tuple[TimeRange, ...] = ()
        else:
            ranges, range_errors = parse_ranges(value)
            errors += range_errors
            if not ranges and not range_errors:
                errors.append(HoursError(f"{_show(rule)} has no times", f"add times or 'off', e.g. {EXAMPLE}"))
        for day in named:
            if day == PUBLIC_HOLIDAY:
                public_holidays = ranges
            else:
                days[day] = ranges
    return OpeningHours(text=clean, days=days, public_holidays=public_holidays), errors

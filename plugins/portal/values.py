"""One parser per kind of value editors write: in article headers, campaign files and spreadsheet cells.

Each returns (value, None) or (None, what is wrong), worded for an editor; none raises. Header values
(`Date: 2026-03-15`) are read strictly, as the editors' guide writes them; cell values come from Excel
or WPS and are forgiven what those programs do to them (`2026/3/15`, full-width digits, `1,200`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from .problems import quote

DATE_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YES = {"yes", "true"}
NO = {"no", "false"}
# Chinese input methods type ， and 、 for a comma; Pelican itself splits Tags on ';' when there is one.
LIST_SEPARATORS = re.compile(r"[,，、;；]")
DATE_RANGE_FIX = "write YYYY-MM-DD, or YYYY-MM-DD..YYYY-MM-DD for several days (e.g. 2026-10-01..2026-10-07)"
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
_WHOLE = re.compile(r"[+-]?\d+")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")  # 1,200 as Excel may show it
_DEGREES = re.compile(r"[+-]?\d{1,3}(\.\d+)?")


# --- Dates ------------------------------------------------------------------------------------------


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """A header date: YYYY-MM-DD, optionally with a time of day after it (`2026-03-15 09:30`), which is dropped."""
    match = DATE_SHAPE.match(text.strip())
    if not match:
        return None, f"'{text}' is not written as YYYY-MM-DD"
    year, month, day = (int(match[i]) for i in (1, 2, 3))
    if not 1 <= month <= 12:
        return None, f"'{text}' has month {month}; months go from 01 to 12"
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        return None, f"'{text}' is not a real date: {month_name} {year} has {days_in_month} days"
    if match[4] is not None and (int(match[4]) > 23 or int(match[5]) > 59):
        return None, f"'{text}' has an impossible time of day"
    if year < dt.MINYEAR:  # 0000-01-01: the checks used to stop with a Python error here
        return None, f"'{text}' is not a real date: years start at 0001"
    return dt.date(year, month, day), None


def parse_cell_date(text: str) -> tuple[dt.date | None, str | None]:
    """A date cell: YYYY-MM-DD, also as Excel writes it (2027/3/15, 2027.3.15, full-width digits); no time."""
    clean = unicodedata.normalize("NFKC", text).strip().replace("/", "-").replace(".", "-")
    if not clean:
        return None, "this value is empty"
    if " " in clean or "T" in clean:
        return None, f"{quote(text)} is not only a date"
    return parse_date(clean)


def parse_date_range(text: str) -> tuple[tuple[dt.date, dt.date] | None, str | None, str | None]:
    """'2026-10-01' or '2026-10-01..2026-10-07' (cell dates) → ((start, end), None, None) or (None, what, fix)."""
    parts = [part.strip() for part in text.split("..")]
    if len(parts) > 2 or not parts[0]:
        return None, f"{quote(text)} is not a date or a date range", DATE_RANGE_FIX
    dates = [parse_cell_date(part)[0] for part in parts]
    if any(date is None for date in dates):
        return None, f"{quote(text)} is not a date or a date range", DATE_RANGE_FIX
    start, end = dates[0], dates[-1]
    assert start is not None and end is not None
    if end < start:
        return None, f"the range {quote(text)} ends before it starts", "put the earlier date first"
    return (start, end), None, None


# --- Times and numbers ------------------------------------------------------------------------------


def parse_time(text: str) -> tuple[dt.time | None, str | None]:
    """A time of day on the 24-hour clock: 09:00, 9:00, 14.30 (full-width digits and colon too)."""
    clean = unicodedata.normalize("NFKC", text).strip()
    if not clean:
        return None, "this value is empty"
    match = _TIME.fullmatch(clean)
    if not match:
        return None, f"{quote(text)} is not a time written as HH:MM"
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None, f"{quote(text)} is not a time of day"
    return dt.time(hour, minute), None


def parse_count(text: str) -> tuple[int | None, str | None]:
    """A count: a whole number of 0 or more. '1,200' (Excel's thousands) and full-width digits are accepted."""
    clean = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not clean:
        return None, "this value is empty"
    if _THOUSANDS.fullmatch(clean):
        clean = clean.replace(",", "")
    if not _WHOLE.fullmatch(clean):
        return None, f"{quote(text)} is not a whole number"
    value = int(clean)
    if value < 0:
        return None, f"{quote(text)} is below zero"
    return value, None


def parse_degrees(text: str, low: float, high: float) -> tuple[float | None, str | None]:
    """Decimal degrees within [low, high], or (None, what is wrong)."""
    clean = unicodedata.normalize("NFKC", text).strip()
    if not _DEGREES.fullmatch(clean):
        if re.fullmatch(r"[+-]?\d{1,3},\d+", clean):
            return None, f"{quote(text)} uses a comma as the decimal mark"
        return None, f"{quote(text)} is not a number in decimal degrees"
    value = float(clean)
    if not low <= value <= high:
        return None, f"{clean} is outside {low:g} to {high:g}"
    return value, None


# --- Yes/no and lists --------------------------------------------------------------------------------


def parse_yes_no(text: str) -> tuple[bool | None, str | None]:
    lowered = text.strip().lower()
    if lowered in YES:
        return True, None
    if lowered in NO:
        return False, None
    return None, f"'{text}' is neither yes nor no"


def split_list(text: str) -> list[str]:
    """'phone scams， fraud、rural' → ['phone scams', 'fraud', 'rural']: trimmed, empty and repeated items dropped."""
    items = (item.strip() for item in LIST_SEPARATORS.split(text))
    return list(dict.fromkeys(item for item in items if item))


def parse_choices(text: str, allowed: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """A cell of keywords: 'cash; cards' → (['cash', 'cards'], unknown words as written).

    Full-width ；and commas are accepted; 'Self service' and 'self_service' are 'self-service'."""
    items: list[str] = []
    unknown: list[str] = []
    for raw in re.split(r"[;,]", unicodedata.normalize("NFKC", text)):
        item = re.sub(r"[\s_]+", "-", raw.strip().lower())
        if not item:
            continue
        if item not in allowed:
            unknown.append(raw.strip())
        elif item not in items:
            items.append(item)
    return items, unknown

"""Pure parsers for header values. Each returns (value, None) or (None, reason)."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re

DATE_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YES = {"yes", "true"}
NO = {"no", "false"}


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
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
    return dt.date(year, month, day), None


def parse_yes_no(text: str) -> tuple[bool | None, str | None]:
    lowered = text.strip().lower()
    if lowered in YES:
        return True, None
    if lowered in NO:
        return False, None
    return None, f"'{text}' is neither yes nor no"


# Chinese input methods type ， and 、 for a comma; Pelican itself splits Tags on ';' when there is one.
LIST_SEPARATORS = re.compile(r"[,，、;；]")


def split_list(text: str) -> list[str]:
    """'phone scams， fraud、rural' → ['phone scams', 'fraud', 'rural']: trimmed, empty and repeated items dropped."""
    items = (item.strip() for item in LIST_SEPARATORS.split(text))
    return list(dict.fromkeys(item for item in items if item))


def suggestion(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""

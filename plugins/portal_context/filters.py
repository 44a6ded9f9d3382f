"""Template filters: formatting only, no lookups."""

from __future__ import annotations

import datetime as dt


def human_date(value: dt.date | dt.datetime | None) -> str:
    """15 October 2026: day, month in words, year (no ambiguity between 10/3 and 3/10)."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"

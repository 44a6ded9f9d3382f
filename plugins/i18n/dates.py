"""Dates written the way each language writes them: 15 October 2026, 2026年10月15日."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_date

PATTERNS = {"en": ("en", "d MMMM y"), "zh": ("zh_Hans_CN", "long")}


def human_date_for(lang: str) -> Callable[[dt.date | dt.datetime | None], str]:
    locale, pattern = PATTERNS.get(lang, PATTERNS["en"])

    def human_date(value: dt.date | dt.datetime | None) -> str:
        if value is None:
            return ""
        day = value.date() if isinstance(value, dt.datetime) else value
        return format_date(day, pattern, locale=locale)

    return human_date

"""Outlets in the reader's language: the optional `<column>_zh` columns of outlets.csv.

One spreadsheet serves every language. A language run other than the main one shows an outlet's
`name_zh`, `address_zh`, … where the editor filled them in, and the main column where not, so a
half-translated spreadsheet still gives a complete Chinese locator.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from portal.run import is_main_language, language

from .model import Outlet

TRANSLATABLE = ("name", "province", "city", "district", "address", "notes")


def in_language(outlet: Outlet, lang: str) -> Outlet:
    """The outlet with its `<column>_<lang>` texts in place of the main ones, where given."""
    changes: dict[str, Any] = {
        column: outlet.extra[f"{column}_{lang}"].strip()
        for column in TRANSLATABLE
        if outlet.extra.get(f"{column}_{lang}", "").strip()
    }
    return dataclasses.replace(outlet, **changes) if changes else outlet


def for_run(outlets: list[Outlet], settings: Mapping[str, Any]) -> list[Outlet]:
    """The outlets as this language run shows them (unchanged in the main language's run)."""
    if is_main_language(settings):
        return outlets
    return [in_language(outlet, language(settings)) for outlet in outlets]

"""What fails a leaflet build, worded for editors: too many pages, characters no font can print."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from content_contract.public import assignment_lines
from outlets.model import Outlet
from portal.problems import Problem

FORMAT_NAMES = {
    "a4": "A4 office leaflet",
    "a5": "A5 print-shop leaflet",
    "large": "large-print leaflet",
}
ICC_SIGNATURE = b"acsp"  # at byte 36 of every ICC profile


def line_of(path: str, character: str) -> int | None:
    """The first line of the source file that has the character (None if the file cannot be read)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if character in line:
            return number
    return None


def budget_problem(path: str, format_key: str, pages: int, budget: int) -> Problem | None:
    if pages <= budget:
        return None
    over = pages - budget
    return Problem(
        path,
        None,
        f"the {FORMAT_NAMES[format_key]} made from this article has {pages} pages; it may have at most {budget}, "
        f"so it is {over} page{'s' if over > 1 else ''} too long",
        "shorten the article or use fewer pictures (or split it in two), "
        "or remove 'Leaflet: yes' if it is not meant for print",
    )


def settings_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """The leaflets' settings an editor may change, checked before anything is built."""
    return profile_problems(settings) + pack_threshold_problems(settings)


def pack_threshold_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """OUTLET_PACKS_WHOLE_UP_TO is a number of outlets: a whole number, 0 or more."""
    value = settings.get("OUTLET_PACKS_WHOLE_UP_TO")
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return []
    settings_file = Path(settings.get("SETTINGS_FILE") or "pelicanconf.py")
    written, line = assignment_lines(settings_file).get("OUTLET_PACKS_WHOLE_UP_TO", (settings_file, None))
    return [
        Problem(
            str(written),
            line,
            f"OUTLET_PACKS_WHOLE_UP_TO must be a whole number of outlets, not {value!r}",
            "write a number such as 200 (up to that many outlets each pack is published whole), or remove the setting",
        )
    ]


def profile_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """The print-shop file's output intent must be an ICC profile the build can read."""
    value = settings.get("LEAFLET_OUTPUT_PROFILE")
    if value is None:
        return []
    path = Path(str(value)).expanduser()
    try:
        header = path.read_bytes()[:40]
    except OSError:
        header = b""
    if header[36:40] == ICC_SIGNATURE:
        return []
    what = "is not an ICC colour profile" if path.is_file() else "names no file"
    settings_file = Path(settings.get("SETTINGS_FILE") or "pelicanconf.py")
    written, line = assignment_lines(settings_file).get("LEAFLET_OUTPUT_PROFILE", (settings_file, None))
    return [
        Problem(
            str(written),
            line,
            f"LEAFLET_OUTPUT_PROFILE {what}: {value}",
            "give the path of the .icc file your print shop asked for (its output profile), "
            "or remove the setting to use Debian's default CMYK profile",
        )
    ]


def character_name(character: str) -> str:
    if unicodedata.category(character) == "Co":
        return "a private-use character, which only special fonts draw"
    return unicodedata.name(character, "an unnamed character")


def glyph_problems(path: str, missing: Iterable[str]) -> list[Problem]:
    """One problem per character that printed as an empty box (.notdef) because no font has it."""
    problems = []
    for character in missing:
        code = f"U+{ord(character):04X}"
        problems.append(
            Problem(
                path,
                line_of(path, character),
                f"the character {code} ({character_name(character)}) is in no font the leaflets use, "
                "so it would print as an empty box",
                "replace it with a common character, or ask a developer to install a font that has it",
            )
        )
    return problems


def imprint_problems(content_path: str, outlet: Outlet, missing: Iterable[str], pages: int) -> list[Problem]:
    """An outlet's details must fit the leaflet's outlet box and be printable."""
    source = str(Path(content_path) / "outlets.csv")
    line = outlet.line
    problems = []
    if pages > 1:
        problems.append(
            Problem(
                source,
                line,
                f"the details of outlet '{outlet.id}' do not fit in the outlet box of its leaflet pack",
                "shorten its name, address or opening hours",
            )
        )
    for character in missing:
        problems.append(
            Problem(
                source,
                line,
                f"outlet '{outlet.id}' uses the character U+{ord(character):04X} ({character_name(character)}), "
                "which no font the leaflets use has",
                "replace it with a common character",
            )
        )
    return problems


def page_budget(settings: Mapping[str, Any], format_key: str, defaults: Mapping[str, int]) -> int:
    return int({**defaults, **(settings.get("LEAFLET_PAGE_BUDGET") or {})}[format_key])

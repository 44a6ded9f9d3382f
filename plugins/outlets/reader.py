"""Read and check outlets.csv and outlet-closures.csv: every problem collected, none raised.

Editors export the branch spreadsheet from Excel, so the files are read by portal.tables (which forgives what
Excel does and explains what it cannot forgive) and their values by portal.values (`2026/10/1` dates,
full-width digits). Messages read `outlets.csv:LINE: column: what is wrong — how to fix it`; the header is line 1.

The files are parsed once per process: outlets, leaflets, campaigns and the checks all call read_outlets,
and each call after the first gets the same parsed outlets (shared, so nobody may change them).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content_contract.public import BIDI_FIX, bidi_problem
from portal.problems import Problem, cell_problem, quote, suggestion, warning
from portal.tables import Columns, read_table
from portal.tables import count_rows as count_rows  # re-exported: sitebuild/checks.py imports it from here
from portal.values import parse_choices, parse_date_range, parse_degrees

from .hours import parse_opening_hours
from .languages import for_run
from .model import ACCESSIBILITY, SERVICES, Closure, Outlet

OUTLETS_FILE = "outlets.csv"
CLOSURES_FILE = "outlet-closures.csv"
REQUIRED = ("id", "name", "city", "district", "address")
# `province` groups cities on /outlets/ (read like `city`; empty: the city is listed on its own).
OPTIONAL = (
    "province",
    "postcode",
    "phone",
    "latitude",
    "longitude",
    "opening_hours",
    "services",
    "accessibility",
    "notes",
)
# Columns a later Chinese edition fills in; kept in Outlet.extra without a warning.
FUTURE_COLUMNS = ("name_zh", "province_zh", "city_zh", "district_zh", "address_zh", "notes_zh")
CLOSURE_COLUMNS = ("date", "outlet", "reason")
OUTLET_TABLE = Columns(REQUIRED, OPTIONAL, FUTURE_COLUMNS)
CLOSURE_TABLE = Columns(CLOSURE_COLUMNS[:2], CLOSURE_COLUMNS[2:])
MAX_UNKNOWN_IDS_LISTED = 20  # then one summary line: the editor fixes the cause, not 2,000 rows
_ID = re.compile(r"[a-z0-9-]+")
_PARSED_MOST = 4  # parsed file pairs kept: a build reads one; tests read many small ones
# (outlets.csv path, its digest, closures path, its digest) → outlets with closures, problems.
_parsed: dict[tuple[str, str, str, str], tuple[tuple[Outlet, ...], tuple[Problem, ...]]] = {}


def _clean_text(value: str) -> str:
    """Trim, and drop control characters other than line breaks and tabs (invisible, and they break JSON)."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def _unknown_words(words: list[str], allowed: tuple[str, ...]) -> tuple[str, str]:
    what = f"{quote(words[0])} is not one of the known values"
    if len(words) > 1:
        what = f"{', '.join(quote(w) for w in words)} are not known values"
    return what, f"{suggestion(words[0], list(allowed))}use values from: {', '.join(allowed)}, separated by ';'"


# --- Rows to outlets ----------------------------------------------------------------------------


def outlet_from_row(path: Path, line: int, row: Mapping[str, str]) -> tuple[Outlet | None, list[Problem]]:
    """One checked outlet, or None and every problem in the row."""
    problems: list[Problem] = []

    def bad(column: str, what: str, fix: str) -> None:
        problems.append(cell_problem(path, line, column, what, fix))

    text = {key: _clean_text(value) for key, value in row.items()}
    for column in REQUIRED:
        if not text.get(column):
            bad(column, "this value is empty", f"every outlet needs a {column}")
    outlet_id = text.get("id", "")
    if outlet_id and not _ID.fullmatch(outlet_id):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", unicodedata.normalize("NFKC", outlet_id).lower()).strip("-")
        example = f"e.g. '{suggestion}'" if suggestion else "e.g. 'sh-pudong-01'"
        bad("id", f"{quote(outlet_id)} may use only a-z, 0-9 and '-'", f"it becomes the web address; {example}")

    latitude = longitude = None
    if text.get("latitude"):
        latitude, what = parse_degrees(text["latitude"], -90, 90)
        if what:
            swapped = parse_degrees(text.get("longitude", ""), -90, 90)[0] is not None
            hint = "latitude and longitude look swapped; " if swapped and "outside" in what else ""
            bad("latitude", what, f"{hint}write decimal degrees from -90 to 90 with a point, e.g. 31.2304")
    if text.get("longitude"):
        longitude, what = parse_degrees(text["longitude"], -180, 180)
        if what:
            bad("longitude", what, "write decimal degrees from -180 to 180 with a point, e.g. 121.4737")
    if bool(text.get("latitude")) != bool(text.get("longitude")):
        given, missing = ("latitude", "longitude") if text.get("latitude") else ("longitude", "latitude")
        bad(missing, f"{given} is given but {missing} is empty", "give both, or leave both empty")

    hours, hour_errors = parse_opening_hours(text.get("opening_hours", ""))
    for error in hour_errors:
        bad("opening_hours", error.what, error.fix)

    lists: dict[str, list[str]] = {}
    for column, allowed in (("services", SERVICES), ("accessibility", ACCESSIBILITY)):
        lists[column], unknown = parse_choices(text.get(column, ""), allowed)
        if unknown:
            bad(column, *_unknown_words(unknown, allowed))

    for column, value in text.items():  # names, addresses, phones and their translated columns alike
        bidi = bidi_problem(value)
        if bidi:  # the page, the map and the printed imprint would show one thing and mean another
            bad(column, bidi, BIDI_FIX)

    phone = text.get("phone", "")
    if phone and not any(ch.isdigit() for ch in phone):
        bad("phone", f"{quote(phone)} has no digits", "write the number as people dial it, e.g. 021-6123 4567")

    if problems:
        return None, problems
    # Only the documented extra columns are kept: a column the build calls "ignored" (a manager's mobile)
    # must never reach outlets.json or a page.
    extra = {key: value for key, value in text.items() if key in FUTURE_COLUMNS}
    outlet = Outlet(
        id=outlet_id,
        name=text["name"],
        province=text.get("province", ""),
        city=text["city"],
        district=text["district"],
        address=text["address"],
        postcode=text.get("postcode", ""),
        phone=phone,
        latitude=latitude,
        longitude=longitude,
        hours=hours,
        services=lists["services"],
        accessibility=lists["accessibility"],
        notes=text.get("notes", ""),
        extra=extra,
        line=line,
    )
    return outlet, []


def parse_outlets(path: Path, data: bytes, ids_seen: set[str] | None = None) -> tuple[list[Outlet], list[Problem]]:
    """outlets.csv's bytes → outlets in file order, and every problem; `ids_seen` collects every id given."""
    first_line_of: dict[str, int] = {}
    provinces = _ProvincesSeen()

    def outlet_of(line: int, row: dict[str, str]) -> tuple[Outlet | None, list[Problem]]:
        outlet, problems = outlet_from_row(path, line, row)
        problems += _province_problems(path, line, row, provinces)
        if problems:
            outlet = None
        outlet_id = _clean_text(row.get("id", ""))
        if outlet_id in first_line_of:
            what = f"{quote(outlet_id)} is already used on line {first_line_of[outlet_id]}"
            return None, [*problems, cell_problem(path, line, "id", what, "give every outlet its own id")]
        if outlet_id:
            first_line_of[outlet_id] = line
            if ids_seen is not None:
                ids_seen.add(outlet_id)
        return outlet, problems

    return read_table(path, OUTLET_TABLE, outlet_of, data)


@dataclass
class _ProvincesSeen:
    """What earlier rows said, for the checks across rows: city → (province, line); province → (province_zh, line)."""

    of_city: dict[str, tuple[str, int]] = field(default_factory=dict)
    chinese: dict[str, tuple[str, int]] = field(default_factory=dict)


def _province_problems(path: Path, line: int, row: Mapping[str, str], seen: _ProvincesSeen) -> list[Problem]:
    """The province column, across rows. Two cities of one name in two provinces are allowed (Taizhou,
    Zhejiang and Taizhou, Jiangsu); a city with a province on some rows and none on others is not: it would be
    listed on /outlets/ twice, its outlets split between the two."""
    problems: list[Problem] = []
    city, province = _clean_text(row.get("city", "")), _clean_text(row.get("province", ""))
    chinese = _clean_text(row.get("province_zh", ""))
    if chinese and not province:
        what = "province_zh is given but province is empty"
        problems.append(cell_problem(path, line, "province", what, "write the province here too, or leave both empty"))
    if city:
        first, first_line = seen.of_city.setdefault(city, (province, line))
        if bool(first) != bool(province):
            where = f"the province {quote(first)}" if first else "no province"
            here = f"{quote(province)} here" if province else "none here"
            what = f"city {quote(city)} has {where} on line {first_line} but {here}"
            fix = "give every row of a city the same province, or leave it empty on all of them"
            problems.append(cell_problem(path, line, "province", what, fix))
    if province and chinese:
        first_chinese, first_line = seen.chinese.setdefault(province, (chinese, line))
        if first_chinese != chinese:
            what = (
                f"province {quote(province)} is {quote(first_chinese)} on line {first_line} but {quote(chinese)} here"
            )
            fix = "write the province's Chinese name the same way on every row"
            problems.append(cell_problem(path, line, "province_zh", what, fix))
    return problems


def parse_closures(path: Path, data: bytes, known_ids: set[str]) -> tuple[list[Closure], list[Problem]]:
    """outlet-closures.csv's bytes → closures; `outlet` may be an id, ids separated by ';', or '*'."""
    unknown: list[tuple[int, str]] = []  # (line, id) of every target outlets.csv does not have

    def closures_of(line: int, cells: dict[str, str]) -> tuple[list[Closure], list[Problem]]:
        problems: list[Problem] = []
        row = {key: _clean_text(value) for key, value in cells.items()}
        span, what, fix = parse_date_range(row.get("date", ""))
        if span is None:
            problems.append(cell_problem(path, line, "date", what or "", fix or ""))
        targets = [target.strip() for target in row.get("outlet", "").split(";") if target.strip()]
        if not targets:
            problems.append(
                cell_problem(path, line, "outlet", "this value is empty", "write an outlet's id, or * for every outlet")
            )
        unknown.extend((line, target) for target in targets if target != "*" and target not in known_ids)
        if span is None:
            return [], problems
        return [Closure(span[0], span[1], target, row.get("reason", ""), line) for target in targets], problems

    rows, problems = read_table(path, CLOSURE_TABLE, closures_of, data)
    return [closure for row in rows for closure in row], problems + _unknown_outlets(path, unknown, known_ids)


def _unknown_outlets(path: Path, unknown: list[tuple[int, str]], known_ids: set[str]) -> list[Problem]:
    """One problem per unknown id, up to a limit, then one line for the rest: a pasted file with thousands
    of wrong ids must not print thousands of lines, nor compare each with every id ("did you mean")."""
    choices = sorted(known_ids)
    problems = []
    for line, target in unknown[:MAX_UNKNOWN_IDS_LISTED]:
        close = difflib.get_close_matches(target, choices, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(
            cell_problem(
                path,
                line,
                "outlet",
                f"no outlet in {OUTLETS_FILE} has the id {quote(target)}",
                f"{hint}use an id from {OUTLETS_FILE}, or * for every outlet",
            )
        )
    rest = unknown[MAX_UNKNOWN_IDS_LISTED:]
    if rest:
        rows = len({line for line, _ in rest})
        problems.append(
            cell_problem(
                path,
                rest[0][0],
                "outlet",
                f"…and {rows:,} more rows from this one on with ids that no outlet in {OUTLETS_FILE} has",
                f"check that the file is the right one; use ids from {OUTLETS_FILE}, or * for every outlet",
            )
        )
    return problems


def read_outlets(content_path: Path, settings: Mapping[str, Any] | None = None) -> tuple[list[Outlet], list[Problem]]:
    """The content folder's outlets (closures attached) and every problem; no outlets.csv → ([], []).

    The outlets are shared between callers (see parse_outlet_files): read them, never change them."""
    settings = settings or {}
    folder = Path(content_path)
    outlets_path = folder / settings.get("OUTLETS_FILE", OUTLETS_FILE)
    closures_path = folder / settings.get("OUTLET_CLOSURES_FILE", CLOSURES_FILE)
    if not outlets_path.is_file():
        if closures_path.is_file():
            return [], [
                warning(
                    str(closures_path),
                    None,
                    f"this file is not used because there is no {OUTLETS_FILE}",
                    f"add {OUTLETS_FILE} beside it, or delete it",
                )
            ]
        return [], []
    outlets, problems = parse_outlet_files(outlets_path, closures_path if closures_path.is_file() else None)
    return for_run(list(outlets), settings), list(problems)  # a Chinese run reads name_zh etc. where given


def parse_outlet_files(
    outlets_path: Path, closures_path: Path | None
) -> tuple[tuple[Outlet, ...], tuple[Problem, ...]]:
    """outlets.csv with its closures attached, and every problem of both files, parsed once per process.

    The outlets generator, the leaflets, the campaigns and the checks before the build each ask for the
    outlets; a big spreadsheet takes seconds to check, so the result is kept for files whose path and
    bytes are the same (a digest of the bytes, not the modification time: a test or an editor may write
    the file twice within the file system's clock tick). Tuples: each caller makes its own list, and the
    outlets in it are shared read-only (nothing after this reader assigns to an Outlet).
    """
    outlets_data = outlets_path.read_bytes()
    closures_data = closures_path.read_bytes() if closures_path is not None else None
    key = (
        str(outlets_path),
        hashlib.sha256(outlets_data).hexdigest(),
        str(closures_path or ""),
        hashlib.sha256(closures_data).hexdigest() if closures_data is not None else "",
    )
    if key not in _parsed:
        while len(_parsed) >= _PARSED_MOST:
            del _parsed[next(iter(_parsed))]  # the oldest first
        _parsed[key] = _parse_outlet_files(outlets_path, outlets_data, closures_path, closures_data)
    return _parsed[key]


def _parse_outlet_files(
    outlets_path: Path, outlets_data: bytes, closures_path: Path | None, closures_data: bytes | None
) -> tuple[tuple[Outlet, ...], tuple[Problem, ...]]:
    # Ids from rows with errors still count, so one bad row does not also flag its closures.
    known: set[str] = set()
    outlets, problems = parse_outlets(outlets_path, outlets_data, known)
    if closures_path is not None and closures_data is not None and (known or not problems):
        # An unreadable outlets.csv says enough.
        closures, closure_problems = parse_closures(closures_path, closures_data, known)
        problems += closure_problems
        for outlet in outlets:
            outlet.closures = [c for c in closures if c.outlet in ("*", outlet.id)]
    return tuple(outlets), tuple(problems)

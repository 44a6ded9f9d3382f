"""Read and check outlets.csv and outlet-closures.csv: every problem collected, none raised.

Editors export the branch spreadsheet from Excel, so the reader forgives what Excel does (a byte-order mark,
CRLF line ends, trailing empty columns, `2026/10/1` dates, full-width digits) and explains what it cannot
forgive (a file saved as GB18030, a workbook renamed to .csv) in words an editor can act on.
Messages read `outlets.csv:LINE: column: what is wrong — how to fix it`; the header is line 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content_contract.body import BIDI_FIX, bidi_problem
from content_contract.problems import Problem, warning

from .hours import parse_opening_hours
from .languages import for_run
from .model import ACCESSIBILITY, SERVICES, Closure, Outlet

OUTLETS_FILE = "outlets.csv"
CLOSURES_FILE = "outlet-closures.csv"
REQUIRED = ("id", "name", "city", "district", "address")
OPTIONAL = ("postcode", "phone", "latitude", "longitude", "opening_hours", "services", "accessibility", "notes")
# Columns a later Chinese edition fills in; kept in Outlet.extra without a warning.
FUTURE_COLUMNS = ("name_zh", "city_zh", "district_zh", "address_zh", "notes_zh")
CLOSURE_COLUMNS = ("date", "outlet", "reason")
MAX_UNKNOWN_IDS_LISTED = 20  # then one summary line: the editor fixes the cause, not 2,000 rows

SAVE_AS_UTF8 = (
    'in Excel choose File › Save As and pick "CSV UTF-8 (Comma delimited) (*.csv)" '
    "(WPS: 文件 › 另存为 › CSV UTF-8), then replace this file"
)
_ID = re.compile(r"[a-z0-9-]+")
_DEGREES = re.compile(r"[+-]?\d{1,3}(\.\d+)?")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _problem(path: Path, line: int | None, column: str | None, what: str, fix: str) -> Problem:
    return Problem(str(path), line, f"{column}: {what}" if column else what, fix)


def _quote(text: str, limit: int = 40) -> str:
    """Editor text inside a message: printable, shortened, quoted."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"'{clean[:limit]}…'" if len(clean) > limit else f"'{clean}'"


def _clean_text(value: str) -> str:
    """Trim, and drop control characters other than line breaks and tabs (invisible, and they break JSON)."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


# --- Files to rows --------------------------------------------------------------------------------


def decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    """The file's text, or one problem saying why it cannot be read as a UTF-8 CSV."""
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        return None, [_problem(path, None, None, f"{name} is an Excel workbook, not a CSV file", SAVE_AS_UTF8)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _problem(path, 1, None, f"{name} is saved as UTF-16 (Excel's 'Unicode Text'), not UTF-8", SAVE_AS_UTF8)
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = "it looks like GB18030/GBK, what Excel saves on Chinese Windows"
        except UnicodeDecodeError:
            guess = "it uses some other encoding"
        return None, [_problem(path, line, None, f"{name} is not saved as UTF-8 ({guess})", SAVE_AS_UTF8)]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            _problem(path, line, None, f"{name} contains a NUL character, so it is not a plain CSV file", SAVE_AS_UTF8)
        ]
    return text, []


def _header_key(cell: str) -> str:
    """'Opening hours ' → 'opening_hours': headers are matched without case, spaces or hyphens mattering."""
    return re.sub(r"[\s-]+", "_", unicodedata.normalize("NFKC", cell).strip().lower())


@dataclass
class Table:
    """A CSV file's rows: `header` holds each column's key ('' for a column without a heading)."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (first line of the row, cells)
    header_line: int = 1
    headings: list[str] = field(default_factory=list)  # as written, for messages


def read_rows(path: Path, text: str) -> tuple[Table, list[Problem]]:
    """The heading row and every row under it, and why the file cannot be read. Blank rows are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    table = Table()
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not table.header:
                table.header = [_header_key(cell) for cell in cells]
                table.headings = [cell.strip() for cell in cells]
                table.header_line = first_line
                continue
            table.rows.append((first_line, cells))
    except csv.Error as error:
        return table, [
            _problem(path, reader.line_num, None, f"this line cannot be read as CSV ({error})", SAVE_AS_UTF8)
        ]
    if not table.header:
        return table, [_problem(path, 1, None, f"{path.name} is empty", "put the column headings on line 1")]
    if len(table.header) == 1 and ";" in table.header[0]:
        return table, [_problem(path, 1, None, "the columns are separated by ';' instead of commas", SAVE_AS_UTF8)]
    return table, []


def count_rows(path: Path) -> int:
    """How many rows a CSV file has under its heading row (0 when it is missing or unreadable)."""
    if not path.is_file():
        return 0
    text, _ = decode(path, path.read_bytes())
    return len(read_rows(path, text)[0].rows) if text is not None else 0


def check_header(
    path: Path, table: Table, required: tuple[str, ...], known: tuple[str, ...], quiet: tuple[str, ...] = ()
) -> list[Problem]:
    problems: list[Problem] = []
    line = table.header_line
    seen: set[str] = set()
    for key in table.header:
        if key and key in seen:
            problems.append(
                _problem(
                    path, line, key, "this column appears twice", "delete one of the two columns with this heading"
                )
            )
        seen.add(key)
    for key in required:
        if key not in seen:
            problems.append(
                _problem(
                    path,
                    line,
                    key,
                    "this column is missing",
                    f"add a column headed '{key}'; the columns are: {', '.join(required + known)}",
                )
            )
    return problems + _unused_columns(path, table, required + known, quiet)


def _unused_columns(path: Path, table: Table, columns: tuple[str, ...], quiet: tuple[str, ...]) -> list[Problem]:
    """A column the site does not read is never published, so its data would be lost without a word:
    one warning per such column. An unnamed column without data (Excel's trailing commas) says nothing."""
    problems: list[Problem] = []
    for index, key in enumerate(table.header):
        if key in columns or key in quiet:
            continue
        data_lines = [line for line, cells in table.rows if index < len(cells) and cells[index].strip()]
        if key:
            close = difflib.get_close_matches(key, columns, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            what = f"column {_quote(table.headings[index])} is not used and is not published"
            problems.append(warning(str(path), table.header_line, what, f"{hint}rename it or delete it"))
        elif data_lines:
            letter = _column_letter(index)
            what = f"column {letter} has no heading, so its data (from line {data_lines[0]}) is not used or published"
            fix = f"give it one of the headings ({', '.join(columns)}) or delete the column"
            problems.append(warning(str(path), table.header_line, what, fix))
    return problems


def _column_letter(index: int) -> str:
    """0 → 'A', 26 → 'AA': the column as Excel labels it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cells(header: list[str], cells: list[str]) -> dict[str, str]:
    return {key: cells[i] if i < len(cells) else "" for i, key in enumerate(header) if key}


def _extra_cells(path: Path, line: int, header: list[str], cells: list[str]) -> list[Problem]:
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        return [
            _problem(
                path,
                line,
                None,
                f"this row has {len(cells)} values but the heading row has {len(header)} columns",
                "put text that contains a comma in double quotes (Excel does this when it saves as CSV)",
            )
        ]
    return []


# --- Values -------------------------------------------------------------------------------------


def parse_degrees(text: str, low: float, high: float) -> tuple[float | None, str | None]:
    """Decimal degrees within [low, high], or (None, what is wrong)."""
    clean = unicodedata.normalize("NFKC", text).strip()
    if not _DEGREES.fullmatch(clean):
        if re.fullmatch(r"[+-]?\d{1,3},\d+", clean):
            return None, f"{_quote(text)} uses a comma as the decimal mark"
        return None, f"{_quote(text)} is not a number in decimal degrees"
    value = float(clean)
    if not low <= value <= high:
        return None, f"{clean} is outside {low:g} to {high:g}"
    return value, None


def parse_list(text: str, allowed: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """'cash; cards' → (['cash', 'cards'], unknown words). Full-width ；and commas are accepted."""
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


def _unknown_words(words: list[str], allowed: tuple[str, ...]) -> tuple[str, str]:
    word = words[0]
    close = difflib.get_close_matches(word.lower(), allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    what = f"{_quote(word)} is not one of the known values"
    if len(words) > 1:
        what = f"{', '.join(_quote(w) for w in words)} are not known values"
    return what, f"{hint}use values from: {', '.join(allowed)}, separated by ';'"


def parse_date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_date_range(text: str) -> tuple[tuple[dt.date, dt.date] | None, str | None, str | None]:
    """'2026-10-01' or '2026-10-01..2026-10-07' → ((start, end), None, None) or (None, what, fix)."""
    fix = "write YYYY-MM-DD, or YYYY-MM-DD..YYYY-MM-DD for several days (e.g. 2026-10-01..2026-10-07)"
    parts = [part.strip() for part in text.split("..")]
    if len(parts) > 2 or not parts[0]:
        return None, f"{_quote(text)} is not a date or a date range", fix
    dates = [parse_date(part) for part in parts]
    if any(date is None for date in dates):
        return None, f"{_quote(text)} is not a date or a date range", fix
    start, end = dates[0], dates[-1]
    assert start is not None and end is not None
    if end < start:
        return None, f"the range {_quote(text)} ends before it starts", "put the earlier date first"
    return (start, end), None, None


# --- Rows to outlets ----------------------------------------------------------------------------


def outlet_from_row(path: Path, line: int, row: Mapping[str, str]) -> tuple[Outlet | None, list[Problem]]:
    """One checked outlet, or None and every problem in the row."""
    problems: list[Problem] = []

    def bad(column: str, what: str, fix: str) -> None:
        problems.append(_problem(path, line, column, what, fix))

    text = {key: _clean_text(value) for key, value in row.items()}
    for column in REQUIRED:
        if not text.get(column):
            bad(column, "this value is empty", f"every outlet needs a {column}")
    outlet_id = text.get("id", "")
    if outlet_id and not _ID.fullmatch(outlet_id):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", unicodedata.normalize("NFKC", outlet_id).lower()).strip("-")
        example = f"e.g. '{suggestion}'" if suggestion else "e.g. 'sh-pudong-01'"
        bad("id", f"{_quote(outlet_id)} may use only a-z, 0-9 and '-'", f"it becomes the web address; {example}")

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
        lists[column], unknown = parse_list(text.get(column, ""), allowed)
        if unknown:
            bad(column, *_unknown_words(unknown, allowed))

    for column, value in text.items():  # names, addresses, phones and their translated columns alike
        bidi = bidi_problem(value)
        if bidi:  # the page, the map and the printed imprint would show one thing and mean another
            bad(column, bidi, BIDI_FIX)

    phone = text.get("phone", "")
    if phone and not any(ch.isdigit() for ch in phone):
        bad("phone", f"{_quote(phone)} has no digits", "write the number as people dial it, e.g. 021-6123 4567")

    if problems:
        return None, problems
    # Only the documented extra columns are kept: a column the build calls "ignored" (a manager's mobile)
    # must never reach outlets.json or a page.
    extra = {key: value for key, value in text.items() if key in FUTURE_COLUMNS}
    outlet = Outlet(
        id=outlet_id,
        name=text["name"],
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
    text, problems = decode(path, data)
    if text is None:
        return [], problems
    table, problems = read_rows(path, text)
    if problems:
        return [], problems
    header, rows = table.header, table.rows
    problems = check_header(path, table, REQUIRED, OPTIONAL, FUTURE_COLUMNS)
    if any(p.is_error for p in problems):
        return [], problems
    outlets: list[Outlet] = []
    first_line_of: dict[str, int] = {}
    for line, cells in rows:
        problems += _extra_cells(path, line, header, cells)
        row = _cells(header, cells)
        outlet, row_problems = outlet_from_row(path, line, row)
        problems += row_problems
        outlet_id = _clean_text(row.get("id", ""))
        if outlet_id in first_line_of:
            problems.append(
                _problem(
                    path,
                    line,
                    "id",
                    f"{_quote(outlet_id)} is already used on line {first_line_of[outlet_id]}",
                    "give every outlet its own id",
                )
            )
            continue
        if outlet_id:
            first_line_of[outlet_id] = line
            if ids_seen is not None:
                ids_seen.add(outlet_id)
        if outlet is not None:
            outlets.append(outlet)
    return outlets, problems


def parse_closures(path: Path, data: bytes, known_ids: set[str]) -> tuple[list[Closure], list[Problem]]:
    """outlet-closures.csv's bytes → closures; `outlet` may be an id, ids separated by ';', or '*'."""
    text, problems = decode(path, data)
    if text is None:
        return [], problems
    table, problems = read_rows(path, text)
    if problems:
        return [], problems
    header, rows = table.header, table.rows
    problems = check_header(path, table, CLOSURE_COLUMNS[:2], CLOSURE_COLUMNS[2:])
    if any(p.is_error for p in problems):
        return [], problems
    closures: list[Closure] = []
    unknown: list[tuple[int, str]] = []  # (line, id) of every target outlets.csv does not have
    for line, cells in rows:
        problems += _extra_cells(path, line, header, cells)
        row = {key: _clean_text(value) for key, value in _cells(header, cells).items()}
        span, what, fix = parse_date_range(row.get("date", ""))
        if span is None:
            problems.append(_problem(path, line, "date", what or "", fix or ""))
        targets = [target.strip() for target in row.get("outlet", "").split(";") if target.strip()]
        if not targets:
            problems.append(
                _problem(path, line, "outlet", "this value is empty", "write an outlet's id, or * for every outlet")
            )
        unknown += [(line, target) for target in targets if target != "*" and target not in known_ids]
        if span is not None:
            closures += [Closure(span[0], span[1], target, row.get("reason", ""), line) for target in targets]
    return closures, problems + _unknown_outlets(path, unknown, known_ids)


def _unknown_outlets(path: Path, unknown: list[tuple[int, str]], known_ids: set[str]) -> list[Problem]:
    """One problem per unknown id, up to a limit, then one line for the rest: a pasted file with thousands
    of wrong ids must not print thousands of lines, nor compare each with every id ("did you mean")."""
    choices = sorted(known_ids)
    problems = []
    for line, target in unknown[:MAX_UNKNOWN_IDS_LISTED]:
        close = difflib.get_close_matches(target, choices, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(
            _problem(
                path,
                line,
                "outlet",
                f"no outlet in {OUTLETS_FILE} has the id {_quote(target)}",
                f"{hint}use an id from {OUTLETS_FILE}, or * for every outlet",
            )
        )
    rest = unknown[MAX_UNKNOWN_IDS_LISTED:]
    if rest:
        rows = len({line for line, _ in rest})
        problems.append(
            _problem(
                path,
                rest[0][0],
                "outlet",
                f"…and {rows:,} more rows from this one on with ids that no outlet in {OUTLETS_FILE} has",
                f"check that the file is the right one; use ids from {OUTLETS_FILE}, or * for every outlet",
            )
        )
    return problems


def read_outlets(content_path: Path, settings: Mapping[str, Any] | None = None) -> tuple[list[Outlet], list[Problem]]:
    """The content folder's outlets (closures attached) and every problem; no outlets.csv → ([], [])."""
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
    # Ids from rows with errors still count, so one bad row does not also flag its closures.
    known: set[str] = set()
    outlets, problems = parse_outlets(outlets_path, outlets_path.read_bytes(), known)
    if closures_path.is_file() and (known or not problems):  # an unreadable outlets.csv says enough
        closures, closure_problems = parse_closures(closures_path, closures_path.read_bytes(), known)
        problems += closure_problems
        for outlet in outlets:
            outlet.closures = [c for c in closures if c.outlet in ("*", outlet.id)]
    return for_run(outlets, settings), problems  # a Chinese run reads name_zh etc. where given

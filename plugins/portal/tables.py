"""The one reader of the CSV files editors export from Excel: outlets.csv, outlet-closures.csv and a
campaign's `<slug>.events.csv` and `<slug>.reports.csv`.

Excel's quirks are forgiven: a byte-order mark, CRLF line ends, blank rows, trailing empty columns (an
unnamed column without data says nothing), headings in any case with spaces or hyphens ('Opening hours'
is `opening_hours`). What cannot be forgiven is explained in words an editor can act on: a file saved as
GB18030 or UTF-16, a workbook renamed to .csv, columns separated by ';' (Excel in some regions), a row
with more values than headings. Lines are the file's own (the heading row is usually line 1).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .problems import Problem, cell_problem, quote, warning

SAVE_AS_UTF8 = (
    'in Excel choose File › Save As and pick "CSV UTF-8 (Comma delimited) (*.csv)" '
    "(WPS: 文件 › 另存为 › CSV UTF-8), then replace this file"
)

Item = TypeVar("Item")
# One row's cells by column key (named columns only, as written) → the row's value or None, and its problems.
RowFn = Callable[[int, dict[str, str]], tuple[Item | None, list[Problem]]]


@dataclass(frozen=True)
class Columns:
    """The columns a table has: `required` ones must be there, `optional` ones may be; any other named column
    is reported as not used, except the `quiet` ones (read by a later edition, kept without a word)."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    quiet: tuple[str, ...] = ()
    # A row with more values than headings (a comma outside quotes) is an error. Campaign schedules and
    # reports never said so (their extra values are ignored); False keeps their messages as they were.
    extra_values_checked: bool = True


@dataclass
class Table:
    """A CSV file's rows: `header` holds each column's key ('' for a column without a heading)."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (first line of the row, cells)
    header_line: int = 1
    headings: list[str] = field(default_factory=list)  # as written, for messages


def read_table(
    path: Path, columns: Columns, row_fn: RowFn[Item], data: bytes | None = None
) -> tuple[list[Item], list[Problem]]:
    """Every row's value (`row_fn` of its line and cells) in file order, and every problem in the file.

    A file that cannot be read, or whose headings are wrong (a required column missing, one twice), gives
    no rows: its problems say what to do. `data` is the file's bytes when the caller has read them already.
    """
    text, problems = decode(path, path.read_bytes() if data is None else data)
    if text is None:
        return [], problems
    table, problems = read_rows(path, text)
    if problems:
        return [], problems
    problems = check_header(path, table, columns.required, columns.optional, columns.quiet)
    if any(p.is_error for p in problems):
        return [], problems
    items: list[Item] = []
    for line, cells in table.rows:
        if columns.extra_values_checked:
            problems += _extra_cells(path, line, table.header, cells)
        item, found = row_fn(line, _cells(table.header, cells))
        problems += found
        if item is not None:
            items.append(item)
    return items, problems


# --- Bytes to rows ----------------------------------------------------------------------------------


def decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    """The file's text, or one problem saying why it cannot be read as a UTF-8 CSV."""
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        return None, [cell_problem(path, None, None, f"{name} is an Excel workbook, not a CSV file", SAVE_AS_UTF8)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            cell_problem(path, 1, None, f"{name} is saved as UTF-16 (Excel's 'Unicode Text'), not UTF-8", SAVE_AS_UTF8)
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
        return None, [cell_problem(path, line, None, f"{name} is not saved as UTF-8 ({guess})", SAVE_AS_UTF8)]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            cell_problem(
                path, line, None, f"{name} contains a NUL character, so it is not a plain CSV file", SAVE_AS_UTF8
            )
        ]
    return text, []


def header_key(cell: str) -> str:
    """'Opening hours ' → 'opening_hours': headers are matched without case, spaces or hyphens mattering."""
    return re.sub(r"[\s-]+", "_", unicodedata.normalize("NFKC", cell).strip().lower())


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
                table.header = [header_key(cell) for cell in cells]
                table.headings = [cell.strip() for cell in cells]
                table.header_line = first_line
                continue
            table.rows.append((first_line, cells))
    except csv.Error as error:
        return table, [
            cell_problem(path, reader.line_num, None, f"this line cannot be read as CSV ({error})", SAVE_AS_UTF8)
        ]
    if not table.header:
        return table, [cell_problem(path, 1, None, f"{path.name} is empty", "put the column headings on line 1")]
    if len(table.header) == 1 and ";" in table.header[0]:
        return table, [cell_problem(path, 1, None, "the columns are separated by ';' instead of commas", SAVE_AS_UTF8)]
    return table, []


def count_rows(path: Path) -> int:
    """How many rows a CSV file has under its heading row (0 when it is missing or unreadable)."""
    if not path.is_file():
        return 0
    text, _ = decode(path, path.read_bytes())
    return len(read_rows(path, text)[0].rows) if text is not None else 0


# --- Headings ---------------------------------------------------------------------------------------


def check_header(
    path: Path, table: Table, required: tuple[str, ...], known: tuple[str, ...], quiet: tuple[str, ...] = ()
) -> list[Problem]:
    problems: list[Problem] = []
    line = table.header_line
    seen: set[str] = set()
    for key in table.header:
        if key and key in seen:
            problems.append(
                cell_problem(
                    path, line, key, "this column appears twice", "delete one of the two columns with this heading"
                )
            )
        seen.add(key)
    for key in required:
        if key not in seen:
            problems.append(
                cell_problem(
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
            what = f"column {quote(table.headings[index])} is not used and is not published"
            problems.append(warning(str(path), table.header_line, what, f"{hint}rename it or delete it"))
        elif data_lines:
            letter = column_letter(index)
            what = f"column {letter} has no heading, so its data (from line {data_lines[0]}) is not used or published"
            fix = f"give it one of the headings ({', '.join(columns)}) or delete the column"
            problems.append(warning(str(path), table.header_line, what, fix))
    return problems


def column_letter(index: int) -> str:
    """0 → 'A', 26 → 'AA': the column as Excel labels it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- Rows -------------------------------------------------------------------------------------------


def _cells(header: list[str], cells: list[str]) -> dict[str, str]:
    """A row's cells by column key, as written; named columns only, a missing cell is ''."""
    return {key: cells[i] if i < len(cells) else "" for i, key in enumerate(header) if key}


def _extra_cells(path: Path, line: int, header: list[str], cells: list[str]) -> list[Problem]:
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        return [
            cell_problem(
                path,
                line,
                None,
                f"this row has {len(cells)} values but the heading row has {len(header)} columns",
                "put text that contains a comma in double quotes (Excel does this when it saves as CSV)",
            )
        ]
    return []

"""portal.tables.read_table, the one CSV reader, and outlets.csv parsed once per process."""

from __future__ import annotations

from pathlib import Path

import pytest
from outlets import reader as outlets_reader
from portal.problems import Problem, cell_problem
from portal.tables import Columns, read_table

PEOPLE = Columns(("name", "age"), ("notes",), ("name_zh",))


def row_of(line: int, row: dict[str, str]) -> tuple[tuple[int, str, str] | None, list[Problem]]:
    if not row["name"].strip():
        return None, [cell_problem("people.csv", line, "name", "this value is empty", "write a name")]
    return (line, row["name"], row.get("age", "")), []


def read(tmp_path: Path, data: bytes, columns: Columns = PEOPLE) -> tuple[list, list[str]]:
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    items, problems = read_table(path, columns, row_of)
    return items, [str(p).split("people.csv", 1)[1] for p in problems]


def test_excel_quirks_are_forgiven(tmp_path: Path) -> None:
    data = "\ufeffName ,AGE,Notes,name-zh,,\r\n\r\nLi,42,,李,,\r\n".encode()
    data += b'"Wang, Jr",7,"two\r\nlines",,,\r\n,,,,,\r\n'
    items, problems = read(tmp_path, data)
    assert items == [(3, "Li", "42"), (4, "Wang, Jr", "7")]
    assert problems == []  # blank rows, trailing empty columns, a quoted comma and line break say nothing


def test_rows_missing_cells_read_as_empty(tmp_path: Path) -> None:
    items, problems = read(tmp_path, b"name,age\nLi\n")
    assert items == [(2, "Li", "")]
    assert problems == []


def test_what_cannot_be_forgiven_is_explained(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"name;age\nLi;42\n")
    assert problems == [
        ":1: the columns are separated by ';' instead of commas — in Excel choose File › Save As"
        ' and pick "CSV UTF-8 (Comma delimited) (*.csv)" (WPS: 文件 › 另存为 › CSV UTF-8), then replace'
        " this file"
    ]
    _, problems = read(tmp_path, "name,age\n李,42\n".encode("gb18030"))
    assert problems[0].startswith(":2: people.csv is not saved as UTF-8 (it looks like GB18030/GBK")
    _, problems = read(tmp_path, b"PK\x03\x04rest")
    assert problems[0].startswith(": people.csv is an Excel workbook, not a CSV file")
    _, problems = read(tmp_path, b"\n\n")
    assert problems == [":1: people.csv is empty — put the column headings on line 1"]


def test_headings_are_checked_before_any_row(tmp_path: Path) -> None:
    items, problems = read(tmp_path, b"name,name,height\nLi,Li,1.7\n")
    assert items == []
    assert problems == [
        ":1: name: this column appears twice — delete one of the two columns with this heading",
        ":1: age: this column is missing — add a column headed 'age'; the columns are: name, age, notes",
        ":1: warning: column 'height' is not used and is not published — rename it or delete it",
    ]


def test_extra_values_are_an_error_unless_the_table_says_otherwise(tmp_path: Path) -> None:
    data = b"name,age\nLi,42,oops\n,30\n"
    items, problems = read(tmp_path, data)
    assert items == [(2, "Li", "42")]
    assert problems == [
        ":2: this row has 3 values but the heading row has 2 columns — put text that contains a comma in double"
        " quotes (Excel does this when it saves as CSV)",
        ":3: name: this value is empty — write a name",
    ]
    items, problems = read(tmp_path, data, Columns(("name", "age"), extra_values_checked=False))
    assert problems == [":3: name: this value is empty — write a name"]


def test_bytes_already_read_are_used(tmp_path: Path) -> None:
    items, _ = read_table(tmp_path / "never-written.csv", PEOPLE, row_of, b"name,age\nLi,1\n")
    assert items == [(2, "Li", "1")]


OUTLETS = "id,name,city,district,address\nsh-01,Bund Branch,Shanghai,Huangpu,1 Zhongshan Road\n"


def test_outlets_csv_is_parsed_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "outlets.csv").write_text(OUTLETS, encoding="utf-8")
    parsed: list[str] = []
    real = outlets_reader.parse_outlets
    monkeypatch.setattr(
        outlets_reader, "parse_outlets", lambda path, *rest: parsed.append(path.name) or real(path, *rest)
    )
    first, _ = outlets_reader.read_outlets(tmp_path, {})
    second, _ = outlets_reader.read_outlets(str(tmp_path), {"DEFAULT_LANG": "en"})
    assert parsed == ["outlets.csv"]
    assert second == first and second[0] is first[0]  # the same outlets…
    second.append(second[0])
    assert len(outlets_reader.read_outlets(tmp_path, {})[0]) == 1  # …in a list of the caller's own

    # Same size, new bytes (within one clock tick of the file system, the modification time may not change).
    (tmp_path / "outlets.csv").write_text(OUTLETS.replace("Bund", "Pier"), encoding="utf-8")
    third, _ = outlets_reader.read_outlets(tmp_path, {})
    assert parsed == ["outlets.csv", "outlets.csv"]
    assert third[0].name == "Pier Branch"


def test_a_closures_file_change_is_seen(tmp_path: Path) -> None:
    (tmp_path / "outlets.csv").write_text(OUTLETS, encoding="utf-8")
    assert outlets_reader.read_outlets(tmp_path, {})[0][0].closures == []
    (tmp_path / "outlet-closures.csv").write_text("date,outlet\n2099-10-01,sh-01\n", encoding="utf-8")
    outlet = outlets_reader.read_outlets(tmp_path, {})[0][0]
    assert [(c.start.isoformat(), c.outlet) for c in outlet.closures] == [("2099-10-01", "sh-01")]

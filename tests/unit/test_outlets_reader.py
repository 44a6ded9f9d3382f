"""Reading and checking outlets.csv and outlet-closures.csv: fixtures, messages, hostile input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outlets.model import Outlet
from outlets.reader import parse_outlets, read_outlets

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outlets"
OUTLETS = Path("content/outlets.csv")
MESSAGE = re.compile(r"^(?P<path>\S*outlets\.csv):(?P<line>\d+): (?P<column>[a-z_]+): (?P<what>.+) — (?P<fix>.+)$")


def content_with(tmp_path: Path, outlets: str, closures: str | None = None) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(FIXTURES / outlets, folder / "outlets.csv")
    if closures:
        shutil.copy(FIXTURES / closures, folder / "outlet-closures.csv")
    return folder


@pytest.fixture(scope="module")
def forty() -> dict[str, Outlet]:
    folder = FIXTURES
    outlets, problems = parse_outlets(OUTLETS, (folder / "outlets-40.csv").read_bytes())
    assert problems == []
    return {o.id: o for o in outlets}


def test_forty_outlets_read_with_bom_crlf_and_chinese(forty: dict[str, Outlet]) -> None:
    assert len(forty) == 40
    square = forty["sh-huangpu-people-square"]
    assert (square.name, square.city, square.district) == ("人民广场支行", "上海", "黄浦区")
    assert square.latitude == pytest.approx(31.2304) and square.longitude == pytest.approx(121.4737)
    assert square.services == ["cash", "cards", "publicity-desk", "self-service"]
    assert square.accessibility == ["step-free", "wheelchair", "hearing-loop"]
    assert square.url == "outlets/sh-huangpu-people-square/"
    assert square.tel == "02163210000"
    assert square.line == 2


def test_row_without_position_and_multiline_note(forty: dict[str, Outlet]) -> None:
    outlet = forty["bj-no-position"]
    assert outlet.latitude is None and outlet.longitude is None and not outlet.has_position
    assert outlet.notes == "Position not surveyed yet.\nPlease phone for directions."
    assert forty["gz-html-in-note"].line == 6  # the multi-line note above takes lines 4 and 5


def test_html_is_kept_as_text_for_templates_to_escape(forty: dict[str, Outlet]) -> None:
    outlet = forty["gz-html-in-note"]
    assert outlet.name == "Test <b>Bold</b> Branch"
    assert "<script>" in outlet.notes


def test_closures_attach_to_their_outlets(tmp_path: Path) -> None:
    outlets, problems = read_outlets(content_with(tmp_path, "outlets-40.csv", "outlet-closures-40.csv"), {})
    assert problems == []
    by_id = {o.id: o for o in outlets}
    square = by_id["sh-huangpu-people-square"]
    assert {(c.start.isoformat(), c.outlet) for c in square.closures} == {
        ("2020-01-01", "*"),
        ("2099-10-01", "*"),
        ("2099-03-04", "sh-huangpu-people-square"),
    }
    assert [c.start for c in square.upcoming_closures(dt.date(2026, 1, 1))] == [
        dt.date(2099, 3, 4),
        dt.date(2099, 10, 1),
    ]
    assert by_id["bj-haidian-lunch"].closed_on(dt.date(2099, 3, 5)) is not None  # '2099/3/5' as Excel writes it
    assert by_id["sh-pudong-century-ave"].closed_on(dt.date(2099, 3, 5)) is not None
    assert not by_id["sh-pudong-century-ave"].is_open(dt.datetime(2099, 3, 5, 10, 0))
    assert by_id["bj-haidian-lunch"].closed_on(dt.date(2099, 3, 6)) is None


BAD_FILES = [
    ("bad-latitude.csv", 3, "latitude", "comma as the decimal mark"),
    ("bad-latitude-range.csv", 2, "latitude", "outside -90 to 90"),
    ("duplicate-id.csv", 4, "id", "already used on line 2"),
    ("bad-hours.csv", 3, "opening_hours", "is not a day"),
    ("same-open-close.csv", 4, "opening_hours", "opens and closes at the same time"),
    ("unknown-service.csv", 2, "services", "'atm' is not one of the known values"),
    ("latitude-without-longitude.csv", 3, "longitude", "latitude is given but longitude is empty"),
    ("bad-id.csv", 2, "id", "may use only a-z, 0-9 and '-'"),
    ("missing-name.csv", 4, "name", "empty"),
]


@pytest.mark.parametrize(("name", "line", "column", "words"), BAD_FILES)
def test_each_bad_row_is_named_by_line_and_column(name: str, line: int, column: str, words: str) -> None:
    _outlets, problems = parse_outlets(OUTLETS, (FIXTURES / name).read_bytes())
    errors = [p for p in problems if p.is_error]
    assert len(errors) >= 1
    match = MESSAGE.match(str(errors[0]))
    assert match, str(errors[0])
    assert (int(match["line"]), match["column"]) == (line, column)
    assert words in match["what"]
    assert match["fix"]


def test_all_errors_reported_at_once() -> None:
    _outlets, problems = parse_outlets(OUTLETS, (FIXTURES / "all-errors.csv").read_bytes())
    columns = {MESSAGE.match(str(p))["column"] for p in problems if p.is_error}
    assert columns == {"latitude", "id", "opening_hours", "services", "longitude", "name"}
    assert len({p.line for p in problems}) == 9  # one line for each kind of mistake


def test_gb18030_file_gets_one_message_about_saving_as_csv_utf8() -> None:
    outlets, problems = parse_outlets(OUTLETS, (FIXTURES / "gb18030.csv").read_bytes())
    assert outlets == []
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("content/outlets.csv:2: ")
    assert "not saved as UTF-8" in message and "GB18030" in message
    assert "CSV UTF-8" in message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04rest-of-a-zip", "is an Excel workbook"),
        ("id,name\n".encode("utf-16"), "UTF-16"),
        (b"id,name,city\x00,district\n", "NUL character"),
        (b"", "is empty"),
        (b"id;name;city;district;address\n1;a;b;c;d\n", "separated by ';'"),
    ],
)
def test_files_that_are_not_a_utf8_csv(data: bytes, words: str) -> None:
    outlets, problems = parse_outlets(OUTLETS, data)
    assert outlets == [] and len(problems) == 1
    assert words in str(problems[0])


def test_missing_required_column_and_unknown_columns() -> None:
    data = b"id,name,city,address,fax,name_zh\nx,X,Y,Z,123,\xe5\x90\x8d\n"
    _outlets, problems = parse_outlets(OUTLETS, data)
    errors = [str(p) for p in problems if p.is_error]
    warnings = [str(p) for p in problems if not p.is_error]
    assert errors == [
        "content/outlets.csv:1: district: this column is missing — add a column headed 'district'; the columns are: "
        "id, name, city, district, address, province, postcode, phone, latitude, longitude, opening_hours, "
        "services, accessibility, notes"
    ]
    assert len(warnings) == 1 and "'fax'" in warnings[0]  # name_zh (a later Chinese site's column) is quiet


def test_future_language_columns_are_kept_without_a_warning() -> None:
    data = "id,name,city,district,address,name_zh,Address ZH\nx,X,Y,Z,W,名字,地址\n".encode()
    outlets, problems = parse_outlets(OUTLETS, data)
    assert problems == []
    assert outlets[0].extra == {"name_zh": "名字", "address_zh": "地址"}


def test_headers_forgive_case_and_spaces_and_extra_empty_columns() -> None:
    data = b"ID, Name ,City,District,Address,Opening hours,,\r\nx,X,Y,Z,W,Mo 09:00-10:00,,\r\n"
    outlets, problems = parse_outlets(OUTLETS, data)
    assert problems == []
    assert outlets[0].hours.known


def test_a_row_with_an_unquoted_comma_is_explained() -> None:
    data = b"id,name,city,district,address\nx,X,Y,Z,W,extra value\n"
    _outlets, problems = parse_outlets(OUTLETS, data)
    assert "this row has 6 values but the heading row has 5 columns" in str(problems[0])
    assert "double quotes" in str(problems[0])


def test_bad_closures_are_reported_with_their_lines(tmp_path: Path) -> None:
    _outlets, problems = read_outlets(content_with(tmp_path, "outlets-40.csv", "bad-closures.csv"), {})
    messages = [str(p).split("outlet-closures.csv:", 1)[1] for p in problems]
    assert messages[0].startswith("2: date: '2099-13-01' is not a date")
    assert messages[1].startswith("3: date: the range '2099-10-07..2099-10-01' ends before it starts")
    assert messages[2].startswith("4: outlet: no outlet in outlets.csv has the id 'no-such-outlet'")


def test_no_outlets_file_means_no_outlets_and_no_problem(tmp_path: Path) -> None:
    assert read_outlets(tmp_path, {}) == ([], [])


# --- Property tests -----------------------------------------------------------------------------

COLUMNS = ["id", "name", "city", "district", "address", "latitude", "longitude", "opening_hours", "services", "notes"]
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list("<>&\"',;\r\n\t\\")),
    max_size=30,
)


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([COLUMNS, *rows])
    return out.getvalue().encode("utf-8")


@given(st.lists(st.lists(hostile_text, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=6))
@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_any_cell_text_gives_outlets_or_located_messages(rows: list[list[str]]) -> None:
    outlets, problems = parse_outlets(OUTLETS, csv_bytes(rows))
    for problem in problems:
        text = str(problem)
        assert text.startswith("content/outlets.csv")
        assert "\n" not in text, text  # one problem, one line
        if problem.line is not None and problem.line > 1:
            assert MESSAGE.match(text) or "values but the heading row" in text or "NUL" in text, text
    for outlet in outlets:
        assert re.fullmatch(r"[a-z0-9-]+", outlet.id)
        assert outlet.name and outlet.city and outlet.district and outlet.address
        assert (outlet.latitude is None) == (outlet.longitude is None)
    assert len({o.id for o in outlets}) == len(outlets)


@given(st.binary(max_size=300))
@settings(deadline=None, max_examples=300)
def test_any_bytes_never_crash_the_reader(data: bytes) -> None:
    outlets, problems = parse_outlets(OUTLETS, data)
    assert isinstance(outlets, list) and isinstance(problems, list)


@given(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "latin-1", "shift_jis"]))
@settings(deadline=None)
def test_odd_encodings_of_a_chinese_file(encoding: str) -> None:
    text = "id,name,city,district,address\r\nsh-1,人民广场支行,上海,黄浦区,人民大道 100 号\r\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    outlets, problems = parse_outlets(OUTLETS, data)
    if encoding.startswith("utf-8"):
        assert problems == [] and outlets[0].name == "人民广场支行"
    else:
        assert outlets == [] and len(problems) == 1
        message = str(problems[0])
        assert "CSV UTF-8" in message
        assert "not saved as UTF-8" in message or "UTF-16" in message


def test_a_column_holding_data_that_the_site_does_not_read_is_named_once() -> None:
    data = b"\nid,name,city,district,address,Manager mobile,,\nx,X,Y,Z,W,13800000000,,\ny,X,Y,Z,W,,,note\n"
    outlets, problems = parse_outlets(OUTLETS, data)
    assert len(outlets) == 2 and all(p.severity == "warning" for p in problems)
    assert [str(p) for p in problems] == [
        "content/outlets.csv:2: warning: column 'Manager mobile' is not used and is not published"
        " — rename it or delete it",
        "content/outlets.csv:2: warning: column H has no heading, so its data (from line 4) is not used or published"
        " — give it one of the headings (id, name, city, district, address, province, postcode, phone, latitude,"
        " longitude, opening_hours, services, accessibility, notes) or delete the column",
    ]  # the heading row is line 2 here; column G (empty, Excel's trailing comma) says nothing
    assert "13800000000" not in " ".join(str(p) for p in problems)  # the data itself is never printed


def test_closures_and_schedules_name_unused_columns_too(tmp_path: Path) -> None:
    from campaigns.reader import read_events

    folder = content_with(tmp_path, "outlets-40.csv")
    first_id = next(iter(parse_outlets(OUTLETS, (folder / "outlets.csv").read_bytes())[0])).id
    (folder / "outlet-closures.csv").write_text(f"date,outlet,reason,,staff\n2099-10-01,{first_id},Holiday,x,\n")
    _outlets, problems = read_outlets(folder, {})
    assert sorted(str(p).split("outlet-closures.csv:", 1)[1] for p in problems) == [
        "1: warning: column 'staff' is not used and is not published — rename it or delete it",
        "1: warning: column D has no heading, so its data (from line 2) is not used or published"
        " — give it one of the headings (date, outlet, reason) or delete the column",
    ]
    events = tmp_path / "week.events.csv"
    events.write_text("date,start,end,outlet,activity,contact\n2099-10-01,09:00,10:00,x,Desk,Ms Li\n")
    assert [str(p).split("week.events.csv:", 1)[1] for p in read_events(events)[1]] == [
        "1: warning: column 'contact' is not used and is not published — rename it or delete it"
    ]

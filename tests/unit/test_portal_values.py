"""portal.values: one parser per kind of editor value, every accepted form and every message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from portal.values import (
    parse_cell_date,
    parse_choices,
    parse_count,
    parse_date,
    parse_date_range,
    parse_degrees,
    parse_time,
    parse_yes_no,
    split_list,
)


def test_header_dates_are_iso_and_may_carry_a_time_of_day() -> None:
    assert parse_date("2026-03-15") == (dt.date(2026, 3, 15), None)
    assert parse_date(" 2026-3-5 ") == (dt.date(2026, 3, 5), None)
    assert parse_date("2026-03-15 09:30") == (dt.date(2026, 3, 15), None)
    assert parse_date("2026-03-15T09:30:15") == (dt.date(2026, 3, 15), None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("15/03/2026", "'15/03/2026' is not written as YYYY-MM-DD"),
        ("2026/03/15", "'2026/03/15' is not written as YYYY-MM-DD"),  # Excel forms are for cells only
        ("2026-13-01", "'2026-13-01' has month 13; months go from 01 to 12"),
        ("2026-02-30", "'2026-02-30' is not a real date: February 2026 has 28 days"),
        ("2026-03-15 24:00", "'2026-03-15 24:00' has an impossible time of day"),
        ("0000-01-01", "'0000-01-01' is not a real date: years start at 0001"),
    ],
)
def test_header_date_messages(text: str, reason: str) -> None:
    assert parse_date(text) == (None, reason)


EXCEL_FORMS = ["2027-03-15", "2027/3/15", "2027.3.15", "2027/03.15", "２０２７／３／１５", " 2027-3-15 "]


@pytest.mark.parametrize("text", EXCEL_FORMS)
def test_cell_dates_take_what_excel_writes(text: str) -> None:
    assert parse_cell_date(text) == (dt.date(2027, 3, 15), None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "this value is empty"),
        ("   ", "this value is empty"),
        ("2027-03-15 09:00", "'2027-03-15 09:00' is not only a date"),
        ("2027-03-15T09:00", "'2027-03-15T09:00' is not only a date"),
        ("2027/02/30", "'2027-02-30' is not a real date: February 2027 has 28 days"),  # as the header parser says
        ("15.3.2027", "'15-3-2027' is not written as YYYY-MM-DD"),
    ],
)
def test_cell_date_messages(text: str, reason: str) -> None:
    assert parse_cell_date(text) == (None, reason)


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from("-/."), st.sampled_from("-/."))
def test_every_real_date_reads_back_in_every_excel_form(day: dt.date, first: str, second: str) -> None:
    assert parse_cell_date(f"{day.year:04d}{first}{day.month}{second}{day.day}") == (day, None)
    assert parse_date(day.isoformat()) == (day, None)


def test_date_ranges() -> None:
    assert parse_date_range("2026-10-01") == ((dt.date(2026, 10, 1), dt.date(2026, 10, 1)), None, None)
    assert parse_date_range("2026/10/1 .. 2026/10/7") == ((dt.date(2026, 10, 1), dt.date(2026, 10, 7)), None, None)
    assert parse_date_range("2026-10-07..2026-10-01")[1:] == (
        "the range '2026-10-07..2026-10-01' ends before it starts",
        "put the earlier date first",
    )
    span, what, fix = parse_date_range("1 October")
    assert (span, what) == (None, "'1 October' is not a date or a date range")
    assert fix and fix.startswith("write YYYY-MM-DD, or YYYY-MM-DD..YYYY-MM-DD")
    assert parse_date_range("2026-10-01..2026-10-02..2026-10-03")[0] is None


def test_times_counts_and_degrees() -> None:
    assert parse_time("9:00") == (dt.time(9, 0), None)
    assert parse_time("１４．３０") == (dt.time(14, 30), None)
    assert parse_time("25:00") == (None, "'25:00' is not a time of day")
    assert parse_time("nine") == (None, "'nine' is not a time written as HH:MM")
    assert parse_count("1,200") == (1200, None)
    assert parse_count("-3") == (None, "'-3' is below zero")
    assert parse_count("12.5") == (None, "'12.5' is not a whole number")
    assert parse_count("") == (None, "this value is empty")
    assert parse_degrees("31.2304", -90, 90) == (31.2304, None)
    assert parse_degrees("31,2304", -90, 90) == (None, "'31,2304' uses a comma as the decimal mark")
    assert parse_degrees("121.47", -90, 90) == (None, "121.47 is outside -90 to 90")


def test_yes_no_and_lists() -> None:
    assert parse_yes_no(" Yes ") == (True, None)
    assert parse_yes_no("false") == (False, None)
    assert parse_yes_no("maybe") == (None, "'maybe' is neither yes nor no")
    assert split_list("phone scams， fraud、rural;fraud") == ["phone scams", "fraud", "rural"]
    assert parse_choices("Cash； Self service, self_service, teleport", ("cash", "self-service")) == (
        ["cash", "self-service"],
        ["teleport"],
    )

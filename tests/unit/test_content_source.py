"""The header reader keeps line numbers and follows Python-Markdown's meta rules."""

from __future__ import annotations

import datetime as dt

from content_contract.fields import parse_date, parse_yes_no, split_list
from content_contract.source import parse_source
from hypothesis import given
from hypothesis import strategies as st


def test_fields_and_body_keep_their_line_numbers() -> None:
    source = parse_source("a.md", b"Title: Hello\nDate: 2026-01-02\nSummary: One\n    more line\n\nBody text\n")
    assert source.get("title") == "Hello"
    assert source.line_of("date") == 2
    assert source.get("summary") == "One more line"
    assert source.body_lines == [(6, "Body text")]
    assert source.stray_line is None


def test_a_line_that_is_not_a_header_is_reported_where_it_is() -> None:
    source = parse_source("a.md", b"Title: Hello\nSummary - oops\n\nBody\n")
    assert source.stray_line == 2
    assert source.get("summary") is None


def test_byte_order_mark_and_windows_line_endings_are_accepted() -> None:
    source = parse_source("a.md", "\ufeffTitle: 你好\r\nTopic: fraud\r\n\r\n正文\r\n".encode())
    assert source.get("title") == "你好"
    assert source.get("topic") == "fraud"
    assert source.body_text == "正文"


def test_text_that_is_not_utf8_is_flagged_with_its_line() -> None:
    source = parse_source("a.md", "Title: ok\n\n防范诈骗\n".encode("gb18030"))
    assert source.decode_error == "line 3"


def test_duplicate_keys_are_remembered() -> None:
    source = parse_source("a.md", b"Title: One\nTitle: Two\n\nx\n")
    assert [(a.line, b.line) for a, b in source.duplicates] == [(1, 2)]
    assert source.get("title") == "One"


def test_dates_must_be_real_calendar_days() -> None:
    assert parse_date("2026-03-15") == (dt.date(2026, 3, 15), None)
    value, reason = parse_date("2026-02-30")
    assert value is None and "February 2026 has 28 days" in reason
    assert "YYYY-MM-DD" in parse_date("15/03/2026")[1]
    assert "month 13" in parse_date("2026-13-01")[1]
    assert parse_date("2028-02-29")[0] == dt.date(2028, 2, 29)


def test_yes_no_and_lists() -> None:
    assert parse_yes_no("Yes") == (True, None)
    assert parse_yes_no("no") == (False, None)
    assert parse_yes_no("maybe")[0] is None
    assert split_list(" older-people, ,rural ") == ["older-people", "rural"]


@given(st.binary(max_size=400))
def test_any_bytes_give_a_result_never_an_exception(raw: bytes) -> None:
    source = parse_source("x.md", raw)
    assert source.decode_error or isinstance(source.body_text, str)


@given(st.text(max_size=30))
def test_parse_date_never_raises(text: str) -> None:
    value, reason = parse_date(text)
    assert (value is None) != (reason is None)

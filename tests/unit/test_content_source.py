"""The header reader keeps line numbers and follows Python-Markdown's meta rules."""

from __future__ import annotations

import datetime as dt

from content_contract.source import parse_source
from hypothesis import given
from hypothesis import strategies as st
from portal.values import parse_date, parse_yes_no, split_list


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


# --- Header mistakes are named by their cause, once, and no text is dropped -----------------------------

SETTINGS = {"TOPICS": {"fraud": {}, "credit": {}, "rights": {}}, "AUDIENCES": {"everyone": "", "rural": ""}}
HEADER = "Title: A call from the police\nDate: 2026-02-03\nTopic: fraud\nSummary: Hang up.\nReviewed: 2026-09-01\n"


def article_messages(text: str) -> list[str]:
    from content_contract.rules import check_article

    source = parse_source("a.md", text.encode())
    return [str(p) for p in check_article(source, SETTINGS, dt.date(2026, 10, 1))]


def test_a_header_line_after_a_tab_is_one_message_naming_the_cause() -> None:
    messages = article_messages(HEADER.replace("Topic:", "\tTopic:") + "\nText.\n")
    assert messages == [
        "a.md:3: this header line starts with a tab, so it would be read as part of the line above"
        " — delete the tab before 'Topic:'"
    ]


def test_four_spaces_before_a_header_line_or_the_first_line_too() -> None:
    assert article_messages(HEADER.replace("Topic:", "    Topic:") + "\nText.\n") == [
        "a.md:3: this header line starts with spaces, so it would be read as part of the line above"
        " — delete the spaces before 'Topic:'"
    ]
    first = article_messages("\t" + HEADER + "\nText.\n")
    assert len(first) == 1 and first[0].startswith("a.md:1: this header line starts with a tab")


def test_a_continuation_line_still_continues_and_a_tab_counts_as_four_spaces() -> None:
    source = parse_source("a.md", b"Title: One\n\tmore words: here\nSummary: x\n\nBody\n")
    assert source.get("title") == "One more words: here" and source.indented == []
    assert parse_source("a.md", b"  Title: Two\n\nBody\n").get("title") == "Two"  # Markdown allows 1-3 spaces


def test_text_written_right_under_the_header_is_an_error_not_a_lost_field() -> None:
    messages = article_messages(HEADER + "Remember: never share the code.\n\nText.\n")
    assert messages == [
        "a.md:6: this line is read as a header field 'Remember', so its text would not be shown on the page"
        " — leave one blank line after the header, before this line"
    ]
    # The text goes on below it without a blank line: still one message, on the first line of the text.
    assert len(article_messages(HEADER + "Remember: never share the code.\nHang up at once.\n")) == 1


def test_every_unknown_field_is_an_error_worded_for_the_likely_slip() -> None:
    (misspelt,) = article_messages(HEADER + "Tagz: phone scams\n\nText.\n")
    assert misspelt.startswith("a.md:6: unknown field 'Tagz' — did you mean 'tags'?")
    (other,) = article_messages(HEADER.replace("Topic: fraud\n", "Topic: fraud\nColour: red\n") + "\nText.\n")
    assert other.startswith("a.md:4: unknown field 'Colour': its text would not be shown anywhere — remove")
    assert not [m for m in article_messages(HEADER + "Colour: red\n\nText.\n") if "warning" in m]


def test_a_stray_line_says_which_slip_it_is() -> None:
    (colon,) = article_messages(HEADER + "Tags phone scams\n\nText.\n")
    assert "a.md:6: this line is neither a 'Key: value' header line" in colon and "'Tags: …'" in colon
    (text,) = article_messages(HEADER + "The caller says your account is part of a crime.\n")
    assert text == (
        "a.md:6: the text starts here, directly under the header — leave one blank line after the header, before"
        " this line"
    )
    (chinese,) = article_messages(HEADER + "Tags：电话诈骗\n\nText.\n")
    assert chinese.startswith("a.md:6: the header line 'Tags：' has a Chinese colon '：'")


def test_pages_are_told_a_field_belongs_to_articles() -> None:
    from content_contract.rules import check_page

    source = parse_source("p.md", b"Title: About\nSummary: Who we are.\nTopic: fraud\n\nText.\n")
    (message,) = [str(p) for p in check_page(source, SETTINGS, dt.date(2026, 10, 1))]
    assert message.startswith("p.md:3: 'Topic' is a field of articles; this file does not use it")


def test_lines_are_split_as_markdown_splits_them() -> None:
    source = parse_source("a.md", "Title: a\u2028b\rSummary: c\n\nBody\n".encode())
    assert source.get("title") == "a\u2028b" and source.line_of("summary") == 2


def test_lists_split_on_english_and_chinese_commas() -> None:
    assert split_list("phone scams， fraud、rural, fraud") == ["phone scams", "fraud", "rural"]
    assert split_list("a; b；c") == ["a", "b", "c"]  # Pelican splits Tags on ';' too


def test_every_field_a_rule_knows_is_known_to_the_header_reader() -> None:
    from campaigns.reader import CAMPAIGN_FIELDS
    from content_contract.rules import ARTICLE_FIELDS, OUTPUT_PATH_FIELDS, PAGE_FIELDS, PELICAN_FIELDS
    from content_contract.source import KNOWN_KEYS

    fields = {*ARTICLE_FIELDS, *PAGE_FIELDS, *PELICAN_FIELDS, *CAMPAIGN_FIELDS, "save_as", "url"}
    assert fields <= KNOWN_KEYS, fields - KNOWN_KEYS
    assert set(OUTPUT_PATH_FIELDS) & KNOWN_KEYS == {"save_as", "url"}


@given(st.text(max_size=300))
def test_any_header_text_gives_problems_never_an_exception(text: str) -> None:
    assert isinstance(article_messages(text), list)


def test_a_full_width_space_or_a_chinese_colon_on_the_first_line_is_named() -> None:
    (space,) = article_messages(HEADER.replace("Topic:", "\u3000Topic:") + "\nText.\n")
    assert space.startswith("a.md:3: this header line starts with a full-width space")
    assert space.endswith("delete the full-width space before 'Topic:'")
    assert article_messages(HEADER.replace("Title: ", "Title：") + "\nText.\n") == [
        "a.md:1: the header line 'Title：' has a Chinese colon '：', so it would be read as the start of the text"
        " — write it as 'Title: …'"
    ]
    (gap,) = article_messages(HEADER.replace("Date: ", "Date : ") + "\nText.\n")
    assert gap.startswith("a.md:2: the header line 'Date :' has a space before its colon")

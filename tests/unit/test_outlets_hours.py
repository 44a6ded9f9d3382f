"""The opening_hours parser: examples editors write, edge times, and hostile text (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from outlets.hours import parse_opening_hours, parse_time
from outlets.model import DAY_KEYS, OpeningHours, TimeRange

TYPICAL = "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; Su off; PH off"
MONDAY = dt.date(2026, 11, 23)  # a Monday


def parse_ok(text: str) -> OpeningHours:
    hours, errors = parse_opening_hours(text)
    assert errors == [], errors
    return hours


def at(day_offset: int, hhmm: str) -> dt.datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day_offset), dt.time(hours, minutes))


def test_typical_week_with_lunch_break() -> None:
    hours = parse_ok(TYPICAL)
    week = dict(hours.week())
    assert [day for day, _ in hours.week()] == list(DAY_KEYS)
    assert week["mo"] == (TimeRange(540, 720), TimeRange(810, 1020))
    assert [(r.open_text, r.close_text) for r in week["fr"]] == [("09:00", "12:00"), ("13:30", "17:00")]
    assert week["sa"] == (TimeRange(540, 720),)
    assert week["su"] == ()
    assert hours.public_holidays == ()


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at(0, "08:59"), False),
        (at(0, "09:00"), True),
        (at(0, "11:59"), True),
        (at(0, "12:00"), False),  # lunch break starts: closing time is exclusive
        (at(0, "13:29"), False),
        (at(0, "13:30"), True),
        (at(4, "16:59"), True),
        (at(4, "17:00"), False),
        (at(5, "10:00"), True),  # Saturday morning
        (at(5, "14:00"), False),
        (at(6, "10:00"), False),  # Sunday off
    ],
)
def test_is_open_respects_lunch_break_and_days(moment: dt.datetime, is_open: bool) -> None:
    assert parse_ok(TYPICAL).is_open(moment) is is_open


def test_public_holiday_rule_only_when_asked() -> None:
    hours = parse_ok("Mo-Su 09:00-17:00; PH 10:00-12:00")
    assert hours.is_open(at(0, "09:30")) is True
    assert hours.is_open(at(0, "09:30"), public_holiday=True) is False
    assert hours.is_open(at(0, "11:00"), public_holiday=True) is True


def test_summary_groups_days_with_same_hours() -> None:
    groups = parse_ok(TYPICAL).summary()
    assert [(g.first, g.last) for g in groups] == [("mo", "fr"), ("sa", "sa"), ("su", "su")]


def test_later_rule_overrides_earlier_days() -> None:
    hours = parse_ok("Mo-Su 09:00-17:00; We off")
    assert dict(hours.week())["we"] == ()
    assert dict(hours.week())["th"] == (TimeRange(540, 1020),)


def test_wrapping_day_range_lists_and_no_selector() -> None:
    assert [d for d, r in parse_ok("Sa-Mo 10:00-11:00").week() if r] == ["mo", "sa", "su"]
    assert [d for d, r in parse_ok("Mo,We,Fr 10:00-11:00").week() if r] == ["mo", "we", "fr"]
    assert all(r == (TimeRange(480, 960),) for _, r in parse_ok("08:00-16:00").week())


def test_24_7_and_midnight_end() -> None:
    always = parse_ok("24/7")
    assert always.is_open(at(6, "00:00")) and always.is_open(at(3, "23:59"))
    late = parse_ok("Sa 12:00-24:00")
    assert late.is_open(at(5, "23:59")) is True
    assert dict(late.week())["sa"][0].close_text == "24:00"


def test_spreadsheet_habits_are_forgiven() -> None:
    forgiven = (
        "mo-fr 09:00-12:00, 13:30-17:00",
        "Mo–Fr 09:00–12:00,13:30–17:00",
        "Mo-Fr ０９：００-１２：００,13:30-17:00",
    )
    for text in forgiven:
        assert dict(parse_ok(text).week())["mo"] == (TimeRange(540, 720), TimeRange(810, 1020)), text
    assert dict(parse_ok("Mo-Fr 9:00-17:00").week())["mo"] == (TimeRange(540, 1020),)


def test_empty_means_unknown_not_closed_forever() -> None:
    hours = parse_ok("")
    assert hours.known is False
    assert parse_ok(TYPICAL).known is True


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Mo-Fr 12:00-12:00", "opens and closes at the same time"),
        ("Mo-Fr 17:00-09:00", "closes before it opens"),
        ("Mo-Fr 09:00-13:00,12:00-17:00", "overlap"),
        ("Mon-Fri 09:00-17:00", "'Mon-Fri' is not a day"),
        ("Mo-Fr 9am-5pm", "not a time range"),
        ("Mo-Fr 25:00-26:00", "not a time of day"),
        ("Mo-Fr 09:60-17:00", "not a time of day"),
        ("Mo-Fr", "has no times"),
        ("周一至周五 09:00-17:00", "is not a day"),
        ("Mo-Fr 09:00-17:00 Sa 10:00-12:00", "not a time range"),
        ("Mo-Fr 24:00-24:00", "opens at 24:00"),
    ],
)
def test_errors_say_what_is_wrong_and_how_to_fix_it(text: str, words: str) -> None:
    _hours, errors = parse_opening_hours(text)
    assert errors, text
    assert any(words in e.what for e in errors), errors
    assert all(e.fix for e in errors)


def test_message_suggests_two_letter_day() -> None:
    _hours, errors = parse_opening_hours("Mon-Fri 09:00-17:00")
    assert "write 'Mo' instead of 'Mon'" in errors[0].fix


def test_parse_time_bounds() -> None:
    assert parse_time("00:00") == 0
    assert parse_time("24:00") == 1440
    assert parse_time("24:01") is None
    assert parse_time("7:05") == 425
    assert parse_time("7.05") is None


# --- Property tests ------------------------------------------------------------------------------

times = st.integers(min_value=0, max_value=24 * 60).map(lambda m: f"{m // 60:02d}:{m % 60:02d}")
days = st.sampled_from(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Mo-Fr", "Sa-Su", "PH", "Mo,We"])


@given(st.text(max_size=80))
@settings(deadline=None, max_examples=400)
def test_any_text_gives_hours_or_messages_never_a_crash(text: str) -> None:
    hours, errors = parse_opening_hours(text)
    assert isinstance(hours, OpeningHours)
    for error in errors:
        assert error.what and error.fix
        assert all(ch.isprintable() for ch in error.what)
    for _day, ranges in hours.week():
        assert all(0 <= r.open < r.close <= 1440 for r in ranges)
        assert all(a.close <= b.open for a, b in itertools.pairwise(ranges))


@given(days, times, times)
@settings(deadline=None, max_examples=300)
def test_single_range_is_accepted_exactly_when_it_opens_before_it_closes(day: str, start: str, end: str) -> None:
    _hours, errors = parse_opening_hours(f"{day} {start}-{end}")
    start_min, end_min = (int(t[:2]) * 60 + int(t[3:]) for t in (start, end))
    assert (errors == []) is (start_min < end_min and start_min < 1440)


@given(st.integers(0, 1439), st.integers(1, 720), st.integers(1, 240), st.integers(1, 720))
@settings(deadline=None)
def test_lunch_break_is_closed_and_both_sides_open(open_at: int, morning: int, lunch: int, afternoon: int) -> None:
    close_morning = open_at + morning
    reopen = close_morning + lunch
    close = reopen + afternoon
    if close > 1440:
        return
    fmt = "{:02d}:{:02d}".format
    morning_text = f"{fmt(*divmod(open_at, 60))}-{fmt(*divmod(close_morning, 60))}"
    text = f"Mo {morning_text},{fmt(*divmod(reopen, 60))}-{fmt(*divmod(close, 60))}"
    hours = parse_ok(text)
    monday = dt.datetime.combine(MONDAY, dt.time())

    def open_at_minute(minute: int) -> bool:
        return hours.is_open(monday + dt.timedelta(minutes=minute)) if minute < 1440 else False

    assert open_at_minute(open_at)
    assert not open_at_minute(close_morning)
    assert not open_at_minute(reopen - 1)
    assert open_at_minute(reopen)
    assert not open_at_minute(close)


@given(st.lists(st.tuples(days, times, times), min_size=1, max_size=5))
@settings(deadline=None)
def test_normalised_text_parses_to_the_same_week(rules: list[tuple[str, str, str]]) -> None:
    text = "; ".join(f"{d} {a}-{b}" for d, a, b in rules)
    hours, errors = parse_opening_hours(text)
    again, errors_again = parse_opening_hours(hours.text)
    assert (hours.days, hours.public_holidays, len(errors)) == (again.days, again.public_holidays, len(errors_again))

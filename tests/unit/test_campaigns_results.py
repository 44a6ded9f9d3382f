"""Adding up outlet reports, laying out the chart, and the campaign's calendar file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

from campaigns.chart import PADDING, WIDTH, bar_chart, text_width, wrap
from campaigns.ics import campaign_calendar
from campaigns.model import (
    FIGURES,
    Campaign,
    CampaignEvent,
    Figures,
    OutletReport,
    ScheduledEvent,
    campaign_for_home,
    schedule_by_day,
)
from campaigns.results import campaign_results, results_csv
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from outlets.model import Outlet

OUTLETS = {
    o.id: o
    for o in [
        Outlet("a1", "Alpha", "Riverton", "Old Town", "1 A Street", phone="010-1"),
        Outlet("a2", "Beta", "Riverton", "Old Town", "2 B Street", phone="010-2"),
        Outlet("b1", "Gamma", "Riverton", "East Side", "3 C Street"),
        Outlet("c1", "山城支行", "Hilltown", "Centre", "主路 1 号", postcode="200001", phone="020-3"),
    ]
}
SETTINGS = {"TIMEZONE": "Asia/Shanghai", "PUBLIC_SITEURL": "https://portal.example.org", "ORGANISATION": "Bank"}


def event(day: int, start: str, end: str, outlet: str, activity: str = "Desk") -> CampaignEvent:
    return CampaignEvent(
        dt.date(2027, 3, day), dt.time.fromisoformat(start), dt.time.fromisoformat(end), outlet, activity
    )


def campaign(reports: list[OutletReport] | None = None) -> Campaign:
    return Campaign(
        slug="rights-day",
        title="Rights Day",
        start=dt.date(2027, 3, 13),
        end=dt.date(2027, 3, 15),
        summary="Desks and talks.",
        body="",
        events=[
            event(15, "09:00", "12:00", "a1"),
            event(13, "14:00", "15:30", "b1", "Talk"),
            event(15, "13:00", "15:00", "a1", "Hotline session"),
            event(15, "09:00", "11:00", "c1"),
            event(14, "10:00", "11:00", "a2"),
        ],
        reports=reports,
    )


REPORTS = [
    OutletReport("a1", Figures(100, 40, 10, 5), 2),
    OutletReport("b1", Figures(50, 20, 4, 3), 3),
    OutletReport("c1", Figures(70, 35, 6, 0), 4),
]


def test_totals_are_the_sums_of_the_report_rows() -> None:
    results = campaign_results(campaign(REPORTS), OUTLETS)
    assert results is not None
    assert results.totals == Figures(220, 95, 20, 8)
    for index, name in enumerate(FIGURES):
        assert getattr(results.totals, name) == sum(r.figures.values()[index] for r in REPORTS)


def test_breakdown_by_city_and_district_and_who_has_not_reported() -> None:
    results = campaign_results(campaign(REPORTS), OUTLETS)
    assert results is not None
    assert [(c.name, c.figures.people_reached, c.outlet_count) for c in results.cities] == [
        ("Hilltown", 35, 1),
        ("Riverton", 60, 2),
    ]
    riverton = results.cities[1]
    assert [(d.name, d.figures.materials_distributed) for d in riverton.districts] == [
        ("East Side", 50),
        ("Old Town", 100),
    ]
    assert [row.outlet.id for row in results.outlets] == ["c1", "b1", "a1"]
    assert [o.id for o in results.not_reported] == ["a2"]
    assert (results.reported, results.participating) == (3, 4)


def test_no_reports_no_results() -> None:
    assert campaign_results(campaign(None), OUTLETS) is None
    assert campaign_results(campaign([]), OUTLETS) is None


def test_results_csv_has_a_row_per_reporting_outlet_and_no_totals_row() -> None:
    results = campaign_results(campaign(REPORTS), OUTLETS)
    assert results is not None
    rows = list(csv.DictReader(io.StringIO(results_csv(results))))
    assert [r["outlet"] for r in rows] == ["c1", "b1", "a1"]
    assert rows[0] == {
        "outlet": "c1",
        "name": "山城支行",
        "city": "Hilltown",
        "district": "Centre",
        "materials_distributed": "70",
        "people_reached": "35",
        "consultations": "6",
        "surveys_collected": "0",
    }


counts = st.integers(min_value=0, max_value=10**7)


@given(st.lists(st.tuples(counts, counts, counts, counts), min_size=1, max_size=4))
def test_totals_always_equal_column_sums(rows: list[tuple[int, int, int, int]]) -> None:
    ids = list(OUTLETS)[: len(rows)]
    reports = [OutletReport(i, Figures(*row), n + 2) for n, (i, row) in enumerate(zip(ids, rows, strict=False))]
    results = campaign_results(campaign(reports), OUTLETS)
    assert results is not None
    assert results.totals.values() == tuple(sum(column) for column in zip(*rows, strict=True))
    assert sum((c.figures for c in results.cities), Figures()) == results.totals


# --- Chart -------------------------------------------------------------------------------------


def test_bars_are_proportional_and_fit_with_their_values() -> None:
    chart = bar_chart("people_reached", [("Alpha", 40), ("A much longer outlet name 山城中心支行", 400), ("Zero", 0)])
    alpha, big, zero = chart.bars
    assert big.width == max(bar.width for bar in chart.bars)
    assert alpha.width == round(big.width / 10, 1)
    assert zero.width == 0 and zero.value_text == "0"
    assert big.value_x + text_width(big.value_text) * 1.25 <= WIDTH
    assert len(big.label_lines) == 2  # wrapped, never wider than the chart
    assert all(text_width(line.text) <= WIDTH - 2 * PADDING for bar in chart.bars for line in bar.label_lines)
    tops = [bar.y for bar in chart.bars]
    assert tops == sorted(tops) and chart.height > tops[-1] + chart.bar_height
    assert chart.view_box == f"0 0 {WIDTH} {chart.height:g}"
    assert chart.largest is big


@given(st.text(max_size=80))
def test_wrapped_lines_keep_every_word_and_fit(text: str) -> None:
    lines = wrap(text, 200)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(text_width(line) <= 200 or len(line) == 1 for line in lines)


# --- Calendar -------------------------------------------------------------------------------------


def scheduled(c: Campaign) -> list[ScheduledEvent]:
    return [ScheduledEvent(c, e, OUTLETS[e.outlet_id]) for e in c.events]


def test_calendar_has_one_event_each_in_the_site_timezone_at_the_outlet_address() -> None:
    c = campaign()
    data = campaign_calendar(c, scheduled(c), SETTINGS)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 5
    first = events[0]
    assert str(first["SUMMARY"]) == "Talk — Gamma"
    assert str(first["LOCATION"]) == "3 C Street, East Side, Riverton"
    start = first.decoded("DTSTART")
    assert start.isoformat() == "2027-03-13T14:00:00+08:00"
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    chinese = next(e for e in events if "山城" in str(e["SUMMARY"]))
    assert str(chinese["LOCATION"]) == "主路 1 号, Centre, 200001 Hilltown"
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 5
    assert "rights-day-20270315-a1-1@portal.example.org" in uids
    assert "rights-day-20270315-a1-2@portal.example.org" in uids


def test_calendar_bytes_do_not_depend_on_the_day_of_the_build() -> None:
    c = campaign()
    first = campaign_calendar(c, scheduled(c), SETTINGS)
    assert campaign_calendar(c, list(reversed(scheduled(c))), SETTINGS) == first
    assert b"DTSTAMP:20270313T000000Z" in first


def test_a_corrected_time_keeps_the_uid() -> None:
    c = campaign()
    before = Calendar.from_ical(campaign_calendar(c, scheduled(c), SETTINGS))
    c.events[1] = event(13, "15:00", "16:30", "b1", "Talk about scams")
    after = Calendar.from_ical(campaign_calendar(c, scheduled(c), SETTINGS))
    assert [str(e["UID"]) for e in before.walk("VEVENT")] == [str(e["UID"]) for e in after.walk("VEVENT")]


def test_a_calendar_made_before_is_made_again_when_anything_it_shows_changes() -> None:
    """campaign_calendar remembers calendars for the preview; a change to any input must still show."""
    c = campaign()
    campaign_calendar(c, scheduled(c), SETTINGS)
    c.title = "Consumer Rights Day, corrected"
    assert b"corrected" in campaign_calendar(c, scheduled(c), SETTINGS)
    moved = [ScheduledEvent(i.campaign, i.event, replace(i.outlet, address="9 New Road")) for i in scheduled(c)]
    assert b"9 New Road" in campaign_calendar(c, moved, SETTINGS)
    assert b"Europe/London" in campaign_calendar(c, scheduled(c), {**SETTINGS, "TIMEZONE": "Europe/London"})
    other_site = {**SETTINGS, "PUBLIC_SITEURL": "https://other.example.net"}
    assert b"@other.example.net" in campaign_calendar(c, scheduled(c), other_site)


# --- Schedule and home page ----------------------------------------------------------------------


def test_schedule_groups_by_date_earliest_first() -> None:
    days = schedule_by_day(scheduled(campaign()))
    assert [d.date.day for d in days] == [13, 14, 15]
    assert [d.day_key for d in days] == ["sa", "su", "mo"]
    # By start time, then the one ending first, then by outlet name.
    assert [(i.event.start_text, i.event.end_text, i.outlet.name) for i in days[2].events] == [
        ("09:00", "11:00", "山城支行"),
        ("09:00", "12:00", "Alpha"),
        ("13:00", "15:00", "Alpha"),
    ]


def test_home_page_campaign_is_the_running_one_else_the_next() -> None:
    spring, autumn = campaign(), campaign()
    autumn.slug, autumn.start, autumn.end = "autumn", dt.date(2027, 9, 1), dt.date(2027, 9, 7)
    both = [autumn, spring]
    assert campaign_for_home(both, dt.date(2027, 1, 1)) is spring
    assert spring.status(dt.date(2027, 3, 14)) == "running"
    assert campaign_for_home(both, dt.date(2027, 3, 15)) is spring  # its last day
    assert campaign_for_home(both, dt.date(2027, 3, 16)) is autumn
    assert campaign_for_home(both, dt.date(2027, 9, 8)) is None

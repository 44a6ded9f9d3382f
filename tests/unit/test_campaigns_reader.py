"""Reading and checking campaign files: each problem with its file, line and column, all at once."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from campaigns.checks import ArticleInfo, check_campaign, find_campaign_files, load_campaigns
from campaigns.reader import read_campaign, read_events, read_reports
from campaigns.steps import check_campaigns
from hypothesis import given
from hypothesis import strategies as st
from portal.values import parse_cell_date as parse_day
from portal.values import parse_count, parse_time

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "campaigns"
CONTENT = FIXTURE / "content"
SLUG = "knowledge-week-2026"
SETTINGS = {
    "DEFAULT_LANG": "en",
    "ARTICLE_PATHS": ["articles"],
    "PAGE_PATHS": ["pages"],
    "TIMEZONE": "Asia/Shanghai",
}
OUTLET_IDS = {"north-main", "north-market", "east-park", "east-river", "hill-centre", "hill-farm", "hill-station"}
MESSAGE = re.compile(r"^(?P<file>\S+\.(?:csv|md)):(?P<line>\d+): (?P<what>.+) — (?P<fix>.+)$")


def settings_for(content: Path) -> dict:
    return dict(SETTINGS, PATH=str(content))


def content_copy(tmp_path: Path, **replacements: str) -> Path:
    """The fixture content with some of the campaign's files replaced by files from bad/."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    targets = {"events": f"{SLUG}.events.csv", "reports": f"{SLUG}.reports.csv", "md": f"{SLUG}.md"}
    for kind, bad in replacements.items():
        shutil.copy(FIXTURE / "bad" / bad, folder / "campaigns" / targets[kind])
    return folder


def messages(problems: list) -> list[str]:
    return [str(p) for p in problems if p.is_error]


# --- Single values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", dt.time(9, 0)), ("9:05", dt.time(9, 5)), ("14.30", dt.time(14, 30)), ("１４：３０", dt.time(14, 30))],
)
def test_times_as_editors_write_them(text: str, expected: dt.time) -> None:
    assert parse_time(text) == (expected, None)


@pytest.mark.parametrize(("text", "reason"), [("", "empty"), ("9am", "HH:MM"), ("24:00", "not a time of day")])
def test_impossible_times_are_explained(text: str, reason: str) -> None:
    value, what = parse_time(text)
    assert value is None and reason in what


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("120", 120), ("1,200", 1200), (" ４５ ", 45)])
def test_counts(text: str, expected: int) -> None:
    assert parse_count(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("-5", "below zero"), ("12.5", "not a whole number"), ("about 25", "not a whole number"), ("", "empty")],
)
def test_bad_counts_are_explained(text: str, reason: str) -> None:
    value, what = parse_count(text)
    assert value is None and reason in what


@given(st.text(max_size=30))
def test_any_count_text_gives_a_count_or_a_reason_never_an_exception(text: str) -> None:
    value, what = parse_count(text)
    assert (value is None) != (what is None)
    if value is not None:
        assert value >= 0


@given(st.text(max_size=20))
def test_any_time_or_date_text_gives_a_value_or_a_reason(text: str) -> None:
    for parse in (parse_time, parse_day):
        value, what = parse(text)
        assert (value is None) != (what is None)


def test_dates_as_excel_writes_them() -> None:
    assert parse_day("2027/3/15") == (dt.date(2027, 3, 15), None)
    assert parse_day("2027-02-30")[1] == "'2027-02-30' is not a real date: February 2027 has 28 days"


# --- Whole files -----------------------------------------------------------------------------------


def test_fixture_campaign_reads_with_line_numbers() -> None:
    campaign, problems = read_campaign(CONTENT / "campaigns" / f"{SLUG}.md", SETTINGS)
    assert problems == []
    assert campaign is not None
    assert (campaign.slug, campaign.title) == (SLUG, "Financial Knowledge Week 2026")
    assert (campaign.start, campaign.end) == (dt.date(2026, 9, 14), dt.date(2026, 9, 20))
    assert campaign.leaflet_slugs == ("fake-police-call", "credit-report")
    assert campaign.leaflets_line == 5
    assert len(campaign.events) == 6 and len(campaign.outlet_ids) == 6
    assert [e.line for e in campaign.events if e.outlet_id == "hill-farm"] == [4]
    assert campaign.reports is not None and len(campaign.reports) == 5
    assert "## What happens" in campaign.body
    assert campaign.url == f"campaigns/{SLUG}/" and campaign.ics_url == f"campaigns/{SLUG}/{SLUG}.ics"


def test_fixture_content_has_no_problems() -> None:
    assert check_campaigns(settings_for(CONTENT)) == []


def test_no_campaigns_folder_is_no_problem(tmp_path: Path) -> None:
    assert check_campaigns(settings_for(tmp_path)) == []
    assert load_campaigns(settings_for(tmp_path), set(), {}) == ([], [])


CASES = {
    "unknown outlet in events": (
        {"events": "unknown-outlet.events.csv"},
        f"{SLUG}.events.csv:3: outlet: 'east-parc' is not an outlet in outlets.csv — did you mean 'east-park'?",
    ),
    "date outside Start–End": (
        {"events": "outside-dates.events.csv"},
        f"{SLUG}.events.csv:4: date: 2026-09-21 is outside the campaign (2026-09-14 to 2026-09-20)",
    ),
    "end before start": (
        {"events": "end-before-start.events.csv"},
        f"{SLUG}.events.csv:3: end: 14:00 is not after the start time 16:00",
    ),
    "negative count": (
        {"reports": "negative.reports.csv"},
        f"{SLUG}.reports.csv:3: people_reached: '-120' is below zero",
    ),
    "non-numeric count": (
        {"reports": "non-numeric.reports.csv"},
        f"{SLUG}.reports.csv:3: consultations: 'about 25' is not a whole number",
    ),
    "unknown outlet in reports": (
        {"reports": "unknown-outlet.reports.csv"},
        f"{SLUG}.reports.csv:3: outlet: 'south-gate' is not an outlet in outlets.csv",
    ),
    "leaflet that is not a leaflet article": (
        {"md": "not-a-leaflet.md"},
        f"{SLUG}.md:5: Leaflets: the article 'complain' is not a leaflet — add the line 'Leaflet: yes'",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_bad_file_is_one_message_with_its_line(tmp_path: Path, case: str) -> None:
    replacements, expected = CASES[case]
    found = messages(check_campaigns(settings_for(content_copy(tmp_path, **replacements))))
    assert len(found) == 1, found
    assert expected in found[0]
    assert MESSAGE.match(found[0]), found[0]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    content = content_copy(
        tmp_path, events="unknown-outlet.events.csv", reports="negative.reports.csv", md="not-a-leaflet.md"
    )
    found = "\n".join(messages(check_campaigns(settings_for(content))))
    assert f"{SLUG}.events.csv:3: outlet:" in found
    assert f"{SLUG}.reports.csv:3: people_reached:" in found
    assert f"{SLUG}.md:5: Leaflets:" in found


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_header_problems_name_their_lines(tmp_path: Path) -> None:
    folder = tmp_path / "campaigns"
    folder.mkdir()
    path = write(folder, "week.md", "Title: Week\nStart: 2026-09-20\nEnd: 2026-09-14\nLang: fr\nColour: red\n\nText\n")
    campaign, problems = read_campaign(path, SETTINGS)
    found = [str(p) for p in problems]
    assert campaign is None
    assert any(
        m.endswith(
            "week.md:1: Summary is missing — add a header line 'Summary: one plain sentence "
            "saying what the campaign is about'"
        )
        for m in found
    ), found
    assert any("week.md:3: End 2026-09-14 is before Start 2026-09-20" in m for m in found)
    assert any("week.md:4: Lang 'fr'" in m for m in found)
    assert any("week.md:5: unknown field 'Colour': its text would not be shown anywhere" in m for m in found)


def test_missing_columns_and_empty_cells(tmp_path: Path) -> None:
    events = write(tmp_path, "w.events.csv", "date,start,outlet\n2026-09-14,09:00,north-main\n")
    _, problems = read_events(events)
    assert [str(p).split(" — ")[0].split("/")[-1] for p in problems if p.is_error] == [
        "w.events.csv:1: end: this column is missing",
        "w.events.csv:1: activity: this column is missing",
    ]
    reports = write(
        tmp_path,
        "w.reports.csv",
        "outlet,materials_distributed,people_reached,consultations,surveys_collected\r\nnorth-main,10,,3,4\r\n",
    )
    rows, problems = read_reports(reports)
    assert rows == []
    assert [str(p).split(" — ")[0].split("/")[-1] for p in problems] == [
        "w.reports.csv:2: people_reached: this value is empty"
    ]


def test_cross_checks_on_a_campaign() -> None:
    campaign, _ = read_campaign(CONTENT / "campaigns" / f"{SLUG}.md", SETTINGS)
    assert campaign is not None
    articles = {
        ("fake-police-call", "en"): ArticleInfo("fake-police-call", "en", True, True),
        ("credit-report", "en"): ArticleInfo("credit-report", "en", True, False),
    }
    campaign.reports = [*campaign.reports, campaign.reports[0]]  # one outlet reporting twice
    campaign.reports[-1] = type(campaign.reports[0])("north-main", campaign.reports[0].figures, line=7)
    found = [str(p) for p in check_campaign(campaign, OUTLET_IDS - {"hill-farm"}, articles)]
    assert any(f"{SLUG}.events.csv:4: outlet: 'hill-farm' is not an outlet" in m for m in found)
    assert any(f"{SLUG}.reports.csv:7: outlet: 'north-main' already reported on line 2" in m for m in found)
    assert any(f"{SLUG}.md:5: Leaflets: the article 'credit-report' is not published" in m for m in found)
    # outlets.csv with errors of its own: ids are not checked again (None), leaflets still are.
    assert not any("hill-farm" in m for m in map(str, check_campaign(campaign, None, articles)))


def test_unknown_leaflet_slug_suggests_the_nearest(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    md = content / "campaigns" / f"{SLUG}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("credit-report", "credit-reprot"), encoding="utf-8")
    found = messages(check_campaigns(settings_for(content)))
    assert len(found) == 1
    assert "Leaflets: 'credit-reprot' is not an article of this site" in found[0]
    assert "did you mean 'credit-report'?" in found[0]


def test_schedule_without_its_campaign_file(tmp_path: Path) -> None:
    folder = tmp_path / "campaigns"
    folder.mkdir()
    write(folder, "lost.events.csv", "date,start,end,outlet,activity\n")
    write(folder, "notes.txt", "x")
    paths, problems = find_campaign_files(folder)
    assert paths == []
    found = [str(p) for p in problems]
    assert any("lost.events.csv: there is no campaign file lost.md for this file" in m for m in found)
    assert any("notes.txt: warning: this file is not used" in m for m in found)


@given(st.binary(max_size=300))
def test_any_bytes_as_a_schedule_or_report_give_problems_never_an_exception(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, read in (("x.events.csv", read_events), ("x.reports.csv", read_reports)):
            path = Path(folder) / name
            path.write_bytes(b"date,start,end,outlet,activity\n" + data if "events" in name else data)
            rows, problems = read(path)
            assert all(p.path == str(path) and (p.line is None or p.line >= 1) for p in problems)
            for row in rows:  # whatever was read is well formed
                if name == "x.events.csv":
                    assert row.end > row.start and row.outlet_id and row.activity
                else:
                    assert min(row.figures.values()) >= 0

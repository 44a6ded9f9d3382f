"""A real build of a site with campaigns: pages, schedule, calendar, packs, results, chart, and failing builds.

The fixture (tests/fixtures/campaigns/content) has 7 outlets and a campaign with 6 events at 6 outlets and
5 reports; tests/fixtures/campaigns/bad/ holds one broken version of each campaign file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from icalendar import Calendar
from pypdf import PdfReader

from tests.quality.browser_checks import axe_violations, reflow_problems
from tests.quality.gates import AXE_JS

CAMPAIGN_FIXTURE = FIXTURES / "campaigns"
SLUG = "knowledge-week-2026"
URL = f"/campaigns/{SLUG}/"
SITEURL = "https://portal.example.org"
REPORTS = CAMPAIGN_FIXTURE / "content" / "campaigns" / f"{SLUG}.reports.csv"
EVENTS = CAMPAIGN_FIXTURE / "content" / "campaigns" / f"{SLUG}.events.csv"
OUTLETS = CAMPAIGN_FIXTURE / "content" / "outlets.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def words(text: str) -> str:
    """Text as a reader sees it: line breaks a layout makes are just spaces."""
    return " ".join(text.split())


def local_file(output: Path, url: str) -> Path:
    path = url.removeprefix(SITEURL).split("?")[0].split("#")[0]
    return output / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("campaigns-site")
    content = copy_content(CAMPAIGN_FIXTURE / "content", root / "content")
    result = run_site("build", content, root / "output", siteurl=SITEURL)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def outlets() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in read_csv(OUTLETS)}


def test_campaign_list_and_nav(built: BuildResult) -> None:
    page = built.page("/campaigns/")
    titles = [a.get_text(strip=True) for a in page.select(".campaign-card .card-title a")]
    assert titles == ["Consumer Rights Day 2099", "Financial Knowledge Week 2026"]  # newest first
    nav = built.page("/").select_one(".site-nav")
    assert nav is not None and nav.find("a", href=f"{SITEURL}/campaigns/").get_text() == "Campaigns"


def test_page_has_summary_body_and_dates(built: BuildResult) -> None:
    page = built.page(URL)
    assert page.h1.get_text(strip=True) == "Financial Knowledge Week 2026"
    assert page.select_one(".lead").get_text(strip=True).startswith("A week of talks and advice desks")
    assert page.select_one(".campaign-dates").get_text(" ", strip=True) == "14 September 2026 to 20 September 2026"
    assert page.select_one(".article-body h2").get_text() == "What happens"
    assert page.title.get_text() == "Financial Knowledge Week 2026 — Money Safety Guide"


def test_schedule_groups_by_date_with_times_and_outlet_links(built: BuildResult, outlets: dict) -> None:
    page = built.page(URL)
    days = page.select(".schedule-date")
    assert [d.get_text(" ", strip=True) for d in days] == [
        "Monday 14 September 2026",
        "Wednesday 16 September 2026",
        "Friday 18 September 2026",
    ]
    rows = read_csv(EVENTS)
    items = page.select(".schedule-item")
    assert len(items) == len(rows) == 6
    seen = set()
    for item in items:
        times = [t["datetime"] for t in item.select(".schedule-time time")]
        link = item.select_one(".schedule-place a")
        outlet_id = link["href"].rstrip("/").rsplit("/", 1)[-1]
        assert link["href"] == f"{SITEURL}/outlets/{outlet_id}/"
        assert link.get_text() == outlets[outlet_id]["name"]
        assert outlets[outlet_id]["address"] in item.select_one(".schedule-place").get_text()
        row = next(r for r in rows if r["outlet"] == outlet_id)
        assert times == [f"{row['date']}T{row['start']}", f"{row['date']}T{row['end']}"]
        assert item.select_one(".schedule-activity").get_text() == row["activity"]
        assert (built.output / f"outlets/{outlet_id}/index.html").is_file()
        seen.add(outlet_id)
    assert len(seen) == 6
    # Within a day, earliest first.
    wednesday = days[1].find_next("ul").select(".schedule-time time")
    assert [t.get_text() for t in wednesday] == ["09:30", "11:30", "10:00", "12:00"]


def test_calendar_parses_with_six_events_at_the_outlets_addresses(built: BuildResult, outlets: dict) -> None:
    page = built.page(URL)
    link = page.select_one(".campaign-calendar a")
    assert link["href"] == f"{SITEURL}/campaigns/{SLUG}/{SLUG}.ics"
    calendar = Calendar.from_ical((built.output / f"campaigns/{SLUG}/{SLUG}.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6
    by_uid = {str(e["UID"]): e for e in events}
    farm = by_uid[f"{SLUG}-20260916-hill-farm-1@portal.example.org"]
    assert str(farm["SUMMARY"]) == "Farmers' market desk — Hilltown Farmers' Market Outlet"
    assert str(farm["LOCATION"]) == "7 Orchard Lane, Green Valley, 200020 Hilltown"
    assert farm.decoded("DTSTART").isoformat() == "2026-09-16T09:30:00+08:00"
    assert farm.decoded("DTEND").isoformat() == "2026-09-16T11:30:00+08:00"
    for event in events:
        found = re.fullmatch(rf"{SLUG}-\d{{8}}-(?P<outlet>[a-z-]+)-1@portal\.example\.org", str(event["UID"]))
        assert found, event["UID"]
        outlet_id = found["outlet"]
        assert str(event["LOCATION"]).startswith(outlets[outlet_id]["address"])


def test_leaflets_are_listed_with_their_pdfs(built: BuildResult) -> None:
    links = built.page(URL).select(".campaign-leaflets a")
    hrefs = [a["href"] for a in links]
    assert hrefs == [
        f"{SITEURL}/fraud/fake-police-call/",
        f"{SITEURL}/leaflets/fake-police-call.pdf",
        f"{SITEURL}/credit/credit-report/",
        f"{SITEURL}/leaflets/credit-report.pdf",
    ]


def test_totals_equal_the_sums_of_the_report_rows(built: BuildResult) -> None:
    page = built.page(URL)
    rows = read_csv(REPORTS)
    for figure in ("materials_distributed", "people_reached", "consultations", "surveys_collected"):
        expected = sum(int(r[figure]) for r in rows)
        shown = page.select_one(f".campaign-totals [data-figure={figure}] dd").get_text()
        assert int(shown.replace(",", "")) == expected
        foot = page.select_one(f"#results-by-outlet tfoot td[data-figure={figure}]").get_text()
        assert int(foot.replace(",", "")) == expected
    assert page.select_one(".campaign-totals [data-figure=materials_distributed] dd").get_text() == "3,370"
    assert "5 of 6 outlets have reported." in page.get_text()


def test_per_outlet_and_per_place_tables(built: BuildResult) -> None:
    page = built.page(URL)
    rows = {r["outlet"]: r for r in read_csv(REPORTS)}
    table_rows = page.select("#results-by-outlet tbody tr")
    assert {tr["data-outlet"] for tr in table_rows} == set(rows)
    for tr in table_rows:
        cells = [td.get_text() for td in tr.select("td")]
        report = rows[tr["data-outlet"]]
        assert [c.replace(",", "") for c in cells] == [
            report[f] for f in ("materials_distributed", "people_reached", "consultations", "surveys_collected")
        ]
    east_side = page.select_one('#results-by-place tr[data-district="East Side"]')
    assert [td.get_text() for td in east_side.select("td")][:3] == ["2", "950", "300"]  # park + river
    riverton = page.select_one('#results-by-place tr[data-city="Riverton"]')
    assert [td.get_text() for td in riverton.select("td")][:2] == ["4", "2,550"]


def test_chart_is_an_accessible_svg_with_a_table_equivalent(built: BuildResult) -> None:
    page = built.page(URL)
    svg = page.select_one("figure.bar-chart svg")
    assert svg is not None and svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text() == "Bar chart: People reached at each outlet"
    assert "The longest bar is North Street Branch with 350." in svg.find("desc", id=desc_id).get_text()
    assert not page.select("script[src*=chart]")
    # Every bar carries its outlet's name and value in text, and the table has the same figures.
    bars = {
        " ".join(t.get_text() for t in g.select(".chart-label tspan")): g.select_one(".chart-value").get_text()
        for g in svg.select("g.chart-row")
    }
    table = {
        tr.th.a.get_text(): tr.select_one("td[data-figure=people_reached]").get_text()
        for tr in page.select("#results-by-outlet tbody tr")
    }
    assert {name.replace("山城中心 支行", "山城中心支行"): value for name, value in bars.items()} == table
    widths = {g.select_one(".chart-value").get_text(): float(g.rect["width"]) for g in svg.select("g.chart-row")}
    assert widths["350"] == max(widths.values()) and widths["90"] == pytest.approx(widths["350"] * 90 / 350, abs=0.2)
    assert page.select_one("figure.bar-chart figcaption a")["href"] == "#results-by-outlet"


def test_not_yet_reported_outlet_is_listed(built: BuildResult) -> None:
    missing = built.page(URL).select(".results-missing li a")
    assert [a.get_text() for a in missing] == ["Hilltown Farmers' Market Outlet"]


def test_csv_download_matches_the_reports(built: BuildResult, outlets: dict) -> None:
    link = built.page(URL).find("a", href=f"{SITEURL}/campaigns/{SLUG}/results.csv")
    assert link is not None and link.has_attr("download")
    published = read_csv(built.output / f"campaigns/{SLUG}/results.csv")
    source = {r["outlet"]: r for r in read_csv(REPORTS)}
    assert {r["outlet"] for r in published} == set(source)
    for row in published:
        assert {k: row[k] for k in source[row["outlet"]]} == source[row["outlet"]]
        assert row["name"] == outlets[row["outlet"]]["name"]


def test_packs_carry_each_outlets_imprint_and_a_poster(built: BuildResult, outlets: dict) -> None:
    links = built.page(URL).select(".campaign-packs a")
    assert len(links) == 6
    events = {r["outlet"]: r for r in read_csv(EVENTS)}
    for outlet_id, event in events.items():
        pdf = built.output / f"campaigns/{SLUG}/packs/{outlet_id}.pdf"
        reader = PdfReader(pdf)
        outlet = outlets[outlet_id]
        poster = words(reader.pages[0].extract_text())
        assert "Financial Knowledge Week 2026" in poster
        assert f"{event['start']}–{event['end']}" in poster and event["activity"] in poster
        assert outlet["address"] in poster
        assert len(reader.pages) == 3  # the poster, then the two leaflets
        assert "How to get your credit report" in words(reader.pages[2].extract_text())
        for page in reader.pages:  # the imprint on every page
            text = words(page.extract_text())
            assert f"Your outlet: {outlet['name']}" in text and f"Phone: {outlet['phone']}" in text
        assert reader.metadata.title == f"Financial Knowledge Week 2026 — {outlet['name']}"
    assert not (built.output / f"campaigns/{SLUG}/packs/hill-station.pdf").exists()  # no event there


def test_a_pack_embeds_each_font_face_once(built: BuildResult) -> None:
    """The poster, the leaflets and the imprint share one font program per face (pdffonts lists each
    font object: a face in two subsets would be listed twice)."""
    for pdf in sorted((built.output / f"campaigns/{SLUG}/packs").glob("*.pdf")):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        faces = [re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in listing.splitlines()[2:] if line.strip()]
        assert faces and len(faces) == len(set(faces)), (pdf.name, faces)


def test_outlet_pages_list_their_campaign_events(built: BuildResult) -> None:
    page = built.page("/outlets/north-main/")
    items = page.select(".outlet-campaign-events li")
    assert [i.time["datetime"] for i in items] == ["2026-09-14", "2099-03-15"]
    assert items[0].a["href"] == f"{SITEURL}/campaigns/{SLUG}/"
    assert "09:00" in items[0].get_text() and "Publicity desk" in items[0].get_text()
    assert not built.page("/outlets/hill-station/").select(".outlet-campaigns")


def test_home_page_shows_the_next_campaign_first(built: BuildResult) -> None:
    page = built.page("/")
    box = page.select_one(".campaign-home")
    assert box is not None
    assert box.find_previous("p")["class"] == ["lead"]
    assert box.h2.get_text() == "Next campaign"  # the 2099 one; the 2026 week is over
    assert box.select_one(".card-title a")["href"] == f"{SITEURL}/campaigns/rights-day-2099/"


def test_warm_build_renders_nothing_and_is_byte_identical(built: BuildResult, tmp_path: Path) -> None:
    before = snapshot(built.output / "campaigns")
    again = run_site("build", built.output.parent / "content", built.output, siteurl=SITEURL)
    assert again.returncode == 0, again.stderr
    assert "Campaign packs: 0 made, 7 reused, 0 poster(s) rendered" in again.stdout
    assert snapshot(built.output / "campaigns") == before


@pytest.fixture(scope="module")
def last_good(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the good output, which every failing build below must leave as it is."""
    output = tmp_path_factory.mktemp("last-good") / "output"
    shutil.copytree(built.output, output)
    return output, snapshot(output)


# Each bad file's message is checked in tests/unit/test_campaigns_reader.py; here real builds fail with them.
BAD_BUILDS = {
    "unknown outlet in the events": {
        "unknown-outlet.events.csv": f"{SLUG}.events.csv:3: outlet: 'east-parc' is not an outlet in outlets.csv",
    },
    "negative count in the reports": {
        "negative.reports.csv": f"{SLUG}.reports.csv:3: people_reached: '-120' is below zero",
    },
    "three files at once": {
        "outside-dates.events.csv": f"{SLUG}.events.csv:4: date: 2026-09-21 is outside the campaign",
        "non-numeric.reports.csv": f"{SLUG}.reports.csv:3: consultations: 'about 25' is not a whole number",
        "not-a-leaflet.md": f"{SLUG}.md:5: Leaflets: the article 'complain' is not a leaflet",
    },
}


@pytest.mark.parametrize("case", BAD_BUILDS)
def test_bad_files_fail_the_build_with_file_and_line(
    case: str, tmp_path: Path, last_good: tuple[Path, dict[str, str]]
) -> None:
    output, before = last_good
    content = copy_content(CAMPAIGN_FIXTURE / "content", tmp_path / "content")
    for bad in BAD_BUILDS[case]:
        suffix = next(s for s in (".events.csv", ".reports.csv", ".md") if bad.endswith(s))
        shutil.copy(CAMPAIGN_FIXTURE / "bad" / bad, content / "campaigns" / f"{SLUG}{suffix}")
    result = run_site("build", content, output, siteurl=SITEURL)
    assert result.returncode == 1
    for message in BAD_BUILDS[case].values():
        assert message in result.stderr
    assert f"{len(BAD_BUILDS[case])} error(s)" in result.stderr and "nothing was published" in result.stderr
    assert snapshot(output) == before


def test_a_site_without_campaigns_builds_as_before(built: BuildResult, tmp_path: Path) -> None:
    # The same content folder (so the leaflet cache is warm) with its campaigns/ folder moved away.
    content = built.output.parent / "content"
    away = tmp_path / "campaigns"
    shutil.move(content / "campaigns", away)
    try:
        result = run_site("build", content, tmp_path / "output", cache_root=built.output.parent / "cache")
    finally:
        shutil.move(away, content / "campaigns")
    assert result.returncode == 0, result.stderr
    assert not (result.output / "campaigns").exists()
    home = result.page("/")
    assert home.select_one(".campaign-home") is None
    assert "Campaigns" not in home.select_one(".site-nav").get_text()
    assert result.page("/outlets/north-main/").select_one(".outlet-campaigns") is None


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_results_page_in_chromium_is_accessible_and_fits(built: BuildResult, browser, width: int) -> None:
    """The page with the schedule, the tables and the chart: axe finds nothing, nothing scrolls sideways
    (the wide tables scroll inside their own box), no console errors, and the chart is drawn."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # lets axe load
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        # The fixture is built for SITEURL: the browser gets its pages and stylesheets from the output folder.
        tab.route(f"{SITEURL}/**", lambda route: route.fulfill(path=local_file(built.output, route.request.url)))
        tab.goto(SITEURL + URL)
        box = tab.locator("figure.bar-chart svg").bounding_box()
        assert box is not None and 250 <= box["width"] <= width
        bar = tab.locator(".chart-bar").first.bounding_box()
        assert bar is not None and bar["width"] > 0
        assert reflow_problems(tab) == []
        assert axe_violations(tab, AXE_JS) == []
        assert errors == []
    finally:
        context.close()

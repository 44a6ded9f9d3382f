"""The outlet locator in real headless Chromium: search, filters, Open now, Near me, keyboard, maps, print.

The site is the small fixture site plus the 40-outlet spreadsheet, served on 127.0.0.1. Nothing leaves
the machine: map tiles are answered by the test (a blank tile) or refused, every other host is refused.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, copy_content, run_site, serve_directory
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
ZHONGGUANCUN = {"latitude": 39.9836, "longitude": 116.3163}  # a few metres from bj-haidian-lunch


def without_printed_leaflets(content: Path) -> Path:
    """These tests are about outlets: no 'Leaflet: yes' article, so no PDF pack per outlet (slow to make)."""
    for article in content.rglob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r"(?im)^leaflet:.*\n", "", text), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("locator-site")
    content = without_printed_leaflets(copy_content(FIXTURES / "small-site", root / "content"))
    shutil.copy(FIXTURES / "outlets" / "outlets-40.csv", content / "outlets.csv")
    shutil.copy(FIXTURES / "outlets" / "outlet-closures-40.csv", content / "outlet-closures.csv")
    result = run_site("build", content, root / "output")
    assert result.returncode == 0, result.stderr
    with serve_directory(result.output) as url:
        yield url


def offline(page, base_url: str, tiles: str = "blank") -> list[str]:
    """Answer tile requests with a blank tile (or refuse them); refuse every other host. Returns tile URLs."""
    tile_requests: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(base_url):
            route.continue_()
        elif "tile.openstreetmap.org" in url:
            tile_requests.append(url)
            if tiles == "blank":
                route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
            else:
                route.abort()
        else:
            route.abort()

    page.context.route("**/*", handle)
    return tile_requests


def at_shanghai_time(page, year: int, month: int, day: int, hour: int, minute: int) -> None:
    """Fix the browser's clock; the device itself stays in UTC, so this also proves the site's zone is used."""
    page.clock.set_fixed_time(dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI))


# Shown means no hidden ancestor: a DOM state, not layout, which content-visibility may skip under load.
SHOWN_NAMES = "links => links.filter(a => !a.closest('[hidden]')).map(a => a.textContent)"
FIXTURE_ROWS = list(csv.DictReader((FIXTURES / "outlets" / "outlets-40.csv").open(encoding="utf-8-sig")))


def results(page) -> list[str]:
    """The names of the results shown, once every area file the search needs has been loaded."""
    page.wait_for_selector("#locator[data-ready='true']", state="attached")
    return page.eval_on_selector_all("#locator-list li.o .o-name a", SHOWN_NAMES)


def count_text(page) -> str:
    return page.locator("#locator-count").inner_text()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_query(page, expected: dict[str, list[str]]) -> None:
    """The address follows the filters once typing pauses: wait for that state, however slow the machine."""
    wanted = sorted((key, value) for key, values in expected.items() for value in values)
    page.wait_for_function(
        "wanted => JSON.stringify([...new URLSearchParams(location.search)].sort()) === JSON.stringify(wanted)",
        arg=[list(pair) for pair in wanted],
    )
    assert query(page) == expected


def test_typing_finds_outlets_from_the_area_files_in_chinese_and_english(page, base_url: str) -> None:
    offline(page, base_url)
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/outlets/data/" in r.url else None)
    page.goto(f"{base_url}/outlets/")
    expect(page.locator("#locator")).to_be_visible()
    assert count_text(page) == "40 outlets"
    assert page.locator("#locator-areas").is_visible() and page.locator("#locator-results").is_hidden()
    assert [url.rsplit("/", 1)[1] for url in loaded] == ["index.json"]  # no outlet is loaded before a search
    search = page.get_by_label("Search by name, address, district or city")
    search.press_sequentially("人民广场")
    assert results(page) == ["人民广场支行"]
    assert count_text(page) == "1 of 40 outlets match"
    assert page.locator("#locator-areas").is_hidden()
    square = page.locator("#locator-list li.o").first
    assert square.locator(".o-name a").get_attribute("href") == "/outlets/sh-huangpu-people-square/"
    assert square.locator(".o-addr a").get_attribute("href") == "tel:02163210000"
    assert "人民大道 100 号, 黄浦区, 上海" in square.locator(".o-addr").inner_text()
    assert len(loaded) == 4  # the index and the three areas' files, each once
    wait_for_query(page, {"q": ["人民广场"]})
    search.fill("")
    search.press_sequentially("century avenue")
    assert "Century Avenue Branch 世纪大道支行" in results(page)
    shown = page.locator("#locator-list li.o").all_text_contents()
    assert all("century avenue" in text.lower() for text in shown)  # any letter case, name or address
    assert 0 < len(shown) < 40
    search.fill("海淀区")  # a district: its outlets, and no other district's
    assert sorted(results(page)) == sorted(row["name"] for row in FIXTURE_ROWS if row["district"] == "海淀区")
    search.fill("no such outlet anywhere")
    assert results(page) == []
    assert count_text(page) == "No outlet matches. Try fewer words or clear the filters."
    assert page.locator("#locator-count").get_attribute("role") == "status"
    search.fill("")
    expect(page.locator("#locator-areas")).to_be_visible()  # no search: the list of areas again
    assert page.console_errors == []


@pytest.fixture(scope="module")
def many_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with 130 outlets: more than one screenful of results."""
    from tests.fixtures.outlets.make_fixtures import synthetic

    root = tmp_path_factory.mktemp("locator-many")
    content = without_printed_leaflets(copy_content(FIXTURES / "small-site", root / "content"))
    (content / "outlets.csv").write_text(synthetic(130), encoding="utf-8")
    result = run_site("build", content, root / "output")
    assert result.returncode == 0, result.stderr
    with serve_directory(result.output) as url:
        yield url


def test_results_are_drawn_fifty_at_a_time(page, many_url: str) -> None:
    offline(page, many_url)
    page.goto(f"{many_url}/outlets/?q=%E5%8C%BA")  # 区: in every district's name
    assert len(results(page)) == 50
    assert count_text(page) == "All 130 outlets match"
    more = page.locator("#locator-more")
    expect(more).to_have_text("Show 50 more")
    more.click()
    expect(page.locator("#locator-list li.o")).to_have_count(100)
    expect(more).to_have_text("Show 30 more")
    more.click()
    expect(page.locator("#locator-list li.o")).to_have_count(130)
    assert more.is_hidden()
    page.get_by_label("Search by name, address, district or city").press("End")
    page.keyboard.type("x")  # a new search starts from the first fifty again
    page.keyboard.press("Backspace")
    expect(page.locator("#locator-list li.o")).to_have_count(50)
    assert page.console_errors == []


def test_near_me_shows_more_of_the_nearest_fifty_at_a_time(page, many_url: str) -> None:
    offline(page, many_url)
    page.context.grant_permissions(["geolocation"])
    here = {"latitude": 31.2304, "longitude": 121.4737}
    page.context.set_geolocation(here)
    page.goto(f"{many_url}/outlets/")
    page.get_by_role("button", name="Near me").click()
    page.wait_for_selector("#locator-list li.o .o-dist:not([hidden])")
    first = shown_ids(page)
    more = page.locator("#locator-more")
    expect(more).to_be_visible()  # more outlets lie farther out, in cells not loaded yet
    more.click()
    expect(page.locator("#locator-list li.o")).to_have_count(100)
    shown = shown_ids(page)
    assert shown[:10] == first[:10]
    rows = page.context.request.get(f"{many_url}/outlets/outlets.json").json()["outlets"]
    point = (here["latitude"], here["longitude"])
    # positions as the data files write them (5 decimals), so that near ties sort as in the page
    placed = [o for o in rows if o["latitude"] is not None]
    distance = {o["id"]: km_between(point, (round(o["latitude"], 5), round(o["longitude"], 5))) for o in placed}
    assert shown == sorted(distance, key=distance.__getitem__)[:100]  # after "Show more", every row shown is sure
    assert page.console_errors == []


def test_province_city_service_and_accessibility_filters_kept_in_the_url(page, base_url: str) -> None:
    offline(page, base_url)
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/outlets/data/" in r.url else None)
    page.goto(f"{base_url}/outlets/")
    expect(page.locator("#locator")).to_be_visible()
    page.get_by_label("City", exact=True).select_option("北京")
    page.get_by_label("Service", exact=True).select_option("education-area")
    chosen = [r for r in FIXTURE_ROWS if r["city"] == "北京" and "education-area" in r["services"]]
    expected = sorted(r["name"] for r in chosen)
    assert sorted(results(page)) == expected  # in district order, as on the area pages
    assert len(loaded) == 2  # the index and Beijing's file only
    wait_for_query(page, {"city": ["北京"], "service": ["education-area"]})
    shared = page.url
    page.get_by_label("Accessibility", exact=True).select_option("large-print")
    assert sorted(results(page)) == sorted(r["name"] for r in chosen if "large-print" in r["accessibility"])
    wait_for_query(page, {"city": ["北京"], "service": ["education-area"], "access": ["large-print"]})

    # A shared address opens with the same filters.
    other = page.context.new_page()
    other.goto(shared)
    assert other.get_by_label("City", exact=True).input_value() == "北京"
    assert other.get_by_label("Service", exact=True).input_value() == "education-area"
    assert sorted(results(other)) == expected
    other.close()

    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("#locator-count")).to_have_text("40 outlets")
    wait_for_query(page, {})
    page.get_by_label("Province", exact=True).select_option("广州 Guangzhou")
    assert sorted(results(page)) == sorted(r["name"] for r in FIXTURE_ROWS if r["city"] == "广州 Guangzhou")
    assert page.console_errors == []


def test_near_me_lists_the_nearest_outlet_first(page, base_url: str) -> None:
    offline(page, base_url)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(ZHONGGUANCUN)
    page.goto(f"{base_url}/outlets/")
    near = page.get_by_role("button", name="Near me")
    near.click()
    page.wait_for_selector("#locator-list li.o .o-dist:not([hidden])")
    results(page)
    assert near.get_attribute("aria-pressed") == "true"
    first = page.locator("#locator-list li.o").first
    assert first.locator(".o-name").text_content() == "中关村支行"
    assert first.locator(".o-dist").text_content() == "0.0 km away"
    distances = page.eval_on_selector_all(
        "#locator-list li.o .o-dist", "ps => ps.map(p => parseFloat(p.textContent)).filter(n => !isNaN(n))"
    )
    assert distances == sorted(distances) and len(distances) >= 10  # the ten nearest at least, nearest first
    # Only outlets with a map position are "near": every row says how far.
    assert page.locator("#locator-list li.o .o-dist").count() == len(distances)
    assert page.locator("#locator-areas").is_hidden()
    # Filters still apply to the sorted list; pressing again brings back the list of areas.
    page.get_by_label("Province", exact=True).select_option("上海")
    results(page)
    expect(page.locator("#locator-list li.o .o-dist").first).to_contain_text("km away")
    assert float(page.locator("#locator-list li.o .o-dist").first.text_content().split()[0]) > 1000  # Shanghai
    near.click()
    assert near.get_attribute("aria-pressed") == "false"
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("#locator-areas")).to_be_visible()
    assert page.locator("#locator-results").is_hidden()
    assert "lat" not in page.url and "39.98" not in page.url  # the position stays in the browser
    assert page.console_errors == []


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine, as locator-core.js distanceKm."""
    rad = math.pi / 180
    h = (
        math.sin((b[0] - a[0]) * rad / 2) ** 2
        + math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1, math.sqrt(h)))


def nearest_ids(here: dict[str, float], count: int) -> list[str]:
    placed = [row for row in FIXTURE_ROWS if row["latitude"]]
    point = (here["latitude"], here["longitude"])
    placed.sort(key=lambda row: km_between(point, written(row)))
    return [row["id"] for row in placed[:count]]


def written(row: dict[str, str]) -> tuple[float, float]:
    """A spreadsheet row's position as the data files write it (5 decimals): near ties sort as in the page."""
    return round(float(row["latitude"]), 5), round(float(row["longitude"]), 5)


def shown_ids(page) -> list[str]:
    page.wait_for_selector("#locator[data-ready='true']", state="attached")
    hrefs = page.eval_on_selector_all("#locator-list li.o .o-name a", "links => links.map(a => a.pathname)")
    return [href.strip("/").rsplit("/", 1)[1] for href in hrefs]


PEOPLE_SQUARE_EAST = {"latitude": 31.2351, "longitude": 121.4989}  # between People's Square and the Bund


@pytest.mark.parametrize("here", [ZHONGGUANCUN, PEOPLE_SQUARE_EAST], ids=["beijing", "shanghai"])
def test_near_me_loads_only_the_cells_around_and_the_ten_nearest_come_first(page, base_url: str, here) -> None:
    offline(page, base_url)
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url.split("/outlets/data/")[1]) if "/outlets/data/" in r.url else None)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(here)
    page.goto(f"{base_url}/outlets/")
    page.wait_for_selector("#locator-map[data-markers='areas']", state="attached")  # the index is in
    assert loaded == ["index.json"]
    page.get_by_role("button", name="Near me").click()
    page.wait_for_selector("#locator-list li.o .o-dist:not([hidden])")
    assert shown_ids(page)[:10] == nearest_ids(here, 10)
    cells = loaded[1:]
    assert cells and all(name.startswith("cells/") for name in cells)  # no area's file
    assert len(cells) == len(set(cells))  # each once
    index = page.evaluate("fetch('/outlets/data/index.json').then(r => r.json())")
    assert len(cells) < len(index["cells"])  # not every cell: those around the visitor

    # Once every area's file is here (a search across the country loaded them), Near me needs no cell file.
    other = page.context.new_page()
    also: list[str] = []
    other.on("request", lambda r: also.append(r.url) if "/outlets/data/cells/" in r.url else None)
    other.goto(f"{base_url}/outlets/")
    search = other.get_by_label("Search by name, address, district or city")
    search.fill("支行")
    results(other)
    search.fill("")
    expect(other.locator("#locator-areas")).to_be_visible()
    other.get_by_role("button", name="Near me").click()
    other.wait_for_selector("#locator-list li.o .o-dist:not([hidden])")
    assert shown_ids(other)[:10] == nearest_ids(here, 10)
    assert also == []
    other.close()
    assert page.console_errors == []


def test_near_me_with_a_filter_widens_until_the_nearest_matches_are_sure(page, base_url: str) -> None:
    offline(page, base_url)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(ZHONGGUANCUN)
    page.goto(f"{base_url}/outlets/")
    page.get_by_label("Service", exact=True).select_option("education-area")
    page.get_by_role("button", name="Near me").click()
    page.wait_for_selector("#locator-list li.o .o-dist:not([hidden])")
    ids = shown_ids(page)
    point = (ZHONGGUANCUN["latitude"], ZHONGGUANCUN["longitude"])
    matching = sorted(
        (row for row in FIXTURE_ROWS if row["latitude"] and "education-area" in row["services"]),
        key=lambda row: km_between(point, written(row)),
    )
    assert ids[: min(10, len(matching))] == [row["id"] for row in matching[:10]]
    assert page.console_errors == []


def test_near_me_without_permission_says_so(page, base_url: str) -> None:
    offline(page, base_url)
    page.goto(f"{base_url}/outlets/")
    page.get_by_role("button", name="Near me").click()
    expect(page.locator("#locator-near-status")).to_contain_text("could not be found")
    assert page.locator("#locator-areas li").count() == 3
    assert page.console_errors == []


def test_open_now_uses_hours_lunch_breaks_and_closures_in_shanghai_time(page, base_url: str) -> None:
    offline(page, base_url)
    at_shanghai_time(page, 2026, 11, 25, 10, 30)  # a Wednesday morning in Shanghai; 02:30 on the UTC device
    page.goto(f"{base_url}/outlets/?q=%E4%BA%BA%E6%B0%91%E5%B9%BF%E5%9C%BA")  # 人民广场
    results(page)
    square = page.locator("li.o:has(a[href$='/sh-huangpu-people-square/'])")
    assert square.locator(".o-today").text_content() == "Today: 09:00–12:00, 13:30–17:00 · Open now"
    page.get_by_label("Search by name, address, district or city").fill("")
    page.get_by_label("Open now", exact=True).check()
    open_morning = results(page)
    assert "人民广场支行" in open_morning and "静安 24 小时自助银行" in open_morning
    wait_for_query(page, {"open": ["1"]})

    at_shanghai_time(page, 2026, 11, 25, 12, 30)  # lunch break
    page.goto(f"{base_url}/outlets/?open=1")
    assert page.get_by_label("Open now", exact=True).is_checked()
    at_lunch = results(page)
    assert "人民广场支行" not in at_lunch  # closed for lunch 12:00–13:30
    assert "Century Avenue Branch 世纪大道支行" in at_lunch  # 09:00–17:00 without a break
    assert "静安 24 小时自助银行" in at_lunch

    at_shanghai_time(page, 2099, 3, 4, 10, 30)  # the people's-square outlet's own closure day
    page.goto(f"{base_url}/outlets/?q=%E4%BA%BA%E6%B0%91%E5%B9%BF%E5%9C%BA")
    results(page)
    assert square.locator(".o-today").text_content() == "Closed today (special closure)"
    page.goto(f"{base_url}/outlets/?open=1")
    assert "人民广场支行" not in results(page)

    at_shanghai_time(page, 2099, 10, 2, 10, 30)  # a closure for every outlet, even the 24/7 one
    page.goto(f"{base_url}/outlets/?open=1")
    assert results(page) == []
    assert page.console_errors == []


def test_keyboard_alone_can_search_filter_and_sort(page, base_url: str) -> None:
    offline(page, base_url)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(ZHONGGUANCUN)
    page.goto(f"{base_url}/outlets/")
    expect(page.locator("#locator")).to_be_visible()

    def tab_to(element_id: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("locator-q")
    page.keyboard.type("支行")
    with_word = len(results(page))
    assert 0 < with_word < 40
    tab_to("locator-province")
    page.keyboard.press("ArrowDown")  # the first area
    assert page.get_by_label("Province", exact=True).input_value() == "上海"
    tab_to("locator-open")
    page.keyboard.press("Space")
    assert page.get_by_label("Open now", exact=True).is_checked()
    page.keyboard.press("Space")
    tab_to("locator-near")
    page.keyboard.press("Enter")
    page.wait_for_selector("#locator-list li.o .o-dist:not([hidden])")
    tab_to("locator-reset")
    page.keyboard.press("Enter")
    expect(page.locator("#locator-count")).to_have_text("40 outlets")
    assert page.get_by_label("Province", exact=True).input_value() == ""
    # Focus is visible on every control (the site's yellow focus style).
    page.get_by_label("City", exact=True).focus()
    outline = page.eval_on_selector("#locator-city", "e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    assert page.console_errors == []


def test_map_clusters_its_markers_and_tiles_come_from_the_setting(page, base_url: str) -> None:
    tiles = offline(page, base_url)
    page.goto(f"{base_url}/outlets/")
    page.wait_for_selector("#locator-map.leaflet-container[data-markers='areas']")
    expect(page.locator("#locator-map .leaflet-tile-loaded").first).to_be_attached()
    assert tiles and all(url.startswith("https://tile.openstreetmap.org/") for url in tiles)
    assert "OpenStreetMap" in page.locator("#locator-map .leaflet-control-attribution").inner_text()
    # Before a search: a bubble per area with its count (nothing loaded but the index); together, every outlet.
    bubbles = page.locator("#locator-map .marker-cluster").all_inner_texts()
    assert bubbles and sum(int(text) for text in bubbles) == 40
    page.get_by_label("City", exact=True).select_option("上海")
    in_shanghai = sum(1 for r in FIXTURE_ROWS if r["city"] == "上海" and r["latitude"])
    expect(page.locator("#locator-map")).to_have_attribute("data-markers", str(in_shanghai))  # the map follows
    assert page.evaluate("typeof L.MarkerClusterGroup") == "function"
    # Near outlets share a bubble, once the map has zoomed in (the area bubbles fade out while it does).
    page.wait_for_function(
        """most => {
          const counts = [...document.querySelectorAll('#locator-map .marker-cluster')].map(e => Number(e.textContent));
          return counts.length > 0 && counts.every(n => n >= 2) && counts.reduce((a, b) => a + b, 0) <= most;
        }""",
        arg=in_shanghai,
    )
    page.get_by_label("Search by name, address, district or city").fill("人民广场")
    expect(page.locator("#locator-map")).to_have_attribute("data-markers", "1")
    assert page.console_errors == []


def test_without_tiles_the_list_still_works_and_no_script_fails(page, base_url: str) -> None:
    tiles = offline(page, base_url, tiles="refuse")
    page.goto(f"{base_url}/outlets/")
    page.wait_for_selector(".map-note")
    assert page.locator(".map-note").inner_text() == "The map background could not be loaded. The list still works."
    page.get_by_label("Search by name, address, district or city").fill("中关村")
    assert results(page) == ["中关村支行"]
    expect(page.locator("#locator-map")).to_have_attribute("data-markers", "1")  # markers on a plain background
    assert len(tiles) == 1  # one probe tile, not a screenful of failures
    # The only console line is Chromium's own notice of the refused probe tile: no script error.
    assert all(message.startswith("Failed to load resource") for message in page.console_errors)
    assert len(page.console_errors) <= 1


def test_without_the_map_scripts_the_search_still_works(page, base_url: str) -> None:
    offline(page, base_url)
    page.route("**/leaflet*.js", lambda route: route.abort())
    page.goto(f"{base_url}/outlets/")
    expect(page.locator("#locator")).to_be_visible()
    page.get_by_label("Search by name, address, district or city").fill("中关村")
    assert results(page) == ["中关村支行"]
    assert page.locator("#locator-map.leaflet-container").count() == 0


def test_areas_are_complete_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/outlets/")
    assert page.locator("#locator").is_hidden()
    page.get_by_role("link", name="上海").click()
    assert page.locator("h1").inner_text() == "上海"
    assert page.locator("li.o").count() == sum(1 for r in FIXTURE_ROWS if r["city"] == "上海")
    page.get_by_role("link", name="人民广场支行").click()
    assert page.locator("table.hours-table tr").count() == 8
    context.close()


def test_outlet_page_marks_today_and_shows_its_map(page, base_url: str) -> None:
    offline(page, base_url)
    at_shanghai_time(page, 2026, 11, 28, 10, 0)  # a Saturday
    page.goto(f"{base_url}/outlets/sh-huangpu-people-square/")
    assert page.locator("#outlet-status").inner_text() == "Open now"
    today = page.locator("tr[aria-current='date']")
    assert today.count() == 1 and today.locator("th").inner_text().endswith("Saturday")
    page.wait_for_selector("#outlet-map.leaflet-container path.leaflet-interactive")
    assert page.console_errors == []


def test_outlet_page_prints_on_one_a4_page(page, base_url: str) -> None:
    from pypdf import PdfReader

    offline(page, base_url)
    for outlet in ("sh-huangpu-people-square", "gz-html-in-note", "bj-no-position"):
        page.goto(f"{base_url}/outlets/{outlet}/")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        assert len(pdf.pages) == 1, outlet
        text = pdf.pages[0].extract_text()
        assert "Opening hours" in text and "Monday" in text
        assert "openstreetmap.org" in text  # the link target is printed
    assert page.console_errors == []


def test_no_request_leaves_the_machine(page, base_url: str, tmp_path: Path) -> None:
    tiles = offline(page, base_url)
    others: list[str] = []
    page.on("request", lambda r: others.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto(f"{base_url}/outlets/")
    page.goto(f"{base_url}/outlets/sh-pudong-century-ave/")
    page.wait_for_load_state("networkidle")  # the map has asked for every tile it wants
    assert set(others) <= set(tiles)  # map tiles are the only outside requests, and they are optional


# Every layout shift the page makes by itself (as Lighthouse counts them), from the first paint on.
RECORD_SHIFTS = """
window.__shifts = [];
window.__shiftObserver = new PerformanceObserver(list => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { window.__shifts.push(entry.value); } }
});
window.__shiftObserver.observe({type: "layout-shift", buffered: true});
"""
# Two frames after the state is reached, every shift it caused has been measured; takeRecords hands over
# the ones not yet delivered.
SHIFTS_SO_FAR = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  for (const entry of window.__shiftObserver.takeRecords()) {
    if (!entry.hadRecentInput) { window.__shifts.push(entry.value); }
  }
  done(window.__shifts);
})))"""
PHONE = {"width": 412, "height": 823}


# Each page, and the states its scripts reach: once there, everything they show is shown.
SHOWN_BY_SCRIPTS = {
    "/outlets/": ["#locator:not([hidden])", "#locator-map.leaflet-container[data-markers='areas'] .marker-cluster"],
    "/outlets/sh-huangpu-people-square/": [
        "#outlet-status:not([hidden])",
        "#outlet-map.leaflet-container path.leaflet-interactive",
    ],
}


@pytest.mark.parametrize("path", sorted(SHOWN_BY_SCRIPTS))
def test_what_scripts_show_appears_without_moving_the_page(browser, base_url: str, path: str) -> None:
    """The locator's form and map, an outlet's map and "Open now" line are shown by deferred scripts; their
    room is kept from the first paint (js-on.js), so nothing below them jumps (cumulative layout shift,
    Lighthouse's CLS, was 0.35 on /outlets/ at phone width)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    offline(page, base_url)
    page.add_init_script(RECORD_SHIFTS)
    page.goto(f"{base_url}{path}")
    for selector in SHOWN_BY_SCRIPTS[path]:
        page.wait_for_selector(selector)
    assert sum(page.evaluate(SHIFTS_SO_FAR)) < 0.01
    context.close()


TARGETS = ".breadcrumbs a, .lang-switch a, #locator-areas a, .site-footer nav a, #locator button, #locator select"


def test_links_and_controls_are_at_least_24_px_tall(browser, base_url: str) -> None:
    """WCAG 2.2 (2.5.8): links in lists and rows, buttons and fields are 24 px targets; links inside a
    sentence are exempt. On an area page the first outlet row is scrolled to first: rows off screen are not laid out."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/outlets/")
    page.wait_for_selector("#locator:not([hidden])")
    heights = (
        "els => els.filter(e => !e.closest('[hidden]'))"
        ".map(e => [e.textContent.trim(), e.getBoundingClientRect().height])"
    )
    sizes = page.eval_on_selector_all(TARGETS, heights)
    page.get_by_label("Search by name, address, district or city").fill("人民广场")
    page.wait_for_selector("#locator-list li.o")
    sizes += page.locator("#locator-list li.o").first.locator(".o-name a, .o-addr a").evaluate_all(heights)
    page.goto(page.eval_on_selector("#locator-areas a", "a => a.href"))
    sizes += page.eval_on_selector_all(".breadcrumbs a, .area-districts a, .area-search a", heights)
    first_row = page.locator("li.o").first
    first_row.scroll_into_view_if_needed()
    sizes += first_row.locator(".o-name a, .o-addr a").evaluate_all(heights)
    assert len(sizes) > 10 and sum(name.startswith("021") for name, _ in sizes) == 2  # both rows' phones too
    assert [(name, round(height, 1)) for name, height in sizes if height < 24] == []
    context.close()

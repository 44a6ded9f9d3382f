"""A national spreadsheet (bench/generate.py: 31 provinces, about 270 cities, English with Chinese beside it),
built in both languages: the area pages lead to every outlet within three links, and no /outlets/ page grows
past 150 KB gzipped when one city and one of its districts hold more outlets than a page carries."""

from __future__ import annotations

import csv
import gzip
from collections import deque

import pytest
from bs4 import BeautifulSoup
from conftest import BuildResult, run_site
from outlets.areas import AREA_PAGE_MOST_OUTLETS

SITEURL = "https://portal.example.org"
OUTLETS = 3000
BUSIEST_SHARE = 0.8  # Shanghai gets 2,400 outlets, 1,200 of them in one district: both over a page's worth
MOST_GZIPPED = 150 * 1024


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    from bench.generate import generate

    root = tmp_path_factory.mktemp("national-outlets")
    content = generate(
        root / "content", articles=20, outlets=OUTLETS, leaflets=0, busiest_share=BUSIEST_SHARE, chinese_every=10
    )
    # The bench's settings: no leaflet PDFs or outlet packs (3,000 of them would take many minutes).
    result = run_site("build", content, root / "output", "bench/benchconf.py", siteurl=SITEURL)
    assert result.returncode == 0, result.stderr
    return result


def spreadsheet(built: BuildResult) -> list[dict[str, str]]:
    with (built.output.parent / "content" / "outlets.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def site_path(href: str) -> str:
    return href.removeprefix(SITEURL).split("#")[0]


def links_on(built: BuildResult, path: str) -> list[str]:
    page = built.page(path)
    return [site_path(a["href"]) for a in page.select("main a[href]") if a["href"].startswith(SITEURL)]


def test_index_lists_provinces_and_municipalities_with_their_counts(built: BuildResult) -> None:
    page = built.page("/outlets/")
    areas = {a.get_text(): int(a.next_sibling.strip(" ()")) for a in page.select("#locator-areas li > a")}
    provinces = {(row["province"]) for row in spreadsheet(built)}
    assert len(areas) == len(provinces) > 25 and sum(areas.values()) == OUTLETS  # 31 at national scale
    assert {"Beijing", "Shanghai", "Tianjin", "Chongqing", "Zhejiang"} <= set(areas)
    assert areas["Shanghai"] == sum(row["city"] == "Shanghai" for row in spreadsheet(built))
    links = {a.get_text(): site_path(a["href"]) for a in page.select("#locator-areas li > a")}
    assert links["Shanghai"] == "/outlets/area/shanghai/"  # a municipality: its city page, one link less
    assert links["Zhejiang"] == "/outlets/area/zhejiang/"
    zhejiang = built.page("/outlets/area/zhejiang/")
    assert [li.get_text(strip=True) for li in zhejiang.select(".breadcrumbs li")] == [
        "Home",
        "Find an outlet",
        "Zhejiang",
    ]
    hangzhou = zhejiang.find("a", string="Hangzhou")
    assert site_path(hangzhou["href"]) == "/outlets/area/zhejiang/hangzhou/"
    districts = hangzhou.find_parent("li").select("ul a")
    assert districts and all(site_path(a["href"]) == "/outlets/area/zhejiang/hangzhou/" for a in districts)
    city = built.page("/outlets/area/zhejiang/hangzhou/")
    assert [li.get_text(strip=True) for li in city.select(".breadcrumbs li")][-2:] == ["Zhejiang", "Hangzhou"]
    in_city = [row for row in spreadsheet(built) if row["city"] == "Hangzhou" and row["province"] == "Zhejiang"]
    assert len(city.select("li.o")) == len(in_city)
    first = city.select_one("li.o")
    assert first.select_one(".o-name a")["href"].startswith(f"{SITEURL}/outlets/o")
    assert first.select_one(".o-addr a[href^='tel:']")


def test_a_city_too_big_for_a_page_is_split_by_district_and_a_big_district_into_parts(built: BuildResult) -> None:
    shanghai = built.page("/outlets/area/shanghai/")
    assert shanghai.select("li.o") == []  # 2,400 outlets: its districts have pages of their own
    parts = [site_path(a["href"]) for a in shanghai.select(".area-list ul a")]
    assert parts and all("/part-" in path for path in parts)
    part = built.page(parts[0])
    assert len(part.select("li.o")) == AREA_PAGE_MOST_OUTLETS
    assert [li.get_text(strip=True) for li in part.select(".breadcrumbs li")][2] == "Shanghai"
    assert part.select_one(".breadcrumbs [aria-current]").get_text() == "Part 1"


@pytest.mark.parametrize("language", ["", "/zh"])
def test_every_outlet_is_at_most_three_links_from_outlets(built: BuildResult, language: str) -> None:
    start = f"{language}/outlets/"
    depth = {start: 0}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if depth[path] == 3 or not (path.startswith(f"{language}/outlets/area/") or path == start):
            continue  # outlet pages are ends; nothing further counts
        for link in links_on(built, path):
            if link.startswith(f"{language}/outlets/") and link not in depth and link.endswith("/"):
                depth[link] = depth[path] + 1
                queue.append(link)
    unreached = [row["id"] for row in spreadsheet(built) if f"{language}/outlets/{row['id']}/" not in depth]
    assert unreached == []


@pytest.mark.parametrize("language", ["", "zh/"])
def test_every_outlets_page_stays_under_150_kb_gzipped(built: BuildResult, language: str) -> None:
    folder = built.output / language / "outlets"
    sizes = {str(p.relative_to(folder)): len(gzip.compress(p.read_bytes(), 6)) for p in folder.rglob("*.html")}
    assert len(sizes) > OUTLETS
    largest = max(sizes, key=sizes.get)
    print(f"largest {language or 'en/'}outlets/ page: {largest}, {sizes[largest]:,} bytes gzipped")
    assert sizes[largest] < MOST_GZIPPED
    index = len(gzip.compress((folder / "data" / "index.json").read_bytes(), 6))
    assert index < 20 * 1024  # loaded by every visitor with JavaScript


def test_area_pages_are_paired_across_languages_and_in_the_sitemap(built: BuildResult) -> None:
    english = built.page("/outlets/area/zhejiang/hangzhou/")
    chinese = built.page("/zh/outlets/area/zhejiang/hangzhou/")
    assert chinese.html["lang"] == "zh-Hans" and chinese.h1.get_text() == "杭州"
    assert [li.get_text(strip=True) for li in chinese.select(".breadcrumbs li")][-2:] == ["浙江", "杭州"]
    assert english.select_one(".lang-switch a")["href"].endswith("/zh/outlets/area/zhejiang/hangzhou/")
    assert chinese.select_one(".lang-switch a")["href"].endswith("/outlets/area/zhejiang/hangzhou/")
    assert chinese.select_one("li.o .o-name a")["href"].startswith(f"{SITEURL}/zh/outlets/o")
    sitemap = (built.output / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("/outlets/area/zhejiang/", "/zh/outlets/area/zhejiang/hangzhou/", "/outlets/area/shanghai/"):
        assert f"<loc>{SITEURL}{path}</loc>" in sitemap, path


def test_locator_files_hold_every_outlet_once(built: BuildResult) -> None:
    import json

    for folder in (built.output / "outlets" / "data", built.output / "zh" / "outlets" / "data"):
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        ids = [row[0] for area in index["areas"] for row in json.loads((folder / area[3]).read_text())["outlets"]]
        assert sorted(ids) == sorted(row["id"] for row in spreadsheet(built))
    chinese = json.loads((built.output / "zh" / "outlets" / "data" / "index.json").read_text(encoding="utf-8"))
    assert "浙江" in [area[0] for area in chinese["areas"]]


def test_outlet_pages_keep_their_addresses(built: BuildResult) -> None:
    row = spreadsheet(built)[0]
    page = built.page(f"/outlets/{row['id']}/")
    assert page.h1.get_text() == row["name"]
    assert BeautifulSoup(str(page.select_one(".breadcrumbs")), "html.parser").find("a", string="Find an outlet")

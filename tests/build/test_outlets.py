"""A real build of a site with a 40-outlet spreadsheet: pages, data files, escaping, and failing builds."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, PROJECT, BuildResult, copy_content, run_site

OUTLET_FIXTURES = FIXTURES / "outlets"
SITEURL = "https://portal.example.org"


def without_printed_leaflets(content: Path) -> Path:
    """These tests are about outlets: no 'Leaflet: yes' article, so no PDF pack per outlet (slow to make)."""
    for article in content.rglob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r"(?im)^leaflet:.*\n", "", text), encoding="utf-8")
    return content


def content_with_outlets(folder: Path, outlets: str = "outlets-40.csv", closures: str | None = None) -> Path:
    content = without_printed_leaflets(copy_content(FIXTURES / "small-site", folder))
    shutil.copy(OUTLET_FIXTURES / outlets, content / "outlets.csv")
    if closures:
        shutil.copy(OUTLET_FIXTURES / closures, content / "outlet-closures.csv")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("outlets-site")
    content = content_with_outlets(root / "content", closures="outlet-closures-40.csv")
    result = run_site("build", content, root / "output", siteurl=SITEURL)
    assert result.returncode == 0, result.stderr
    return result


def raw(built: BuildResult, url: str) -> str:
    return (built.output / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def area_url(built: BuildResult, name: str) -> str:
    """The site path of the area /outlets/ lists under this name."""
    link = built.page("/outlets/").select_one("#locator-areas").find("a", string=name)
    assert link is not None, name
    return link["href"].removeprefix(SITEURL)


def rows(page: BeautifulSoup) -> list:
    return page.select("li.o")


def test_index_lists_the_areas_with_counts_and_links_to_their_pages(built: BuildResult) -> None:
    page = built.page("/outlets/")
    areas = [(a.get_text(), a.next_sibling.strip()) for a in page.select("#locator-areas li > a")]
    assert areas == [("上海", "(15)"), ("北京", "(13)"), ("广州 Guangzhou", "(12)")]  # no province: cities
    assert rows(page) == []  # the outlets are on the area pages, not all on this one
    assert [a["href"] for a in page.select("#locator-areas a")][2] == f"{SITEURL}/outlets/area/guangzhou/"
    assert all(a["href"].startswith(f"{SITEURL}/outlets/area/") for a in page.select("#locator-areas a"))
    assert page.select_one("#locator-count").get_text(strip=True) == "40 outlets"
    assert page.select_one("#locator-count")["aria-live"] == "polite"


def test_city_page_lists_its_districts_and_outlets(built: BuildResult) -> None:
    url = area_url(built, "上海")
    page = built.page(url)
    assert page.h1.get_text() == "上海"
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumbs li")]
    assert crumbs == ["Home", "Find an outlet", "上海"]
    assert page.select_one(".breadcrumbs a[href$='/outlets/']")
    assert [h.get_text(strip=True) for h in page.select(".o-district > h2")][:2] == ["黄浦区", "浦东新区"]
    assert len(rows(page)) == 15
    square = page.find("a", string="人民广场支行").find_parent("li")
    assert square.find_parent("section").h2.get_text() == "黄浦区"
    assert square.select_one(".o-name").name == "h3"  # under the district's h2
    assert square.select_one(".o-name a")["href"] == f"{SITEURL}/outlets/sh-huangpu-people-square/"
    assert "人民大道 100 号" in square.select_one(".o-addr").get_text()
    assert square.select_one('a[href^="tel:"]')["href"] == "tel:02163210000"
    assert square.select_one(".o-hours").get_text(strip=True) == (
        "Mon–Fri 09:00–12:00, 13:30–17:00 · Sat 09:00–12:00 · Sun Closed"
    )
    assert square.select_one(".o-svc").get_text() == (
        "Cash counter, Bank cards, Consumer-protection desk, Self-service machines"
    )
    districts = {a.get_text(): a["href"] for a in page.select(".area-districts a")}
    assert districts["黄浦区"] == f"#{page.find('h2', string='黄浦区')['id']}"


def test_index_works_without_javascript(built: BuildResult) -> None:
    page = built.page("/outlets/")
    assert page.select_one("#locator").has_attr("hidden")  # the form needs the script, so the script shows it
    assert page.select_one("#locator-map").has_attr("hidden")
    assert page.select_one("#locator-results").has_attr("hidden")
    assert not page.select_one("#locator-areas").has_attr("hidden")
    for link in page.select("#locator-areas a"):
        area = built.page(link["href"].removeprefix(SITEURL))
        for row in rows(area):
            assert row.select_one(".o-name a")["href"].startswith(f"{SITEURL}/outlets/")
            assert row.select_one(".o-hours").get_text(strip=True)
    assert sum(len(rows(built.page(a["href"].removeprefix(SITEURL)))) for a in page.select("#locator-areas a")) == 40


def test_locator_data_holds_every_outlet_once_in_its_area_file(built: BuildResult) -> None:
    folder = built.output / "outlets" / "data"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["total"] == 40 and [area[:3] for area in index["areas"]][2] == [
        "广州 Guangzhou",
        "outlets/area/guangzhou/",
        12,
    ]
    assert index["closures"] == "2099-10-01/2099-10-07"  # 2020 is past: left out
    assert index["services"][0] == "cash" and index["cell"] == 0.1
    ids = []
    for number, area in enumerate(index["areas"]):
        shard = json.loads((folder / area[3]).read_text(encoding="utf-8"))
        assert all(index["cities"][district[1]][1] == number for district in shard["districts"])
        ids += [row[0] for row in shard["outlets"]]
        if area[0] == "上海":
            square = next(row for row in shard["outlets"] if row[0] == "sh-huangpu-people-square")
            assert square[1:3] == ["人民广场支行", "人民大道 100 号"]
            assert shard["districts"][square[3]][0] == "黄浦区"
            assert square[5:7] == [31.2304, 121.4737]
            assert (
                index["hours"][square[7]]
                == "540-720,810-1020|540-720,810-1020|540-720,810-1020|540-720,810-1020|540-720,810-1020|540-720|"
            )
            assert [index["services"][bit] for bit in range(8) if square[8] >> bit & 1] == [
                "cash", "cards", "self-service", "publicity-desk",
            ]  # fmt: skip
            assert square[10] == "2099-03-04/2099-03-04"
        if area[0] == "北京":
            assert next(row for row in shard["outlets"] if row[0] == "bj-no-position")[5:7] == [None, None]
    assert sorted(ids) == sorted(
        o["id"] for o in json.loads((built.output / "outlets" / "outlets.json").read_text())["outlets"]
    )
    assert sum(index["cells"].values()) == 39  # all with a position


def test_locator_data_holds_every_outlet_with_a_position_once_in_its_cell_file(built: BuildResult) -> None:
    folder = built.output / "outlets" / "data"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    placed = {o["id"] for o in json.loads((built.output / "outlets" / "outlets.json").read_text())["outlets"]}
    placed -= {"bj-no-position"}
    ids = []
    for cell, count in index["cells"].items():
        name = "cells/" + cell.replace(",", "_") + ".json"
        shard = json.loads((folder / name).read_text(encoding="utf-8"))
        assert len(shard["outlets"]) == count
        row, column = (int(part) for part in cell.split(","))
        for outlet in shard["outlets"]:
            assert (math.floor(outlet[5] / 0.1), math.floor(outlet[6] / 0.1)) == (row, column)
            assert index["cities"][shard["districts"][outlet[3]][1]][0] in {"上海", "北京", "广州 Guangzhou"}
        ids += [outlet[0] for outlet in shard["outlets"]]
        if cell == "312,1214":  # People's Square, in the Chinese names of the main language's site
            square = next(outlet for outlet in shard["outlets"] if outlet[0] == "sh-huangpu-people-square")
            assert square[1:3] == ["人民广场支行", "人民大道 100 号"] and shard["districts"][square[3]][0] == "黄浦区"
    assert sorted(ids) == sorted(placed)
    assert sorted(p.name for p in (folder / "cells").iterdir()) == sorted(
        c.replace(",", "_") + ".json" for c in index["cells"]
    )


def test_spreadsheet_html_is_shown_as_text(built: BuildResult) -> None:
    index_html = raw(built, area_url(built, "广州 Guangzhou"))
    assert "Test &lt;b&gt;Bold&lt;/b&gt; Branch" in index_html
    assert "<b>Bold</b>" not in index_html
    page_html = raw(built, "/outlets/gz-html-in-note/")
    assert "<b>" not in page_html and "<script>alert" not in page_html
    page = BeautifulSoup(page_html, "html.parser")
    assert page.h1.get_text() == "Test <b>Bold</b> Branch"
    assert page.select_one(".outlet-notes").get_text() == (
        'Ask for the <b>manager</b>. <script>alert("x")</script></script><!-- & "quotes" -->'
    )
    scripts = page.find_all("script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)


def json_ld(page: BeautifulSoup) -> dict:
    blocks = page.find_all("script", type="application/ld+json")
    outlet_blocks = [json.loads(b.string) for b in blocks if "BankOrCreditUnion" in b.string]
    assert len(outlet_blocks) == 1
    return outlet_blocks[0]


def test_json_ld_is_valid_and_cannot_break_out_of_its_script(built: BuildResult) -> None:
    page_html = raw(built, "/outlets/gz-html-in-note/")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page_html, re.S)
    assert block and "\\u003cb\\u003eBold\\u003c/b\\u003e" in block[1]
    data = json_ld(BeautifulSoup(page_html, "html.parser"))
    assert data["name"] == "Test <b>Bold</b> Branch"

    data = json_ld(built.page("/outlets/sh-huangpu-people-square/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "BankOrCreditUnion"
    assert data["url"] == f"{SITEURL}/outlets/sh-huangpu-people-square/"
    assert data["address"]["@type"] == "PostalAddress"
    assert data["address"]["streetAddress"] == "人民大道 100 号" and data["address"]["addressCountry"] == "CN"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 31.2304, "longitude": 121.4737}
    assert data["telephone"] == "021-6321 0000"
    spec = {(s["opens"], s["closes"]): s["dayOfWeek"] for s in data["openingHoursSpecification"]}
    weekdays = [f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")]
    assert spec == {
        ("09:00", "12:00"): [*weekdays, "https://schema.org/Saturday"],
        ("13:30", "17:00"): weekdays,
    }
    for entry in data["openingHoursSpecification"]:
        assert entry["@type"] == "OpeningHoursSpecification"
        assert re.fullmatch(r"\d\d:\d\d", entry["opens"]) and re.fullmatch(r"\d\d:\d\d", entry["closes"])
    assert [(s["validFrom"], s["validThrough"]) for s in data["specialOpeningHoursSpecification"]] == [
        ("2099-03-04", "2099-03-04"),
        ("2099-10-01", "2099-10-07"),
    ]


def test_outlet_page_has_week_closures_services_directions_map_and_nearest(built: BuildResult) -> None:
    page = built.page("/outlets/sh-huangpu-people-square/")
    table = page.select_one("table.hours-table")
    cells = [(tr.th.get_text(strip=True), tr.td.get_text(strip=True)) for tr in table.select("tr")]
    assert cells == [
        ("Monday", "09:00–12:00, 13:30–17:00"),
        ("Tuesday", "09:00–12:00, 13:30–17:00"),
        ("Wednesday", "09:00–12:00, 13:30–17:00"),
        ("Thursday", "09:00–12:00, 13:30–17:00"),
        ("Friday", "09:00–12:00, 13:30–17:00"),
        ("Saturday", "09:00–12:00"),
        ("Sunday", "Closed"),
        ("Public holidays", "Closed"),
    ]
    closures = [li.get_text(" ", strip=True) for li in page.select(".outlet-closures li")]
    assert closures == ["4 March 2099 : Staff training", "1 October 2099 – 7 October 2099 : National Day 国庆节"]
    assert "2020" not in page.select_one(".outlet").get_text()
    features = [li.get_text(strip=True) for li in page.select(".outlet-features li")]
    assert features == [
        "Cash counter",
        "Bank cards",
        "Consumer-protection desk",
        "Self-service machines",
        "Step-free entrance",
        "Wheelchair accessible",
        "Hearing loop",
    ]
    links = {a.get_text(strip=True): a["href"] for a in page.select(".outlet-directions a")}
    assert links["See on OpenStreetMap"].startswith("https://www.openstreetmap.org/?mlat=31.230400&mlon=121.473700")
    assert links["Open in your phone's map app"].startswith("geo:31.230400,121.473700?q=")
    assert page.select_one("#outlet-map")["data-ll"] == "31.2304,121.4737"
    nearest = page.select(".outlet-nearest li")
    assert len(nearest) == 3
    kms = [float(re.search(r"\(([\d.]+) km\)", li.get_text())[1]) for li in nearest]
    assert kms == sorted(kms) and kms[0] > 0
    assert all(li.a["href"].startswith(f"{SITEURL}/outlets/") for li in nearest)
    assert "sh-huangpu-people-square" not in " ".join(li.a["href"] for li in nearest)
    assert page.select_one('a.outlet-phone[href="tel:02163210000"]')


def test_outlet_without_position_has_no_map_but_search_links(built: BuildResult) -> None:
    page = built.page("/outlets/bj-no-position/")
    assert page.select_one("#outlet-map") is None
    osm = page.select_one(".outlet-directions a")["href"]
    assert osm.startswith("https://www.openstreetmap.org/search?query=")
    assert page.find("h2", string="Other outlets in this district")
    assert "geo" not in json_ld(page)
    row = built.page(area_url(built, "北京")).find("a", href=f"{SITEURL}/outlets/bj-no-position/").find_parent("li")
    assert not row.has_attr("data-ll")


def test_outlets_json_has_every_field_and_parsed_hours(built: BuildResult) -> None:
    data = json.loads((built.output / "outlets" / "outlets.json").read_text(encoding="utf-8"))
    assert data["count"] == 40 and data["timezone"] == "Asia/Shanghai"
    by_id = {o["id"]: o for o in data["outlets"]}
    square = by_id["sh-huangpu-people-square"]
    assert set(square) >= {
        "id", "name", "city", "district", "address", "postcode", "phone", "latitude", "longitude", "url",
        "hours", "services", "accessibility", "notes", "closures",
    }  # fmt: skip
    assert square["hours"]["week"]["mo"] == [["09:00", "12:00"], ["13:30", "17:00"]]
    assert square["hours"]["week"]["su"] == []
    assert square["hours"]["public_holidays"] == []
    assert by_id["sh-always-open"]["hours"]["week"]["su"] == [["00:00", "24:00"]]
    assert by_id["bj-no-position"]["latitude"] is None
    assert {c["start"] for c in square["closures"]} == {"2020-01-01", "2099-10-01", "2099-03-04"}
    assert by_id["gz-html-in-note"]["notes"].startswith("Ask for the <b>manager</b>")


def test_geojson_is_rfc7946(built: BuildResult) -> None:
    data = json.loads((built.output / "outlets" / "outlets.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert len(data["features"]) == 39  # the outlet without a position is left out
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 73 < lon < 136 and 18 < lat < 54  # [longitude, latitude], in China
        assert isinstance(feature["properties"], dict)
    first = next(f for f in data["features"] if f["id"] == "sh-huangpu-people-square")
    assert first["geometry"]["coordinates"] == [121.4737, 31.2304]


def test_nav_link_leaflet_and_policy(built: BuildResult) -> None:
    home = built.page("/")
    link = home.select_one('.site-nav a[href$="/outlets/"]')
    assert link and link.get_text() == "Outlets"
    assert built.page("/outlets/").select_one('.site-nav a[href$="/outlets/"]')["aria-current"] == "page"
    policy = built.page("/outlets/").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert re.search(r"img-src [^;]*https://tile\.openstreetmap\.org", policy)
    leaflet = list((built.output / "theme" / "vendor").glob("leaflet-*/leaflet.js"))
    assert len(leaflet) == 1 and leaflet[0].stat().st_size > 100_000
    assert (leaflet[0].parent / "leaflet.css").is_file()
    cluster = built.output / "theme" / "vendor" / "leaflet.markercluster-1.5.3"
    assert sorted(p.name for p in cluster.iterdir()) == [
        "MIT-LICENCE.txt", "MarkerCluster.Default.css", "MarkerCluster.css", "leaflet.markercluster.js",
    ]  # fmt: skip
    assert "Copyright 2012 David Leaver" in (cluster / "MIT-LICENCE.txt").read_text(encoding="utf-8")
    scripts = [s["src"] for s in built.page("/outlets/").select("script[src]")]
    assert "/theme/vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js" in " ".join(scripts)
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT, capture_output=True, text=True).stdout
    assert "leaflet.js" not in tracked and "markercluster.js" not in tracked  # from pinned packages, never committed


def test_index_stays_small(built: BuildResult) -> None:
    size = len(gzip.compress((built.output / "outlets" / "index.html").read_bytes(), 9))
    print(f"/outlets/ for 40 outlets: {size} bytes gzipped")
    assert size < 10_000  # the areas only: it grows with the number of provinces, not of outlets


def test_site_without_outlets_csv_has_no_outlet_pages_or_link(tmp_path: Path) -> None:
    content = without_printed_leaflets(copy_content(FIXTURES / "small-site", tmp_path / "content"))
    result = run_site("build", content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert not (result.output / "outlets").exists()
    assert not result.page("/").select('.site-nav a[href$="/outlets/"]')
    assert "outlets.csv" not in result.stderr


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


BAD = [
    ("bad-latitude.csv", r"outlets\.csv:3: latitude: '31,2304' uses a comma as the decimal mark — "),
    ("duplicate-id.csv", r"outlets\.csv:4: id: 'sh-huangpu-people-square' is already used on line 2 — "),
    ("bad-hours.csv", r"outlets\.csv:3: opening_hours: 'Mon-Fri' is not a day or a range of days — "),
    ("unknown-service.csv", r"outlets\.csv:2: services: 'atm' is not one of the known values — "),
    ("latitude-without-longitude.csv", r"outlets\.csv:3: longitude: latitude is given but longitude is empty — "),
    ("gb18030.csv", r"outlets\.csv:2: outlets\.csv is not saved as UTF-8 \(it looks like GB18030"),
]


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("outlets-failing")
    content = content_with_outlets(root / "content")
    result = run_site("build", content, root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output", snapshot(root / "output")


@pytest.mark.parametrize(("fixture", "message"), BAD)
def test_bad_spreadsheet_fails_the_build_and_keeps_the_last_good_site(
    fixture: str, message: str, good_output: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    output, before = good_output
    content = content_with_outlets(tmp_path / "content", fixture)
    result = run_site("build", content, output)
    assert result.returncode == 1
    assert re.search(message, result.stderr), result.stderr
    assert "nothing was published" in result.stderr
    assert snapshot(output) == before


def test_province_mistakes_are_reported_with_their_lines(tmp_path: Path) -> None:
    content = content_with_outlets(tmp_path / "content")
    (content / "outlets.csv").write_text(
        "id,name,province,province_zh,city,district,address\n"
        "hz-1,West Lake Branch,Zhejiang,浙江,Hangzhou,Xihu,1 Lake Road\n"
        "hz-2,Binjiang Branch,,,Hangzhou,Binjiang,2 River Road\n"
        "nb-1,Ningbo Branch,Zhejiang,浙江省,Ningbo,Haishu,3 Port Road\n"
        "tz-1,Taizhou Branch,Jiangsu,江苏,Taizhou,Hailing,4 Bridge Road\n"
        "tz-2,Taizhou Branch,Zhejiang,浙江,Taizhou,Jiaojiang,5 Bridge Road\n"
        "wx-1,Wuxi Branch,,江苏,Wuxi,Liangxi,6 Canal Road\n",
        encoding="utf-8",
    )
    result = run_site("check", content, tmp_path / "output")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "outlets.csv:" in line]
    assert any(
        "outlets.csv:3: province: city 'Hangzhou' has the province 'Zhejiang' on line 2 but none here — "
        "give every row of a city the same province, or leave it empty on all of them" in line
        for line in lines
    ), result.stderr
    assert any(
        "outlets.csv:4: province_zh: province 'Zhejiang' is '浙江' on line 2 but '浙江省' here — " in line
        for line in lines
    ), result.stderr
    assert any("outlets.csv:7: province: province_zh is given but province is empty — " in line for line in lines)
    # Two cities of one name in two provinces (Taizhou, lines 5 and 6) are not a mistake.
    assert [re.search(r"outlets\.csv:(\d+):", line)[1] for line in lines] == ["3", "4", "7"], result.stderr


def test_a_missing_markercluster_stops_the_build_and_names_make_setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outlets import generator, steps

    monkeypatch.setattr(generator, "MARKERCLUSTER_PACKAGE", tmp_path / "node_modules" / "leaflet.markercluster")
    problems = steps.check_markercluster()
    assert [p.is_error for p in problems] == [True]
    assert "leaflet.markercluster" in str(problems[0]) and "run `make setup`" in str(problems[0])


def test_every_mistake_is_reported_in_one_run(tmp_path: Path) -> None:
    content = content_with_outlets(tmp_path / "content", "all-errors.csv", "bad-closures.csv")
    result = run_site("check", content, tmp_path / "output")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if re.search(r"outlets\.csv:\d+: ", line)]
    assert [re.search(r"outlets\.csv:(\d+): (\w+):", line).groups() for line in lines] == [
        ("6", "latitude"),
        ("7", "latitude"),
        ("8", "id"),
        ("10", "opening_hours"),
        ("10", "opening_hours"),
        ("11", "opening_hours"),
        ("13", "services"),
        ("14", "longitude"),
        ("15", "id"),
        ("16", "name"),
    ]
    closures = [line for line in result.stderr.splitlines() if "outlet-closures.csv:" in line]
    assert len(closures) == 3

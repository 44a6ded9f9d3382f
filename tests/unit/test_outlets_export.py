"""Distances, nearest outlets, data exports and the outlet components, without a build."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from outlets.export import geo_uri, geojson, json_ld, osm_url, script_json
from outlets.geo import distance_km, group_by_city, nearest_others
from outlets.hours import parse_opening_hours
from outlets.model import Closure, Outlet
from pelican.settings import read_settings

THEME = Path(__file__).resolve().parent.parent.parent / "theme" / "templates"


def outlet(outlet_id: str, lat: float | None, lon: float | None, **fields: str) -> Outlet:
    return Outlet(
        id=outlet_id,
        name=fields.get("name", outlet_id),
        city=fields.get("city", "上海"),
        district=fields.get("district", "黄浦区"),
        address=fields.get("address", "人民大道 1 号"),
        latitude=lat,
        longitude=lon,
    )


def test_distance_between_shanghai_and_beijing() -> None:
    assert distance_km(31.2304, 121.4737, 39.9042, 116.4074) == pytest.approx(1067, abs=5)
    assert distance_km(31.0, 121.0, 31.0, 121.0) == 0


def test_nearest_others_matches_brute_force_and_skips_outlets_without_position() -> None:
    rng = random.Random(3)
    outlets = [outlet(f"o{i}", rng.uniform(22, 41), rng.uniform(100, 122)) for i in range(150)]
    outlets += [outlet(f"city{i}", 31.2 + rng.random() * 0.2, 121.4 + rng.random() * 0.2) for i in range(60)]
    outlets.append(outlet("nowhere", None, None))
    nearest = nearest_others(outlets, 3)
    assert "nowhere" not in nearest
    for one in outlets[:-1]:
        brute = sorted(
            (distance_km(one.latitude, one.longitude, o.latitude, o.longitude), o.id)
            for o in outlets[:-1]
            if o is not one
        )[:3]
        assert [n.outlet.id for n in nearest[one.id]] == [b[1] for b in brute]


@given(st.lists(st.tuples(st.floats(-89, 89), st.floats(-179, 179)), min_size=2, max_size=40))
@settings(deadline=None, max_examples=60)
def test_nearest_is_never_farther_than_any_other(points: list[tuple[float, float]]) -> None:
    outlets = [outlet(f"p{i}", lat, lon) for i, (lat, lon) in enumerate(points)]
    nearest = nearest_others(outlets, 1)
    for one in outlets:
        best = nearest[one.id][0].km
        assert all(best <= distance_km(one.latitude, one.longitude, o.latitude, o.longitude) + 1e-6
                   for o in outlets if o is not one)  # fmt: skip


def test_group_by_city_keeps_the_spreadsheet_order() -> None:
    outlets = [
        outlet("a", 1, 1, city="北京", district="东城区"),
        outlet("b", 1, 1, city="上海", district="黄浦区"),
        outlet("c", 1, 1, city="北京", district="西城区"),
        outlet("d", 1, 1, city="北京", district="东城区"),
    ]
    cities = group_by_city(outlets)
    assert [c.name for c in cities] == ["北京", "上海"]
    assert [(d.name, [o.id for o in d.outlets]) for d in cities[0].districts] == [
        ("东城区", ["a", "d"]),
        ("西城区", ["c"]),
    ]
    assert cities[0].count == 3


def test_two_cities_of_one_name_in_two_provinces_stay_apart() -> None:
    first, second = outlet("a", None, None, city="Taizhou"), outlet("b", None, None, city="Taizhou")
    first.province, second.province = "Zhejiang", "Jiangsu"
    cities = group_by_city([first, second])
    assert [[o.id for d in c.districts for o in d.outlets] for c in cities] == [["a"], ["b"]]


def test_script_json_cannot_end_its_script_block() -> None:
    text = str(script_json({"note": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"note": "</script><script>alert(1)</script> & <!--"}


def test_json_ld_closures_and_hours() -> None:
    one = outlet("x", 31.2, 121.4)
    one.hours = parse_opening_hours("Mo-Fr 09:00-12:00,13:00-17:00; Sa 09:00-24:00")[0]
    one.closures = [
        Closure(dt.date(2020, 1, 1), dt.date(2020, 1, 1), "*", "past"),
        Closure(dt.date(2099, 1, 1), dt.date(2099, 1, 3), "x", "future"),
    ]
    data = json_ld(one, "https://example.org", "CN", dt.date(2026, 1, 1))
    assert {(s["opens"], s["closes"]) for s in data["openingHoursSpecification"]} == {
        ("09:00", "12:00"),
        ("13:00", "17:00"),
        ("09:00", "23:59"),
    }
    assert [s["validFrom"] for s in data["specialOpeningHoursSpecification"]] == ["2099-01-01"]


def test_json_ld_address_has_the_city_as_locality_and_the_province_as_region() -> None:
    one = outlet("x", None, None, city="Hangzhou")
    one.province = "Zhejiang"
    address = json_ld(one, "https://example.org", "CN", dt.date(2026, 1, 1))["address"]
    assert (address["addressLocality"], address["addressRegion"]) == ("Hangzhou", "Zhejiang")
    one.province = ""
    assert "addressRegion" not in json_ld(one, "https://example.org", "CN", dt.date(2026, 1, 1))["address"]


def test_geojson_is_longitude_first_and_skips_unplaced_outlets() -> None:
    data = geojson([outlet("x", 31.2304, 121.4737), outlet("y", None, None)], "")
    assert [f["geometry"]["coordinates"] for f in data["features"]] == [[121.4737, 31.2304]]


def test_direction_links_with_and_without_position() -> None:
    placed = outlet("x", 31.2304, 121.4737, name="人民 & 广场")
    assert (
        osm_url(placed) == "https://www.openstreetmap.org/?mlat=31.230400&mlon=121.473700#map=18/31.230400/121.473700"
    )
    assert geo_uri(placed).startswith("geo:31.230400,121.473700?q=31.230400,121.473700(")
    assert "&" not in geo_uri(placed).split("?", 1)[1]  # the name is percent-encoded
    unplaced = outlet("y", None, None, address="人民大道 1 号")
    assert osm_url(unplaced).startswith("https://www.openstreetmap.org/search?query=")
    assert geo_uri(unplaced).startswith("geo:0,0?q=")


@pytest.fixture(scope="module")
def plain_env() -> jinja2.Environment:
    """The theme with the project's Jinja options, as every generator gets them (portal_context/environment.py)."""
    options = read_settings(str(THEME.parent.parent / "pelicanconf.py"))["JINJA_ENVIRONMENT"]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME), **options)
    env.install_null_translations(newstyle=True)
    return env


def test_components_escape_spreadsheet_text(plain_env: jinja2.Environment) -> None:
    hostile = outlet("x", 31.2, 121.4, name="<b>Bold</b>", address="<script>alert(1)</script>")
    hostile.hours = parse_opening_hours("Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00")[0]
    hostile.phone = "021-1234 5678"
    template = plain_env.from_string(
        '{% from "components/outlet_card.html" import outlet_row, outlet_imprint %}'
        "{{ outlet_row(o, today) }}|||{{ outlet_imprint(o) }}"
    )
    html = template.render(o=hostile, today=dt.date(2026, 1, 1), SITEURL="")
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "&lt;script&gt;" in html
    assert "&amp;lt;" not in html  # escaped once, not twice
    assert "Mon–Fri 09:00–12:00, 13:30–17:00 · Sat 09:00–12:00 · Sun Closed" in html
    assert 'href="tel:02112345678"' in html


def test_hours_table_lists_the_week_and_holidays(plain_env: jinja2.Environment) -> None:
    hours = parse_opening_hours("Mo-Fr 09:00-17:00; PH off")[0]
    html = plain_env.from_string(
        '{% from "components/hours_table.html" import hours_table %}{{ hours_table(h) }}'
    ).render(h=hours)
    assert html.count("<tr") == 8
    assert '<th scope="row">Sunday</th><td>Closed</td>' in html
    assert '<th scope="row">Public holidays</th><td>Closed</td>' in html
    unknown = plain_env.from_string(
        '{% from "components/hours_table.html" import hours_table %}{{ hours_table(h) }}'
    ).render(h=parse_opening_hours("")[0])
    assert "<table" not in unknown and "Please phone" in unknown


@pytest.mark.parametrize(
    ("tiles", "policy", "warned"),
    [
        (
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "img-src 'self' data: https://tile.openstreetmap.org",
            False,
        ),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "img-src 'self' https://*.tile.example.org", False),
        ("https://tiles.example.cn/{z}/{x}/{y}.png", "default-src 'self'; img-src 'self' data:", True),
    ],
)
def test_tile_host_must_be_allowed_by_the_security_policy(tiles: str, policy: str, warned: bool) -> None:
    from outlets.steps import check_map_settings

    problems = check_map_settings({"OUTLET_MAP_TILES": tiles, "CONTENT_SECURITY_POLICY": policy})
    assert bool(problems) is warned
    assert all(not p.is_error and "img-src" in p.fix for p in problems)

"""The area tree behind /outlets/area/: addresses, municipalities, and splitting what one page cannot carry;
the locator's grid cells ("Near me")."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st
from outlets.areas import area_pages, build_areas, slug_of
from outlets.locator_data import (
    CELL_DEGREES,
    area_shard,
    bits,
    cell_file,
    cell_of,
    cell_shards,
    city_numbers,
    locator_index,
)
from outlets.model import Outlet


def outlet(number: int, province: str, city: str, district: str) -> Outlet:
    return Outlet(f"o{number}", f"Branch {number}", city, district, f"{number} Road", province=province)


def test_addresses_come_from_latin_letters_or_a_stable_code() -> None:
    taken: set[str] = set()
    assert slug_of("上海 Shanghai", taken) == "shanghai"
    assert slug_of("Shanghai", taken) == "shanghai-2"  # unique among its siblings
    assert slug_of("Xi'an", taken) == "xi-an"
    code = slug_of("上海", taken)
    assert code.startswith("a") and len(code) == 9 and code == slug_of("上海", set())
    assert slug_of("Part 2", set()) == "d-part-2"  # never mistaken for a part page


def test_municipalities_and_cities_without_province_are_listed_on_their_own() -> None:
    outlets = [
        outlet(1, "Shanghai", "Shanghai", "Huangpu"),
        outlet(2, "Zhejiang", "Hangzhou", "Xihu"),
        outlet(3, "", "Lonely", "Centre"),
        outlet(4, "Zhejiang", "Ningbo", "Haishu"),
        outlet(5, "Zhejiang", "Hangzhou", "Binjiang"),
    ]
    areas = build_areas(outlets, outlets)
    assert [(a.kind, a.name, a.url, a.count) for a in areas] == [
        ("city", "Shanghai", "outlets/area/shanghai/", 1),
        ("province", "Zhejiang", "outlets/area/zhejiang/", 3),
        ("city", "Lonely", "outlets/area/lonely/", 1),
    ]
    hangzhou = areas[1].children[0]
    assert hangzhou.url == "outlets/area/zhejiang/hangzhou/"
    assert hangzhou.trail[0] == ("outlets/area/zhejiang/", "Zhejiang")
    assert [(d.name, d.url, d.has_page) for d in hangzhou.children] == [
        ("Xihu", "outlets/area/zhejiang/hangzhou/#d-xihu", False),
        ("Binjiang", "outlets/area/zhejiang/hangzhou/#d-binjiang", False),
    ]
    assert [a.url for a in area_pages(areas)] == [
        "outlets/area/shanghai/",
        "outlets/area/zhejiang/",
        "outlets/area/zhejiang/hangzhou/",
        "outlets/area/zhejiang/ningbo/",
        "outlets/area/lonely/",
    ]


def test_names_are_shown_in_the_run_language_at_the_main_language_address() -> None:
    main = [outlet(1, "Zhejiang", "Hangzhou", "Xihu")]
    chinese = [outlet(1, "浙江", "杭州", "西湖区")]
    (zhejiang,) = build_areas(chinese, main)
    assert (zhejiang.name, zhejiang.url) == ("浙江", "outlets/area/zhejiang/")
    assert (zhejiang.children[0].name, zhejiang.children[0].url) == ("杭州", "outlets/area/zhejiang/hangzhou/")


def test_a_city_too_big_gets_district_pages_and_a_district_too_big_gets_parts() -> None:
    outlets = [outlet(n, "Shanghai", "Shanghai", "Huangpu" if n < 7 else "Xuhui") for n in range(9)]
    (shanghai,) = build_areas(outlets, outlets, most=4)
    assert not shanghai.lists_outlets
    huangpu, xuhui = shanghai.children
    assert (huangpu.url, huangpu.has_page, huangpu.lists_outlets) == ("outlets/area/shanghai/huangpu/", True, False)
    assert [(p.url, p.count, p.number) for p in huangpu.children] == [
        ("outlets/area/shanghai/huangpu/part-1/", 4, 1),
        ("outlets/area/shanghai/huangpu/part-2/", 3, 2),
    ]
    assert xuhui.lists_outlets and xuhui.children == []


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 3)), min_size=1, max_size=80))
def test_every_outlet_is_on_a_page_at_most_two_links_below_a_top_area(rows: list[tuple[int, int, int]]) -> None:
    """With the top area one link from /outlets/, every outlet's page is at most three links away."""
    outlets = [outlet(n, f"P{p}" if p else "", f"C{p}{c}", f"D{d}") for n, (p, c, d) in enumerate(rows)]
    areas = build_areas(outlets, outlets, most=5)
    listed: list[str] = []
    for top in areas:
        # A top area's page links its cities (a city listed on its own is that page), and both link the
        # district and part pages of a split city.
        reach = list(top.cities())
        for city in top.cities():
            reach += [district for district in city.children if district.has_page]
            reach += [part for district in city.children for part in district.children]
        reach = [page for page in reach if page.lists_outlets]
        listed += [o.id for page in reach for o in page.outlets]
        assert all(page.count <= 5 for page in reach)
    assert sorted(listed) == sorted(o.id for o in outlets)


def test_the_data_files_compact_keys_and_cells() -> None:
    assert bits(["cash", "loans"], ("cash", "cards", "loans")) == 5
    assert CELL_DEGREES == 0.1
    assert cell_of(31.23, 121.47) == "312,1214" and cell_of(-0.01, -0.01) == "-1,-1"
    # The cell of the position as the files write it (5 decimals), which is what the script divides.
    assert cell_of(31.1999999, 121.0) == cell_of(31.2, 121.0)
    assert cell_file("312,1214") == "cells/312_1214.json" and cell_file("-1,-1") == "cells/-1_-1.json"


def placed(number: int, province: str, city: str, district: str, position: tuple[float, float] | None) -> Outlet:
    latitude, longitude = position if position else (None, None)
    return Outlet(
        f"o{number}", f"Branch {number}", city, district, f"{number} Road", province=province,
        latitude=latitude, longitude=longitude,
    )  # fmt: skip


def check_cells(outlets: list[Outlet]) -> None:
    """Every outlet with a position is in exactly one cell's file, the one its position falls in, with its
    district and city; the index counts each cell's outlets; outlets without a position are in none."""
    areas = build_areas(outlets, outlets, most=5)
    numbers = city_numbers(areas)
    today = dt.date(2026, 6, 1)
    shards = cell_shards(areas, numbers, {}, today)
    index = locator_index(areas, {}, "")
    cities = index["cities"]
    seen: dict[str, str] = {}
    for cell, shard in shards.items():
        assert shard["outlets"], cell  # no empty files
        for row in shard["outlets"]:
            assert row[0] not in seen, row[0]
            seen[row[0]] = cell
            row_number, column = (int(part) for part in cell.split(","))
            # the cell of the position as written, as the script works it out (locator-core.js cellOf)
            assert (math.floor(row[5] / CELL_DEGREES), math.floor(row[6] / CELL_DEGREES)) == (row_number, column)
            district, city = shard["districts"][row[3]]
            outlet = next(o for o in outlets if o.id == row[0])
            assert (district, cities[city][0]) == (outlet.district, outlet.city)
    with_position = {o.id for o in outlets if o.latitude is not None}
    assert set(seen) == with_position
    assert index["cells"] == {cell: len(shard["outlets"]) for cell, shard in shards.items()}
    assert sum(index["cells"].values()) == len(with_position)
    # A cell's rows are those of the area files, as they are there.
    by_id = {row[0]: row for area in areas for row in area_shard(area, numbers, {}, today)["outlets"]}
    for shard in shards.values():
        for row in shard["outlets"]:
            assert row[:3] + row[4:] == by_id[row[0]][:3] + by_id[row[0]][4:]


def test_every_outlet_with_a_position_is_in_exactly_one_cell() -> None:
    check_cells(
        [
            placed(1, "Shanghai", "Shanghai", "Huangpu", (31.2304, 121.4737)),
            placed(2, "Shanghai", "Shanghai", "Xuhui", (31.2301, 121.4701)),  # the same cell, another district
            placed(3, "Shanghai", "Shanghai", "Huangpu", (31.19999999, 121.4)),  # written 31.2: the cell above
            placed(4, "Zhejiang", "Hangzhou", "Xihu", (30.25, 120.15)),
            placed(5, "Zhejiang", "Hangzhou", "Xihu", None),  # no position: in its area's file only
            placed(6, "", "Lonely", "Centre", (-0.05, -179.95)),  # south and west of 0: negative cells
        ]
    )
    lone = [placed(1, "", "A", "B", (31.19999999, 121.4))]
    areas = build_areas(lone, lone)
    assert list(cell_shards(areas, city_numbers(areas), {}, dt.date(2026, 6, 1))) == ["312,1214"]


positions = st.one_of(
    st.none(),
    st.tuples(st.floats(-60, 60, allow_nan=False), st.floats(-179, 179, allow_nan=False)),
    st.tuples(st.integers(-600, 600).map(lambda n: n * CELL_DEGREES), st.integers(-1790, 1790).map(lambda n: n / 10)),
)


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 2), positions), min_size=1, max_size=60))
def test_cells_hold_every_placed_outlet_once_whatever_the_positions(rows: list[tuple]) -> None:
    check_cells(
        [placed(n, f"P{p}" if p else "", f"C{p}{c}", f"D{d}", where) for n, (p, c, d, where) in enumerate(rows)]
    )

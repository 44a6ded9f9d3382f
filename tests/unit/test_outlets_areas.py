"""The area tree behind /outlets/area/: addresses, municipalities, and splitting what one page cannot carry."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from outlets.areas import area_pages, build_areas, slug_of
from outlets.locator_data import bits, cell_of
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
    assert cell_of(31.23, 121.47) == "62,242" and cell_of(-0.1, -0.1) == "-1,-1"

"""The pages that lead to every outlet without JavaScript: /outlets/ → province → city → district.

Pure functions. Every page stays small whatever the spreadsheet holds: a city with more outlets than one
page carries (AREA_PAGE_MOST_OUTLETS) lists its districts, each on a page of its own, and a district with
more than that is cut into numbered parts. A province page links the pages that list outlets directly
(a split city's districts and parts included), so an outlet's page is never more than three links from
/outlets/: province → city, district or part page → outlet.

A province with a single city of the same name (a municipality: Shanghai, Beijing) and a city without a
province are listed on /outlets/ themselves, one link less.

Addresses live under /outlets/area/, apart from the outlets' own /outlets/<id>/, and are made from the main
language's names, so they are the same in every language: the language switch pairs /outlets/area/x/ with
/zh/outlets/area/x/.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .model import OUTLETS_URL, Outlet

AREA_URL = f"{OUTLETS_URL}area/"
# Every page must stay under 150 KB gzipped. Measured on bench/generate.py's spreadsheet: 700 outlet rows are
# 47 KB in English and 48 KB in Chinese (about 65 bytes a row), so 1,000 rows are about 70 KB, leaving room for
# names and addresses twice as long (tests/build/test_outlet_areas.py measures every page).
AREA_PAGE_MOST_OUTLETS = 1000
PART_PREFIX = "part-"  # part pages: …/<district>/part-2/; no district slug starts so (see slug_of)


@dataclass(eq=False)
class Area:
    """A province, city, district or part of a district, with every outlet in it (spreadsheet order)."""

    kind: str  # "province", "city", "district" or "part"
    name: str  # in the run's language
    url: str  # its page, or the page it is a section of ("…/city/#d-slug")
    trail: tuple[tuple[str, str], ...]  # (url, name) from the top area down to this one, for breadcrumbs
    has_page: bool = True
    number: int = 0  # a part's number, from 1
    anchor: str = ""  # a district's section id on its city's page
    # Left out of the text form the render cache keys pages by: outlets.csv's bytes already count there.
    outlets: list[Outlet] = field(default_factory=list, repr=False)
    children: list[Area] = field(default_factory=list, repr=False)

    @property
    def count(self) -> int:
        return len(self.outlets)

    @property
    def lists_outlets(self) -> bool:
        """Its page lists outlets (a city by district), rather than the pages of its parts."""
        return self.has_page and not any(child.has_page for child in self.children) and self.kind != "province"

    def cities(self) -> list[Area]:
        """The cities in a top area: a province's, or the area itself when it is a city."""
        return self.children if self.kind == "province" else [self] if self.kind == "city" else []


def slug_of(name: str, taken: set[str]) -> str:
    """The address segment of an area: the Latin letters and digits of its name ('上海 Shanghai' → 'shanghai');
    a name with none gets a short code made from the name (stable from build to build). Unique among `taken`."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", name).lower())
    slug = "-".join(words) or "a" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    if slug.startswith(PART_PREFIX):
        slug = "d-" + slug
    unique, number = slug, 2
    while unique in taken:
        unique, number = f"{slug}-{number}", number + 1
    taken.add(unique)
    return unique


# (province, city, district) of the main language → outlets in the run's language, in spreadsheet order.
Grouped = dict[str, dict[str, dict[str, list[Outlet]]]]


def _grouped(shown: Sequence[Outlet], main: Sequence[Outlet]) -> tuple[Grouped, dict[tuple[str, ...], str]]:
    groups: Grouped = {}
    names: dict[tuple[str, ...], str] = {}
    for outlet, source in zip(shown, main, strict=True):
        keys = (source.province, source.city, source.district)
        groups.setdefault(keys[0], {}).setdefault(keys[1], {}).setdefault(keys[2], []).append(outlet)
        names.setdefault(keys[:1], outlet.province)
        names.setdefault(keys[:2], outlet.city)
        names.setdefault(keys, outlet.district)
    return groups, names


def build_areas(shown: Sequence[Outlet], main: Sequence[Outlet], most: int = AREA_PAGE_MOST_OUTLETS) -> list[Area]:
    """The areas /outlets/ lists: provinces and the cities listed on their own, in spreadsheet order.

    `shown` are the outlets in the run's language, `main` the same outlets in the main language (addresses)."""
    groups, names = _grouped(shown, main)
    top: list[Area] = []
    taken: set[str] = set()
    for province, cities in groups.items():
        municipality = len(cities) == 1 and next(iter(cities)) == province
        if not province or municipality:
            for city, districts in cities.items():
                top.append(_city(names, (province, city), districts, AREA_URL, (), taken, most))
            continue
        url = AREA_URL + slug_of(province, taken) + "/"
        trail = ((url, names[(province,)]),)
        area = Area("province", names[(province,)], url, trail)
        city_slugs: set[str] = set()
        for city, districts in cities.items():
            area.children.append(_city(names, (province, city), districts, url, trail, city_slugs, most))
        area.outlets = [o for child in area.children for o in child.outlets]
        top.append(area)
    return top


def _city(
    names: dict[tuple[str, ...], str],
    keys: tuple[str, str],
    districts: dict[str, list[Outlet]],
    parent_url: str,
    parent_trail: tuple[tuple[str, str], ...],
    taken: set[str],
    most: int,
) -> Area:
    url = parent_url + slug_of(keys[1], taken) + "/"
    trail = (*parent_trail, (url, names[keys]))
    city = Area("city", names[keys], url, trail)
    city.outlets = [o for outlets in districts.values() for o in outlets]
    split = city.count > most  # too many for one page: a page per district
    district_slugs: set[str] = set()
    for district, outlets in districts.items():
        slug = slug_of(district, district_slugs)
        name = names[(*keys, district)]
        if split:
            district_url = f"{url}{slug}/"
            area = Area("district", name, district_url, (*trail, (district_url, name)), outlets=outlets)
            area.children = _parts(area, most)
        else:
            area = Area("district", name, f"{url}#d-{slug}", trail, has_page=False, anchor=f"d-{slug}", outlets=outlets)
        city.children.append(area)
    return city


def _parts(district: Area, most: int) -> list[Area]:
    """A district too big for one page, cut into pages of `most` outlets in spreadsheet order."""
    if district.count <= most:
        return []
    parts = []
    for number, start in enumerate(range(0, district.count, most), start=1):
        url = f"{district.url}{PART_PREFIX}{number}/"
        trail = (*district.trail, (url, str(number)))
        parts.append(
            Area("part", district.name, url, trail, number=number, outlets=district.outlets[start : start + most])
        )
    return parts


def area_pages(areas: Sequence[Area]) -> Iterator[Area]:
    """Every area that has a page of its own, each parent before its children."""
    for area in areas:
        if area.has_page:
            yield area
        yield from area_pages(area.children)


def cities_of(areas: Sequence[Area]) -> Iterator[tuple[int, Area]]:
    """(index of its top area, city) for every city, in order."""
    for index, area in enumerate(areas):
        for city in area.cities():
            yield index, city

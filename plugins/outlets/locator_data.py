"""What the locator script on /outlets/ loads: a small index, the outlets of one top area per file, and the
outlets of one grid cell per file.

Pure functions returning plain dicts; generator.py writes them as /outlets/data/index.json,
/outlets/data/<area>.json and /outlets/data/cells/<row>_<column>.json (each language its own, under its own
root: names are in its language).

The script fetches only what a search needs: the index (areas, cities, counts, and how many outlets each grid
cell holds) at start; one area's file when the visitor picks a province or city; for "Near me" the cell files
around the visitor, nearest first, until no cell left can hold an outlet nearer than the tenth found
(locator-core.js nearPlan); every area's file, once, for a search across the country. An outlet is in its top
area's file, and in its cell's file when it has a map position. An outlet in either is a list, to keep 40,000
of them small:

    [id, name, address, district, phone, latitude, longitude, hours, services, accessibility, closures]

`district` indexes the file's `districts` ([name, city index into the index's `cities`]); `hours` the
index's `hours` (weeks as OpeningHours.compact() writes them, -1 when unknown); `services` and
`accessibility` are bit sets over the index's key lists; `closures` the outlet's own, as compact_closures().
A cell file has its own `districts` (those of its outlets), in the same form.

A cell is "row,column": floor(latitude / CELL_DEGREES), floor(longitude / CELL_DEGREES) of the position as the
files write it (rounded), so the script, dividing the same numbers, puts an outlet from an area file in the same
cell and knows when a cell is complete without its file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from .areas import Area, cities_of
from .model import ACCESSIBILITY, SERVICES, Outlet

DATA_URL = "outlets/data/"
INDEX_FILE = "index.json"
CELL_FOLDER = "cells/"
# Grid cells for "Near me": about 11 km. Measured on bench/generate.py's 40,000 outlets (300 places near
# outlets): 0.1° cells are 3,700 files, the busiest 641 outlets (68 KB, 15 KB gzipped), and "Near me" loads a
# median 4 cells of 142 outlets (at most 22 cells, 1,400 outlets); 0.2° loads twice the outlets, 0.5° four
# times; 0.05° makes 8,500 files of a median 2 outlets, and more requests for the same outlets.
CELL_DEGREES = 0.1
COORDINATE_DECIMALS = 5  # about 1 m: enough to sort by distance


def shard_name(area: Area) -> str:
    """The area's file under DATA_URL, named after its page's last address segment."""
    return area.url.rstrip("/").rsplit("/", 1)[-1] + ".json"


def bits(keys: Sequence[str], known: Sequence[str]) -> int:
    return sum(1 << known.index(key) for key in keys if key in known)


def cell_of(latitude: float, longitude: float) -> str:
    """The grid cell "row,column" of a position as the files write it (locator-core.js cellOf divides alike)."""
    latitude, longitude = round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS)
    return f"{math.floor(latitude / CELL_DEGREES)},{math.floor(longitude / CELL_DEGREES)}"


def cell_file(cell: str) -> str:
    """The cell's file under DATA_URL: "31,121" → "cells/31_121.json" (locator-core.js cellFile)."""
    return CELL_FOLDER + cell.replace(",", "_") + ".json"


def cell_of_outlet(outlet: Outlet) -> str | None:
    if outlet.latitude is None or outlet.longitude is None:
        return None
    return cell_of(outlet.latitude, outlet.longitude)


def hours_table(outlets: Sequence[Outlet]) -> dict[str, int]:
    """Each distinct week once (a bank's outlets share a few dozen), numbered in order of first use."""
    table: dict[str, int] = {}
    for outlet in outlets:
        if outlet.hours.known:
            table.setdefault(outlet.hours.compact(), len(table))
    return table


def centre(outlets: Sequence[Outlet]) -> list[float | None]:
    """The mean position of the outlets that have one: where the map marks an area before any search."""
    placed = [(o.latitude, o.longitude) for o in outlets if o.latitude is not None and o.longitude is not None]
    if not placed:
        return [None, None]
    return [round(sum(p[0] for p in placed) / len(placed), 4), round(sum(p[1] for p in placed) / len(placed), 4)]


def _position(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_DECIMALS)


def _record(outlet: Outlet, district: int, hours: dict[str, int], today: dt.date) -> list[Any]:
    return [
        outlet.id,
        outlet.name,
        outlet.address,
        district,
        outlet.phone,
        _position(outlet.latitude),
        _position(outlet.longitude),
        hours.get(outlet.hours.compact(), -1) if outlet.hours.known else -1,
        bits(outlet.services, SERVICES),
        bits(outlet.accessibility, ACCESSIBILITY),
        outlet.own_closures_compact(today),
    ]


def area_shard(area: Area, city_numbers: dict[int, int], hours: dict[str, int], today: dt.date) -> dict[str, Any]:
    """One top area's outlets; `city_numbers` maps id(city area) to its index in the index's `cities`."""
    districts: list[list[Any]] = []
    records: list[list[Any]] = []
    for city in area.cities():
        for district in city.children:
            districts.append([district.name, city_numbers[id(city)]])
            records += [_record(outlet, len(districts) - 1, hours, today) for outlet in district.outlets]
    return {"districts": districts, "outlets": records}


def cell_shards(
    areas: Sequence[Area], city_numbers: dict[int, int], hours: dict[str, int], today: dt.date
) -> dict[str, dict[str, Any]]:
    """Every outlet with a map position in its grid cell's file: cell "row,column" → {districts, outlets}, in
    the order of the area files (cells in order of their first outlet)."""
    shards: dict[str, dict[str, Any]] = {}
    numbers: dict[str, dict[int, int]] = {}  # cell → id(district area) → its index in the cell's districts
    for area in areas:
        for city in area.cities():
            for district in city.children:
                for outlet in district.outlets:
                    cell = cell_of_outlet(outlet)
                    if cell is None:
                        continue
                    shard = shards.setdefault(cell, {"districts": [], "outlets": []})
                    known = numbers.setdefault(cell, {})
                    if id(district) not in known:
                        known[id(district)] = len(shard["districts"])
                        shard["districts"].append([district.name, city_numbers[id(city)]])
                    shard["outlets"].append(_record(outlet, known[id(district)], hours, today))
    return shards


def locator_index(areas: Sequence[Area], hours: dict[str, int], shared_closures: str) -> dict[str, Any]:
    """Areas [name, page, count, file, latitude, longitude of their centre], cities [name, area index, page],
    the weeks, the keys, and the grid: cell "row,column" → how many outlets its file holds."""
    cells: dict[str, int] = {}
    for area in areas:
        for outlet in area.outlets:
            cell = cell_of_outlet(outlet)
            if cell is not None:
                cells[cell] = cells.get(cell, 0) + 1
    return {
        "total": sum(area.count for area in areas),
        "areas": [[area.name, area.url, area.count, shard_name(area), *centre(area.outlets)] for area in areas],
        "cities": [[city.name, top, city.url] for top, city in cities_of(areas)],
        "hours": list(hours),
        "services": list(SERVICES),
        "access": list(ACCESSIBILITY),
        "closures": shared_closures,
        "cell": CELL_DEGREES,
        "cells": cells,
    }


def city_numbers(areas: Sequence[Area]) -> dict[int, int]:
    return {id(city): number for number, (_top, city) in enumerate(cities_of(areas))}

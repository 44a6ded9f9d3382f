"""What the locator script on /outlets/ loads: a small index, and the outlets of one top area per file.

Pure functions returning plain dicts; generator.py writes them as /outlets/data/index.json and
/outlets/data/<area>.json (each language its own, under its own root: names are in its language).

The script fetches only what a search needs: the index (areas, cities, counts, the positions' grid) at start;
one area's file when the visitor picks a province or city; the areas around the visitor for "Near me" (the
index's grid cells say which areas have outlets where); every area's file, once, for a search across the
country. An outlet in an area file is a list, to keep 40,000 of them small:

    [id, name, address, district, phone, latitude, longitude, hours, services, accessibility, closures]

`district` indexes the file's `districts` ([name, city index into the index's `cities`]); `hours` the
index's `hours` (weeks as OpeningHours.compact() writes them, -1 when unknown); `services` and
`accessibility` are bit sets over the index's key lists; `closures` the outlet's own, as compact_closures().
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
# Grid cells for "Near me": about 55 km; a city's outlets fall in a handful.
CELL_DEGREES = 0.5
COORDINATE_DECIMALS = 5  # about 1 m: enough to sort by distance


def shard_name(area: Area) -> str:
    """The area's file under DATA_URL, named after its page's last address segment."""
    return area.url.rstrip("/").rsplit("/", 1)[-1] + ".json"


def bits(keys: Sequence[str], known: Sequence[str]) -> int:
    return sum(1 << known.index(key) for key in keys if key in known)


def cell_of(latitude: float, longitude: float) -> str:
    return f"{math.floor(latitude / CELL_DEGREES)},{math.floor(longitude / CELL_DEGREES)}"


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


def area_shard(area: Area, city_numbers: dict[int, int], hours: dict[str, int], today: dt.date) -> dict[str, Any]:
    """One top area's outlets; `city_numbers` maps id(city area) to its index in the index's `cities`."""
    districts: list[list[Any]] = []
    records: list[list[Any]] = []
    for city in area.cities():
        for district in city.children:
            districts.append([district.name, city_numbers[id(city)]])
            for outlet in district.outlets:
                records.append(
                    [
                        outlet.id,
                        outlet.name,
                        outlet.address,
                        len(districts) - 1,
                        outlet.phone,
                        _position(outlet.latitude),
                        _position(outlet.longitude),
                        hours.get(outlet.hours.compact(), -1) if outlet.hours.known else -1,
                        bits(outlet.services, SERVICES),
                        bits(outlet.accessibility, ACCESSIBILITY),
                        outlet.own_closures_compact(today),
                    ]
                )
    return {"districts": districts, "outlets": records}


def locator_index(areas: Sequence[Area], hours: dict[str, int], shared_closures: str) -> dict[str, Any]:
    """Areas [name, page, count, file, latitude, longitude of their centre], cities [name, area index, page],
    the weeks, the keys, and the grid: cell "row,column" → [[area index, outlets of that area in the cell], …]."""
    cells: dict[str, dict[int, int]] = {}
    for index, area in enumerate(areas):
        for outlet in area.outlets:
            if outlet.latitude is not None and outlet.longitude is not None:
                counts = cells.setdefault(cell_of(outlet.latitude, outlet.longitude), {})
                counts[index] = counts.get(index, 0) + 1
    return {
        "total": sum(area.count for area in areas),
        "areas": [[area.name, area.url, area.count, shard_name(area), *centre(area.outlets)] for area in areas],
        "cities": [[city.name, top, city.url] for top, city in cities_of(areas)],
        "hours": list(hours),
        "services": list(SERVICES),
        "access": list(ACCESSIBILITY),
        "closures": shared_closures,
        "cell": CELL_DEGREES,
        "cells": {cell: [[area, count] for area, count in counts.items()] for cell, counts in cells.items()},
    }


def city_numbers(areas: Sequence[Area]) -> dict[int, int]:
    return {id(city): number for number, (_top, city) in enumerate(cities_of(areas))}

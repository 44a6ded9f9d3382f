"""Distances between outlets, the nearest others, and the city → district grouping of the list.

Pure functions. Nearest-outlet search uses a coarse grid so 2,000 outlets do not cost 4 million distances.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import Outlet

EARTH_RADIUS_KM = 6371.0088
_CELL_DEGREES = 0.25  # about 25 km: a city's outlets share a handful of cells


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Neighbour:
    outlet: Outlet
    km: float


class NearestIndex:
    """Finds the nearest outlets to a point, looking at grid cells ring by ring outwards."""

    def __init__(self, outlets: Iterable[Outlet]):
        self._cells: dict[tuple[int, int], list[Outlet]] = defaultdict(list)
        for outlet in outlets:
            if outlet.latitude is not None and outlet.longitude is not None:
                self._cells[self._cell(outlet.latitude, outlet.longitude)].append(outlet)
        self._max_ring = self._span()

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)

    def _span(self) -> int:
        if not self._cells:
            return 0
        rows = [cell[0] for cell in self._cells]
        cols = [cell[1] for cell in self._cells]
        return max(max(rows) - min(rows), max(cols) - min(cols)) + 1

    def _ring(self, centre: tuple[int, int], radius: int) -> Iterable[Outlet]:
        """Outlets in the cells exactly `radius` cells from `centre` (the square's edge only)."""
        row, col = centre
        if radius == 0:
            yield from self._cells.get(centre, ())
            return
        for c in range(col - radius, col + radius + 1):
            yield from self._cells.get((row - radius, c), ())
            yield from self._cells.get((row + radius, c), ())
        for r in range(row - radius + 1, row + radius):
            yield from self._cells.get((r, col - radius), ())
            yield from self._cells.get((r, col + radius), ())

    def _everyone(self) -> Iterable[Outlet]:
        for outlets in self._cells.values():
            yield from outlets

    def nearest(self, lat: float, lon: float, count: int, exclude: str | None = None) -> list[Neighbour]:
        def neighbour(outlet: Outlet) -> Neighbour:
            assert outlet.latitude is not None and outlet.longitude is not None
            return Neighbour(outlet, distance_km(lat, lon, outlet.latitude, outlet.longitude))

        def closest(candidates: Iterable[Neighbour]) -> list[Neighbour]:
            return sorted(candidates, key=lambda n: (n.km, n.outlet.id))[:count]

        centre = self._cell(lat, lon)
        found: list[Neighbour] = []
        # Outlets beyond ring r are at least r cells away in latitude or longitude (and a degree of longitude
        # shrinks towards the poles): stop once that floor is further than the count-th best found.
        for radius in range(self._max_ring + 1):
            if 8 * radius > len(self._cells):
                # The ring has more cells than there are outlets' cells: looking at everyone is cheaper.
                return closest(neighbour(o) for o in self._everyone() if o.id != exclude)
            found = closest([*found, *(neighbour(o) for o in self._ring(centre, radius) if o.id != exclude)])
            poleward = math.radians(min(89.9, abs(lat) + (radius + 1) * _CELL_DEGREES))
            ring_floor_km = radius * _CELL_DEGREES * 111.0 * math.cos(poleward) * 0.99
            if len(found) == count and found[-1].km <= ring_floor_km:
                return found
        return closest(neighbour(o) for o in self._everyone() if o.id != exclude)


def nearest_others(outlets: Sequence[Outlet], count: int = 3) -> dict[str, list[Neighbour]]:
    """For every outlet with a position, the `count` nearest other outlets (closest first)."""
    index = NearestIndex(outlets)
    return {
        outlet.id: index.nearest(outlet.latitude, outlet.longitude, count, exclude=outlet.id)
        for outlet in outlets
        if outlet.latitude is not None and outlet.longitude is not None
    }


@dataclass
class District:
    name: str
    outlets: list[Outlet] = field(default_factory=list)


@dataclass
class City:
    name: str
    districts: list[District] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(d.outlets) for d in self.districts)


def group_by_city(outlets: Iterable[Outlet]) -> list[City]:
    """Cities and their districts in the order the spreadsheet first names them (the office's own order).
    A city is its name within its province: Taizhou, Zhejiang and Taizhou, Jiangsu are two."""
    cities: dict[tuple[str, str], City] = {}
    districts: dict[tuple[str, str, str], District] = {}
    for outlet in outlets:
        city = cities.setdefault((outlet.province, outlet.city), City(outlet.city))
        key = (outlet.province, outlet.city, outlet.district)
        if key not in districts:
            districts[key] = District(outlet.district)
            city.districts.append(districts[key])
        districts[key].outlets.append(outlet)
    return list(cities.values())

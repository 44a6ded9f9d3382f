"""Adding up what outlets reported: totals, by city and district, by outlet, and who has not reported.

Pure functions over the checked campaign and the outlets; the generator hands the result to templates
and writes `results_csv` for download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from outlets.model import Outlet

from .model import FIGURES, Campaign, Figures, total


@dataclass(frozen=True)
class OutletResult:
    outlet: Outlet
    figures: Figures


@dataclass(frozen=True)
class DistrictResult:
    name: str
    figures: Figures
    outlet_count: int  # outlets that reported


@dataclass(frozen=True)
class CityResult:
    name: str
    figures: Figures
    outlet_count: int
    districts: tuple[DistrictResult, ...]


@dataclass(frozen=True)
class Results:
    """Everything the results section shows; `outlets` is ordered by city, district and name."""

    totals: Figures
    cities: tuple[CityResult, ...]
    outlets: tuple[OutletResult, ...]
    not_reported: tuple[Outlet, ...]  # participating outlets (with an event) that have no report yet
    participating: int

    @property
    def reported(self) -> int:
        return len(self.outlets)


def place_key(outlet: Outlet) -> tuple[str, str, str, str]:
    return (outlet.city, outlet.district, outlet.name, outlet.id)


def campaign_results(campaign: Campaign, outlets_by_id: Mapping[str, Outlet]) -> Results | None:
    """The campaign's results, or None before any outlet has reported."""
    if not campaign.reports:
        return None
    rows = [
        OutletResult(outlets_by_id[report.outlet_id], report.figures)
        for report in campaign.reports
        if report.outlet_id in outlets_by_id  # checks.py has already refused unknown outlets
    ]
    rows.sort(key=lambda row: place_key(row.outlet))
    cities: list[CityResult] = []
    for city in dict.fromkeys(row.outlet.city for row in rows):
        in_city = [row for row in rows if row.outlet.city == city]
        districts = tuple(
            DistrictResult(
                district,
                total([row.figures for row in in_city if row.outlet.district == district]),
                sum(1 for row in in_city if row.outlet.district == district),
            )
            for district in dict.fromkeys(row.outlet.district for row in in_city)
        )
        cities.append(CityResult(city, total([row.figures for row in in_city]), len(in_city), districts))
    reported = {row.outlet.id for row in rows}
    participating = [outlets_by_id[i] for i in campaign.outlet_ids if i in outlets_by_id]
    missing = sorted((o for o in participating if o.id not in reported), key=place_key)
    return Results(
        totals=total([row.figures for row in rows]),
        cities=tuple(cities),
        outlets=tuple(rows),
        not_reported=tuple(missing),
        participating=len(participating),
    )


CSV_COLUMNS = ("outlet", "name", "city", "district", *FIGURES)
# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(…) sends the reader away).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> str:
    """The cell as text a spreadsheet shows and never runs (OWASP CSV injection advice): a leading `'`
    before a formula character. A phone number `+86…` or a negative number gets it too; the `'` is
    hidden by spreadsheets, which then keep the value as text rather than guess at it."""
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def results_csv(results: Results) -> str:
    """One row per reporting outlet, as the reports file has them plus the outlet's name and place.

    No totals row, so the columns can be summed in a spreadsheet without counting anything twice.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in results.outlets:
        o = row.outlet
        writer.writerow([spreadsheet_safe(cell) for cell in (o.id, o.name, o.city, o.district, *row.figures.values())])
    return out.getvalue()

"""Writes /outlets/, the area pages under /outlets/area/ (areas.py), /outlets/<id>/, the locator's data under
/outlets/data/ (locator_data.py: an index, a file per top area and one per grid cell), outlets.json,
outlets.geojson and the site's own copies of Leaflet and Leaflet.markercluster.

`generate_context` reads (and refuses content with errors); `generate_output` writes. Nothing is written
when the content folder has no outlets.csv.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator
from portal.problems import ContentProblems
from portal.run import run_of

from . import export, locator_data
from .areas import Area, area_pages, build_areas
from .geo import City, Neighbour, group_by_city, nearest_others
from .model import ACCESSIBILITY, OUTLETS_URL, SERVICES, Closure, Outlet, compact_closures
from .reader import read_outlets

DEFAULTS: dict[str, Any] = {
    "OUTLET_MAP_TILES": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "OUTLET_MAP_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    "OUTLET_MAP_MAX_ZOOM": 19,
    "OUTLET_NEAREST_COUNT": 3,
    "OUTLET_COUNTRY": "CN",
}
# Under the theme's static folder (the site serves its scripts from there only); the version is added so
# browsers never mix two.
LEAFLET_FOLDER = "vendor/leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images")
# Leaflet.markercluster comes from npm (package.json pins it; `make setup` runs npm ci): its dist files and licence.
PROJECT = Path(__file__).resolve().parent.parent.parent
MARKERCLUSTER_PACKAGE = PROJECT / "node_modules" / "leaflet.markercluster"
MARKERCLUSTER_FOLDER = "vendor/leaflet.markercluster"
MARKERCLUSTER_FILES = ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css")
MARKERCLUSTER_LICENCE = "MIT-LICENCE.txt"


def setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


@dataclass(frozen=True)
class OutletPage:
    """Everything /outlets/<id>/ shows that is worked out rather than read."""

    outlet: Outlet
    nearest: list[Neighbour]
    same_district: list[Outlet]  # shown instead of nearest when the outlet has no position
    upcoming_closures: list[Closure]
    closures_compact: str  # the same, for the locator script
    osm_url: str
    osm_directions_url: str | None
    geo_uri: str
    json_ld: Markup


def leaflet_source() -> tuple[Path, str]:
    """Leaflet's files from the xstatic-leaflet package, and its version."""
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR), str(leaflet.VERSION)


def markercluster_source() -> tuple[Path, str] | None:
    """The installed leaflet.markercluster package and its version; None when `make setup` has not run."""
    manifest = MARKERCLUSTER_PACKAGE / "package.json"
    if not manifest.is_file() or not all((MARKERCLUSTER_PACKAGE / name).is_file() for name in MARKERCLUSTER_FILES):
        return None
    return MARKERCLUSTER_PACKAGE, str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


class OutletsGenerator(Generator):
    """Outlet pages and data, from content/outlets.csv and content/outlet-closures.csv."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Text from the spreadsheet is always escaped: this generator's templates autoescape
        # (the components escape on their own too, for other generators that include them).
        self.env.autoescape = True
        self.outlets: list[Outlet] = []
        self.areas: list[Area] = []

    def generate_context(self) -> None:
        outlets, problems = read_outlets(Path(self.settings["PATH"]), self.settings)
        if any(problem.is_error for problem in problems):
            raise ContentProblems(problems)
        self.outlets = outlets
        # Area addresses come from the main language's names, so both languages' pages share them.
        files = {key: self.settings[key] for key in ("OUTLETS_FILE", "OUTLET_CLOSURES_FILE") if key in self.settings}
        self.areas = build_areas(outlets, read_outlets(Path(self.settings["PATH"]), files)[0])
        self.context["outlets"] = outlets
        self.context["outlets_by_id"] = {outlet.id: outlet for outlet in outlets}
        self.context["outlet_cities"] = group_by_city(outlets)

    def generate_output(self, writer: Any) -> None:
        if not self.outlets:
            return
        settings = self.settings
        run = run_of(settings)
        today, public = run.today, run.public_url
        leaflet_dir, leaflet_version = leaflet_source()
        leaflet_url = f"{settings.get('THEME_STATIC_DIR', 'theme')}/{LEAFLET_FOLDER}-{leaflet_version}"
        cluster = markercluster_source()
        if cluster is None:  # steps.check_outlets refuses the build before this; a direct Pelican run gets here
            raise RuntimeError(f"{MARKERCLUSTER_PACKAGE} is missing: run `make setup` (it runs npm ci)")
        cluster_url = f"{settings.get('THEME_STATIC_DIR', 'theme')}/{MARKERCLUSTER_FOLDER}-{cluster[1]}"
        shared = {
            "leaflet_url": leaflet_url,
            "markercluster_url": cluster_url,
            "map_tiles": setting(settings, "OUTLET_MAP_TILES"),
            "map_attribution": setting(settings, "OUTLET_MAP_ATTRIBUTION"),
            "map_max_zoom": setting(settings, "OUTLET_MAP_MAX_ZOOM"),
            "relative_urls": settings["RELATIVE_URLS"],
            "service_keys": SERVICES,
            "access_keys": ACCESSIBILITY,
        }
        cities: list[City] = self.context["outlet_cities"]
        everywhere = {c for o in self.outlets for c in o.closures if c.outlet == "*" and c.end >= today}
        shared_closures = compact_closures(sorted(everywhere, key=lambda c: (c.start, c.end)))
        writer.write_file(
            f"{OUTLETS_URL}index.html",
            self.get_template("outlets/index"),
            self.context,
            areas=self.areas,
            outlet_count=len(self.outlets),
            data_url=locator_data.DATA_URL,
            today=today,
            page_name=OUTLETS_URL,
            url=OUTLETS_URL,
            **shared,
        )
        area_template = self.get_template("outlets/area")
        for area in area_pages(self.areas):
            writer.write_file(
                f"{area.url}index.html",
                area_template,
                self.context,
                area=area,
                today=today,
                page_name=area.url,
                url=area.url,
                **shared,
            )
        nearest = nearest_others(self.outlets, int(setting(settings, "OUTLET_NEAREST_COUNT")))
        template = self.get_template("outlets/outlet")
        country = setting(settings, "OUTLET_COUNTRY")
        for city in cities:
            for district in city.districts:
                for outlet in district.outlets:
                    upcoming = outlet.upcoming_closures(today)
                    page = OutletPage(
                        outlet=outlet,
                        nearest=nearest.get(outlet.id, []),
                        same_district=[o for o in district.outlets if o is not outlet][:3],
                        upcoming_closures=upcoming,
                        closures_compact=compact_closures(upcoming),
                        osm_url=export.osm_url(outlet),
                        osm_directions_url=export.osm_directions_url(outlet),
                        geo_uri=export.geo_uri(outlet),
                        json_ld=export.script_json(export.json_ld(outlet, public, country, today)),
                    )
                    writer.write_file(
                        outlet.save_as,
                        template,
                        self.context,
                        outlet=outlet,
                        outlet_page=page,
                        today=today,
                        page_name=outlet.url,
                        url=outlet.url,
                        **shared,
                    )
        self._write_data(public, today)
        self._write_locator_data(today, shared_closures)
        if run.is_main_language:
            self._copy_leaflet(leaflet_dir, leaflet_url)  # theme files are served once, from the root
            self._copy_markercluster(cluster[0], cluster_url)

    def _write_data(self, public: str, today: dt.date) -> None:
        folder = Path(self.output_path) / OUTLETS_URL
        folder.mkdir(parents=True, exist_ok=True)
        timezone = self.settings.get("TIMEZONE") or "UTC"
        records = export.outlets_json(self.outlets, public, timezone, today)
        (folder / "outlets.json").write_text(export.dump_json(records), encoding="utf-8")
        (folder / "outlets.geojson").write_text(export.dump_json(export.geojson(self.outlets, public)), "utf-8")

    def _write_locator_data(self, today: dt.date, shared_closures: str) -> None:
        folder = Path(self.output_path) / locator_data.DATA_URL
        folder.mkdir(parents=True, exist_ok=True)
        hours = locator_data.hours_table(self.outlets)
        numbers = locator_data.city_numbers(self.areas)
        index = locator_data.locator_index(self.areas, hours, shared_closures)
        (folder / locator_data.INDEX_FILE).write_text(export.dump_json(index), encoding="utf-8")
        for area in self.areas:
            shard = locator_data.area_shard(area, numbers, hours, today)
            (folder / locator_data.shard_name(area)).write_text(export.dump_json(shard), encoding="utf-8")
        (folder / locator_data.CELL_FOLDER).mkdir(exist_ok=True)
        for cell, shard in locator_data.cell_shards(self.areas, numbers, hours, today).items():
            (folder / locator_data.cell_file(cell)).write_text(export.dump_json(shard), encoding="utf-8")

    def _copy_markercluster(self, source: Path, url: str) -> None:
        target = Path(self.output_path) / url
        target.mkdir(parents=True, exist_ok=True)
        for name in (*MARKERCLUSTER_FILES, MARKERCLUSTER_LICENCE):
            shutil.copy2(source / name, target / Path(name).name)

    def _copy_leaflet(self, source: Path, url: str) -> None:
        target = Path(self.output_path) / url
        target.mkdir(parents=True, exist_ok=True)
        for name in LEAFLET_FILES:
            if (source / name).is_dir():
                shutil.copytree(source / name, target / name, dirs_exist_ok=True)
            else:
                shutil.copy2(source / name, target / name)

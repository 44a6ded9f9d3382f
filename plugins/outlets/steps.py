"""The outlets plugin's check before the build (sitebuild.pipeline.CONTENT_CHECKS): outlets.csv, its ids and
the map settings, every problem at once."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from portal.problems import Problem, warning

from . import generator
from .generator import DEFAULTS
from .pack_codes import long_id_problems
from .reader import OUTLETS_FILE, read_outlets


def check_outlets(settings: Mapping[str, Any]) -> list[Problem]:
    outlets, problems = read_outlets(Path(settings["PATH"]), settings)
    outlets_path = Path(settings["PATH"]) / settings.get("OUTLETS_FILE", OUTLETS_FILE)
    setup = check_markercluster() if outlets else []
    return problems + long_id_problems(outlets, settings, outlets_path) + check_map_settings(settings) + setup


def check_markercluster() -> list[Problem]:
    """The locator's map clusters markers with Leaflet.markercluster from npm: without it, no build."""
    if generator.markercluster_source() is not None:
        return []
    what = "leaflet.markercluster (the outlet map's marker clusters) is not installed"
    fix = "run `make setup` (it installs package.json's npm packages)"
    return [Problem(str(generator.MARKERCLUSTER_PACKAGE), None, what, fix)]


def check_map_settings(settings: Mapping[str, Any]) -> list[Problem]:
    """The map's tile host must be allowed by the page's Content-Security-Policy, or tiles never show."""
    tiles = settings.get("OUTLET_MAP_TILES", DEFAULTS["OUTLET_MAP_TILES"])
    host = urlsplit(tiles.replace("{s}", "a")).netloc
    policy = settings.get("CONTENT_SECURITY_POLICY", "")
    img_src = next((part.split()[1:] for part in policy.split(";") if part.split()[:1] == ["img-src"]), None)
    if not host or img_src is None or any(_allows(source, host) for source in img_src):
        return []
    return [
        warning(
            "pelicanconf.py",
            None,
            f"OUTLET_MAP_TILES loads from {host}, which CONTENT_SECURITY_POLICY's img-src does not allow",
            f"add https://{host} to img-src, or the outlet maps show no background",
        )
    ]


def _allows(source: str, host: str) -> bool:
    """Does one CSP source expression ('*', 'https:', 'https://*.example.org', 'tiles.example.org') allow host?"""
    if source in ("*", "https:"):
        return True
    bare = source.split("://", 1)[-1].rstrip("/")
    if bare.startswith("*."):
        return host.endswith(bare[1:])
    return bare == host

"""Outlet locator: content/outlets.csv becomes /outlets/, a page per outlet, and outlets.json/.geojson.

Wiring only. The check before the build is steps.check_outlets (listed in sitebuild/pipeline.py);
the generator (generator.py) puts `outlets` and `outlets_by_id` into Pelican's context and writes the pages.
Other plugins use outlets.model (the Outlet type) and outlets.reader (read_outlets).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import OutletsGenerator


def get_generators(_pelican: Any) -> type[OutletsGenerator]:
    return OutletsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)

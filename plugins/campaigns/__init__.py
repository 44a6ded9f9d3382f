"""Campaigns: content/campaigns/<slug>.md with its schedule and results becomes /campaigns/<slug>/,
a calendar file, outlet packs, a results table and chart, and the outlet and home pages' campaign lists.

Wiring only. The check before the build is steps.check_campaigns (listed in sitebuild/pipeline.py);
the generator (generator.py) writes the pages.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import CampaignsGenerator


def get_generators(_pelican: Any) -> type[CampaignsGenerator]:
    return CampaignsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)

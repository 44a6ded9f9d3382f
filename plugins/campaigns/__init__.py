"""Campaigns: content/campaigns/<slug>.md with its schedule and results becomes /campaigns/<slug>/,
a calendar file, outlet packs, a results table and chart, and the outlet and home pages' campaign lists.

`check_content(settings)` reads and checks every campaign file before the build (every problem at once);
`register()` adds the generator that writes the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content_contract.problems import Problem
from pelican import signals

from .checks import article_index_from_files, campaigns_folder, load_campaigns
from .generator import CampaignsGenerator


def check_content(settings: Mapping[str, Any]) -> list[Problem]:
    if not campaigns_folder(settings).is_dir():
        return []
    from outlets.reader import read_outlets

    outlets, outlet_problems = read_outlets(Path(settings["PATH"]), settings)
    # When outlets.csv has errors of its own (the outlets plugin reports them), some ids are missing:
    # checking campaign outlets against them would only repeat those errors.
    outlet_ids = None if any(p.is_error for p in outlet_problems) else {o.id for o in outlets}
    _campaigns, problems = load_campaigns(settings, outlet_ids, article_index_from_files(settings))
    return problems


def get_generators(_pelican: Any) -> type[CampaignsGenerator]:
    return CampaignsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)


__all__ = ["check_content", "register"]

"""The campaigns plugin's check before the build (sitebuild.pipeline.CONTENT_CHECKS): every campaign file,
its outlets and articles, every problem at once."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from outlets.reader import read_outlets
from portal.problems import Problem

from .checks import article_index_from_files, campaigns_folder, load_campaigns


def check_campaigns(settings: Mapping[str, Any]) -> list[Problem]:
    if not campaigns_folder(settings).is_dir():
        return []
    outlets, outlet_problems = read_outlets(Path(settings["PATH"]), settings)
    # When outlets.csv has errors of its own (the outlets check reports them), some ids are missing:
    # checking campaign outlets against them would only repeat those errors.
    outlet_ids = None if any(p.is_error for p in outlet_problems) else {o.id for o in outlets}
    _campaigns, problems = load_campaigns(settings, outlet_ids, article_index_from_files(settings))
    return problems

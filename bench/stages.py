"""Benchmarks of the stages other features add: (c) leaflets, (d) the outlet locator, (f) the preview."""

from __future__ import annotations

from typing import Any


def measure_all(bench: Any) -> dict[str, dict[str, Any]]:
    from .leaflets import measure_leaflets

    figures: dict[str, dict[str, Any]] = {}
    figures["leaflets"] = measure_leaflets(bench)  # (c): 10 leaflets × 500 outlet packs vs 10 leaflets once
    from .locator import measure_stage as measure_locator

    figures["locator"] = measure_locator(bench)  # (d): /outlets/ size and keystroke time for 2,000 outlets
    from .preview import measure_stage as measure_preview

    figures["preview"] = measure_preview(bench)  # (f): save to updated page in a running make serve
    return figures

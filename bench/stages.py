"""Benchmarks of the stages other features add: (c) leaflets and (d) the outlet locator."""

from __future__ import annotations

from typing import Any


def measure_all(bench: Any) -> dict[str, dict[str, Any]]:
    return {}

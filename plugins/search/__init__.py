"""Site search: the /search/ page (search.html + search.js) and a Pagefind index of article and page bodies.

Wiring only. The index is built after every page is written (steps.py, listed in sitebuild/pipeline.py),
from the parts templates mark with `data-pagefind-body`, filed under `data-pagefind-filter` topic and
audience values.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import SearchPageGenerator


def get_generators(_pelican: Any) -> type[SearchPageGenerator]:
    return SearchPageGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)

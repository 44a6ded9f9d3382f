"""Printable leaflets: an A4 office PDF and an A5 print-shop PDF for every article marked
`Leaflet: yes`, a pack per outlet with the outlet's imprint, and the /leaflets/ catalogue.

Only wiring here: the work is in model.py (what a leaflet is), render.py (WeasyPrint),
imprint.py (packs), cache.py, checks.py and generator.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content_contract.problems import Problem
from content_contract.setting_lines import value_lines
from markupsafe import Markup, escape
from pelican import signals

from .checks import output_profile_problems
from .generator import LeafletGenerator
from .model import address_markup


def get_generators(_pelican: Any) -> type[LeafletGenerator]:
    return LeafletGenerator


def plan_packs(generators: list[Any]) -> None:
    # Runs after every generator's generate_context, so the outlets plugin has read its outlets.
    for generator in generators:
        if isinstance(generator, LeafletGenerator):
            generator.plan_packs()


def address_pieces(url: str) -> Markup:
    """Template filter for leaflets/address.html: the same unbreakable pieces links in the text get."""
    return Markup(address_markup(str(escape(url))))


def add_filters(generator: Any) -> None:
    generator.env.filters["address_pieces"] = address_pieces  # campaign posters print addresses too


def check_content(settings: Mapping[str, Any]) -> list[Problem]:
    settings_file = Path(settings.get("SETTINGS_FILE") or "pelicanconf.py")
    written = value_lines(settings_file).get(("LEAFLET_OUTPUT_PROFILE",)) if settings_file.is_file() else None
    where = (written.path, written.line) if written else (settings_file, None)
    return output_profile_problems(settings, *where)


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_packs)

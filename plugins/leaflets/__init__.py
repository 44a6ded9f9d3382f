"""Printable leaflets: an A4 office PDF and an A5 print-shop PDF for every article marked
`Leaflet: yes`, a pack per outlet with the outlet's imprint, and the /leaflets/ catalogue.

Only wiring here: the work is in model.py (what a leaflet is), render.py (WeasyPrint),
imprint.py (packs), cache.py, checks.py and generator.py.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from pelican import signals

from .checks import settings_problems as check_content
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


__all__ = ["check_content", "register"]  # check_content: sitebuild runs it with the other content checks


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_packs)

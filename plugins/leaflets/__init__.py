"""Printable leaflets: an A4 office PDF and an A5 print-shop PDF for every article marked
`Leaflet: yes`, a pack per outlet with the outlet's imprint, and the /leaflets/ catalogue.

Wiring only. The work is in model.py (what a leaflet is), render.py (WeasyPrint), imprint.py (packs),
cache.py, checks.py (its check before the build, listed in sitebuild/pipeline.py) and generator.py.
Other plugins use leaflets.packs (outlet and campaign packs) and leaflets.filters (template filters).
sitebuild's print-run command uses leaflets.print_run (one leaflet for every outlet, in one PDF).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pelican import signals

if TYPE_CHECKING:
    from .generator import LeafletGenerator

# The generator (WeasyPrint, pypdf) is imported only when the plugin runs: templates import
# leaflets.filters in every build, also in one without leaflets.


def get_generators(_pelican: Any) -> type[LeafletGenerator]:
    from .generator import LeafletGenerator

    return LeafletGenerator


def plan_packs(generators: list[Any]) -> None:
    from .generator import LeafletGenerator

    # Runs after every generator's generate_context, so the outlets plugin has read its outlets.
    for generator in generators:
        if isinstance(generator, LeafletGenerator):
            generator.plan_packs()


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_packs)

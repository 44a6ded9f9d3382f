"""What templates get: the Jinja environment, set up in one place (environment.py), site-wide lists
(lists.py: topic hubs, audience pages, urgent, latest and related articles) and the audience pages
(generator.py).

Wiring only.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .environment import configure_environment
from .generator import AudiencePagesGenerator
from .lists import add_lists


def get_generators(_pelican: Any) -> type[AudiencePagesGenerator]:
    return AudiencePagesGenerator


def register() -> None:
    signals.generator_init.connect(configure_environment)
    signals.article_generator_finalized.connect(add_lists)
    signals.get_generators.connect(get_generators)

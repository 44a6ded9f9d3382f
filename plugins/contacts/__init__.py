""" "Is it really us?": content/official-contacts.csv and content/warnings.csv become /check/, where a reader
checks a phone number, a text sender or a web address in the browser (the query never leaves it).

Wiring only. The check before the build is steps.check_contacts (listed in sitebuild/pipeline.py); the
generator (generator.py) puts `official_contacts` and `contact_check_url` into Pelican's context and
writes the page and its data. The keys are made by normalise.py, as theme/static/js/contact-keys.js
makes them in the browser. No other plugin imports this one.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import ContactsGenerator


def get_generators(_pelican: Any) -> type[ContactsGenerator]:
    return ContactsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)

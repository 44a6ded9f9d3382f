"""Links that leave the site open without handing over the page: rel="noopener noreferrer".

Wiring only: hooks.py adds a Markdown extension (markdown_ext.py) to every article and page the Markdown
reader renders (links written in Markdown and links in harmless inline HTML alike).
"""

from __future__ import annotations

from pelican import signals

from .hooks import add_extension


def register() -> None:
    signals.initialized.connect(add_extension)

"""Links that leave the site open without handing over the page: rel="noopener noreferrer".

`register()` adds a Markdown extension to every article and page the Markdown reader renders
(links written in Markdown and links in harmless inline HTML alike).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .markdown_ext import SafeLinksExtension


def add_extension(pelican: Any) -> None:
    settings = pelican.settings
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, SafeLinksExtension)]
    own_sites = [settings.get("SITEURL", ""), settings.get("PUBLIC_SITEURL", "")]
    extensions.append(SafeLinksExtension(own_sites=[url for url in own_sites if url]))


def register() -> None:
    signals.initialized.connect(add_extension)

"""Adds the safe-links Markdown extension to the run's Markdown settings, once."""

from __future__ import annotations

from typing import Any

from .markdown_ext import SafeLinksExtension


def add_extension(pelican: Any) -> None:
    settings = pelican.settings
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, SafeLinksExtension)]
    own_sites = [settings.get("SITEURL", ""), settings.get("PUBLIC_SITEURL", "")]
    extensions.append(SafeLinksExtension(own_sites=[url for url in own_sites if url]))

"""Adds the safe-links Markdown extension to the run's Markdown settings, once."""

from __future__ import annotations

from typing import Any

from .markdown_ext import SafeLinksExtension


def add_extension(pelican: Any) -> None:
    add_to_settings(pelican.settings)


def add_to_settings(settings: dict[str, Any]) -> None:
    """Also a settings step (sitebuild/pipeline.py): the content check renders Markdown as the reader will.
    The settings get their own MARKDOWN: the one in pelicanconf's module is shared by every load."""
    markdown = dict(settings.get("MARKDOWN") or {})
    extensions = list(markdown.get("extensions") or [])
    own_sites = [settings.get("SITEURL", ""), settings.get("PUBLIC_SITEURL", "")]
    ours = SafeLinksExtension(own_sites=[url for url in own_sites if url])
    # In the place of an earlier run's: the same extensions in the same order render alike.
    at = next((i for i, e in enumerate(extensions) if isinstance(e, SafeLinksExtension)), len(extensions))
    extensions[at:] = [ours, *(e for e in extensions[at:] if not isinstance(e, SafeLinksExtension))]
    settings["MARKDOWN"] = {**markdown, "extensions": extensions}

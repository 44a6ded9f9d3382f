"""The i18n plugin's post-build step (sitebuild.pipeline.POST_BUILD_STEPS): link every page to its
translations (hreflang, the language switch) once every language's pages are written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .alternates import link_languages as link_pages
from .languages import languages


def link_languages(settings: dict[str, Any], output: Path) -> None:
    langs = languages(settings)
    root = str(settings.get("ROOT_SITEURL", settings.get("SITEURL", "")))
    public_root = str(settings.get("ROOT_PUBLIC_SITEURL", settings.get("PUBLIC_SITEURL", "")))
    link_pages(output, langs, root, public_root)
    for lang in langs:
        if lang.prefix:
            fold_cross_language_links(output / lang.prefix, lang.prefix)


CROSS_LINK = re.compile(r'((?:href|src)=")([^"]*?)/([a-z]{2})/\.\./')


def fold_cross_language_links(folder: Path, prefix: str) -> None:
    """A Chinese article linking to an English-only one gets '/zh/../x/' from Pelican; write '/x/'."""
    for file in folder.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        folded = CROSS_LINK.sub(lambda m: f"{m[1]}{m[2]}/" if f"{m[3]}/" == prefix else m[0], text)
        if folded != text:
            file.write_text(folded, encoding="utf-8")

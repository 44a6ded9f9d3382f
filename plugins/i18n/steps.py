"""The i18n plugin's post-build step (sitebuild.pipeline.POST_BUILD_STEPS): link every page to its
translations (hreflang, the language switch) once every language's pages are written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .alternates import link_languages as link_pages
from .alternates import link_one_page
from .languages import languages


def link_languages(settings: dict[str, Any], output: Path) -> None:
    langs = languages(settings)
    link_pages(output, langs, *_roots(settings))
    for lang in langs:
        if lang.prefix:
            fold_cross_language_links(output / lang.prefix, lang.prefix)


def link_page(settings: dict[str, Any], output: Path, relative: str, text: str) -> str:
    """One page's text as link_languages would leave it (for the preview's quick look): `relative` is its
    path under the site's root `output`, written in the run of `settings`' language or any other."""
    langs = languages(settings)
    text = link_one_page(output, relative, text, langs, *_roots(settings))
    prefix = next((lang.prefix for lang in langs if lang.prefix and relative.startswith(lang.prefix)), "")
    return fold_links(text, prefix) if prefix else text


def _roots(settings: dict[str, Any]) -> tuple[str, str]:
    root = str(settings.get("ROOT_SITEURL", settings.get("SITEURL", "")))
    return root, str(settings.get("ROOT_PUBLIC_SITEURL", settings.get("PUBLIC_SITEURL", "")))


CROSS_LINK = re.compile(r'((?:href|src)=")([^"]*?)/([a-z]{2})/\.\./')


def fold_cross_language_links(folder: Path, prefix: str) -> None:
    """A Chinese article linking to an English-only one gets '/zh/../x/' from Pelican; write '/x/'."""
    for file in folder.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        folded = fold_links(text, prefix)
        if folded != text:
            file.write_text(folded, encoding="utf-8")


def fold_links(text: str, prefix: str) -> str:
    return CROSS_LINK.sub(lambda m: f"{m[1]}{m[2]}/" if f"{m[3]}/" == prefix else m[0], text)

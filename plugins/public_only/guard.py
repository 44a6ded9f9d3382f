"""Inside Pelican: drafts and hidden content are dropped before any plugin lists, indexes or prints them,
and no static file from outside the content folder, nor any source text or spreadsheet, is copied.

The content checks (checks.py) refuse these with a message first; this is the second lock.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from .checks import inside, is_private

log = logging.getLogger(__name__)

# Generator attributes and context keys that hold unpublished articles and pages.
ARTICLE_LISTS = ("drafts", "drafts_translations", "hidden_articles", "hidden_translations")
PAGE_LISTS = ("draft_pages", "draft_translations", "hidden_pages", "hidden_translations")
# Header fields Pelican turns into an output path (any header key becomes an attribute).
PATH_OVERRIDES = ("override_save_as", "override_url")


def drop_output_overrides(content: Content) -> None:
    """A header such as `Save_as: index.html` would replace another page; the address comes from the file name."""
    if not isinstance(content, (Article, Page)):
        return
    for name in PATH_OVERRIDES:
        if name in vars(content):
            log.error("%s: %s ignored: the address comes from the file name", content.source_path, name)
            delattr(content, name)


def _clear(generator: Any, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(generator, name, [])
        if name in generator.context:
            generator.context[name] = []


def drop_unpublished_articles(generator: ArticlesGenerator) -> None:
    _clear(generator, ARTICLE_LISTS)


def drop_unpublished_pages(generator: PagesGenerator) -> None:
    _clear(generator, PAGE_LISTS)


def drop_private_static(generator: StaticGenerator) -> None:
    """Static files (found in STATIC_PATHS or linked with {static}/{attach}) that must stay private."""
    root = Path(generator.path)
    kept = []
    for static in generator.staticfiles:
        source = root / static.source_path
        if not inside(root, source) or is_private(source) or is_private(static.save_as):
            log.error("%s: not published: outside the content folder or a private file type", source)
            continue
        kept.append(static)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept

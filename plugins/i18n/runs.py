"""Keeps each Pelican run (one per language, see sitebuild/languages.py) to its own language."""

from __future__ import annotations

from typing import Any

from content_contract.public import MARKDOWN_SUFFIXES, language_codes, path_metadata_pattern, slug_from_file_name
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from portal.run import is_main_language, language

from .elsewhere import OTHER_LANGUAGES_KEY, other_languages
from .languages import languages


def read_language_from_file_names(pelican: Any) -> None:
    """'x.zh.md' without `Lang:` is Chinese: the same rule as the content checks (content_contract.translations)."""
    settings = pelican.settings
    settings["PATH_METADATA"] = path_metadata_pattern(language_codes(settings), MARKDOWN_SUFFIXES)


def slug_without_language(content: Content) -> None:
    """'x.zh.md' without `Slug:` gets the address part 'x', as its original 'x.md' does (not 'xzh')."""
    if isinstance(content, Article | Page) and "slug" not in content.metadata:
        content.slug = slug_from_file_name(content.source_path, content.settings)


def keep_own_language_articles(generator: ArticlesGenerator) -> None:
    """Each run lists only its own language; the other language's run writes the rest."""
    lang = language(generator.settings)
    # What the other languages have, for menus and hubs that point there (portal_context).
    published = [*generator.articles, *generator.translations]
    generator.context[OTHER_LANGUAGES_KEY] = other_languages(published, languages(generator.settings), lang)
    for name in ("articles", "drafts", "hidden_articles"):
        kept = [a for a in getattr(generator, name, []) if a.lang == lang]
        for article in kept:
            article.translations = []  # languages are linked after the build, page by page
        setattr(generator, name, kept)
    for name in ("translations", "drafts_translations", "hidden_translations"):
        setattr(generator, name, [])


def keep_own_language_pages(generator: PagesGenerator) -> None:
    lang = language(generator.settings)
    for name in ("pages", "hidden_pages", "draft_pages"):
        kept = [p for p in getattr(generator, name, []) if p.lang == lang]
        for page in kept:
            page.translations = []
        setattr(generator, name, kept)
    for name in ("translations", "hidden_translations", "draft_translations"):
        setattr(generator, name, [])
    generator.context["pages"] = generator.pages


def copy_static_files_once(generator: StaticGenerator) -> None:
    """Only the main-language run copies pictures; `{static}` links of other runs still resolve."""
    if not is_main_language(generator.settings):
        generator.staticfiles = []
        generator.context["staticfiles"] = []

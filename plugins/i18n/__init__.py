"""Languages: one Pelican run per language (see sitebuild/languages.py); this plugin keeps each run
to its own language, gives templates translated theme text and dates, and links the languages together.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from content_contract.check import MARKDOWN_SUFFIXES
from content_contract.translations import language_codes, path_metadata_pattern, slug_from_file_name
from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator, StaticGenerator

from .alternates import Language, link_languages
from .catalog import translations_for
from .dates import human_date_for
from .elsewhere import OTHER_LANGUAGES_KEY, other_languages

POST_BUILD_ORDER = 10  # before the search index and publishing read the pages


def languages(settings: dict[str, Any]) -> list[Language]:
    configured = settings.get("LANGUAGES", {})
    main = settings.get("MAIN_LANG", settings.get("DEFAULT_LANG", "en"))
    codes = settings.get("SITE_LANGUAGES") or [main]
    return [
        Language(
            code,
            configured.get(code, {}).get("html_lang", code),
            configured.get(code, {}).get("name", code),
            "" if code == main else f"{code}/",
        )
        for code in codes
    ]


def html_lang(settings: dict[str, Any], code: str) -> str:
    return settings.get("LANGUAGES", {}).get(code, {}).get("html_lang", code)


def read_language_from_file_names(pelican: Any) -> None:
    """'x.zh.md' without `Lang:` is Chinese: the same rule as the content checks (content_contract.translations)."""
    settings = pelican.settings
    settings["PATH_METADATA"] = path_metadata_pattern(language_codes(settings), MARKDOWN_SUFFIXES)


def slug_without_language(content: Content) -> None:
    """'x.zh.md' without `Slug:` gets the address part 'x', as its original 'x.md' does (not 'xzh')."""
    if isinstance(content, Article | Page) and "slug" not in content.metadata:
        content.slug = slug_from_file_name(content.source_path, content.settings)


def install_theme_language(generator: Generator) -> None:
    settings = generator.settings
    lang = settings.get("DEFAULT_LANG", "en")
    translations = translations_for(Path(settings["THEME"]) / "translations", lang)
    generator.env.install_gettext_translations(translations, newstyle=True)
    generator.env.filters["human_date"] = human_date_for(lang)
    generator.env.filters["html_lang"] = lambda code: html_lang(settings, code)
    generator.env.globals["HTML_LANG"] = html_lang(settings, lang)


def keep_own_language_articles(generator: ArticlesGenerator) -> None:
    """Each run lists only its own language; the other language's run writes the rest."""
    lang = generator.settings.get("DEFAULT_LANG")
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
    lang = generator.settings.get("DEFAULT_LANG")
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
    settings = generator.settings
    if settings.get("DEFAULT_LANG") != settings.get("MAIN_LANG", settings.get("DEFAULT_LANG")):
        generator.staticfiles = []
        generator.context["staticfiles"] = []


def post_build(settings: dict[str, Any], output: Path) -> None:
    langs = languages(settings)
    root = str(settings.get("ROOT_SITEURL", settings.get("SITEURL", "")))
    public_root = str(settings.get("ROOT_PUBLIC_SITEURL", settings.get("PUBLIC_SITEURL", "")))
    link_languages(output, langs, root, public_root)
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


def register() -> None:
    signals.initialized.connect(read_language_from_file_names)
    signals.content_object_init.connect(slug_without_language)
    signals.generator_init.connect(install_theme_language)
    signals.article_generator_pretaxonomy.connect(keep_own_language_articles)
    signals.page_generator_finalized.connect(keep_own_language_pages)
    signals.static_generator_finalized.connect(copy_static_files_once)

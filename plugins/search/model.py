"""Where the search page and the search index live, from the settings (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from portal.run import language

DEFAULTS = {
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_LANG_URL": "{lang}/search/",  # a search page for each other language in SEARCH_LANGUAGES
    "SEARCH_LANG_SAVE_AS": "{lang}/search/index.html",
    "SEARCH_BUNDLE_DIR": "pagefind",  # Pagefind's index and its small JS API, at the site root
}


@dataclass(frozen=True)
class SearchPage:
    lang: str  # Pagefind searches the index of the page's language (its <html lang>)
    url: str  # site path of the search page, e.g. "search/"
    save_as: str
    bundle_url: str  # where search.js loads pagefind.js from
    base_path: str  # prefix of every result address (the site's path on its host), e.g. "/" or "/portal/"


def setting(settings: Mapping[str, Any], name: str) -> str:
    return str(settings.get(name) or DEFAULTS[name])


def search_pages(settings: Mapping[str, Any]) -> list[SearchPage]:
    """One search page per language in SEARCH_LANGUAGES (default: the site's language only)."""
    # One Pagefind bundle at the site root serves every language (it keeps an index per <html lang>).
    siteurl = str(settings.get("ROOT_SITEURL", settings.get("SITEURL")) or "").rstrip("/")
    default_lang = language(settings)
    languages = list(settings.get("SEARCH_LANGUAGES") or [default_lang])
    pages = []
    for lang in dict.fromkeys([default_lang, *languages]):
        own = lang == default_lang
        pages.append(
            SearchPage(
                lang=lang,
                url=setting(settings, "SEARCH_URL" if own else "SEARCH_LANG_URL").format(lang=lang),
                save_as=setting(settings, "SEARCH_SAVE_AS" if own else "SEARCH_LANG_SAVE_AS").format(lang=lang),
                bundle_url=f"{siteurl}/{setting(settings, 'SEARCH_BUNDLE_DIR')}/",
                base_path=urlsplit(siteurl).path.rstrip("/") + "/",
            )
        )
    return pages

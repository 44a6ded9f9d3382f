"""Where the search page and the search index live, from the settings (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEFAULTS = {
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_BUNDLE_DIR": "pagefind",  # Pagefind's index and its small JS API, at the site root
}


@dataclass(frozen=True)
class SearchPage:
    url: str  # site path of the search page, e.g. "search/"
    save_as: str
    bundle_url: str  # where search.js loads pagefind.js from
    base_path: str  # prefix of every result address (the site's path on its host), e.g. "/" or "/portal/"


def setting(settings: Mapping[str, Any], name: str) -> str:
    return str(settings.get(name) or DEFAULTS[name])


def search_page(settings: Mapping[str, Any]) -> SearchPage:
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    base_path = urlsplit(siteurl).path.rstrip("/") + "/"
    return SearchPage(
        url=setting(settings, "SEARCH_URL"),
        save_as=setting(settings, "SEARCH_SAVE_AS"),
        bundle_url=f"{siteurl}/{setting(settings, 'SEARCH_BUNDLE_DIR')}/",
        base_path=base_path,
    )

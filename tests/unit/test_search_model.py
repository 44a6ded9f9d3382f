"""Where search pages and the search bundle live, for a root site and a site in a sub-folder."""

from __future__ import annotations

from search.model import search_pages


def test_one_search_page_for_the_site_language_by_default() -> None:
    [page] = search_pages({"SITEURL": "", "DEFAULT_LANG": "en"})
    assert (page.lang, page.url, page.save_as) == ("en", "search/", "search/index.html")
    assert (page.bundle_url, page.base_path) == ("/pagefind/", "/")


def test_a_page_per_search_language_and_addresses_under_a_sub_folder() -> None:
    settings = {"SITEURL": "https://user.github.io/portal/", "DEFAULT_LANG": "en", "SEARCH_LANGUAGES": ["en", "zh"]}
    english, chinese = search_pages(settings)
    assert english.url == "search/" and english.base_path == "/portal/"
    assert (chinese.lang, chinese.url, chinese.save_as) == ("zh", "zh/search/", "zh/search/index.html")
    assert chinese.bundle_url == "https://user.github.io/portal/pagefind/"

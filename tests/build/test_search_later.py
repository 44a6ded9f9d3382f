"""The preview's pages-first build does not wait for Pagefind (plugins/search/indexer.py, stale_ok): the
changed shard keeps the last full index for one build, and the build after it indexes the edit."""

from __future__ import annotations

from pathlib import Path

from search.indexer import build_search_index, read_bundle


def page(site: Path, path: str, words: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'<html lang="en"><body><main data-pagefind-body><p>{words}</p></main></body></html>')


def index_of(site: Path) -> dict[str, bytes]:
    return read_bundle(site / "pagefind")


def test_a_pages_first_build_keeps_the_last_index_and_the_next_build_indexes_the_edit(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    page(site, "fraud/a/index.html", "counterfeit banknotes")
    page(site, "fraud/b/index.html", "safe account transfers")
    assert build_search_index(site, cache) == (1, 1, 0)
    before = index_of(site)

    page(site, "fraud/a/index.html", "counterfeit banknotes and coins")
    assert build_search_index(site, cache, stale_ok=True) == (1, 0, 1)  # no Pagefind run: the old index
    assert index_of(site) == before

    assert build_search_index(site, cache) == (1, 1, 0)  # the build after: the edit is indexed
    edited = index_of(site)
    assert edited != before
    fresh = tmp_path / "fresh"
    page(fresh, "fraud/a/index.html", "counterfeit banknotes and coins")
    page(fresh, "fraud/b/index.html", "safe account transfers")
    build_search_index(fresh, None)
    assert index_of(fresh) == edited  # as if the stale build never happened


def test_without_a_last_index_a_pages_first_build_indexes_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page(site, "fraud/a/index.html", "counterfeit banknotes")
    assert build_search_index(site, tmp_path / "cache", stale_ok=True) == (1, 1, 0)
    assert build_search_index(site, None, stale_ok=True) == (1, 1, 0)
    assert index_of(site)

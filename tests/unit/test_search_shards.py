"""How the search index is split into shards (plugins/search/indexer.py), without running Pagefind."""

from __future__ import annotations

from pathlib import Path

from search.indexer import MAX_SHARDS, PAGES_PER_SHARD, pages_to_index, shard_count, split_into_shards


def page(site: Path, path: str, body: bool = True) -> Path:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    marker = " data-pagefind-body" if body else ""
    target.write_text(f"<html><body><main{marker}><p>{path}</p></main></body></html>", encoding="utf-8")
    return target


def test_a_small_site_keeps_one_bundle_and_a_big_one_is_split_up_to_the_limit() -> None:
    assert shard_count(0) == 1
    assert shard_count(PAGES_PER_SHARD) == 1
    assert shard_count(PAGES_PER_SHARD + 1) == 2
    assert shard_count(1003, per_shard=250) == 5
    assert shard_count(100_000) == MAX_SHARDS


def test_only_pages_with_a_body_are_indexed_and_the_bundle_itself_is_skipped(tmp_path: Path) -> None:
    article = page(tmp_path, "fraud/a/index.html")
    page(tmp_path, "outlets/x/index.html", body=False)
    page(tmp_path, "pagefind/old/index.html")
    assert pages_to_index(tmp_path) == [article]


def test_adding_a_page_leaves_every_other_page_in_its_shard(tmp_path: Path) -> None:
    pages = [page(tmp_path, f"fraud/article-{n}/index.html") for n in range(40)]
    before = {p: shard.number for shard in split_into_shards(tmp_path, pages, 4) for p in shard.pages}
    added = page(tmp_path, "credit/new-article/index.html")
    after = {p: shard.number for shard in split_into_shards(tmp_path, [*pages, added], 4) for p in shard.pages}
    assert {p: after[p] for p in pages} == before
    assert sorted(set(before.values())) == [0, 1, 2, 3]  # forty pages fill all four shards


def test_shards_are_numbered_without_gaps_when_some_are_empty(tmp_path: Path) -> None:
    pages = [page(tmp_path, "fraud/only/index.html")]
    shards = split_into_shards(tmp_path, pages, 8)
    assert [s.number for s in shards] == [0] and shards[0].pages == (pages[0],)
    assert shards[0].folder("pagefind") == "pagefind"

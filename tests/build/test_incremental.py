"""Rebuilds reuse pages whose inputs did not change, and the site they give equals a cold build's.

plugins/render_cache keeps each rendered page under a key of everything it depends on. These
tests edit content the way an editor does and check what a reader sees after the rebuild, that
only the pages showing the edit were rendered again, and that nothing differs from a build
with an empty cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BuildResult, copy_content, run_site

SMALL_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "small-site"
ARTICLE = Path("articles/fraud/fake-police-call.md")
# Not a leaflet: a leaflet's text is also in its PDF and the catalogue, so editing one renders more.
PLAIN_ARTICLE = Path("articles/credit/credit-report.md")


def html_pages(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))}


def stored_pages(cache: Path) -> dict[str, float]:
    """The render cache's files and their modification times (a page rendered again is a new file)."""
    return {p.name: p.stat().st_mtime_ns for p in cache.glob("pelican-*/rendered-pages/*.html")}


def build(content: Path, work: Path, name: str = "output") -> BuildResult:
    result = run_site("build", content, work / name, cache_root=work / "cache")
    assert result.returncode == 0, result.stderr
    return result


def assert_same_as_cold_build(content: Path, incremental: Path, tmp_path: Path, label: str) -> None:
    cold = run_site("build", content, tmp_path / f"cold-{label}", cache_root=tmp_path / f"cold-cache-{label}")
    assert cold.returncode == 0, cold.stderr
    assert html_pages(incremental) == html_pages(cold.output), f"{label}: the rebuild differs from a cold build"


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    copy_content(SMALL_SITE, tmp_path / "content")
    return tmp_path


def test_a_rebuild_with_nothing_changed_renders_no_page(work: Path) -> None:
    first = build(work / "content", work)
    before_pages, before_store = html_pages(first.output), stored_pages(work / "cache")
    assert len(before_store) >= 5, "the render cache should hold the pages of the first build"
    second = build(work / "content", work)
    assert stored_pages(work / "cache") == before_store
    assert html_pages(second.output) == before_pages


def test_editing_an_article_body_renders_only_that_page_and_matches_a_cold_build(work: Path) -> None:
    build(work / "content", work)
    before = stored_pages(work / "cache")
    source = work / "content" / PLAIN_ARTICLE
    source.write_text(source.read_text(encoding="utf-8") + "\nCall your bank on the number on your card.\n")

    result = build(work / "content", work)
    assert "Call your bank on the number on your card." in result.page("credit/credit-report/").get_text()
    after = stored_pages(work / "cache")
    renewed = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert len(renewed) == 1, f"only the edited article's page should be rendered again, not {len(renewed)}"
    assert_same_as_cold_build(work / "content", result.output, work, "body")


def test_editing_a_leaflet_article_updates_its_pages_and_matches_a_cold_build(work: Path) -> None:
    build(work / "content", work)
    source = work / "content" / ARTICLE
    source.write_text(source.read_text(encoding="utf-8") + "\nNever tell anyone a code sent to your phone.\n")

    result = build(work / "content", work)
    assert "Never tell anyone a code sent to your phone." in result.page("fraud/fake-police-call/").get_text()
    assert_same_as_cold_build(work / "content", result.output, work, "leaflet")


def test_editing_a_title_updates_every_page_that_lists_it(work: Path) -> None:
    build(work / "content", work)
    source = work / "content" / ARTICLE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('"the police"', "a fake police officer", 1), encoding="utf-8")

    result = build(work / "content", work)
    assert "a fake police officer" in result.page("fraud/").get_text()  # the topic hub lists the new title
    assert "a fake police officer" in result.page("/").get_text()  # and so does the home page
    assert_same_as_cold_build(work / "content", result.output, work, "title")


def test_a_theme_change_is_not_hidden_by_stored_pages(work: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pages depend on the templates: the key covers the theme, so another theme renders afresh."""
    from render_cache.fingerprint import site_fingerprint

    settings = {"THEME": str(work / "theme"), "PLUGIN_PATHS": [], "PATH": str(work / "content"), "TIMEZONE": "UTC"}
    (work / "theme").mkdir()
    (work / "theme" / "base.html").write_text("<p>one</p>", encoding="utf-8")
    first = site_fingerprint(settings, {})
    (work / "theme" / "base.html").write_text("<p>two</p>", encoding="utf-8")
    assert site_fingerprint(settings, {}) != first

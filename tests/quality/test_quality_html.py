"""Every page the build writes passes the Nu Html Checker (vnu) with zero errors."""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.quality.crawl import Site

# Kinds every build of the project's content has; others (outlets, leaflets, search, zh) join when built.
EXPECTED_KINDS = {"home", "topic hub", "article", "page", "audience page", "404"}


def message_file(message: dict) -> Path:
    return Path(unquote(urlsplit(message["url"]).path))


def describe(message: dict, output: Path) -> str:
    where = message_file(message)
    with contextlib.suppress(ValueError):
        where = where.relative_to(output)
    return f"{where}:{message.get('lastLine', '?')}: {message.get('message')} [{message.get('extract', '').strip()}]"


def test_every_page_kind_is_built(site_page_kinds: dict[str, str]) -> None:
    assert set(site_page_kinds) >= EXPECTED_KINDS, f"kinds found: {sorted(site_page_kinds)}"


def test_every_page_passes_the_nu_html_checker(
    crawled_site: Site, published_site: Site, vnu_report: tuple[list[dict], Path]
) -> None:
    """Local and published (minified, fingerprinted) pages alike."""
    messages, canary = vnu_report
    site_errors = [m for m in messages if message_file(m) != canary]
    assert len(crawled_site.html_files) >= 20
    missing = set(crawled_site.urls) - set(published_site.urls)
    assert not missing, f"pages of the local build the published build lacks: {sorted(missing)}"
    print(f"vnu: {len(site_errors)} error(s) in {len(crawled_site.html_files) + len(published_site.html_files)} pages")
    assert site_errors == [], "\n".join(describe(m, crawled_site.output.parent.parent) for m in site_errors)


def test_the_checker_reports_errors_in_an_invalid_page(vnu_report: tuple[list[dict], Path]) -> None:
    messages, canary = vnu_report
    canary_errors = [m["message"] for m in messages if message_file(m) == canary]
    assert any("alt" in text for text in canary_errors), canary_errors
    assert any("Duplicate attribute" in text for text in canary_errors), canary_errors

"""Sitemaps past the protocol's limits (sitemaps.org: 50,000 addresses and 50 MB per file): what a search
engine reads after the split, parsed back from the written files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from discovery.model import absolute_url
from discovery.sitemap import (
    MAX_SITEMAP_BYTES,
    MAX_URLS_PER_SITEMAP,
    SitemapEntry,
    newest_lastmod,
    sitemap_files,
    sitemap_xml,
    write_sitemap_and_robots,
    write_sitemaps,
)

SITE = "https://portal.example.org"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
S = {"s": NS}


def outlet_entries(count: int, lastmod: str = "") -> list[SitemapEntry]:
    """Sorted like site_entries sorts them: 'outlets/00001/' … (zero-padded, so text order is number order)."""
    return [SitemapEntry(f"{SITE}/outlets/{number:05d}/", lastmod) for number in range(count)]


def written(folder: Path, entries: list[SitemapEntry], **limits: int) -> dict[str, ET.Element]:
    """Writes the sitemap files into an empty folder and parses each one back, by file name."""
    write_sitemaps(folder, sitemap_files(entries, SITE, **limits))
    return {path.name: ET.parse(path).getroot() for path in sorted(folder.iterdir())}


def urlset_locations(root: ET.Element) -> list[str]:
    assert root.tag == f"{{{NS}}}urlset"
    return [url.findtext("s:loc", namespaces=S) or "" for url in root.findall("s:url", S)]


def index_entries(root: ET.Element) -> list[tuple[str, str | None]]:
    assert root.tag == f"{{{NS}}}sitemapindex"
    assert not root.findall("s:url", S)
    return [
        (sitemap.findtext("s:loc", namespaces=S) or "", sitemap.findtext("s:lastmod", namespaces=S))
        for sitemap in root.findall("s:sitemap", S)
    ]


def check_split(folder: Path, entries: list[SitemapEntry], max_urls: int, max_bytes: int) -> list[str]:
    """What a search engine checks: an index at sitemap.xml naming every file written beside it by its
    absolute address, each of those a urlset within both limits, every address once and in order.
    Returns the part files' names."""
    roots = written(folder, entries, max_urls=max_urls, max_bytes=max_bytes)
    listed = index_entries(roots["sitemap.xml"])
    parts = [name for name in roots if name != "sitemap.xml"]
    assert [loc for loc, _ in listed] == [absolute_url(SITE, name) for name in parts_in_order(parts)]
    assert len(parts) >= 2
    locations: list[str] = []
    for name in parts_in_order(parts):
        assert (folder / name).stat().st_size <= max_bytes, name
        part = urlset_locations(roots[name])
        assert 1 <= len(part) <= max_urls, name
        locations += part
    assert locations == [entry.url for entry in entries]  # each address exactly once, in sorted order
    return parts_in_order(parts)


def parts_in_order(names: list[str]) -> list[str]:
    numbers = sorted(int(name.removeprefix("sitemap-").removesuffix(".xml")) for name in names)
    assert numbers == list(range(1, len(names) + 1)), names
    return [f"sitemap-{number}.xml" for number in numbers]


def test_the_protocol_limits_are_the_defaults() -> None:
    assert (MAX_URLS_PER_SITEMAP, MAX_SITEMAP_BYTES) == (50_000, 50 * 1024 * 1024)


def test_a_site_that_fits_one_file_writes_exactly_sitemap_and_robots_as_before(tmp_path: Path) -> None:
    for page in ("index.html", "fraud/x/index.html", "404.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<html><head></head><body></body></html>", encoding="utf-8")
    before = {path.relative_to(tmp_path) for path in tmp_path.rglob("*")}
    assert write_sitemap_and_robots(tmp_path, SITE, max_urls=3) == 3
    added = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")} - {p.as_posix() for p in before}
    assert added == {"sitemap.xml", "robots.txt"}
    entries = [SitemapEntry(f"{SITE}/"), SitemapEntry(f"{SITE}/404.html"), SitemapEntry(f"{SITE}/fraud/x/")]
    assert (tmp_path / "sitemap.xml").read_text(encoding="utf-8") == sitemap_xml(entries)
    assert urlset_locations(ET.parse(tmp_path / "sitemap.xml").getroot()) == [entry.url for entry in entries]


def test_exactly_at_both_limits_is_still_one_file() -> None:
    entries = outlet_entries(10, "2026-01-01")
    size = len(sitemap_xml(entries).encode("utf-8"))
    assert sitemap_files(entries, SITE, max_urls=10, max_bytes=size) == {"sitemap.xml": sitemap_xml(entries)}
    assert sitemap_files([], SITE) == {"sitemap.xml": sitemap_xml([])}
    # One more address, or one byte less, and it no longer fits.
    assert len(sitemap_files(outlet_entries(11), SITE, max_urls=10)) == 3
    assert len(sitemap_files(entries, SITE, max_urls=10, max_bytes=size - 1)) == 3


def test_past_the_url_limit_sitemap_xml_becomes_an_index_and_robots_still_names_it(tmp_path: Path) -> None:
    for number in range(7):
        (tmp_path / f"page-{number}.html").write_text("<html><head></head></html>", encoding="utf-8")
    assert write_sitemap_and_robots(tmp_path, SITE, max_urls=3) == 7
    parts = sorted(path.name for path in tmp_path.glob("sitemap-*.xml"))
    assert parts == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    listed = index_entries(ET.parse(tmp_path / "sitemap.xml").getroot())
    assert listed == [(f"{SITE}/sitemap-{number}.xml", None) for number in (1, 2, 3)]  # no page has a date
    sizes = [len(urlset_locations(ET.parse(tmp_path / name).getroot())) for name in parts]
    assert sizes == [3, 3, 1]
    assert f"Sitemap: {SITE}/sitemap.xml" in (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines()


def test_a_bank_with_80001_addresses_gets_a_full_file_and_one_with_the_rest(tmp_path: Path) -> None:
    # The real 50,000 limit: 40,000 outlets in two languages, plus the home page.
    entries = outlet_entries(80_001, "2026-03-01")
    parts = check_split(tmp_path, entries, MAX_URLS_PER_SITEMAP, MAX_SITEMAP_BYTES)
    assert parts == ["sitemap-1.xml", "sitemap-2.xml"]
    counts = [len(urlset_locations(ET.parse(tmp_path / name).getroot())) for name in parts]
    assert counts == [50_000, 30_001]


def test_past_the_byte_limit_the_sitemap_splits_even_under_the_url_limit(tmp_path: Path) -> None:
    # Long addresses (a query string per outlet) fill the bytes long before the count.
    entries = [SitemapEntry(f"{SITE}/outlets/{number:04d}/?{'q=é&' * 40}", "2026-01-01") for number in range(60)]
    one_file = len(sitemap_xml(entries).encode("utf-8"))
    max_bytes = one_file // 4
    parts = check_split(tmp_path, entries, MAX_URLS_PER_SITEMAP, max_bytes)
    assert len(parts) >= 4
    # Each file is as full as the limit allows: one more address would not have fitted.
    roots = {name: ET.parse(tmp_path / name).getroot() for name in parts}
    first_of_next = [urlset_locations(roots[name])[0] for name in parts[1:]]
    for name, following in zip(parts, first_of_next, strict=False):
        line = f"<url><loc>{following.replace('&', '&amp;')}</loc><lastmod>2026-01-01</lastmod></url>\n"
        assert (tmp_path / name).stat().st_size + len(line.encode("utf-8")) > max_bytes, name


def test_each_index_entry_carries_the_newest_lastmod_of_its_file(tmp_path: Path) -> None:
    dates = ["2026-01-05", "", "2026-03-01T09:00:00+08:00", "2026-02-28", "", "", "2025-12-31", "2026-03-01"]
    entries = [SitemapEntry(f"{SITE}/p{number}/", date) for number, date in enumerate(dates)]
    roots = written(tmp_path, entries, max_urls=3)
    assert index_entries(roots["sitemap.xml"]) == [
        (f"{SITE}/sitemap-1.xml", "2026-03-01T09:00:00+08:00"),  # newer than 2026-01-05
        (f"{SITE}/sitemap-2.xml", "2026-02-28"),  # the file's only date
        (f"{SITE}/sitemap-3.xml", "2026-03-01"),
    ]
    # Across time zones the instant counts, not the text: 01:00 in Shanghai is 17:00 UTC the day before.
    assert newest_lastmod(["2026-03-01T01:00:00+08:00", "2026-02-28T18:00:00+00:00"]) == "2026-02-28T18:00:00+00:00"
    assert newest_lastmod(["", "not a date"]) == ""


def test_the_split_is_deterministic_and_keeps_escaped_addresses(tmp_path: Path) -> None:
    entries = [SitemapEntry(f"{SITE}/a/?x={number}&y=<{number}>") for number in range(5)]
    first = sitemap_files(entries, SITE, max_urls=2)
    assert first == sitemap_files(entries, SITE, max_urls=2)
    check_split(tmp_path, entries, 2, MAX_SITEMAP_BYTES)


def test_an_address_longer_than_a_whole_file_or_too_many_files_fail_the_build() -> None:
    with pytest.raises(ValueError, match="longer than 200 bytes"):
        sitemap_files([SitemapEntry(f"{SITE}/{'x' * 300}/")], SITE, max_bytes=200)
    with pytest.raises(ValueError, match="over 3"):
        sitemap_files(outlet_entries(4), SITE, max_urls=1, max_sitemaps=3)

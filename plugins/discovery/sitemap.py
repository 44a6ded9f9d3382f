"""sitemap.xml and robots.txt from the finished site: every page any plugin wrote is listed.

A page is read back from the staging folder (only its <head>), so pages added by other plugins
are included without any registration. A page leaves the sitemap when it says `noindex` or
names another page as canonical.

The sitemap protocol (sitemaps.org) allows 50,000 addresses and 50 MB per file: a bigger site gets
sitemap.xml as a sitemap index listing sitemap-1.xml, sitemap-2.xml, … (robots.txt still names
sitemap.xml, so nothing that links to it changes).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .model import absolute_url

SITEMAP_NAME = "sitemap.xml"
PART_NAME = "sitemap-{number}.xml"  # the files a sitemap index lists, beside it in the site root
# The protocol's limits (sitemaps.org): per sitemap file, uncompressed, and per sitemap index.
MAX_URLS_PER_SITEMAP = 50_000
MAX_SITEMAP_BYTES = 52_428_800
MAX_SITEMAPS_PER_INDEX = 50_000
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SKIPPED_FOLDERS = {"pagefind", "drafts"}  # the search index and unpublished drafts are not pages
DOCUMENT_SUFFIXES = (".pdf",)  # files search engines list beside pages (leaflets)


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str = ""


# The three things a page's <head> tells the sitemap. Tags are found with regular expressions, not an
# HTML parser: the sitemap reads every page of the site, and the pages are our own templates' output.
_HEAD_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


@dataclass
class HeadFacts:
    canonical: str = ""
    noindex: bool = False
    modified: str = ""


def attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        found.setdefault(name.lower(), html.unescape(double or single or bare or ""))
    return found


def read_head(head: str) -> HeadFacts:
    facts = HeadFacts()
    for match in _HEAD_TAG.finditer(head):
        tag, values = match.group(1).lower(), attributes(match.group(2))
        if tag == "link" and "canonical" in values.get("rel", "").split():
            facts.canonical = values.get("href", "")
        elif tag == "meta" and values.get("name", "").lower() == "robots":
            facts.noindex = "noindex" in values.get("content", "").lower()
        elif tag == "meta" and values.get("property") == "article:modified_time":
            facts.modified = values.get("content", "")
    return facts


def head_of(page: str) -> str:
    end = page.find("</head>")
    return page if end < 0 else page[:end]


def page_entry(page: str, site_path: str, siteurl: str) -> SitemapEntry | None:
    """The sitemap line for one built page, or None when the page asks not to be listed."""
    reader = read_head(head_of(page))
    own_url = absolute_url(siteurl, site_path)
    if reader.noindex or (reader.canonical and reader.canonical != own_url):
        return None
    return SitemapEntry(own_url, reader.modified)


def site_entries(output: Path, siteurl: str) -> list[SitemapEntry]:
    entries = []
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output)
        if not path.is_file() or relative.parts[0] in SKIPPED_FOLDERS:
            continue
        if path.suffix == ".html":
            entry = page_entry(path.read_text(encoding="utf-8", errors="replace"), relative.as_posix(), siteurl)
            if entry:
                entries.append(entry)
        elif path.suffix in DOCUMENT_SUFFIXES:
            entries.append(SitemapEntry(absolute_url(siteurl, relative.as_posix())))
    return sorted(entries, key=lambda entry: entry.url)


_URLSET_OPEN = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NAMESPACE}">\n'
_URLSET_CLOSE = "</urlset>\n"
# What every urlset file costs besides its <url> lines, in bytes (the limit is on the encoded file).
_URLSET_FRAME_BYTES = len((_URLSET_OPEN + _URLSET_CLOSE).encode("utf-8"))


def url_line(entry: SitemapEntry) -> str:
    lastmod = f"<lastmod>{escape(entry.lastmod)}</lastmod>" if entry.lastmod else ""
    return f"<url><loc>{escape(entry.url)}</loc>{lastmod}</url>"


def urlset_xml(lines: Iterable[str]) -> str:
    return _URLSET_OPEN + "".join(line + "\n" for line in lines) + _URLSET_CLOSE


def sitemap_xml(entries: Iterable[SitemapEntry]) -> str:
    return urlset_xml(url_line(entry) for entry in entries)


@dataclass
class SitemapPart:
    """One urlset file's share of the entries: its <url> lines and their lastmod values."""

    lines: list[str]
    lastmods: list[str]


def split_entries(
    entries: Iterable[SitemapEntry],
    *,
    max_urls: int = MAX_URLS_PER_SITEMAP,
    max_bytes: int = MAX_SITEMAP_BYTES,
) -> list[SitemapPart]:
    """The entries in their order, cut into as few urlset files as both limits allow (always at least one)."""
    parts = [SitemapPart([], [])]
    size = _URLSET_FRAME_BYTES
    for entry in entries:
        line = url_line(entry)
        line_bytes = len(line.encode("utf-8")) + 1  # and its newline
        if _URLSET_FRAME_BYTES + line_bytes > max_bytes:
            # No split can help; a file over the limit would be rejected whole by search engines.
            raise ValueError(f"sitemap: the address {entry.url[:200]!r} alone is longer than {max_bytes} bytes")
        part = parts[-1]
        if part.lines and (len(part.lines) >= max_urls or size + line_bytes > max_bytes):
            part = SitemapPart([], [])
            parts.append(part)
            size = _URLSET_FRAME_BYTES
        part.lines.append(line)
        if entry.lastmod:
            part.lastmods.append(entry.lastmod)
        size += line_bytes
    return parts


def _instant(value: str) -> dt.datetime | None:
    """A W3C datetime as a comparable UTC instant (a bare date or no zone: read as UTC), None if it is none."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def newest_lastmod(lastmods: Iterable[str]) -> str:
    """The newest value as written (strings do not compare across time zones); "" when none is a date."""
    dated = [(moment, value) for value in lastmods if (moment := _instant(value)) is not None]
    return max(dated, key=lambda pair: pair[0])[1] if dated else ""


def sitemap_index_xml(sitemaps: Iterable[tuple[str, str]]) -> str:
    """A sitemap index of (absolute address, lastmod) pairs."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NAMESPACE}">']
    for loc, lastmod in sitemaps:
        lastmod_tag = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<sitemap><loc>{escape(loc)}</loc>{lastmod_tag}</sitemap>")
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def sitemap_files(
    entries: Sequence[SitemapEntry],
    siteurl: str,
    *,
    max_urls: int = MAX_URLS_PER_SITEMAP,
    max_bytes: int = MAX_SITEMAP_BYTES,
    max_sitemaps: int = MAX_SITEMAPS_PER_INDEX,
) -> dict[str, str]:
    """File name in the site root -> text: sitemap.xml alone while the entries fit one file, otherwise
    sitemap.xml as the index of sitemap-1.xml, sitemap-2.xml, … (entries split in their sorted order)."""
    parts = split_entries(entries, max_urls=max_urls, max_bytes=max_bytes)
    if len(parts) == 1:
        return {SITEMAP_NAME: urlset_xml(parts[0].lines)}  # the same bytes as sitemap_xml(entries)
    if len(parts) > max_sitemaps:
        # Nested indexes are not allowed by the protocol; failing the build beats an index engines ignore.
        raise ValueError(f"sitemap: {len(entries)} addresses need {len(parts)} sitemaps, over {max_sitemaps}")
    files = {PART_NAME.format(number=number): urlset_xml(part.lines) for number, part in enumerate(parts, start=1)}
    index = [
        (absolute_url(siteurl, name), newest_lastmod(part.lastmods)) for name, part in zip(files, parts, strict=True)
    ]
    # 50,000 index lines of ~100 bytes stay far below the 50 MB an index may have, so it is not split.
    files[SITEMAP_NAME] = sitemap_index_xml(index)
    return files


def robots_txt(siteurl: str, disallowed: Sequence[str] = ()) -> str:
    """Allow everything and name the sitemap (robots.txt needs its absolute address). Nothing private is
    written, so there is nothing to disallow: a Disallow line would only tell everyone where to look."""
    base_path = urlsplit(siteurl).path.rstrip("/")
    lines = ["User-agent: *"]
    lines += [f"Disallow: {base_path}/{folder.lstrip('/')}" for folder in disallowed]
    lines += ["", f"Sitemap: {absolute_url(siteurl, SITEMAP_NAME)}"]
    return "\n".join(lines) + "\n"


def write_sitemaps(output: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (output / name).write_text(text, encoding="utf-8")


def write_sitemap_and_robots(
    output: Path,
    siteurl: str,
    *,
    max_urls: int = MAX_URLS_PER_SITEMAP,
    max_bytes: int = MAX_SITEMAP_BYTES,
) -> int:
    """Writes the sitemap file(s) and robots.txt; returns how many addresses the sitemap lists."""
    entries = site_entries(output, siteurl)
    write_sitemaps(output, sitemap_files(entries, siteurl, max_urls=max_urls, max_bytes=max_bytes))
    (output / "robots.txt").write_text(robots_txt(siteurl), encoding="utf-8")
    return len(entries)

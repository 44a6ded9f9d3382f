"""sitemap.xml and robots.txt from the finished site: every page any plugin wrote is listed.

A page is read back from the staging folder (only its <head>), so pages added by other plugins
are included without any registration. A page leaves the sitemap when it says `noindex` or
names another page as canonical.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .model import absolute_url

SITEMAP_NAME = "sitemap.xml"
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


def sitemap_xml(entries: Iterable[SitemapEntry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for entry in entries:
        lastmod = f"<lastmod>{escape(entry.lastmod)}</lastmod>" if entry.lastmod else ""
        lines.append(f"<url><loc>{escape(entry.url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl: str, disallowed: Sequence[str] = ()) -> str:
    """Allow everything and name the sitemap (robots.txt needs its absolute address). Nothing private is
    written, so there is nothing to disallow: a Disallow line would only tell everyone where to look."""
    base_path = urlsplit(siteurl).path.rstrip("/")
    lines = ["User-agent: *"]
    lines += [f"Disallow: {base_path}/{folder.lstrip('/')}" for folder in disallowed]
    lines += ["", f"Sitemap: {absolute_url(siteurl, SITEMAP_NAME)}"]
    return "\n".join(lines) + "\n"


def write_sitemap_and_robots(output: Path, siteurl: str) -> int:
    """Writes both files; returns how many addresses the sitemap lists."""
    entries = site_entries(output, siteurl)
    (output / SITEMAP_NAME).write_text(sitemap_xml(entries), encoding="utf-8")
    (output / "robots.txt").write_text(robots_txt(siteurl), encoding="utf-8")
    return len(entries)

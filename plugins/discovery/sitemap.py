"""sitemap.xml and robots.txt from the finished site: every page any plugin wrote is listed.

A page is read back from the staging folder (only its <head>), so pages added by other plugins
are included without any registration. A page leaves the sitemap when it says `noindex` or
names another page as canonical.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
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


class _HeadReader(HTMLParser):
    """Collects the canonical address, robots rules and modification time from a page's <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical = ""
        self.noindex = False
        self.modified = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").split():
            self.canonical = values.get("href", "")
        elif tag == "meta" and values.get("name", "").lower() == "robots":
            self.noindex = "noindex" in values.get("content", "").lower()
        elif tag == "meta" and values.get("property") == "article:modified_time":
            self.modified = values.get("content", "")


def head_of(html: str) -> str:
    end = html.find("</head>")
    return html if end < 0 else html[:end]


def page_entry(html: str, site_path: str, siteurl: str) -> SitemapEntry | None:
    """The sitemap line for one built page, or None when the page asks not to be listed."""
    reader = _HeadReader()
    reader.feed(head_of(html))
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


def robots_txt(siteurl: str, disallowed: Sequence[str] = ("drafts/",)) -> str:
    """Allow everything except drafts, and name the sitemap (robots.txt needs its absolute address)."""
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

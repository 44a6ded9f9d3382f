"""A small crawler over a built site folder: pages, the kind of each page, and every reference in them.

Used by the quality gates to find one page of each kind and to prove that every internal reference
resolves to a file (and every #fragment to an element with that id).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

# Which attributes of which elements point at something the browser loads or follows.
REFERENCE_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "form": ("action",),
    "object": ("data",),
    "embed": ("src",),
}
# Share images and canonical addresses are references too (absolute, to the public address).
META_REFERENCES = ("og:image", "og:url", "twitter:image")
NAVIGATION_ELEMENTS = ("a", "area")
LOCAL_BASE = "http://site.invalid"


@dataclass(frozen=True)
class Reference:
    page: str  # site URL of the page holding the reference, e.g. "/fraud/x/"
    element: str
    attribute: str
    value: str
    rel: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.page}: <{self.element} {self.attribute}={self.value!r}>"


def url_of(output: Path, html_file: Path) -> str:
    """'/fraud/x/' for output/fraud/x/index.html, '/404.html' for output/404.html."""
    relative = html_file.relative_to(output).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: comma-separated candidates, each 'url [descriptor]'."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


class Site:
    """A built output folder seen as a reader's browser would see it."""

    def __init__(self, output: Path, site_urls: Iterable[str] = ()) -> None:
        self.output = output
        # Absolute addresses that mean "this site" (SITEURL, PUBLIC_SITEURL), without a trailing slash.
        self.site_urls = tuple(url.rstrip("/") for url in site_urls if url)

    @functools.cached_property
    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    @functools.cached_property
    def urls(self) -> list[str]:
        return [url_of(self.output, path) for path in self.html_files]

    def file_for(self, url_path: str) -> Path | None:
        """The file a static web server answers with for a site path, or None for a 404."""
        path = unquote(url_path)
        target = self.output / path.lstrip("/")
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        try:
            target.resolve().relative_to(self.output.resolve())
        except ValueError:
            return None
        return target if target.is_file() else None

    @functools.cache  # noqa: B019 - one Site per build, kept for the session
    def soup(self, html_file: Path) -> BeautifulSoup:
        return BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")

    def page(self, url_path: str) -> BeautifulSoup:
        found = self.file_for(url_path)
        if found is None:
            raise FileNotFoundError(url_path)
        return self.soup(found)

    @functools.cache  # noqa: B019
    def ids(self, html_file: Path) -> frozenset[str]:
        soup = self.soup(html_file)
        named = {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
        return frozenset({tag["id"] for tag in soup.find_all(id=True)} | named)

    def references(self) -> Iterator[Reference]:
        for html_file, url in zip(self.html_files, self.urls, strict=True):
            soup = self.soup(html_file)
            for element, attributes in REFERENCE_ATTRIBUTES.items():
                for tag in soup.find_all(element):
                    rel = tuple(tag.get("rel") or ())
                    for attribute in attributes:
                        value = tag.get(attribute)
                        if value is None:
                            continue
                        values = srcset_urls(value) if attribute == "srcset" else [value]
                        for single in values:
                            yield Reference(url, element, attribute, single.strip(), rel)
            for meta in soup.find_all("meta", content=True):
                if meta.get("property") in META_REFERENCES or meta.get("name") in META_REFERENCES:
                    yield Reference(url, "meta", "content", meta["content"].strip())

    def internal_path(self, reference: Reference) -> str | None:
        """The site path a reference points at, or None when it leaves the site (or is tel:, mailto:…)."""
        value = reference.value
        for site_url in self.site_urls:
            if value == site_url or value.startswith(site_url + "/") or value.startswith(site_url + "#"):
                value = value[len(site_url) :] or "/"
                break
        absolute = urljoin(LOCAL_BASE + reference.page, value)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}" != LOCAL_BASE:
            return None
        return parts.path + (f"#{parts.fragment}" if parts.fragment else "")

    def is_external(self, reference: Reference) -> bool:
        scheme = urlsplit(reference.value).scheme.lower()
        starts_offsite = scheme in ("http", "https") or reference.value.startswith("//")
        return starts_offsite and self.internal_path(reference) is None

    def broken(self, reference: Reference) -> str | None:
        """Why an internal reference does not resolve, or None when it does (or is not internal)."""
        target = self.internal_path(reference)
        if target is None:
            return None
        path, _, fragment = target.partition("#")
        found = self.file_for(path)
        if found is None:
            return f"{reference}: no file answers {path}"
        if fragment and found.suffix == ".html" and unquote(fragment) not in self.ids(found):
            return f"{reference}: {path} has no element with id '{unquote(fragment)}'"
        return None


# --- Page kinds ---------------------------------------------------------------------------------

KNOWN_SECTIONS = {
    "for": ("audience page", "audience index"),
    "outlets": ("outlet page", "outlet index"),
    "leaflets": ("leaflet", "leaflet catalogue"),
    "search": ("search page", "search"),
    "campaigns": ("campaign", "campaign index"),
}
LANGUAGE_PREFIX = re.compile(r"^/(zh|zh-[a-z]+)(/|$)")


def page_kind(url: str, topics: Iterable[str]) -> str:
    """A short name for what a page is, from its address alone.

    Unknown sections get a generic name ("section <name>", "section <name> item"), so a new
    kind of page is still picked up by the gates that test one page of each kind.
    """
    language = ""
    match = LANGUAGE_PREFIX.match(url)
    if match:
        language = f"{match[1]} "
        url = url[len(match[1]) + 1 :] or "/"
    if url == "/":
        return f"{language}home"
    if url.endswith(".html"):
        return f"{language}{url.strip('/').removesuffix('.html')}"
    parts = [part for part in url.strip("/").split("/") if part]
    first = parts[0]
    if first == "outlets" and len(parts) > 2 and parts[1] == "area":  # province, city, district pages
        return f"{language}outlet area page"
    if first in KNOWN_SECTIONS:
        item, index = KNOWN_SECTIONS[first]
        return language + (index if len(parts) == 1 else item)
    if first in set(topics):
        return language + ("topic hub" if len(parts) == 1 else "article")
    if len(parts) == 1:
        return f"{language}page"
    return f"{language}section {first}" + (" item" if len(parts) > 2 else "")


def one_page_per_kind(urls: Iterable[str], topics: Iterable[str]) -> dict[str, str]:
    """{kind: the first page of that kind}, in a stable order."""
    chosen: dict[str, str] = {}
    topics = list(topics)
    for url in sorted(urls):
        chosen.setdefault(page_kind(url, topics), url)
    return dict(sorted(chosen.items()))

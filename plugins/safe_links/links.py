"""Pure functions: which links leave the site, and the <a> start tags rewritten to carry rel="noopener noreferrer"."""

from __future__ import annotations

import html
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import urlsplit

SAFE_REL = ("noopener", "noreferrer")


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def leaves_site(href: str, own_hosts: Iterable[str]) -> bool:
    """True for http(s) and protocol-relative addresses on another host than the site's own."""
    href = href.strip()
    scheme = urlsplit(href).scheme.lower()
    if scheme not in ("http", "https") and not href.startswith("//"):
        return False
    return host_of(href if scheme else "http:" + href) not in set(own_hosts)


def with_safe_rel(rel: str | None) -> str:
    tokens = (rel or "").split()
    return " ".join(tokens + [token for token in SAFE_REL if token not in tokens])


def start_tag(name: str, attributes: list[tuple[str, str | None]]) -> str:
    parts = [name]
    for key, value in attributes:
        parts.append(key if value is None else f'{key}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


class _LinkFinder(HTMLParser):
    """Finds every <a>/<area> start tag, keeping where it is in the text and exactly how it was written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (line, column, tag, the start tag as written, its attributes)
        self.found: list[tuple[int, int, str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area"):
            line, column = self.getpos()
            self.found.append((line, column, tag, self.get_starttag_text() or "", attrs))

    handle_startendtag = handle_starttag


def add_safe_rel(markup: str, own_hosts: Iterable[str]) -> str:
    """`markup` with rel="noopener noreferrer" on each link that leaves the site; all else untouched."""
    own_hosts = {host.lower() for host in own_hosts}
    finder = _LinkFinder()
    finder.feed(markup)
    finder.close()
    if not finder.found:
        return markup
    line_starts = [0]
    for line in markup.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    pieces: list[str] = []
    position = 0
    for line_number, column, tag, raw, attributes in finder.found:
        start = line_starts[line_number - 1] + column
        href = next((value for key, value in attributes if key == "href"), None)
        if not href or not leaves_site(href, own_hosts) or markup[start : start + len(raw)] != raw:
            continue
        rel = next((value for key, value in attributes if key == "rel"), None)
        rewritten = [(key, value) for key, value in attributes if key != "rel"] + [("rel", with_safe_rel(rel))]
        pieces += [markup[position:start], start_tag(tag, rewritten)]
        position = start + len(raw)
    pieces.append(markup[position:])
    return "".join(pieces)

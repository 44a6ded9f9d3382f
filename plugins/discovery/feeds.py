"""Atom feeds that feed readers and validators accept from every build, local ones included.

Pelican builds a feed's links from SITEURL, which is empty in a local build: entries then have relative
links, `<id>/</id>` and `tag:None,…` ids, and a blank author. Before a feed is written, every address in it
is made absolute against the public address and each entry names the organisation as its author.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from feedgenerator import get_tag_uri

# Root-relative or relative targets of links and pictures inside entry HTML (absolute ones are left alone).
_RELATIVE_TARGET = re.compile(r'(?P<attr>\b(?:href|src)=")(?P<target>(?![a-z][a-z0-9+.-]*:|//|#)[^"]*)"')


def absolute(base: str, target: str) -> str:
    return urljoin(base.rstrip("/") + "/", target)


def absolute_links_in_html(html: str | None, base: str) -> str | None:
    if html is None:
        return None
    return _RELATIVE_TARGET.sub(lambda m: f'{m["attr"]}{absolute(base, m["target"])}"', html)


def complete_feed(feed: Any, base: str, author: str) -> None:
    """Rewrites a feedgenerator feed in place (Pelican's `feed_generated` signal, before writing)."""
    feed.feed["link"] = absolute(base, feed.feed["link"] or "")
    feed.feed["id"] = feed.feed["link"]
    for item in feed.items:
        item["link"] = absolute(base, item["link"])
        item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])
        item["author_name"] = item["author_name"] or author
        item["description"] = absolute_links_in_html(item["description"], base)
        item["content"] = absolute_links_in_html(item["content"], base)

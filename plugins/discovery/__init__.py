"""Discovery: canonical links, Open Graph, Twitter cards, JSON-LD, Atom feed addresses, sitemap.xml, robots.txt.

Templates call `head_meta(...)` (through components/meta.html); the sitemap and robots.txt are
written after the build from the finished pages, so every plugin's pages are included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican import signals

from .feeds import complete_feed
from .head import head_meta
from .sitemap import write_sitemap_and_robots

POST_BUILD_ORDER = 40  # before the search index (50) and before publishing optimisations (90)


def public_siteurl(settings: dict[str, Any]) -> str:
    return str(settings.get("PUBLIC_SITEURL") or settings.get("SITEURL") or "").rstrip("/")


def absolute_feeds(pelican: Any) -> None:
    # Feeds name their own address absolutely, also in local builds (SITEURL empty).
    pelican.settings["FEED_DOMAIN"] = public_siteurl(pelican.settings)


def complete_feeds(context: dict[str, Any], feed: Any) -> None:
    author = str(context.get("ORGANISATION") or context.get("SITENAME") or "")
    complete_feed(feed, public_siteurl(context), author)


def add_template_helpers(generator: Any) -> None:
    generator.env.globals["head_meta"] = pass_context(head_meta)
    # Components imported without context (`{% from … import macro %}`) only see globals: without this
    # their links would be root-relative in published builds instead of absolute.
    generator.env.globals.setdefault("SITEURL", generator.settings.get("SITEURL", ""))


def post_build(settings: dict[str, Any], output: Path) -> None:
    write_sitemap_and_robots(output, public_siteurl(settings))


def register() -> None:
    signals.initialized.connect(absolute_feeds)
    signals.feed_generated.connect(complete_feeds)
    signals.generator_init.connect(add_template_helpers)

"""What discovery does inside each Pelican run: feeds with absolute addresses and a named author."""

from __future__ import annotations

from typing import Any

from portal.run import public_url

from .feeds import complete_feed


def absolute_feeds(pelican: Any) -> None:
    # Feeds name their own address absolutely, also in local builds (SITEURL empty).
    pelican.settings["FEED_DOMAIN"] = public_url(pelican.settings)


def complete_feeds(context: dict[str, Any], feed: Any) -> None:
    author = str(context.get("ORGANISATION") or context.get("SITENAME") or "")
    complete_feed(feed, public_url(context), author)

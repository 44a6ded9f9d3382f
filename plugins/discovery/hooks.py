"""What discovery does inside each Pelican run: feeds with absolute addresses and a named author."""

from __future__ import annotations

from typing import Any

from .feeds import complete_feed


def public_siteurl(settings: dict[str, Any]) -> str:
    return str(settings.get("PUBLIC_SITEURL") or settings.get("SITEURL") or "").rstrip("/")


def absolute_feeds(pelican: Any) -> None:
    # Feeds name their own address absolutely, also in local builds (SITEURL empty).
    pelican.settings["FEED_DOMAIN"] = public_siteurl(pelican.settings)


def complete_feeds(context: dict[str, Any], feed: Any) -> None:
    author = str(context.get("ORGANISATION") or context.get("SITENAME") or "")
    complete_feed(feed, public_siteurl(context), author)

"""Inside Pelican: turn checked header text into typed attributes templates can use."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.urlwrappers import Category, Tag
from portal.values import parse_date, parse_yes_no, split_list

from .sanitise import sanitise_content


def typed_metadata(metadata: dict[str, Any], default_audience: str = "everyone") -> dict[str, Any]:
    """Attributes derived from the raw header values (already checked, so parsing succeeds)."""
    reviewed, _ = parse_date(str(metadata.get("reviewed", "")))
    is_leaflet, _ = parse_yes_no(str(metadata.get("leaflet", "no")))
    return {
        "reviewed": reviewed,
        "audiences": split_list(str(metadata.get("audience", ""))) or [default_audience],
        "is_leaflet": bool(is_leaflet),
        "topic": str(metadata.get("topic", "")).strip(),
    }


def apply_contract(content: Content) -> None:
    if not isinstance(content, (Article, Page)):
        return
    for name, value in typed_metadata(content.metadata).items():
        setattr(content, name, value)
    # The raw "Leaflet: yes" text is is_leaflet now; `leaflet` is left for the leaflets plugin's PDFs.
    content.leaflet = None
    tags = getattr(content, "tags", None)
    if tags:
        # Pelican splits Tags on ',' (or ';') only; 'a，b' or 'a、b' must be two tags here too, as the checks read it.
        names = split_list(",".join(tag.name for tag in tags))
        if names != [tag.name for tag in tags]:
            content.tags = content.metadata["tags"] = [Tag(name, content.settings) for name in names]
    if isinstance(content, Article) and content.topic:
        # Topic hubs are Pelican categories, so they get Pelican's pages and feeds.
        content.category = Category(content.topic, content.settings)


def sanitise_article_or_page(content: Content) -> None:
    if isinstance(content, (Article, Page)):
        sanitise_content(content)


def register() -> None:
    signals.content_object_init.connect(apply_contract)
    signals.content_object_init.connect(sanitise_article_or_page)

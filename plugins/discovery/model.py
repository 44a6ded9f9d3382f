"""What search engines and link previews learn about one page: pure functions, no Pelican objects needed.

Every address here is absolute and built from PUBLIC_SITEURL, so a local build (SITEURL empty)
still names the public page as canonical.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str  # absolute


@dataclass(frozen=True)
class Feed:
    title: str
    url: str  # absolute


@dataclass
class HeadMeta:
    """Everything components/meta.html prints in <head>."""

    canonical: str
    title: str
    description: str
    site_name: str
    og_type: str = "website"  # "article" for articles
    language: str = ""
    published: str = ""  # ISO 8601, articles only
    modified: str = ""
    section: str = ""
    noindex: bool = False
    feeds: list[Feed] = field(default_factory=list)
    json_ld: Markup = field(default_factory=Markup)


def absolute_url(siteurl: str, path: str) -> str:
    """PUBLIC_SITEURL + a site path ('fraud/x/', '/', 'index.html'); a bare 'index.html' is the folder."""
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{path}"


def iso(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.isoformat()


def last_modified(
    date: dt.datetime | dt.date | None,
    reviewed: dt.date | None = None,
    modified: dt.datetime | dt.date | None = None,
) -> dt.date | dt.datetime | None:
    """The latest of Date, Modified and Reviewed: a reviewed article counts as freshly checked."""
    candidates = [value for value in (date, modified, reviewed) if value is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda value: value.date() if isinstance(value, dt.datetime) else value)


def json_ld_script_body(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> block; '<' is escaped so no text can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def organisation_node(siteurl: str, name: str, customer_service: Mapping[str, Any] | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": absolute_url(siteurl, "") + "#organisation",
        "name": name,
        "url": absolute_url(siteurl, ""),
    }
    phone = (customer_service or {}).get("phone")
    if phone:
        node["contactPoint"] = {"@type": "ContactPoint", "telephone": phone, "contactType": "customer service"}
    return node


def breadcrumb_node(crumbs: Sequence[Crumb]) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": crumb.url}
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def article_node(
    *,
    canonical: str,
    headline: str,
    description: str,
    language: str,
    published: dt.date | dt.datetime | None,
    modified: dt.date | dt.datetime | None,
    section: str,
    audiences: Sequence[str],
    organisation_id: str,
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Article",
        "@id": canonical + "#article",
        "headline": headline[:110],  # search engines cut longer headlines
        "description": description,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": language,
        "datePublished": iso(published),
        "dateModified": iso(modified),
        "author": {"@id": organisation_id},
        "publisher": {"@id": organisation_id},
        "isAccessibleForFree": True,
    }
    if section:
        node["articleSection"] = section
    if audiences:
        node["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    return node


def website_node(siteurl: str, site_name: str, language: str, search_path: str | None) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "WebSite",
        "@id": absolute_url(siteurl, "") + "#website",
        "name": site_name,
        "url": absolute_url(siteurl, ""),
        "inLanguage": language,
    }
    if search_path:
        node["potentialAction"] = {
            "@type": "SearchAction",
            "target": absolute_url(siteurl, search_path) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        }
    return node


def graph(nodes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": list(nodes)}

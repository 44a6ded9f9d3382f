"""Build a page's HeadMeta from the template context Pelican renders it with.

Works for any page: articles, pages, topic hubs and audience pages get their full description;
anything else (pages other plugins add) still gets a canonical address, Open Graph and the
organisation, from the file it is written to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup
from pelican.contents import Article, Page
from pelican.urlwrappers import Category
from portal.run import language as run_language
from portal.run import public_url

from .model import (
    Crumb,
    Feed,
    HeadMeta,
    absolute_url,
    article_node,
    breadcrumb_node,
    graph,
    iso,
    json_ld_script_body,
    last_modified,
    organisation_node,
    website_node,
)

DEFAULT_SEARCH_URL = "search/"


def _text(value: Any) -> str:
    return Markup(str(value or "")).striptags()


def _feeds(context: Mapping[str, Any], siteurl: str, topic: str | None) -> list[Feed]:
    feeds = []
    if context.get("FEED_ALL_ATOM"):
        feeds.append(Feed(str(context.get("SITENAME", "")), absolute_url(siteurl, context["FEED_ALL_ATOM"])))
    topics = context.get("TOPICS", {})
    if topic and context.get("CATEGORY_FEED_ATOM") and topic in topics:
        topic_feed = context["CATEGORY_FEED_ATOM"].format(slug=topic)
        feeds.append(Feed(topics[topic]["title"], absolute_url(siteurl, topic_feed)))
    return feeds


def head_meta(context: Mapping[str, Any], document_title: str, description: str, home_label: str) -> HeadMeta:
    siteurl = public_url(context)  # every address below is absolute_url(siteurl, …), which drops a final '/' anyway
    site_name = str(context.get("SITENAME", ""))
    output_file = str(context.get("output_file") or "")
    canonical = absolute_url(siteurl, output_file)
    language = run_language(context)  # the page's own Lang, when it has one, below
    topics: Mapping[str, Any] = context.get("TOPICS", {})
    audiences: Mapping[str, str] = context.get("AUDIENCES", {})
    organisation_name = str(context.get("ORGANISATION", site_name))
    organisation = organisation_node(siteurl, organisation_name, context.get("CUSTOMER_SERVICE"))
    home = Crumb(home_label, absolute_url(siteurl, ""))

    article = context.get("article")
    page = context.get("page")
    category = context.get("category")
    hub = context.get("hub")
    meta = HeadMeta(
        canonical=canonical,
        title=_text(document_title),
        description=_text(description),
        site_name=site_name,
        noindex=bool(context.get("noindex")) or output_file == "404.html",
    )
    nodes: list[dict[str, Any]] = [organisation]
    crumbs: list[Crumb] = []
    topic: str | None = None

    if isinstance(article, Article):
        topic = getattr(article, "topic", None) or None
        language = article.lang or language
        meta.title = _text(article.title)
        meta.og_type = "article"
        meta.section = topics.get(topic, {}).get("title", "") if topic else ""
        modified = last_modified(article.date, getattr(article, "reviewed", None), getattr(article, "modified", None))
        meta.published, meta.modified = iso(article.date), iso(modified)
        meta.noindex = meta.noindex or article.status == "draft"
        if topic and topic in topics:
            crumbs.append(Crumb(topics[topic]["title"], absolute_url(siteurl, article.category.url)))
        crumbs.append(Crumb(meta.title, canonical))
        nodes.append(
            article_node(
                canonical=canonical,
                headline=meta.title,
                description=meta.description,
                language=language,
                published=article.date,
                modified=modified,
                section=meta.section,
                audiences=[audiences.get(key, key) for key in getattr(article, "audiences", [])],
                organisation_id=organisation["@id"],
            )
        )
    elif isinstance(page, Page):
        language = page.lang or language
        meta.title = _text(page.title)
        meta.noindex = meta.noindex or page.status == "draft"
        crumbs.append(Crumb(meta.title, canonical))
    elif isinstance(category, Category) and category.slug in topics:
        topic = category.slug
        meta.title = topics[topic]["title"]
        crumbs.append(Crumb(meta.title, canonical))
    elif hub is not None and getattr(hub, "title", None):
        meta.title = str(hub.title)
        crumbs.append(Crumb(meta.title, canonical))
    elif output_file == "index.html":
        meta.title = site_name
        nodes.append(website_node(siteurl, site_name, language, context.get("SEARCH_URL", DEFAULT_SEARCH_URL)))
    elif not meta.noindex:
        crumbs.append(Crumb(meta.title, canonical))

    if crumbs:
        nodes.append(breadcrumb_node([home, *crumbs]))
    meta.feeds = _feeds(context, siteurl, topic)
    meta.language = language
    meta.json_ld = json_ld_script_body(graph(nodes))
    return meta

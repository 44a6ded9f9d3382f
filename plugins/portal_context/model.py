"""Pure functions that shape the article list into what pages show."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class ArticleLike(Protocol):
    slug: str
    topic: str
    audiences: list[str]
    tags: list[Any]
    date: Any


@dataclass
class Hub:
    """A topic hub or an audience page: a titled list of articles at a URL."""

    key: str
    title: str
    intro: str
    url: str
    save_as: str
    articles: list[Any] = field(default_factory=list)
    # "" when the hub is in the page's own language; else the language its articles are in (the
    # topic has none in this language yet), and its hreflang: menus say so next to the title.
    lang: str = ""
    hreflang: str = ""


def newest_first(articles: Iterable[ArticleLike]) -> list[Any]:
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)


def tag_names(article: ArticleLike) -> set[str]:
    return {str(tag) for tag in getattr(article, "tags", []) or []}


def related_articles(articles: Sequence[ArticleLike], count: int) -> dict[str, list[Any]]:
    """For each article (by slug), the `count` closest others.

    Closest: most shared tags, then same topic, then most shared audiences, then newest.
    Articles sharing no tag are filled in from the same topic, newest first. Counting
    shared tags through a tag index keeps this near-linear on large sites.
    """
    tags = [frozenset(tag_names(a)) for a in articles]
    audiences = [frozenset(a.audiences) for a in articles]
    by_tag: dict[str, list[int]] = defaultdict(list)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        by_topic[article.topic].append(index)
        for tag in tags[index]:
            by_tag[tag].append(index)
    for members in by_topic.values():
        members.sort(key=lambda i: (articles[i].date, articles[i].slug), reverse=True)

    related: dict[str, list[Any]] = {}
    for index, article in enumerate(articles):
        shared: Counter[int] = Counter()
        for tag in tags[index]:
            shared.update(by_tag[tag])
        shared.pop(index, None)

        def closeness(
            other: int, article: ArticleLike = article, index: int = index, shared: Counter[int] = shared
        ) -> tuple:
            return (
                shared[other],
                articles[other].topic == article.topic,
                len(audiences[index] & audiences[other]),
                articles[other].date,
                articles[other].slug,
            )

        # Most shared tags first: rank only the best-sharing groups, not every article sharing a tag.
        by_shared: dict[int, list[int]] = defaultdict(list)
        for other, number in shared.items():
            by_shared[number].append(other)
        chosen: list[int] = []
        for number in sorted(by_shared, reverse=True):
            if len(chosen) >= count:
                break
            chosen += heapq.nlargest(count - len(chosen), by_shared[number], key=closeness)
        for other in by_topic[article.topic]:
            if len(chosen) >= count:
                break
            if other != index and other not in chosen:
                chosen.append(other)
        related[article.slug] = [articles[i] for i in chosen]
    return related


class LanguageLike(Protocol):
    code: str
    html_lang: str
    root: str  # from this language's root to that one's, e.g. '../'
    articles: Sequence[Any]


def topic_hubs(
    articles: Sequence[ArticleLike], settings: Mapping[str, Any], elsewhere: Sequence[LanguageLike] = ()
) -> list[Hub]:
    """A hub per topic with articles: in this language, or else in the first other language that has some.

    A topic with no article in any language has no hub: a menu entry would lead to a missing page.
    """
    hubs = []
    for key, topic in settings["TOPICS"].items():
        url = settings["CATEGORY_URL"].format(slug=key)
        hub = Hub(
            key=key,
            title=topic["title"],
            intro=topic.get("intro", ""),
            url=url,
            save_as=settings["CATEGORY_SAVE_AS"].format(slug=key),
            articles=newest_first(a for a in articles if a.topic == key),
        )
        for other in elsewhere if not hub.articles else ():
            theirs = newest_first(a for a in other.articles if a.topic == key)
            if theirs:  # the other language's hub: its page, not one this run writes
                hub = Hub(key, hub.title, hub.intro, other.root + url, "", theirs, other.code, other.html_lang)
                break
        if hub.articles:
            hubs.append(hub)
    return hubs


def audience_hubs(articles: Sequence[ArticleLike], settings: Mapping[str, Any]) -> list[Hub]:
    """Audience pages that have at least one article (an empty page helps nobody)."""
    hubs = []
    for key, title in settings["AUDIENCES"].items():
        members = newest_first(a for a in articles if key in a.audiences)
        if members:
            hubs.append(
                Hub(
                    key=key,
                    title=title,
                    intro="",
                    url=settings["AUDIENCE_URL"].format(audience=key),
                    save_as=settings["AUDIENCE_SAVE_AS"].format(audience=key),
                    articles=members,
                )
            )
    return hubs

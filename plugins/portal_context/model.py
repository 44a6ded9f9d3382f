"""Pure functions that shape the article list into what pages show."""

from __future__ import annotations

from collections import defaultdict
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


def newest_first(articles: Iterable[ArticleLike]) -> list[Any]:
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)


def tag_names(article: ArticleLike) -> set[str]:
    return {str(tag) for tag in getattr(article, "tags", []) or []}


def related_articles(articles: Sequence[ArticleLike], count: int) -> dict[str, list[Any]]:
    """For each article (by slug), the `count` closest others.

    Closeness: shared tags weigh most, then same topic, then shared audiences;
    newer articles win ties. Indexed by tag and topic so large sites stay fast.
    """
    by_key: dict[str, list[ArticleLike]] = defaultdict(list)
    for article in articles:
        by_key[f"topic:{article.topic}"].append(article)
        for tag in tag_names(article):
            by_key[f"tag:{tag}"].append(article)
    related: dict[str, list[Any]] = {}
    for article in articles:
        scores: dict[int, tuple[int, Any]] = {}
        own_tags = tag_names(article)
        candidates = {
            id(a): a for key in [f"topic:{article.topic}"] + [f"tag:{t}" for t in own_tags] for a in by_key[key]
        }
        for other in candidates.values():
            if other is article:
                continue
            score = 4 * len(own_tags & tag_names(other))
            score += 2 * (other.topic == article.topic)
            score += len(set(article.audiences) & set(other.audiences))
            scores[id(other)] = (score, other)
        ranked = sorted(scores.values(), key=lambda pair: (pair[0], pair[1].date, pair[1].slug), reverse=True)
        related[article.slug] = [other for _, other in ranked[:count]]
    return related


def topic_hubs(articles: Sequence[ArticleLike], settings: Mapping[str, Any]) -> list[Hub]:
    hubs = []
    for key, topic in settings["TOPICS"].items():
        hubs.append(
            Hub(
                key=key,
                title=topic["title"],
                intro=topic.get("intro", ""),
                url=settings["CATEGORY_URL"].format(slug=key),
                save_as=settings["CATEGORY_SAVE_AS"].format(slug=key),
                articles=newest_first(a for a in articles if a.topic == key),
            )
        )
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

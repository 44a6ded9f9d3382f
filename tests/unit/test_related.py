"""Related articles: shared tags first, then topic, never the article itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portal_context.model import related_articles


@dataclass
class Fake:
    slug: str
    topic: str
    tags: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=lambda: ["everyone"])
    date: dt.datetime = dt.datetime(2026, 1, 1)


def test_shared_tags_outrank_same_topic_and_self_is_excluded() -> None:
    a = Fake("a", "fraud", ["phone"])
    b = Fake("b", "fraud", [])
    c = Fake("c", "credit", ["phone"])
    d = Fake("d", "rights", [])
    related = related_articles([a, b, c, d], count=3)
    assert [x.slug for x in related["a"]] == ["c", "b"]
    assert related["d"] == []


def test_newer_articles_win_ties() -> None:
    old = Fake("old", "fraud", date=dt.datetime(2025, 1, 1))
    new = Fake("new", "fraud", date=dt.datetime(2026, 6, 1))
    me = Fake("me", "fraud")
    assert [x.slug for x in related_articles([old, new, me], count=1)["me"]] == ["new"]

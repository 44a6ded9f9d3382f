"""Site-wide lists put into the template context once the articles are read: topic hubs, audience hubs,
urgent and latest articles, and each article's related articles."""

from __future__ import annotations

from i18n.elsewhere import OTHER_LANGUAGES_KEY
from pelican.generators import ArticlesGenerator

from .model import audience_hubs, newest_first, related_articles, topic_hubs


def add_lists(generator: ArticlesGenerator) -> None:
    settings = generator.settings
    articles = generator.articles
    related = related_articles(articles, int(settings.get("RELATED_COUNT", 3)))
    for article in articles:
        article.related = related.get(article.slug, [])
    newest = newest_first(articles)
    urgent_topic = settings.get("URGENT_TOPIC")
    generator.context.update(
        topic_hubs=topic_hubs(articles, settings, generator.context.get(OTHER_LANGUAGES_KEY, [])),
        audience_hubs=audience_hubs(articles, settings),
        urgent_articles=[a for a in newest if a.topic == urgent_topic][: int(settings.get("URGENT_COUNT", 3))],
        latest_articles=newest[: int(settings.get("LATEST_COUNT", 6))],
    )

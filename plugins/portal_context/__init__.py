"""Site-wide lists for templates: topic hubs, audience pages, urgent, latest and related articles."""

from __future__ import annotations

from typing import Any

from i18n.elsewhere import OTHER_LANGUAGES_KEY
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from .filters import human_date, print_targets
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


class AudiencePagesGenerator(Generator):
    """Writes /for/<audience>/ for every audience that has articles."""

    def generate_output(self, writer: Any) -> None:
        for hub in self.context.get("audience_hubs", []):
            writer.write_file(
                hub.save_as,
                self.get_template("audience"),
                self.context,
                hub=hub,
                articles=hub.articles,
                page_name=hub.url,
                url=hub.url,
                relative_urls=self.settings["RELATIVE_URLS"],
            )


def get_generators(_pelican: Any) -> type[Generator]:
    return AudiencePagesGenerator


def add_filters(generator: Generator) -> None:
    generator.env.filters["human_date"] = human_date
    generator.env.filters["print_targets"] = print_targets
    if not hasattr(generator.env, "install_gettext_translations") or "gettext" in generator.env.globals:
        return
    # Until catalogues exist, theme text marked with _() shows as written.
    generator.env.install_null_translations(newstyle=True)


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.article_generator_finalized.connect(add_lists)
    signals.get_generators.connect(get_generators)

"""Markdown read on every core: Pelican's generators get articles and pages already rendered.

Wiring only. Before the articles and pages generators read anything (article_generator_init,
page_generator_init), hooks.py renders every Markdown file Pelican's content cache does not already
hold, in worker processes (portal.workers, BUILD_WORKERS); reader.PreparedMarkdownReader, which takes
Pelican's place for Markdown (readers_init), hands out those renderings and renders anything else
itself. A rendering is exactly what Pelican's own MarkdownReader makes (tests/unit/test_reading.py),
so the site is byte-identical with one process or many. No other plugin imports this one.
"""

from __future__ import annotations

from pelican import signals

from . import hooks


def register() -> None:
    signals.readers_init.connect(hooks.use_prepared_reader)
    signals.article_generator_init.connect(hooks.prepare_renderings)
    signals.page_generator_init.connect(hooks.prepare_renderings)

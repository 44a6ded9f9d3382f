"""Discovery: canonical links, Open Graph, Twitter cards, JSON-LD, Atom feed addresses, sitemap.xml, robots.txt.

Wiring only. Templates call `head_meta(...)` (head.py, through components/meta.html; installed by
portal_context/environment.py); feeds are completed in hooks.py; the sitemap and robots.txt are written
after the build from the finished pages (steps.py, listed in sitebuild/pipeline.py).
Public module: discovery.head (head_meta, for the Jinja environment).
"""

from __future__ import annotations

from pelican import signals

from .hooks import absolute_feeds, complete_feeds


def register() -> None:
    signals.initialized.connect(absolute_feeds)
    signals.feed_generated.connect(complete_feeds)

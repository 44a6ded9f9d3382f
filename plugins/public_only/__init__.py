"""Only public content is published: no drafts or hidden articles, no files from outside the content folder,
no Markdown source or spreadsheet copied or attached, no header that picks its own output path.

Wiring only. checks.check_public_only refuses these with a message for the editor (make check, before every
build; listed in sitebuild/pipeline.py); guard.py is the build-side guard that drops them again.
"""

from __future__ import annotations

from pelican import signals

from .guard import drop_output_overrides, drop_private_static, drop_unpublished_articles, drop_unpublished_pages


def register() -> None:
    signals.content_object_init.connect(drop_output_overrides)
    signals.article_generator_finalized.connect(drop_unpublished_articles)
    signals.page_generator_finalized.connect(drop_unpublished_pages)
    signals.static_generator_finalized.connect(drop_private_static)

"""Languages: one Pelican run per language (see sitebuild/languages.py); this plugin keeps each run
to its own language (runs.py) and links the languages together after the build (steps.py, listed in
sitebuild/pipeline.py). Translated theme text and dates are installed with the rest of the Jinja
environment (portal_context/environment.py) from catalog.py and dates.py.

Wiring only. Public modules for other plugins: i18n.languages, i18n.catalog and i18n.dates (for the Jinja
environment), i18n.elsewhere (what the other languages have, for menus and hubs).
"""

from __future__ import annotations

from pelican import signals

from .runs import (
    copy_static_files_once,
    keep_own_language_articles,
    keep_own_language_pages,
    read_language_from_file_names,
    slug_without_language,
)


def register() -> None:
    signals.initialized.connect(read_language_from_file_names)
    signals.content_object_init.connect(slug_without_language)
    signals.article_generator_pretaxonomy.connect(keep_own_language_articles)
    signals.page_generator_finalized.connect(keep_own_language_pages)
    signals.static_generator_finalized.connect(copy_static_files_once)

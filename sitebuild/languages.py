"""One Pelican run per language: the main language at the site root, each other under /<code>/.

A language other than the main one is built only when some article or page is written in it,
so a content folder with English only builds exactly one site.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from content_contract.public import find_content_files
from portal.run import language


def content_languages(settings: dict[str, Any]) -> set[str]:
    files, _ = find_content_files(settings)
    return {item.lang(settings) for item in files if not item.source.decode_error}


def language_settings(settings: dict[str, Any], output: Path) -> list[dict[str, Any]]:
    """Settings for each language run, the main language first.

    Every run shares the root SITEURL for theme assets (ROOT_SITEURL); a run's own SITEURL,
    PUBLIC_SITEURL and OUTPUT_PATH carry its /<code> prefix, so plugins need no language logic
    to put their pages in the right place.
    """
    main = language(settings)  # the settings' own language is the main one; each run gets its own below
    wanted = content_languages(settings) | {main}
    runs = []
    for code in [main, *(c for c in settings.get("LANGUAGES", {}) if c != main)]:
        if code not in wanted:
            continue
        run = copy.deepcopy(settings.get("I18N_SETTINGS", {}).get(code, {}))
        run = {**settings, **run}
        run.update(
            DEFAULT_LANG=code,
            MAIN_LANG=main,
            SITE_LANGUAGES=[c for c in settings.get("LANGUAGES", {}) if c in wanted],
            ROOT_SITEURL=settings.get("SITEURL", ""),
            ROOT_PUBLIC_SITEURL=settings.get("PUBLIC_SITEURL", ""),
            # A file without Lang: is in the main language in every run, not in the run's own.
            DEFAULT_METADATA={**settings.get("DEFAULT_METADATA", {}), "lang": main},
        )
        if code != main:
            run.update(
                SITEURL=f"{settings.get('SITEURL', '')}/{code}",
                PUBLIC_SITEURL=f"{settings.get('PUBLIC_SITEURL', '')}/{code}",
                OUTPUT_PATH=str(output / code),
                CACHE_PATH=f"{settings['CACHE_PATH']}-{code}",
                THEME_STATIC_PATHS=[],  # theme files are served once, from the root
                # A link to a main-language article from this language climbs out of /<code>/;
                # the i18n plugin folds '/<code>/../' away after writing.
                ARTICLE_LANG_URL="../" + settings.get("ARTICLE_URL", "{slug}.html"),
                PAGE_LANG_URL="../" + settings.get("PAGE_URL", "pages/{slug}.html"),
                # Pictures are copied once, by the main run (the i18n plugin keeps this run from
                # copying them again); this run's pages link to that copy.
                STATIC_LANG_URL="../" + settings.get("STATIC_URL", "{path}"),
                STATIC_LANG_SAVE_AS=settings.get("STATIC_SAVE_AS", "{path}"),
            )
        else:
            run["OUTPUT_PATH"] = str(output)
        runs.append(run)
    return runs

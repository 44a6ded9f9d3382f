"""What the site's other languages have, so one language's menu and hubs can point there, plainly marked,
instead of at a page this language does not have (translation work is always partial).

Each language run reads every article but keeps its own (see keep_own_language_articles); before the
others are dropped, this records them under the context key OTHER_LANGUAGES_KEY.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .alternates import Language

OTHER_LANGUAGES_KEY = "other_languages"


@dataclass(frozen=True)
class OtherLanguage:
    code: str  # as in Lang: (en, zh)
    html_lang: str  # for hreflang on links that lead there
    # From this language's root to that one's: '../' from /zh/ to the main site, 'zh/' the other way.
    # Pelican's own links to another language climb the same way; the i18n post-build step folds
    # '/zh/../' away, so a reader only ever sees '/credit/'.
    root: str
    articles: tuple[Any, ...]  # its published articles


def language_root(current: Language, target: Language) -> str:
    return ("../" if current.prefix else "") + target.prefix


def other_languages(articles: Iterable[Any], languages: Sequence[Language], current_code: str) -> list[OtherLanguage]:
    """The site's other languages, main language first, each with its published articles."""
    current = next((lang for lang in languages if lang.code == current_code), None)
    if current is None:
        return []
    articles = list(articles)
    return [
        OtherLanguage(
            lang.code,
            lang.html_lang,
            language_root(current, lang),
            tuple(article for article in articles if getattr(article, "lang", None) == lang.code),
        )
        for lang in languages
        if lang != current
    ]

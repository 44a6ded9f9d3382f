"""Link each page to its other-language versions, once every language has been written.

Which pages exist in which language is only known after all language runs, so this runs as a
post-build step: it fills two markers that base.html leaves, `<!--i18n:alternates-->` in <head>
(hreflang links, x-default) and `<!--i18n:switch-->` in the header (the visible language switch).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ALTERNATES_MARK = "<!--i18n:alternates-->"
SWITCH_MARK = "<!--i18n:switch-->"


@dataclass(frozen=True)
class Language:
    code: str  # as in Lang: (en, zh)
    html_lang: str  # as in <html lang> and hreflang (en, zh-Hans)
    name: str  # the language's own name, as a reader looks for it (English, 中文)
    prefix: str  # "" for the main language, "zh/" for others


def page_key(relative: str, languages: list[Language]) -> tuple[Language, str]:
    """Split an output path such as 'zh/fraud/x/index.html' into (its language, 'fraud/x/index.html')."""
    for language in languages:
        if language.prefix and relative.startswith(language.prefix):
            return language, relative[len(language.prefix) :]
    return next(lang for lang in languages if not lang.prefix), relative


def url_of(site_root: str, prefix: str, path: str) -> str:
    folder = path[: -len("index.html")] if path.endswith("index.html") else path
    return f"{site_root}/{prefix}{folder}"


def alternate_links(versions: Mapping[Language, str], public_root: str, default: Language) -> str:
    if len(versions) < 2:
        return ""
    links = [
        f'<link rel="alternate" hreflang="{lang.html_lang}" href="{html.escape(href)}">'
        for lang, path in versions.items()
        for href in [url_of(public_root, lang.prefix, path)]
    ]
    x_default = default if default in versions else next(iter(versions))
    links.append(
        f'<link rel="alternate" hreflang="x-default" '
        f'href="{html.escape(url_of(public_root, x_default.prefix, versions[x_default]))}">'
    )
    return "\n".join(links)


def switch_links(current: Language, versions: Mapping[Language, str], languages: list[Language], site_root: str) -> str:
    """Links to this page in the other languages; to the other language's home when there is no version."""
    items = []
    for lang in languages:
        if lang == current:
            continue
        path = versions.get(lang, "index.html")
        label = lang.name if lang in versions else f"{lang.name} ({home_word(lang)})"
        href = html.escape(url_of(site_root, lang.prefix, path))
        items.append(f'<a href="{href}" lang="{lang.html_lang}" hreflang="{lang.html_lang}">{html.escape(label)}</a>')
    return " ".join(items)


def home_word(lang: Language) -> str:
    return {"zh": "首页"}.get(lang.code, "home")


def link_languages(output: Path, languages: list[Language], site_root: str, public_root: str) -> int:
    """Fill the markers in every HTML page under `output`; returns how many pages have a translation."""
    pages: dict[str, dict[Language, str]] = {}
    files = sorted(output.rglob("*.html"))
    for file in files:
        lang, path = page_key(file.relative_to(output).as_posix(), languages)
        pages.setdefault(path, {})[lang] = path
    paired = 0
    for file in files:
        text = file.read_text(encoding="utf-8")
        if ALTERNATES_MARK not in text and SWITCH_MARK not in text:
            continue
        lang, path = page_key(file.relative_to(output).as_posix(), languages)
        versions = pages[path] if len(languages) > 1 else {}
        paired += len(versions) > 1
        file.write_text(fill_markers(text, lang, versions, languages, site_root, public_root), encoding="utf-8")
    return paired


def link_one_page(
    output: Path, relative: str, text: str, languages: list[Language], site_root: str, public_root: str
) -> str:
    """The markers of one page filled as link_languages fills them, from the pages already under `output`
    (the preview's quick look rewrites one page between full builds)."""
    lang, path = page_key(relative, languages)
    found = sorted((other.prefix + path, other) for other in languages if (output / other.prefix / path).is_file())
    versions = {other: path for _, other in found} if len(languages) > 1 else {}
    return fill_markers(text, lang, versions, languages, site_root, public_root)


def fill_markers(
    text: str,
    lang: Language,
    versions: Mapping[Language, str],
    languages: list[Language],
    site_root: str,
    public_root: str,
) -> str:
    default = next(language for language in languages if not language.prefix)
    text = text.replace(ALTERNATES_MARK, alternate_links(versions, public_root, default))
    switch = switch_links(lang, versions, languages, site_root) if len(languages) > 1 else ""
    return text.replace(SWITCH_MARK, switch)

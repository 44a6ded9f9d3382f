"""Which file is a translation of which: the language a file name ends in, and the checks on pairing.

`<name>.zh.md` (or `<name>-zh.md`) is the Chinese version of `<name>.md`: without a `Slug:` line its
address is /zh/<topic>/<name>/, and without a `Lang:` line it is in Chinese. The content checks
(`ContentFile.slug` and `.lang`) and Pelican (PATH_METADATA and the slug the i18n plugin sets) read a
file name through the functions here, so the address the checks promise is the one the build writes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any, Protocol

from pelican.utils import slugify
from portal.problems import Problem, warning
from portal.run import main_language

from .source import SourceFile

# `Translation: false` (Pelican's own field) says "this is an original, not a translation": an article
# written in Chinese first has no English version to pair with, and that is not a mistake.
ORIGINAL_MARK = "false"


class ContentFileLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def path(self) -> PurePath: ...
    @property
    def source(self) -> SourceFile: ...

    def slug(self, settings: Mapping[str, Any]) -> str: ...

    def lang(self, settings: Mapping[str, Any]) -> str: ...


def language_codes(settings: Mapping[str, Any]) -> list[str]:
    return list(settings.get("LANGUAGES") or {}) or [main_language(settings)]


def _codes(codes: Iterable[str]) -> str:
    # Longest first, so 'zh-hant' wins over 'zh' when both are languages of the site.
    return "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))


def name_pattern(codes: Iterable[str]) -> re.Pattern[str]:
    """A file name without its suffix that ends in '.<code>' or '-<code>': 'fake-loan-apps.zh'."""
    return re.compile(rf"^(?P<name>.+?)[.-](?P<lang>{_codes(codes)})$")


def path_metadata_pattern(codes: Iterable[str], suffixes: Sequence[str]) -> str:
    """The same rule for Pelican's PATH_METADATA (a path such as 'articles/fraud/x.zh.md').

    PATH_METADATA rather than FILENAME_METADATA: it sees the suffix, so a picture named map-zh.png
    stays a picture of every language instead of becoming a Chinese file.
    """
    endings = "|".join(re.escape(suffix.lstrip(".")) for suffix in suffixes)
    return rf"^(?:.*/)?[^/]+?[.-](?P<lang>{_codes(codes)})\.(?i:{endings})$"  # .MD is read as Markdown too


def split_name(stem: str, codes: Iterable[str]) -> tuple[str, str | None]:
    """('fake-loan-apps', 'zh') for 'fake-loan-apps.zh' or 'fake-loan-apps-zh'; (stem, None) otherwise."""
    match = name_pattern(codes).match(stem)
    return (match["name"], match["lang"]) if match else (stem, None)


def _stem(path: str | PurePath) -> str:
    return PurePath(path).stem


def slug_from_file_name(path: str | PurePath, settings: Mapping[str, Any]) -> str:
    """The address part a file without `Slug:` gets: its name without the language ending, slugified."""
    name, _ = split_name(_stem(path), language_codes(settings))
    return slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


def lang_from_file_name(path: str | PurePath, settings: Mapping[str, Any]) -> str | None:
    return split_name(_stem(path), language_codes(settings))[1]


def check_translations(files: Sequence[ContentFileLike], settings: Mapping[str, Any]) -> list[Problem]:
    """A `Lang:` line that contradicts the file name, and a translation whose original cannot be found."""
    main = main_language(settings)
    problems: list[Problem] = []
    readable = [item for item in files if not item.source.decode_error]
    originals: dict[str, set[str]] = {}
    for item in readable:
        if item.lang(settings) == main:
            originals.setdefault(item.kind, set()).add(item.slug(settings))
    for item in readable:
        problems += _name_and_header_disagree(item, settings)
        problems += _no_original(item, settings, sorted(originals.get(item.kind, set())))
    return problems


def _name_and_header_disagree(item: ContentFileLike, settings: Mapping[str, Any]) -> list[Problem]:
    named = lang_from_file_name(item.path, settings)
    written = (item.source.get("lang") or "").strip()
    if not named or not written or written == named:
        return []
    return [
        Problem(
            str(item.path),
            item.source.line_of("lang"),
            f"the file name says this is in '{named}' but its header says 'Lang: {written}'",
            f"write 'Lang: {named}' (or leave the line out), or rename the file",
        )
    ]


def _no_original(item: ContentFileLike, settings: Mapping[str, Any], originals: list[str]) -> list[Problem]:
    lang, main = item.lang(settings), main_language(settings)
    if lang == main or (item.source.get("translation") or "").strip().lower() == ORIGINAL_MARK:
        return []
    slug = item.slug(settings)
    if slug in originals:
        return []
    main_name = settings.get("LANGUAGES", {}).get(main, {}).get("name", main)
    close = difflib.get_close_matches(slug, originals, n=1, cutoff=0.6)
    fix = ""
    if close:
        fix = f"did you mean '{close[0]}'? Name the file {close[0]}.{lang}.md or write 'Slug: {close[0]}'; "
    fix += f"if it has no {main_name} original, add the line 'Translation: false'"
    # The line that gave the address; a name-only translation has none to blame.
    line = next((item.source.line_of(key) for key in ("slug", "lang") if item.source.get(key)), None)
    return [
        warning(
            str(item.path),
            line,
            f"this translation (Lang: {lang}) has no {main_name} original: "
            f"no {main_name} {item.kind} has the Slug '{slug}'",
            fix,
        )
    ]

"""The content contract: what each article and page header must hold.

Every rule returns problems; nothing here raises or writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from portal.problems import Problem, suggestion, warning
from portal.values import SLUG_SHAPE, parse_date, parse_yes_no, split_list

from .source import HeaderField, SourceFile

SUMMARY_MAX = 200
LANGS = ("en", "zh")
STATUSES = ("published", "draft", "hidden")
ARTICLE_FIELDS = (
    "title",
    "date",
    "topic",
    "summary",
    "reviewed",
    "audience",
    "tags",
    "slug",
    "modified",
    "status",
    "lang",
    "leaflet",
)
PAGE_FIELDS = ("title", "summary", "reviewed", "date", "modified", "slug", "status", "lang")
# Pelican understands these too; they are allowed but not part of the contract.
PELICAN_FIELDS = ("author", "authors", "template", "translation")
# Fields that would let a file pick its own output path (`Save_as: index.html` replaces the home page).
# Pelican turns every header key into an attribute, so its internal override_* names are refused too.
OUTPUT_PATH_FIELDS = ("save_as", "url", "override_save_as", "override_url", "lang_save_as", "lang_url", "path")
REQUIRED_ARTICLE = {
    "title": "Title: a plain headline",
    "date": "Date: YYYY-MM-DD (the day it was first published)",
    "topic": "Topic: fraud, credit or rights",
    "summary": "Summary: one plain sentence of at most 200 characters",
    "reviewed": "Reviewed: YYYY-MM-DD (the day an expert last checked the facts)",
}


def check_header_shape(source: SourceFile, known: tuple[str, ...]) -> list[Problem]:
    """Lines that are not header lines, fields given twice, and fields nobody reads (their text would be lost)."""
    allowed = list(known) + list(PELICAN_FIELDS)
    text_line = _text_in_header(source, allowed)
    problems = [_indented_line(source.path, found, indent) for found, indent in source.indented]
    for found, written in source.slipped_colons:
        slip = "a Chinese colon '：'" if "：" in written else "a space before its colon"
        what = f"the header line '{written}' has {slip}, so it would be read as the start of the text"
        problems.append(Problem(source.path, found.line, what, f"write it as '{found.key}: …'"))
    if source.stray_line and text_line is None:  # the text that starts earlier already says "blank line"
        problems.append(_stray_line(source, known))
    for first, again in source.duplicates:
        problems.append(
            Problem(
                source.path,
                again.line,
                f"{again.key} is given twice (also on line {first.line})",
                "keep one of the two lines",
            )
        )
    for key, found in source.fields.items():
        if key in OUTPUT_PATH_FIELDS:
            problems.append(
                Problem(
                    source.path,
                    found.line,
                    f"'{found.key}' would choose where the page is written and could replace another page",
                    "remove the line: the address comes from the file name (use 'Slug:' for another one)",
                )
            )
        elif key not in allowed:
            problems.append(_unknown_field(source.path, found, known, found.line == text_line))
    return problems


def _indented_line(path: str, found: HeaderField, indent: str) -> Problem:
    tabs = indent.count("\t")
    names = ["a tab" if tabs == 1 else "tabs"] if tabs else []
    names += ["spaces"] if " " in indent else []
    names += ["a full-width space"] if "\u3000" in indent else []
    names += ["a no-break space"] if "\u00a0" in indent else []
    what = " and ".join(names)
    effect = "part of the line above" if indent.strip(" \t") == "" else "the start of the text"
    return Problem(
        path,
        found.line,
        f"this header line starts with {what}, so it would be read as {effect}",
        f"delete the {what.removeprefix('a ')} before '{found.key}:'",
    )


def _stray_line(source: SourceFile, known: tuple[str, ...]) -> Problem:
    """Name the likely slip: a colon missing or typed in Chinese, or the text starting without a blank line."""
    line = source.stray_line or 1
    text = source.body_lines[0][1] if source.body_lines else ""
    words = text.strip().split(maxsplit=1)
    first = words[0].rstrip(":：").lower() if words else ""
    if line == 1 and not source.fields:
        return Problem(
            source.path,
            1,
            "the file does not start with header lines",
            "begin with lines such as 'Title: …', then one blank line, then the text",
        )
    if first in known or first in PELICAN_FIELDS:
        key = text.strip().split(":")[0].split()[0].rstrip("：")
        return Problem(
            source.path,
            line,
            "this line is neither a 'Key: value' header line nor the blank line that must end the header",
            f"write it as '{key}: …' (a colon right after the field name), or put a blank line before it if it is text",
        )
    return Problem(
        source.path,
        line,
        "the text starts here, directly under the header",
        "leave one blank line after the header, before this line",
    )


def _text_in_header(source: SourceFile, allowed: list[str]) -> int | None:
    """The line of text written right under the header (`Remember: never share the code.`), which Markdown
    takes for one more header field and drops from the page: an unknown field that reads like a sentence,
    with no known field after it."""
    unknown_prose = None
    for key, found in sorted(source.fields.items(), key=lambda item: item[1].line):
        if key in allowed or key in OUTPUT_PATH_FIELDS:
            unknown_prose = None
        elif unknown_prose is None and _reads_like_text(found.value):
            unknown_prose = found.line
    return unknown_prose


def _reads_like_text(value: str) -> bool:
    """'never share the code.' reads like a sentence; 'red' or '2026-01-01' like a field's value."""
    return len(value.split()) >= 3 or value.rstrip().endswith((".", "!", "?", "。", "！", "？", "…"))


def _unknown_field(path: str, found: HeaderField, known: tuple[str, ...], is_text: bool) -> Problem:
    """An unknown field is never shown, so its text would be lost: always an error, worded for the likely slip."""
    allowed = f"Allowed fields: {', '.join(k.capitalize() for k in known)}"
    if found.key.lower() in ARTICLE_FIELDS:  # a page or a campaign with an article's field
        what = f"'{found.key}' is a field of articles; this file does not use it"
        return Problem(path, found.line, what, f"remove the line. {allowed}")
    hint = suggestion(found.key, list(known))
    if hint:
        return Problem(path, found.line, f"unknown field '{found.key}'", f"{hint}{allowed}")
    if is_text:
        return Problem(
            path,
            found.line,
            f"this line is read as a header field '{found.key}', so its text would not be shown on the page",
            "leave one blank line after the header, before this line",
        )
    return Problem(
        path,
        found.line,
        f"unknown field '{found.key}': its text would not be shown anywhere",
        f"remove the line, or if it is text, move it below the header after one blank line. {allowed}",
    )


def check_date_field(source: SourceFile, key: str, label: str) -> tuple[dt.date | None, list[Problem]]:
    text = source.get(key)
    if text is None:
        return None, []
    value, reason = parse_date(text)
    if reason:
        return None, [
            Problem(
                source.path,
                source.line_of(key),
                f"{label} {reason}",
                "write the date as YYYY-MM-DD, for example 2026-03-15",
            )
        ]
    return value, []


def check_article(source: SourceFile, settings: Mapping[str, Any], today: dt.date) -> list[Problem]:
    problems = check_header_shape(source, ARTICLE_FIELDS)
    path = source.path
    for key, example in REQUIRED_ARTICLE.items():
        if not (source.get(key) or "").strip():
            state = "is empty" if key in source.fields else "is missing"
            problems.append(
                Problem(
                    path,
                    source.line_of(key),
                    f"{key.capitalize()} {state}",
                    f"add a header line '{example}'",
                )
            )

    problems += check_date_field(source, "date", "Date")[1]
    reviewed, found = check_date_field(source, "reviewed", "Reviewed")
    problems += found
    problems += check_date_field(source, "modified", "Modified")[1]
    if reviewed:
        max_age = int(settings.get("REVIEW_MAX_AGE_DAYS", 365))
        age = (today - reviewed).days
        if age > max_age:
            problems.append(
                warning(
                    path,
                    source.line_of("reviewed"),
                    f"the facts were last reviewed {age} days ago (more than {max_age})",
                    "ask an expert to check the article, then update Reviewed",
                )
            )
        elif age < 0:
            problems.append(
                warning(
                    path,
                    source.line_of("reviewed"),
                    f"Reviewed {reviewed.isoformat()} is in the future",
                    "use the day the facts were actually checked",
                )
            )

    topics = list(settings.get("TOPICS", {}))
    topic = (source.get("topic") or "").strip()
    if topic and topic not in topics:
        problems.append(
            Problem(
                path,
                source.line_of("topic"),
                f"Topic '{topic}' is not one of the site's topics",
                f"{suggestion(topic, topics)}use one of: {', '.join(topics)}",
            )
        )

    summary = (source.get("summary") or "").strip()
    if len(summary) > SUMMARY_MAX:
        problems.append(
            Problem(
                path,
                source.line_of("summary"),
                f"Summary is {len(summary)} characters long; the limit is {SUMMARY_MAX}",
                "shorten it to one plain sentence",
            )
        )

    audiences = list(settings.get("AUDIENCES", {}))
    for audience in split_list(source.get("audience") or ""):
        if audience not in audiences:
            problems.append(
                Problem(
                    path,
                    source.line_of("audience"),
                    f"Audience '{audience}' is not known",
                    f"{suggestion(audience, audiences)}use a comma list of: {', '.join(audiences)}",
                )
            )

    if source.get("leaflet") is not None:
        _, reason = parse_yes_no(source.get("leaflet") or "")
        if reason:
            problems.append(
                Problem(path, source.line_of("leaflet"), f"Leaflet {reason}", "write 'Leaflet: yes' or 'Leaflet: no'")
            )

    problems += check_common(source)
    return problems


def check_page(source: SourceFile, settings: Mapping[str, Any], today: dt.date) -> list[Problem]:
    problems = check_header_shape(source, PAGE_FIELDS)
    if not (source.get("title") or "").strip():
        problems.append(
            Problem(source.path, source.line_of("title"), "Title is missing", "add a header line 'Title: …'")
        )
    if not (source.get("summary") or "").strip():
        problems.append(
            warning(
                source.path,
                1,
                "Summary is missing, so search engines show the site's general description",
                "add a header line 'Summary: one plain sentence'",
            )
        )
    elif len(source.get("summary") or "") > SUMMARY_MAX:
        problems.append(
            Problem(
                source.path,
                source.line_of("summary"),
                f"Summary is {len(source.get('summary') or '')} characters long; the limit is {SUMMARY_MAX}",
                "shorten it to one plain sentence",
            )
        )
    for key, label in (("date", "Date"), ("reviewed", "Reviewed"), ("modified", "Modified")):
        problems += check_date_field(source, key, label)[1]
    problems += check_common(source)
    return problems


def check_common(source: SourceFile) -> list[Problem]:
    """Fields that mean the same on articles and pages."""
    problems: list[Problem] = []
    lang = source.get("lang")
    if lang is not None and lang.strip() not in LANGS:
        problems.append(
            Problem(
                source.path,
                source.line_of("lang"),
                f"Lang '{lang}' is not a language of the site",
                f"use one of: {', '.join(LANGS)}",
            )
        )
    status = source.get("status")
    if status is not None and status.strip().lower() not in STATUSES:
        problems.append(
            Problem(
                source.path,
                source.line_of("status"),
                f"Status '{status}' is not known",
                f"use one of: {', '.join(STATUSES)} (or leave it out to publish)",
            )
        )
    slug = source.get("slug")
    if slug is not None and not SLUG_SHAPE.match(slug.strip()):
        problems.append(
            Problem(
                source.path,
                source.line_of("slug"),
                f"Slug '{slug}' can only hold lowercase letters, digits and hyphens",
                "write it like safe-account-scam",
            )
        )
    return problems

"""The content contract: what each article and page header must hold.

Every rule returns problems; nothing here raises or writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .fields import SLUG_SHAPE, parse_date, parse_yes_no, split_list, suggestion
from .problems import Problem, warning
from .source import SourceFile

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
    problems: list[Problem] = []
    if source.stray_line:
        if source.stray_line == 1:
            problems.append(
                Problem(
                    source.path,
                    1,
                    "the file does not start with header lines",
                    "begin with lines such as 'Title: …', then one blank line, then the text",
                )
            )
        else:
            problems.append(
                Problem(
                    source.path,
                    source.stray_line,
                    "this line is neither a 'Key: value' header line nor the blank line that must end the header",
                    "if it is a header, write it as 'Key: value'; if it is the text, put a blank line before it",
                )
            )
    for first, again in source.duplicates:
        problems.append(
            Problem(
                source.path,
                again.line,
                f"{again.key} is given twice (also on line {first.line})",
                "keep one of the two lines",
            )
        )
    allowed = list(known) + list(PELICAN_FIELDS)
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
            continue
        if key in allowed:
            continue
        hint = suggestion(key, list(known))
        if hint:
            problems.append(
                Problem(
                    source.path,
                    found.line,
                    f"unknown field '{found.key}'",
                    f"{hint}Allowed fields: {', '.join(k.capitalize() for k in known)}",
                )
            )
        else:
            problems.append(
                warning(
                    source.path,
                    found.line,
                    f"unknown field '{found.key}' is ignored",
                    f"allowed fields: {', '.join(k.capitalize() for k in known)}",
                )
            )
    return problems


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

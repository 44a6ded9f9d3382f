"""Checks on the settings editors may change (topics, audiences, review age, home-page lists).

A mistake here would otherwise surface as a Python traceback deep inside the build, or as a site that
quietly shows the wrong thing. Each problem names the settings file and the line of the setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from portal.problems import Problem, suggestion
from portal.values import SLUG_SHAPE

from .body import BIDI_FIX, bidi_problem
from .rules import LANGS
from .setting_lines import value_lines

TOPIC_EXAMPLE = "'fraud': {'title': 'Scams and fraud', 'intro': 'How the most common scams work.'}"
AUDIENCE_EXAMPLE = "'older-people': 'Older people'"
COUNTS = ("URGENT_COUNT", "LATEST_COUNT", "RELATED_COUNT")


def assignment_lines(settings_file: Path) -> dict[str, tuple[Path, int]]:
    """Where each top-level NAME = … is written: in the file, else in a module it star-imports
    (publishconf.py takes most settings from pelicanconf.py)."""
    written = value_lines(settings_file)
    return {key[0]: (where.path, where.line) for key, where in written.items() if len(key) == 1}


def is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    settings_file = Path(settings.get("SETTINGS_FILE") or "pelicanconf.py")
    lines = assignment_lines(settings_file)

    def problem(name: str, what: str, fix: str) -> Problem:
        path, line = lines.get(name, (settings_file, None))
        return Problem(str(path), line, f"{name}: {what}", fix)

    problems: list[Problem] = []
    topics = settings.get("TOPICS")
    if not isinstance(topics, Mapping) or not topics:
        problems.append(problem("TOPICS", "must list at least one topic", f"write TOPICS = {{{TOPIC_EXAMPLE}}}"))
        topics = {}
    for key, topic in topics.items():
        if not isinstance(key, str) or not SLUG_SHAPE.match(key):
            problems.append(
                problem("TOPICS", f"the topic key {key!r} is not a web address part", "use lowercase a-z, 0-9 and -")
            )
        if not isinstance(topic, Mapping) or not str(topic.get("title") or "").strip():
            problems.append(
                problem("TOPICS", f"the topic '{key}' has no 'title'", f"give every topic a title: {TOPIC_EXAMPLE}")
            )
        elif not isinstance(topic.get("intro", ""), str):
            problems.append(problem("TOPICS", f"the 'intro' of topic '{key}' is not text", "write it in quotes"))

    audiences = settings.get("AUDIENCES")
    if not isinstance(audiences, Mapping) or not audiences:
        problems.append(
            problem(
                "AUDIENCES",
                "must be a list of key: name pairs in { }",
                f"write AUDIENCES = {{'everyone': 'Everyone', {AUDIENCE_EXAMPLE}}}",
            )
        )
        audiences = {}
    for key, name in audiences.items():
        if not isinstance(key, str) or not SLUG_SHAPE.match(key):
            problems.append(
                problem("AUDIENCES", f"the key {key!r} is not a web address part", "use lowercase a-z, 0-9 and -")
            )
        if not isinstance(name, str) or not name.strip():
            problems.append(
                problem("AUDIENCES", f"the audience '{key}' has no name", f"write it as {AUDIENCE_EXAMPLE}")
            )

    max_age = settings.get("REVIEW_MAX_AGE_DAYS", 365)
    if not is_count(max_age) or max_age == 0:
        problems.append(
            problem(
                "REVIEW_MAX_AGE_DAYS",
                f"{max_age!r} is not a whole number of days above 0",
                "write a number without quotes, e.g. REVIEW_MAX_AGE_DAYS = 365",
            )
        )

    urgent = settings.get("URGENT_TOPIC")
    if urgent is not None and topics and urgent not in topics:
        problems.append(
            problem(
                "URGENT_TOPIC",
                f"'{urgent}' is not one of the TOPICS",
                f"{suggestion(str(urgent), list(topics))}use one of: {', '.join(topics)}",
            )
        )
    for name in COUNTS:
        if name in settings and not is_count(settings[name]):
            problems.append(
                problem(
                    name, f"{settings[name]!r} is not a whole number", f"write a number without quotes, e.g. {name} = 3"
                )
            )

    if settings.get("DEFAULT_LANG", "en") not in LANGS:
        problems.append(
            problem(
                "DEFAULT_LANG",
                f"{settings.get('DEFAULT_LANG')!r} is not a language of the site",
                f"use one of: {', '.join(LANGS)}",
            )
        )
    problems += [problem(name, what, BIDI_FIX) for name, what in help_text_problems(settings)]
    timezone = settings.get("TIMEZONE", "UTC")
    if not isinstance(timezone, str) or timezone not in available_timezones():
        problems.append(problem("TIMEZONE", f"{timezone!r} is not a known time zone", "write it like 'Asia/Shanghai'"))
    return problems


def help_text_problems(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(setting, what) for direction marks in the help numbers and names every page prints:
    a right-to-left override inside a phone number shows one number and dials another."""
    found = []
    translated = [(name, value) for lang in (settings.get("I18N_SETTINGS") or {}).values() if isinstance(lang, Mapping)
                  for name, value in lang.items()]  # fmt: skip
    for name, value in [("CUSTOMER_SERVICE", settings.get("CUSTOMER_SERVICE")),
                        ("HOTLINES", settings.get("HOTLINES")), *translated]:  # fmt: skip
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            for key, text in entry.items():
                what = bidi_problem(text) if isinstance(text, str) else None
                if what and name in ("CUSTOMER_SERVICE", "HOTLINES"):
                    found.append((name, f"'{key}': {what}"))
    return found

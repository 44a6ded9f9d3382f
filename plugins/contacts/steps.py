"""The contacts plugin's check before the build (sitebuild.pipeline.CONTENT_CHECKS): official-contacts.csv and
warnings.csv, every problem at once, and with GO_LIVE_CHECK (make publish) the sample rows they ship with."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content_contract.public import SAMPLE_PHONE_DIGITS, SAMPLE_WORDS, address_problem
from portal.problems import Problem, Severity
from portal.run import site_today

from .model import Contact, Warning
from .reader import contact_files, read_contact_files

SAMPLE_FIX = "replace this sample row with a real one, or delete it"


def check_contacts(settings: Mapping[str, Any]) -> list[Problem]:
    folder = Path(settings["PATH"])
    lists = read_contact_files(folder, settings, site_today(settings))
    problems = list(lists.problems)
    if not settings.get("GO_LIVE_CHECK"):
        return problems
    severity = Severity.WARNING if settings.get("ALLOW_PLACEHOLDERS") else Severity.ERROR
    files = contact_files(folder, settings)
    entries: list[tuple[Path, Contact | Warning]] = [(files[0], e) for e in lists.official]
    entries += [(files[1], e) for e in lists.warnings]
    for path, entry in entries:
        what = sample_problem(entry)
        if what:
            problems.append(Problem(str(path), entry.line, what, SAMPLE_FIX, severity))
    return problems


def sample_problem(entry: Contact | Warning) -> str | None:
    """Why a row is one of the samples the project ships with, or None: the sample customer-service number,
    a domain no public site can have (.example, example.org) or words that say "Example"/"示例"."""
    if entry.kind in ("phone", "sms") and entry.key == SAMPLE_PHONE_DIGITS:
        return f"value: {entry.value!r} is the sample customer-service number"
    if entry.kind in ("website", "email-domain"):
        what = address_problem(f"https://{entry.key}")
        if what:
            return f"value: {entry.value!r} {what}"
    texts = [text for name, text in vars(entry).items() if isinstance(text, str) and name != "key"]
    found = next((SAMPLE_WORDS.search(text) for text in texts if SAMPLE_WORDS.search(text)), None)
    return f"this is a sample row (it says “{found[0]}”)" if found else None

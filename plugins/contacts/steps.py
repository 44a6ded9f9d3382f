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
from .normalise import phone_key
from .reader import contact_files, read_contact_files

SAMPLE_FIX = "replace this sample row with a real one, or delete it"


def check_contacts(settings: Mapping[str, Any]) -> list[Problem]:
    folder = Path(settings["PATH"])
    lists = read_contact_files(folder, settings, site_today(settings))
    problems = list(lists.problems) + unlisted_service_numbers(settings, lists.official)
    if settings.get("GO_LIVE_CHECK"):
        severity = Severity.WARNING if settings.get("ALLOW_PLACEHOLDERS") else Severity.ERROR
        problems += [
            Problem(str(path), entry.line, what, SAMPLE_FIX, severity) for path, entry, what in sample_rows(settings)
        ]
    return problems


def unlisted_service_numbers(settings: Mapping[str, Any], official: tuple[Contact, ...]) -> list[Problem]:
    """Warnings for a customer-service number the help box prints on every page and leaflet but the check page
    would answer "not on our list" for (official-contacts.csv exists and lacks it)."""
    path = contact_files(Path(settings["PATH"]), settings)[0]
    if not path.is_file():
        return []
    numbers = {entry.key for entry in official if entry.kind in ("phone", "sms")}
    services = [("CUSTOMER_SERVICE", settings.get("CUSTOMER_SERVICE") or {})]
    for lang, extra in (settings.get("I18N_SETTINGS") or {}).items():
        services.append((f"I18N_SETTINGS[{lang!r}]['CUSTOMER_SERVICE']", extra.get("CUSTOMER_SERVICE") or {}))
    problems, named = [], set()
    for name, service in services:
        phone = str(service.get("phone", ""))
        key = phone_key(phone)
        if key and key not in numbers and key not in named:
            named.add(key)
            what = (
                f"{name}['phone'] {phone!r} is printed as our customer service on every page and leaflet, but this "
                "file does not list it, so the check page would answer “not on our list” for it"
            )
            fix = f"add the row 'phone,{phone},Customer service', or correct {name} in the settings"
            problems.append(Problem(str(path), None, what, fix, Severity.WARNING))
    return problems


def show_preview_notice_for_sample_rows(settings: dict[str, Any]) -> None:
    """A settings step: make publish ALLOW_PLACEHOLDERS=1 with sample rows still in the spreadsheets is a
    preview too, so every page and leaflet says so (PREVIEW_NOTICE), as it does for the settings' own."""
    if settings.get("GO_LIVE_CHECK") and settings.get("ALLOW_PLACEHOLDERS") and sample_rows(settings):
        settings["PREVIEW_NOTICE"] = True


def sample_rows(settings: Mapping[str, Any]) -> list[tuple[Path, Contact | Warning, str]]:
    """(file, row, why it is a sample) for each sample row of the two files."""
    folder = Path(settings["PATH"])
    lists = read_contact_files(folder, settings, site_today(settings))
    files = contact_files(folder, settings)
    # Line 0 is the settings' own contacts (no official-contacts.csv): the go-live check of the settings names those.
    entries: list[tuple[Path, Contact | Warning]] = [(files[0], e) for e in lists.official if e.line]
    entries += [(files[1], e) for e in lists.warnings]
    return [(path, entry, what) for path, entry in entries if (what := sample_problem(entry))]


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

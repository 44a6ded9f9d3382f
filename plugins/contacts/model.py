"""What official-contacts.csv and warnings.csv hold, once read and checked (pure dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .normalise import host_key, phone_key, text_key

KINDS = ("phone", "sms", "website", "app", "wechat", "email-domain")
CONTACTS_FILE = "official-contacts.csv"
WARNINGS_FILE = "warnings.csv"
CHECK_URL = "check/"
DATA_FILE = "contacts.json"  # beside the check page: /check/contacts.json, /zh/check/contacts.json


def key_of(kind: str, value: str) -> str | None:
    """The value's key for finding and comparing, by kind; None when the value cannot be one of its kind."""
    if kind == "phone":
        return phone_key(value)
    if kind in ("website", "email-domain"):
        return host_key(value) or None
    if kind == "sms":  # a sender number, or a sender name such as 【ExampleBank】
        return phone_key(value) or text_key(value) or None
    return text_key(value) or None


def text_for(lang: str, english: str, chinese: str) -> str:
    """The Chinese column on the Chinese site when it is filled in, else the English one."""
    return chinese if lang == "zh" and chinese else english


@dataclass(frozen=True)
class Contact:
    """One official phone number, sender, website, app, WeChat account or e-mail domain."""

    kind: str
    value: str  # as the editor wrote it, shown to readers
    key: str
    label: str
    label_zh: str = ""
    notes: str = ""
    notes_zh: str = ""
    line: int = 0

    def shown(self, lang: str) -> dict[str, str]:
        return {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "label": text_for(lang, self.label, self.label_zh),
            "notes": text_for(lang, self.notes, self.notes_zh),
        }


@dataclass(frozen=True)
class Warning:
    """One number, sender or address that pretends to be someone it is not."""

    kind: str
    value: str
    key: str
    pretends_to_be: str
    advice: str
    reported: dt.date
    pretends_to_be_zh: str = ""
    advice_zh: str = ""
    source: str = ""
    line: int = 0

    def shown(self, lang: str, human_date: str) -> dict[str, str]:
        return {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "pretends": text_for(lang, self.pretends_to_be, self.pretends_to_be_zh),
            "advice": text_for(lang, self.advice, self.advice_zh),
            "reported": human_date,
            "reportedIso": self.reported.isoformat(),
        }


def by_kind(entries: list[Contact] | list[Warning]) -> list[tuple[str, list]]:
    """(kind, its entries in file order) for the kinds that have any, in KINDS order."""
    return [(kind, [e for e in entries if e.kind == kind]) for kind in KINDS if any(e.kind == kind for e in entries)]

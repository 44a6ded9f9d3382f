"""Read and check official-contacts.csv and warnings.csv: every problem collected, none raised.

Both come from Excel, so portal.tables reads them (a byte-order mark, CRLF, headings in any case are fine).
Messages read `warnings.csv:LINE: column: what is wrong — how to fix it`. Values are compared by their keys
(normalise.py): `021-95533` and `95533` are one number, `https://www.x.example/` and `x.example` one site.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content_contract.public import BIDI_FIX, bidi_problem
from portal.problems import Problem, cell_problem, quote, suggestion
from portal.tables import Columns, read_table
from portal.values import parse_cell_date

from .model import CONTACTS_FILE, KINDS, WARNINGS_FILE, Contact, Warning, key_of
from .normalise import address_parts_beyond_host, host_key, is_domain, phone_key

CONTACT_TABLE = Columns(("kind", "value", "label"), ("label_zh", "notes", "notes_zh"))
WARNING_TABLE = Columns(
    ("kind", "value", "pretends_to_be", "advice", "reported"), ("pretends_to_be_zh", "advice_zh", "source")
)
DATE_FIX = "write the date as YYYY-MM-DD, e.g. 2026-03-15 (Excel's 2026/3/15 is fine too)"
_YEAR_LAST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
KIND_WORDS = {  # other words editors write for a kind
    "e-mail-domain": "email-domain",
    "e-mail": "email-domain",
    "email": "email-domain",
    "mail-domain": "email-domain",
    "telephone": "phone",
    "tel": "phone",
    "text": "sms",
    "text-message": "sms",
    "web": "website",
    "web-site": "website",
    "domain": "website",
    "weixin": "wechat",
    "电话": "phone",
    "短信": "sms",
    "网站": "website",
    "网址": "website",
    "微信": "wechat",
}
SETTINGS_SOURCE = "the settings (CUSTOMER_SERVICE or PUBLIC_SITEURL)"  # official when official-contacts.csv is absent
_EXCEL_EXPONENT = re.compile(r"\d(\.\d+)?e\+\d+", re.IGNORECASE)  # 8.6139E+12: Excel's way with long numbers


@dataclass(frozen=True)
class ContactLists:
    official: tuple[Contact, ...] = ()
    warnings: tuple[Warning, ...] = ()
    problems: tuple[Problem, ...] = ()


def clean_text(value: str) -> str:
    """Trimmed, without control characters other than line breaks and tabs."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def parse_kind(text: str) -> str:
    """'Website', 'E-mail domain', 'SMS sender', 'Phone number', '电话' → 'website', 'email-domain', 'sms', 'phone',
    'phone' (unknown words as they came)."""
    word = re.sub(r"[\s_]+", "-", unicodedata.normalize("NFKC", text).strip().lower())
    word = re.sub(r"-(number|sender|address|name|account|id)$", "", word)  # "Phone number", "SMS sender"…
    return KIND_WORDS.get(word, word)


def parse_reported(text: str) -> tuple[dt.date | None, str | None, str]:
    """The `reported` cell: (date, None, "") or (None, what is wrong, how to fix it).

    15/03/2026 is refused: Excel writes day/month/year in some regions and month/day/year in others, so
    03/04/2026 could be March or April. The fix names the day when only one reading is possible."""
    clean = unicodedata.normalize("NFKC", text).strip()
    year_last = _YEAR_LAST.fullmatch(clean)
    if year_last:
        first, second, year = (int(part) for part in year_last.groups())
        guess = ""
        if first > 12 >= second:
            guess = f"did you mean {year:04d}-{second:02d}-{first:02d}? "
        elif second > 12 >= first:
            guess = f"did you mean {year:04d}-{first:02d}-{second:02d}? "
        what = f"{quote(text)} puts the year last, so the day and the month cannot be told apart"
        return None, what, guess + DATE_FIX
    day, problem = parse_cell_date(clean)
    if day is None:
        return None, problem or f"{quote(text)} is not a date", DATE_FIX
    return day, None, ""


@dataclass
class _Seen:
    """Keys met so far, across both files: (group, key) → (file name, line, value as written)."""

    first: dict[tuple[str, str], tuple[str, int, str]] = field(default_factory=dict)


def _group(kind: str) -> str:
    """Kinds whose values are compared with each other: one number is one number, as phone or as sender
    (a domain may be both a website and an e-mail domain)."""
    return "number" if kind in ("phone", "sms") else kind


def _value_problems(kind: str, value: str) -> tuple[str | None, list[tuple[str, str, str]]]:
    """(the value's key, [(column, what, fix)]) for one kind and value."""
    if not value:
        return None, [("value", "this value is empty", "write the number, sender, domain or name")]
    if _EXCEL_EXPONENT.fullmatch(value):
        what = f"{quote(value)} is how Excel shows a long number, not the number itself"
        return None, [("value", what, "format the column as Text in Excel, type the number again, then save")]
    key = key_of(kind, value)
    if kind == "phone" and key is None:
        fix = "write the number as people dial it, e.g. 95533 or 021-6123 4567"
        return None, [("value", f"{quote(value)} is not a phone number", fix)]
    if kind in ("website", "email-domain"):
        host = host_key(value.split("@")[-1] if kind == "email-domain" else value)
        example = "examplebank.example" if kind == "website" else "mail.examplebank.example"
        if not is_domain(host):
            return None, [("value", f"{quote(value)} is not a domain", f"write the domain only, e.g. {example}")]
        if kind == "website" and address_parts_beyond_host(value):
            what = f"{quote(value)} is a whole address, not only a domain"
            return None, [("value", what, f"write only {quote(host)}; every page under it counts")]
        key = host
    if key is None:
        return None, [("value", f"{quote(value)} has nothing to compare", "write the sender or name as it is shown")]
    return key, []


def _row_problems(path: Path, line: int, text: Mapping[str, str], required: tuple[str, ...]) -> list[Problem]:
    problems = []
    for column in required:
        if column != "value" and not text.get(column):
            problems.append(cell_problem(path, line, column, "this value is empty", f"every row needs a {column}"))
    for column, value in text.items():
        bidi = bidi_problem(value)
        if bidi:  # the page would show one thing and the check compare another
            problems.append(cell_problem(path, line, column, bidi, BIDI_FIX))
    return problems


def _checked_kind_and_key(
    path: Path, line: int, text: Mapping[str, str], seen: _Seen
) -> tuple[str, str | None, list[Problem]]:
    problems: list[Problem] = []
    kind = parse_kind(text.get("kind", ""))
    if kind not in KINDS:
        shown = quote(text.get("kind", "")) if text.get("kind") else "this value is empty"
        what = f"{shown} is not a kind of contact" if text.get("kind") else shown
        fix = f"{suggestion(kind, list(KINDS))}write one of: {', '.join(KINDS)}"
        return kind, None, [cell_problem(path, line, "kind", what, fix)]
    key, found = _value_problems(kind, text.get("value", ""))
    problems += [cell_problem(path, line, column, what, fix) for column, what, fix in found]
    if key is not None:
        other = seen.first.setdefault((_group(kind), key), (path.name, line, text["value"]))
        if other[:2] != (path.name, line):
            same = "already" if other[2] == text["value"] else f"the same as {quote(other[2])}"
            where = f"line {other[1]}" if other[0] == path.name else f"{other[0]} line {other[1]}"
            if other[0] == SETTINGS_SOURCE:
                where = SETTINGS_SOURCE
            if other[0] == path.name:
                fix = "keep one of the two rows"
            elif other[0] == SETTINGS_SOURCE:
                fix = "the settings' own numbers are official: delete this row"
            else:
                fix = f"a value is either official ({CONTACTS_FILE}) or a warning ({WARNINGS_FILE}), never both"
            problems.append(cell_problem(path, line, "value", f"{quote(text['value'])} is {same} on {where}", fix))
    return kind, key, problems


def parse_contacts(path: Path, data: bytes, seen: _Seen) -> tuple[list[Contact], list[Problem]]:
    def contact_of(line: int, cells: dict[str, str]) -> tuple[Contact | None, list[Problem]]:
        text = {column: clean_text(value) for column, value in cells.items()}
        problems = _row_problems(path, line, text, CONTACT_TABLE.required)
        kind, key, found = _checked_kind_and_key(path, line, text, seen)
        problems += found
        if problems or key is None:
            return None, problems
        contact = Contact(
            kind,
            text["value"],
            key,
            text["label"],
            text.get("label_zh", ""),
            text.get("notes", ""),
            text.get("notes_zh", ""),
            line,
        )
        return contact, []

    return read_table(path, CONTACT_TABLE, contact_of, data)


def parse_warnings(path: Path, data: bytes, seen: _Seen, today: dt.date) -> tuple[list[Warning], list[Problem]]:
    def warning_of(line: int, cells: dict[str, str]) -> tuple[Warning | None, list[Problem]]:
        text = {column: clean_text(value) for column, value in cells.items()}
        problems = _row_problems(
            path, line, {k: v for k, v in text.items() if k != "reported"}, ("pretends_to_be", "advice")
        )
        kind, key, found = _checked_kind_and_key(path, line, text, seen)
        problems += found
        reported, what, fix = parse_reported(text.get("reported", ""))
        if reported is None:
            problems.append(cell_problem(path, line, "reported", what or "", fix))
        elif reported > today:
            what = f"{reported.isoformat()} is after today ({today.isoformat()})"
            problems.append(cell_problem(path, line, "reported", what, "write the day the warning was reported"))
        if problems or key is None or reported is None:
            return None, problems
        entry = Warning(
            kind,
            text["value"],
            key,
            text["pretends_to_be"],
            text["advice"],
            reported,
            text.get("pretends_to_be_zh", ""),
            text.get("advice_zh", ""),
            text.get("source", ""),
            line,
        )
        return entry, []

    return read_table(path, WARNING_TABLE, warning_of, data)


def contact_files(content: Path, settings: Mapping[str, Any]) -> tuple[Path, Path]:
    """Where official-contacts.csv and warnings.csv are (OFFICIAL_CONTACTS_FILE, SCAM_WARNINGS_FILE)."""
    return (
        content / settings.get("OFFICIAL_CONTACTS_FILE", CONTACTS_FILE),
        content / settings.get("SCAM_WARNINGS_FILE", WARNINGS_FILE),
    )


def contacts_from_settings(settings: Mapping[str, Any]) -> list[Contact]:
    """The bank's own contacts the settings already hold, for a content folder without official-contacts.csv:
    CUSTOMER_SERVICE's number and the public site's domain (line 0: they come from no row)."""
    chinese = (settings.get("I18N_SETTINGS") or {}).get("zh") or {}
    service, service_zh = settings.get("CUSTOMER_SERVICE") or {}, chinese.get("CUSTOMER_SERVICE") or {}
    found: list[Contact] = []
    phone = phone_key(str(service.get("phone", "")))
    if phone:
        name, hours = str(service.get("name", "")), str(service.get("hours", ""))
        name_zh, hours_zh = str(service_zh.get("name", "")), str(service_zh.get("hours", ""))
        found.append(Contact("phone", str(service["phone"]), phone, name, name_zh, hours, hours_zh))
    site = host_key(str(settings.get("PUBLIC_SITEURL", "")))
    if is_domain(site):
        name = str(settings.get("SITENAME", site))
        found.append(Contact("website", site, site, name, str(chinese.get("SITENAME", ""))))
    return found


def read_contact_files(content: Path, settings: Mapping[str, Any], today: dt.date) -> ContactLists:
    """The content folder's official contacts and warnings with every problem. Without official-contacts.csv
    the official list is the settings' own (contacts_from_settings); without warnings.csv there are none."""
    contacts_path, warnings_path = contact_files(Path(content), settings)
    seen = _Seen()
    official: list[Contact] = []
    warnings: list[Warning] = []
    problems: list[Problem] = []
    if contacts_path.is_file():
        official, problems = parse_contacts(contacts_path, contacts_path.read_bytes(), seen)
    else:
        official = contacts_from_settings(settings)
        for entry in official:
            seen.first[(_group(entry.kind), entry.key)] = (SETTINGS_SOURCE, 0, entry.value)
    if warnings_path.is_file():
        warnings, found = parse_warnings(warnings_path, warnings_path.read_bytes(), seen, today)
        problems += found
    return ContactLists(tuple(official), tuple(warnings), tuple(problems))

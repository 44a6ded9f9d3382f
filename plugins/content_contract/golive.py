"""The go-live check: a publish build (GO_LIVE_CHECK = True, set in publishconf.py) refuses settings that
still hold the project's sample values: the sample customer-service number, an organisation or
address that says "Example"/"示例", a public address on example.org/.com/.net, localhost or an IP address.

Each value is reported at the line that writes it (setting_lines.py), or as the --siteurl option
when the address came from the command line. With ALLOW_PLACEHOLDERS (make publish ALLOW_PLACEHOLDERS=1)
the same list is printed as warnings and every page and leaflet says it is a preview (PREVIEW_NOTICE).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from portal.problems import Problem, Severity

from .setting_lines import Key, value_lines, where

SAMPLE_PHONE_DIGITS = "4000000000"  # 400-000-0000, the number pelicanconf.py ships with
SAMPLE_WORDS = re.compile(r"example|示例", re.IGNORECASE)
SAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_ENDINGS = ("example", "test", "invalid", "localhost")  # top-level names no public site can have
ADDRESS_SETTINGS = ("SITEURL", "PUBLIC_SITEURL")  # FEED_DOMAIN: the discovery plugin sets it to PUBLIC_SITEURL
SITEURL_OPTION = "--siteurl"
ADDRESS_FIX = (
    "write the public address, e.g. PUBLIC_SITEURL = 'https://…', or publish with make publish SITEURL=https://…"
)
FIXES = {
    "phone": "put the bank's real customer-service number here",
    "ORGANISATION": "write the organisation's real name (it is printed on every page and leaflet)",
    "complaint_address": "write the real address where customers send complaints",
}


def shown(key: Key) -> str:
    """A setting as it is written in Python: I18N_SETTINGS['zh']['ORGANISATION']."""
    return key[0] + "".join(f"[{part!r}]" for part in key[1:])


def address_problem(url: Any) -> str | None:
    """Why an address cannot be the public site's ("is an IP address…"), or None."""
    host = (urlsplit(url).hostname or "") if isinstance(url, str) else ""
    if not host:
        return "is not a full web address (https://…)"
    try:
        ipaddress.ip_address(host)
        return "is an IP address, not the public site's name"
    except ValueError:
        pass
    if host == "localhost" or host.endswith(".localhost"):
        return "is this computer (localhost)"
    for domain in SAMPLE_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return f"is a sample address ({domain})"
    if host.rsplit(".", 1)[-1] in RESERVED_ENDINGS:
        return f"is a sample address (.{host.rsplit('.', 1)[-1]})"
    return None


def text_problem(key: Key, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if key[-1] == "phone" and re.sub(r"\D", "", value) == SAMPLE_PHONE_DIGITS:
        return "is the sample customer-service number"
    found = SAMPLE_WORDS.search(value)
    return f"is sample text (it says “{found[0]}”)" if found else None


def scopes(settings: Mapping[str, Any]) -> list[tuple[Key, Mapping[str, Any]]]:
    """The main settings, then each language's own copies (I18N_SETTINGS['zh'])."""
    found: list[tuple[Key, Mapping[str, Any]]] = [((), settings)]
    for code, overrides in (settings.get("I18N_SETTINGS") or {}).items():
        if isinstance(overrides, Mapping):
            found.append((("I18N_SETTINGS", str(code)), overrides))
    return found


def placeholders(settings: Mapping[str, Any]) -> list[tuple[Key, str, str]]:
    """(setting, what is wrong, what to set) for every sample value; ("--siteurl",) for the option."""
    found: list[tuple[Key, str, str]] = []
    from_option = settings.get("SITEURL_OPTION") is not None
    for prefix, scope in scopes(settings):
        texts: list[tuple[Key, Any]] = [((*prefix, "ORGANISATION"), scope.get("ORGANISATION"))]
        service = scope.get("CUSTOMER_SERVICE")
        if isinstance(service, Mapping):
            texts += [((*prefix, "CUSTOMER_SERVICE", str(name)), value) for name, value in service.items()]
        for key, value in texts:
            what = text_problem(key, value)
            if what:
                found.append((key, f"{value!r} {what}", FIXES.get(key[-1], "write the real text")))
        for name in ADDRESS_SETTINGS:
            what = address_problem(scope[name]) if name in scope and not (from_option and not prefix) else None
            if what:
                found.append(((*prefix, name), f"{scope[name]!r} {what}", ADDRESS_FIX))
    if from_option:  # make publish SITEURL=…: it replaces SITEURL and PUBLIC_SITEURL of every file
        url = settings["SITEURL_OPTION"]
        what = address_problem(url)
        if what:
            fix = "give the public address: make publish SITEURL=https://…"
            found.append(((SITEURL_OPTION,), f"{url!r} (make publish SITEURL=…) {what}", fix))
    return found


def go_live_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """The placeholders of a publish build: errors, or warnings when ALLOW_PLACEHOLDERS is set."""
    if not settings.get("GO_LIVE_CHECK"):
        return []
    settings_file = Path(settings.get("SETTINGS_FILE") or "publishconf.py")
    lines = value_lines(settings_file)
    severity = Severity.WARNING if settings.get("ALLOW_PLACEHOLDERS") else Severity.ERROR
    merged: dict[tuple[str, int | None], list[tuple[bool, Key, str, str]]] = {}
    for key, what, fix in placeholders(settings):
        written = None if key == (SITEURL_OPTION,) else where(lines, key)
        direct = True
        # SITEURL = PUBLIC_SITEURL: the value is fixed where PUBLIC_SITEURL is written.
        if written and written.alias and len(key) == 1 and settings.get(written.alias) == settings.get(key[0]):
            written, direct = where(lines, (written.alias,)) or written, False
        unwritten = SITEURL_OPTION if key == (SITEURL_OPTION,) else str(settings_file)
        spot = (str(written.path), written.line) if written else (unwritten, None)
        merged.setdefault(spot, []).append((direct, key, what, fix))
    problems = []
    for (path, line), found in merged.items():
        found.sort(key=lambda item: not item[0])  # the setting written on this line names the message
        names = [shown(key) for _, key, _, _ in found]
        if names[0] == "PUBLIC_SITEURL":
            names.append("FEED_DOMAIN")  # the discovery plugin gives feeds the public address
        _, _, what, fix = found[0]
        also = f"; {' and '.join(names[1:])} use it too" if len(names) > 1 else ""
        label = "" if path == SITEURL_OPTION else f"{names[0]}: "
        problems.append(Problem(path, line, f"{label}{what}{also}", fix, severity))
    if problems and severity is Severity.WARNING:
        problems.append(
            Problem(
                str(settings_file),
                None,
                "ALLOW_PLACEHOLDERS: built anyway as a preview; every page and leaflet says "
                "“Preview — not the public site”",
                "do not publish or print this build: set the values above, then run make publish again",
                severity,
            )
        )
    return problems


def shows_preview_notice(settings: Mapping[str, Any]) -> bool:
    """A publish build allowed to keep its placeholders must say so on every page and leaflet."""
    return bool(settings.get("GO_LIVE_CHECK") and settings.get("ALLOW_PLACEHOLDERS") and placeholders(settings))

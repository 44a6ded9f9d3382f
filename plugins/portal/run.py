"""One build run as the plugins see it, made from Pelican settings.

sitebuild/languages.py runs Pelican once per language: each run's DEFAULT_LANG is its own language and
MAIN_LANG the site's main one (MAIN_LANG is absent when the settings are the site's own, as in `make
check`); its SITEURL and PUBLIC_SITEURL carry its /<code> prefix. Plugins ask these questions here
instead of each reading the settings its own way.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Run:
    """What plugins need to know about the run they are part of."""

    language: str  # this run's language (DEFAULT_LANG)
    main_language: str  # the site's main language, whose run writes the root and copies the theme files
    public_url: str  # the site's public address without a trailing '/', also in local builds
    today: dt.date  # in the site's time zone; SOURCE_DATE_EPOCH pins it
    cache_folder: Path | None  # CACHE_PATH; None: nothing is kept between builds

    @property
    def is_main_language(self) -> bool:
        return self.language == self.main_language

    def address(self, path: str) -> str:
        """The absolute public address of a site path ('outlets/x/' → 'https://…/outlets/x/')."""
        return address(self.public_url, path)


def run_of(settings: Mapping[str, Any]) -> Run:
    return Run(
        language=language(settings),
        main_language=main_language(settings),
        public_url=public_url(settings),
        today=site_today(settings),
        cache_folder=cache_folder(settings),
    )


# The same answers one at a time, for code that needs only one of them (head_meta runs for every page).


def language(settings: Mapping[str, Any]) -> str:
    return str(settings.get("DEFAULT_LANG") or DEFAULT_LANGUAGE)


def main_language(settings: Mapping[str, Any]) -> str:
    return str(settings.get("MAIN_LANG") or language(settings))


def is_main_language(settings: Mapping[str, Any]) -> bool:
    """The main language's run (or no language run at all): it alone writes what the whole site shares once."""
    return language(settings) == main_language(settings)


def public_url(settings: Mapping[str, Any]) -> str:
    """PUBLIC_SITEURL, or SITEURL when there is none, without a trailing '/'; '' when neither is set.

    What QR codes, print, feeds, calendars and JSON-LD carry: absolute even in a local build (SITEURL empty)."""
    return str(settings.get("PUBLIC_SITEURL") or settings.get("SITEURL") or "").rstrip("/")


def address(base: str, path: str) -> str:
    """A site path under an address: ('https://x.cn', '/outlets/a/') → 'https://x.cn/outlets/a/'."""
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def site_today(settings: Mapping[str, Any]) -> dt.date:
    """Today in the site's time zone. SOURCE_DATE_EPOCH (the reproducible-builds convention) pins it,
    so rebuilding a past day's site gives the same bytes (closures and campaigns depend on the day)."""
    zone = ZoneInfo(settings.get("TIMEZONE", "UTC"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), zone).date()
    return dt.datetime.now(zone).date()


def print_later(settings: Mapping[str, Any]) -> list[str] | None:
    """The preview's list of print files left for later (sitebuild/preview.py): PDFs and packs missing from
    the caches are not made in this build, only named here, so the pages show at once; the preview then
    builds again straight away, and that build makes them. None (every other build): make everything."""
    later = settings.get("PRINT_LATER")
    return later if isinstance(later, list) else None


def cache_folder(settings: Mapping[str, Any]) -> Path | None:
    cache = settings.get("CACHE_PATH")
    return Path(cache) if cache else None

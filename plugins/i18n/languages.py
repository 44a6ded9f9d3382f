"""The site's languages as the theme and the language links need them: code, html lang, name, address prefix."""

from __future__ import annotations

from typing import Any

from portal.run import main_language

from .alternates import Language


def languages(settings: dict[str, Any]) -> list[Language]:
    configured = settings.get("LANGUAGES", {})
    main = main_language(settings)
    codes = settings.get("SITE_LANGUAGES") or [main]
    return [
        Language(
            code,
            configured.get(code, {}).get("html_lang", code),
            configured.get(code, {}).get("name", code),
            "" if code == main else f"{code}/",
        )
        for code in codes
    ]


def html_lang(settings: dict[str, Any], code: str) -> str:
    return settings.get("LANGUAGES", {}).get(code, {}).get("html_lang", code)

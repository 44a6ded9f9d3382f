"""Theme text translations: gettext catalogues compiled from the .po files at build time.

Compiling in memory means a stale .mo file can never show old wording; `make translations`
keeps the .po files in step with the templates.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


def catalogue_path(translations_dir: Path, lang: str) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def _compiled(po_path: Path, modified: float) -> gettext.GNUTranslations:
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translations_for(translations_dir: Path, lang: str) -> gettext.NullTranslations:
    """The catalogue for `lang`, or null translations (text as written) when there is none."""
    po_path = catalogue_path(translations_dir, lang)
    if not po_path.is_file():
        return gettext.NullTranslations()
    return _compiled(po_path, po_path.stat().st_mtime)

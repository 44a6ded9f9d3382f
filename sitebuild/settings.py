"""Load Pelican settings with the command line's CONTENT, OUTPUT and SITEURL applied."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from pelican.settings import read_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_settings(
    settings_file: str | Path,
    content: str | Path | None = None,
    output: str | Path | None = None,
    siteurl: str | None = None,
) -> dict[str, Any]:
    override: dict[str, Any] = {}
    if content:
        override["PATH"] = str(Path(content).resolve())
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    if siteurl is not None:
        override["SITEURL"] = siteurl.rstrip("/")
        override["PUBLIC_SITEURL"] = siteurl.rstrip("/")
    settings = read_settings(str(Path(settings_file).resolve()), override=override)
    settings["SETTINGS_FILE"] = str(Path(settings_file).resolve())  # named by problems found in the settings
    # One cache per content folder, so a test build never reuses another site's cache.
    key = hashlib.sha256(f"{settings['PATH']}|{Path(settings_file).resolve()}".encode()).hexdigest()[:16]
    settings["PORTAL_CACHE_ROOT"] = os.environ.get("PORTAL_CACHE_ROOT", str(PROJECT_ROOT / ".cache"))
    settings["CACHE_PATH"] = str(Path(settings["PORTAL_CACHE_ROOT"]) / f"pelican-{key}")
    for plugin_path in settings.get("PLUGIN_PATHS", []):
        if plugin_path not in sys.path:
            sys.path.insert(0, plugin_path)
    return settings

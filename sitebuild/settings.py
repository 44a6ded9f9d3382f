"""Load Pelican settings with the command line's CONTENT, OUTPUT and SITEURL applied."""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from content_contract.public import shows_preview_notice
from pelican.settings import read_settings
from portal.digest import code_digest, settings_text

from .pipeline import SETTINGS_STEPS, enabled

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def code_and_settings_digest(settings: dict[str, Any]) -> str:
    """Changes whenever a setting, a plugin's code or Pelican's or Markdown's version does."""
    versions = ",".join(f"{name}={package_metadata.version(name)}" for name in ("pelican", "markdown"))
    plugins = code_digest(Path(folder) for folder in settings.get("PLUGIN_PATHS", []))
    return hashlib.sha256(f"{settings_text(settings)}|{versions}|{plugins}".encode()).hexdigest()[:12]


def load_settings(
    settings_file: str | Path,
    content: str | Path | None = None,
    output: str | Path | None = None,
    siteurl: str | None = None,
    allow_placeholders: bool = False,
) -> dict[str, Any]:
    override: dict[str, Any] = {}
    if content:
        override["PATH"] = str(Path(content).resolve())
    if output:
        # OUTPUT itself is a symlink to the current version (staging.py): resolve only its folder.
        absolute = Path(os.path.abspath(output))
        override["OUTPUT_PATH"] = str(absolute.parent.resolve() / absolute.name)
    if siteurl is not None:
        override["SITEURL"] = siteurl.rstrip("/")
        override["PUBLIC_SITEURL"] = siteurl.rstrip("/")
    settings = read_settings(str(Path(settings_file).resolve()), override=override)
    settings["SETTINGS_FILE"] = str(Path(settings_file).resolve())  # named by problems found in the settings
    if siteurl is not None:
        settings["SITEURL_OPTION"] = siteurl.rstrip("/")  # the go-live check names the option, not a line
    if allow_placeholders:
        settings["ALLOW_PLACEHOLDERS"] = True  # make publish ALLOW_PLACEHOLDERS=1: a preview (golive.py)
    settings["PREVIEW_NOTICE"] = shows_preview_notice(settings)  # templates show the notice; part of the digest
    # One cache per content folder, so a test build never reuses another site's cache; and one per
    # version of the settings and plugins, because Pelican's content cache would keep Markdown
    # rendered by the old ones (a Markdown extension's code, a changed SITEURL…).
    key = hashlib.sha256(f"{settings['PATH']}|{Path(settings_file).resolve()}".encode()).hexdigest()[:16]
    settings["PORTAL_CACHE_ROOT"] = os.environ.get("PORTAL_CACHE_ROOT", str(PROJECT_ROOT / ".cache"))
    settings["CACHE_PATH"] = str(
        Path(settings["PORTAL_CACHE_ROOT"]) / f"pelican-{key}-{code_and_settings_digest(settings)}"
    )
    for plugin_path in settings.get("PLUGIN_PATHS", []):
        if plugin_path not in sys.path:
            sys.path.insert(0, plugin_path)
    for step in enabled(SETTINGS_STEPS, settings):
        step.function()(settings)
    return settings

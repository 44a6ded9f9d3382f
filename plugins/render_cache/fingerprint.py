"""What a page's HTML depends on, reduced to a digest.

A page written by Pelican is a function of: the theme, the plugins' code, the settings, the build
day, every file in the content folder, and the template variables it is given. All of that is
hashed once per run into the *site fingerprint*, except one thing: the bodies of articles and
pages. Only the article's (or page's) own page shows its body (lists show titles and summaries),
so a body is hashed into the key of the page that shows it, and editing one article's text
re-renders one page instead of all of them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from pelican.contents import Content
from portal.digest import settings_text, stable
from portal.run import site_today

# Context entries hashed in their own way below (sources by signature, files byte for byte).
CONTENT_REGISTERS = frozenset({"generated_content", "static_content"})
PACKAGES = ("pelican", "jinja2", "markdown", "markupsafe", "babel")
SKIPPED_FOLDERS = frozenset({"__pycache__", ".git"})


def content_signature(item: Content) -> str:
    """Everything about an article or page that other pages may show: not its body."""
    return stable(
        [
            type(item).__name__,
            item.source_path,
            getattr(item, "url", ""),
            getattr(item, "save_as", ""),
            getattr(item, "lang", ""),
            getattr(item, "status", ""),
            getattr(item, "template", ""),
            getattr(item, "summary", ""),
            item.metadata,
            [translation.source_path for translation in getattr(item, "translations", [])],
        ]
    )


def body_digest(item: Content) -> str:
    return hashlib.sha256((item._content or "").encode()).hexdigest()


def files_digest(folders: Iterable[Path], skip: frozenset[str] = frozenset()) -> str:
    """Paths and bytes of every file under the folders, except the (absolute) paths in skip."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
            for name in sorted(files):
                path = os.path.join(root, name)
                if path in skip:
                    continue
                digest.update(os.path.relpath(path, folder).encode() + b"\0")
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def code_folders(settings: Mapping[str, Any]) -> list[Path]:
    folders = [Path(settings["THEME"])] if settings.get("THEME") else []
    folders += [Path(path) for path in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    return folders + [Path(path) for path in settings.get("PLUGIN_PATHS", [])]


def settings_file_digest(settings: Mapping[str, Any]) -> str:
    """The settings file itself: a function defined there is only named in the settings' text form."""
    path = settings.get("SETTINGS_FILE")
    if not path or not os.path.isfile(path):
        return ""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def package_versions() -> str:
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={package_metadata.version(name)}")
        except package_metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return ",".join(versions)


def site_fingerprint(settings: Mapping[str, Any], context: Mapping[str, Any]) -> str:
    """One digest of every input of every page except the bodies of articles and pages."""
    digest = hashlib.sha256()
    digest.update(package_versions().encode())
    digest.update(site_today(settings).isoformat().encode())
    digest.update(settings_text(settings).encode())
    digest.update(files_digest(code_folders(settings)).encode())
    digest.update(settings_file_digest(settings).encode())

    # What generators and plugins added to the context: lists of articles, outlets, leaflet sizes…
    added = {k: v for k, v in context.items() if k not in settings and k not in CONTENT_REGISTERS}
    digest.update(stable(added).encode())

    content = context.get("generated_content", {})
    items = sorted((item for item in content.values() if isinstance(item, Content)), key=lambda i: i.source_path)
    for item in items:
        digest.update(content_signature(item).encode())
    # Every other file in the content folder (outlets.csv, campaigns, images…) counts byte for byte.
    sources = frozenset(os.path.abspath(item.source_path) for item in items)
    digest.update(files_digest([Path(os.path.abspath(settings["PATH"]))], skip=sources).encode())
    return digest.hexdigest()


def page_key(fingerprint: str, name: str, template_name: str, relative_urls: bool, variables: Mapping[str, Any]) -> str:
    """The key of one written page: the site fingerprint, where and how it is written, and what it is given.

    An article or page given to the template counts with its body; any other value (an outlet, the
    leaflet catalogue with its PDF sizes) counts by its text form.
    """
    digest = hashlib.sha256(f"{fingerprint}\0{name}\0{template_name}\0{relative_urls}".encode())
    for key in sorted(variables):
        value = variables[key]
        shown = f"{value.source_path}:{body_digest(value)}" if isinstance(value, Content) else stable(value)
        digest.update(f"\0{key}={shown}".encode())
    return digest.hexdigest()

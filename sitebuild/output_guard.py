"""Refuse an OUTPUT folder the build must never replace: sources, the checkout, home, /, foreign folders.

A build replaces OUTPUT as a whole, so `OUTPUT=content` or `OUTPUT=.` would silently swap the articles or
the checkout (with .git) for a generated site. `output_problems` only reads the file system: build()
calls it before anything is checked, locked or written.

A previous build of this site is recognised by its layout (see staging.py): OUTPUT is a symbolic link
`.NAME.versions/<version>` into the versions folder beside it, and that folder holds the stamp file
`.portal-build`. The stamp stays outside the served tree, so it is never uploaded or served.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from .settings import PROJECT_ROOT

STAMP = ".portal-build"
# A version folder's name: UTC time of the build (sorts in build order), then the builder's pid.
VERSION_NAME = re.compile(r"^(?P<time>\d{8}T\d{6}\.\d{6}Z)-(?P<pid>\d+)$")
# What every build of this site writes at its root: a real folder with all of it is a build from
# before versioned output (and stamps) existed, which the next build may move aside.
OLD_BUILD_FILES = ("index.html", "sitemap.xml", "robots.txt")
OLD_BUILD_FOLDERS = ("theme", "pagefind")


def output_location(output: str | Path) -> Path:
    """Absolute OUTPUT with its folder's symlinks resolved but not OUTPUT's own (it is our symlink)."""
    path = Path(os.path.abspath(output))
    return path.parent.resolve() / path.name if path.name else path


def versions_folder(output: Path) -> Path:
    return output.parent / f".{output.name}.versions"


def lock_file(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


def current_version(output: Path) -> str | None:
    """The version folder's name OUTPUT links to, if OUTPUT is a build of this site's versioned layout."""
    if not output.is_symlink():
        return None
    target = Path(os.readlink(output))
    versions = versions_folder(output)
    if target.parent != Path(versions.name) or not VERSION_NAME.match(target.name):
        return None
    return target.name if (versions / STAMP).is_file() else None


def is_old_build(folder: Path) -> bool:
    """A real folder that a build from before versioned output wrote (it has no stamp)."""
    return (
        folder.is_dir()
        and not folder.is_symlink()
        and all((folder / name).is_file() for name in OLD_BUILD_FILES)
        and all((folder / name).is_dir() for name in OLD_BUILD_FOLDERS)
    )


def _protected(settings: dict[str, Any]) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """(folders OUTPUT may not be, contain or be inside; folders OUTPUT may not be or contain)."""
    sources = [
        ("the content folder (CONTENT, settings PATH)", settings.get("PATH")),
        ("the theme (THEME)", settings.get("THEME")),
    ]
    sources += [("a plugin folder (PLUGIN_PATHS)", folder) for folder in settings.get("PLUGIN_PATHS", [])]
    sources += [("the project's git repository", PROJECT_ROOT / ".git")]
    sources += [("the project's virtual environment", PROJECT_ROOT / ".venv")]
    # The default OUTPUT lives inside the checkout and may live inside $HOME: only "is or contains" counts.
    roots = [
        ("the project folder", PROJECT_ROOT),
        ("your home folder ($HOME)", Path.home()),
        ("the root folder /", Path("/")),
    ]
    inside = [(what, Path(folder).resolve()) for what, folder in sources if folder]
    return inside, [(what, folder.resolve()) for what, folder in roots]


def output_problems(output: str | Path, settings: dict[str, Any]) -> list[str]:
    """Why building into `output` would destroy something; an empty list means it is safe."""
    location = output_location(output)
    real = location.resolve()  # differs from `location` only if OUTPUT is a symlink
    instead = "Choose a folder of its own for the site, e.g. OUTPUT=output (the default)."
    inside, roots = _protected(settings)
    for what, folder in roots:
        if any(folder.is_relative_to(candidate) for candidate in (location, real)):
            return [f"OUTPUT {location} is or contains {what}; a build would replace it. {instead}"]
    for what, folder in inside:
        for candidate in (location, real):
            if candidate == folder:
                return [f"OUTPUT {location} is {what}; a build would replace it. {instead}"]
            if folder.is_relative_to(candidate):
                return [f"OUTPUT {location} contains {what} ({folder}); a build would replace it. {instead}"]
            if candidate.is_relative_to(folder):
                return [f"OUTPUT {location} is inside {what} ({folder}); the site would mix with it. {instead}"]
    problems: list[str] = []
    if location.is_symlink():
        if current_version(location) is None:
            problems.append(
                f"OUTPUT {location} is a symbolic link to {os.readlink(location)}, not a build of this site. "
                "Remove the link or point OUTPUT at the real folder's place."
            )
    elif location.exists() and not location.is_dir():
        problems.append(f"OUTPUT {location} is a file, not a folder. {instead}")
    elif location.is_dir() and any(location.iterdir()) and not is_old_build(location):
        problems.append(
            f"OUTPUT {location} is a folder that is not empty and is not a build of this site; "
            f"nothing in it was touched. Move its files elsewhere, or: {instead}"
        )
    return problems


def refuse(output: str | Path, settings: dict[str, Any], nothing: str) -> bool:
    """Prints why OUTPUT is refused (for build, clean and serve alike) and returns True when it is."""
    refused = output_problems(output, settings)
    for problem in refused:
        print(f"error: {problem}", file=sys.stderr)
    if refused:
        print(f"Nothing was {nothing}.", file=sys.stderr)
    return bool(refused)

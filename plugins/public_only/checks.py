"""What would let a private file reach the public site, worded for editors.

Pure checks over the content folder; nothing here writes. The build-side guard (guard.py)
drops the same things again, in case a check is ever skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from content_contract.public import (
    SourceFile,
    find_content_files,
    internal_links,
    parse_source,
    resolve_link,
    unfenced_lines,
)
from portal.problems import Problem

# Source text and spreadsheets: the content folder's private parts (drafts, staff columns).
SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xls", ".ods")
PRIVATE_SUFFIXES = SOURCE_SUFFIXES + SHEET_SUFFIXES
UNPUBLISHED = ("draft", "hidden")
# rel="attachment" makes WeasyPrint embed the linked file in a leaflet PDF. Also matches attr_list `{: rel=attachment}`.
ATTACHMENT_REL = re.compile(r"""\brel\s*=\s*["']?[^"'>}]*\battachment\b""", re.I)


def is_private(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PRIVATE_SUFFIXES


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with every symlink followed, is within `root`."""
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))


def walk(root: Path) -> Iterator[Path]:
    """Every entry under root, symlinks included but never followed (a link to / must not be walked)."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs) + sorted(files):
            yield Path(folder) / name


def check_symlinks(root: Path) -> list[Problem]:
    """Pelican follows links: a link in images/ to /etc/passwd would be copied into the site."""
    problems = []
    for path in walk(root):
        if path.is_symlink() and not inside(root, path):
            problems.append(
                Problem(
                    str(path),
                    None,
                    f"this is a link to {os.readlink(path)}, outside the content folder; it would be published",
                    "delete the link and copy the file itself into the content folder, if it should be public",
                )
            )
    return problems


def check_static_files(root: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """Files in the static folders are copied as they are: no source text or spreadsheet may be among them."""
    problems = []
    for folder in settings.get("STATIC_PATHS", []):
        base = root / folder
        if not base.is_dir():
            continue
        for path in walk(base):
            if path.is_file() and is_private(path):
                problems.append(
                    Problem(
                        str(path),
                        None,
                        f"'{path.suffix}' files in {folder}/ would be published as they are",
                        "move it out of this folder: only pictures and documents for readers belong here",
                    )
                )
    return problems


def status_of(path: Path) -> str:
    """The Status header of a Markdown file ('published' when there is none or it cannot be read)."""
    try:
        source = parse_source(str(path), path.read_bytes())
    except OSError:
        return "published"
    return (source.get("status") or "published").strip().lower()


def target_status(target: Path, statuses: Mapping[Path, str]) -> str:
    known = statuses.get(target.resolve())
    return known if known is not None else status_of(target)


def check_links(root: Path, path: Path, source: SourceFile, statuses: Mapping[Path, str]) -> list[Problem]:
    """`statuses`: the Status of every article and page already read, so a link target is not read again."""
    problems = []
    for line, kind, target in internal_links(source):
        resolved = resolve_link(root, path, target)
        link = f"{{{kind}}}{target}"
        if not inside(root, resolved):
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"the link {link} points outside the content folder",
                    "link only to files inside the content folder, e.g. {static}/images/leaflet.png",
                )
            )
        elif kind != "filename" and is_private(resolved):
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"the link {link} would publish a '{resolved.suffix}' file as it is",
                    "link to the article with {filename}…, or to the outlet list at /outlets/",
                )
            )
        elif kind == "filename" and resolved.suffix.lower() in SHEET_SUFFIXES:
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"the link {link} would publish a spreadsheet",
                    "link to the page that shows it instead, e.g. /outlets/",
                )
            )
        elif kind == "filename" and resolved.is_file() and (status := target_status(resolved, statuses)) in UNPUBLISHED:
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"the link {link} points to a {status} article, which is not published",
                    "publish that article first, or remove the link",
                )
            )
    for line, text in unfenced_lines(source):
        if ATTACHMENT_REL.search(text):
            problems.append(
                Problem(
                    str(path),
                    line,
                    'rel="attachment" would put the linked file inside the printed leaflet\'s PDF',
                    'remove rel="attachment"; link to the file normally',
                )
            )
    return problems


def check_public_only(settings: Mapping[str, Any]) -> list[Problem]:
    root = Path(settings["PATH"])
    if not root.is_dir():
        return []  # content_contract already says so
    problems = check_symlinks(root) + check_static_files(root, settings)
    files, _ = find_content_files(settings)  # content_contract reports the files it cannot read
    readable = [item for item in files if not item.source.decode_error]
    statuses = {item.path.resolve(): (item.source.get("status") or "published").strip().lower() for item in readable}
    for item in readable:
        problems += check_links(root, item.path, item.source, statuses)
    return problems

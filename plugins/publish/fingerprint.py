"""Content-hashed names for CSS and JavaScript, so a host can cache them forever.

`site.css` becomes `site.<10 hex digits of its SHA-256>.css` in the same folder (relative
references inside it, such as Leaflet's images, keep working), and every reference to it in
HTML (href/src attributes) and CSS (url(), @import) is rewritten. References are resolved the
way a browser would, so absolute, root-relative and relative addresses are all found.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HASH_LENGTH = 10
FINGERPRINTED_SUFFIXES = (".css", ".js")
HTML_REFERENCE = re.compile(r"""(?P<before>\b(?:href|src)\s*=\s*)(?P<quote>["'])(?P<url>[^"'<>]*)(?P=quote)""", re.I)
CSS_REFERENCE = re.compile(
    r"""(?P<before>url\(\s*|@import\s+)(?P<quote>["']?)(?P<url>[^"')\s]+)(?P=quote)""",
    re.I,
)


def fingerprinted_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def site_path_of(url: str, document_path: str, siteurl: str) -> str | None:
    """The site path ('theme/css/site.css') a reference in `document_path` points at, or None if elsewhere."""
    parts = urlsplit(url)
    site = urlsplit(siteurl)
    base_path = site.path.rstrip("/") + "/"
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or not siteurl:
            return None
        path = parts.path
    elif parts.path.startswith("/"):
        path = parts.path
    elif parts.path:
        path = posixpath.join(posixpath.dirname(base_path + document_path), parts.path)
    else:
        return None
    path = posixpath.normpath(path)
    if not path.startswith(base_path):
        return None
    return path[len(base_path) :]


def renamed_reference(url: str, new_name: str) -> str:
    """The same reference (same host, folder, query and fragment) with its file name replaced."""
    parts = urlsplit(url)
    folder = parts.path.rpartition("/")[0]
    new_path = f"{folder}/{new_name}" if "/" in parts.path else new_name
    return urlunsplit((parts.scheme, parts.netloc, new_path, parts.query, parts.fragment))


def rewrite_references(
    text: str, pattern: re.Pattern[str], document_path: str, siteurl: str, renames: Mapping[str, str]
) -> str:
    """Replace every reference to a renamed site path; `renames` maps old site path -> new file name."""

    def replace(match: re.Match[str]) -> str:
        url = match["url"]
        target = site_path_of(url, document_path, siteurl)
        if target is None or target not in renames:
            return match[0]
        return f"{match['before']}{match['quote']}{renamed_reference(url, renames[target])}{match['quote']}"

    return pattern.sub(replace, text)


def assets_to_fingerprint(output: Path, skipped_folders: Iterable[str]) -> list[Path]:
    skipped = set(skipped_folders)
    return sorted(
        path
        for path in output.rglob("*")
        if path.suffix in FINGERPRINTED_SUFFIXES and path.is_file() and path.relative_to(output).parts[0] not in skipped
    )


def css_dependencies(css: Path, output: Path, siteurl: str, candidates: set[str]) -> list[str]:
    site_path = css.relative_to(output).as_posix()
    found = []
    for match in CSS_REFERENCE.finditer(css.read_text(encoding="utf-8", errors="replace")):
        target = site_path_of(match["url"], site_path, siteurl)
        if target in candidates and target != site_path:
            found.append(target)
    return found


def referenced_site_paths(output: Path, siteurl: str) -> set[str]:
    """Every site path an HTML page (href/src) or a stylesheet (url(), @import) points at."""
    found: set[str] = set()
    for document in sorted(output.rglob("*")):
        pattern = {".html": HTML_REFERENCE, ".css": CSS_REFERENCE}.get(document.suffix)
        if pattern is None or not document.is_file():
            continue
        document_path = document.relative_to(output).as_posix()
        for match in pattern.finditer(document.read_text(encoding="utf-8", errors="replace")):
            target = site_path_of(match["url"], document_path, siteurl)
            if target:
                found.add(target)
    return found


def fingerprint_assets(output: Path, siteurl: str, skipped_folders: Iterable[str] = ()) -> dict[str, str]:
    """Rename CSS/JS to content-hashed names and rewrite references. Returns {old site path: new site path}.

    Only files some page or stylesheet uses are renamed: a stylesheet read only while building (a PDF's)
    keeps its name. A stylesheet that imports another is hashed after it, so its hash covers the new name.
    """
    used = referenced_site_paths(output, siteurl)
    assets = {
        site_path: path
        for path in assets_to_fingerprint(output, skipped_folders)
        if (site_path := path.relative_to(output).as_posix()) in used
    }
    renames: dict[str, str] = {}  # old site path -> new file name

    def settle(site_path: str, visiting: frozenset[str] = frozenset()) -> None:
        if site_path in renames or site_path in visiting:
            return
        path = assets[site_path]
        if path.suffix == ".css":
            for dependency in css_dependencies(path, output, siteurl, set(assets)):
                settle(dependency, visiting | {site_path})
            text = path.read_text(encoding="utf-8")
            path.write_text(rewrite_references(text, CSS_REFERENCE, site_path, siteurl, renames), encoding="utf-8")
        new_name = fingerprinted_name(path.name, path.read_bytes())
        path.rename(path.with_name(new_name))
        renames[site_path] = new_name

    for site_path in assets:
        settle(site_path)
    for page in sorted(output.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        updated = rewrite_references(text, HTML_REFERENCE, page.relative_to(output).as_posix(), siteurl, renames)
        if updated != text:
            page.write_text(updated, encoding="utf-8")
    return {old: posixpath.join(posixpath.dirname(old), new) for old, new in renames.items()}

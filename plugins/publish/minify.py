"""Smaller HTML, CSS and JavaScript for the public site; a file is rewritten only when that saves bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import minify_html
import rcssmin
import rjsmin


def minified_html(text: str) -> str:
    # Stays valid HTML: closing tags, <html>/<head> and the standard doctype are kept.
    return minify_html.minify(
        text,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        minify_doctype=False,
        minify_css=True,
        minify_js=False,  # the site has no inline script; JSON-LD is left exactly as written
    )


def minified_css(text: str) -> str:
    return rcssmin.cssmin(text)


def minified_js(text: str) -> str:
    return rjsmin.jsmin(text)


MINIFIERS: dict[str, Callable[[str], str]] = {".html": minified_html, ".css": minified_css, ".js": minified_js}


def minify_file(path: Path) -> int:
    """Minify one file in place if that makes it smaller; returns the bytes saved."""
    minifier = MINIFIERS.get(path.suffix)
    if minifier is None:
        return 0
    original = path.read_bytes()
    smaller = minifier(original.decode("utf-8")).encode("utf-8")
    if len(smaller) >= len(original):
        return 0
    path.write_bytes(smaller)
    return len(original) - len(smaller)


def minify_tree(output: Path, suffixes: tuple[str, ...], skipped_folders: set[str]) -> int:
    saved = 0
    for path in sorted(output.rglob("*")):
        if path.suffix in suffixes and path.is_file() and path.relative_to(output).parts[0] not in skipped_folders:
            saved += minify_file(path)
    return saved

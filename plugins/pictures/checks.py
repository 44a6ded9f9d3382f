"""Checks on pictures, before anything is built: alternative text, formats, safe SVGs, print sharpness.

Called by the content contract's check_content_folder (a missing picture is its link check's job:
the message names the closest existing files). Not memoised per article: a picture can change while
the article that shows it does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

from content_contract.public import SourceFile, render_markdown, resolve_link, unfenced_lines
from portal.problems import Problem, warning

from .model import DECORATIVE_ALT, PICTURE_SUFFIXES, read_picture
from .svg import svg_problems

# The A4 leaflet's text column: 210 mm less the 16 mm left and right page margins (theme/static/css/leaflet.css).
PRINT_WIDTH_MM = 210 - 16 - 16
CSS_PX_PER_INCH = 96  # WeasyPrint prints one picture pixel as one CSS pixel unless the column is narrower
SHARP_DPI = 150
LOCAL = re.compile(r"^\{(static|attach)\}")


class ContentItem(Protocol):  # content_contract.check.ContentFile
    path: Path
    source: SourceFile


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))

    handle_startendtag = handle_starttag


def images_in(source: SourceFile, settings: Mapping[str, Any]) -> list[tuple[int, dict[str, str | None]]]:
    """(line, attributes) of every picture the text shows, Markdown `![…](…)` and raw <img> alike."""
    text = source.body_text
    if "![" not in text and "<img" not in text.lower():
        return []
    parser = _Images()
    parser.feed(render_markdown(text, settings))
    parser.close()
    lines = unfenced_lines(source)
    fallback = lines[0][0] if lines else source.line_of("title")
    found, start = [], 0
    for attrs in parser.images:
        src = attrs.get("src") or ""
        index = next((i for i in range(start, len(lines)) if src and src in lines[i][1]), None)
        if index is None:
            index = next((i for i, (_, text) in enumerate(lines) if src and src in text), None)
        line = lines[index][0] if index is not None else fallback
        start = index if index is not None else start
        found.append((line, attrs))
    return found


def print_dpi(width_px: int) -> tuple[float, float]:
    """(printed width in mm, dots per inch) of a picture `width_px` wide on the A4 leaflet."""
    printed_mm = min(width_px * 25.4 / CSS_PX_PER_INCH, PRINT_WIDTH_MM)
    return printed_mm, width_px / (printed_mm / 25.4)


def sharpness_problem(path: str, line: int, relative: str, width_px: int) -> Problem | None:
    printed_mm, dpi = print_dpi(width_px)
    if dpi >= SHARP_DPI:
        return None
    needed = round(PRINT_WIDTH_MM / 25.4 * SHARP_DPI)
    return warning(
        path,
        line,
        f"the picture {relative} is {width_px} px wide: on the A4 leaflet it prints {printed_mm:.0f} mm wide "
        f"at {dpi:.0f} dpi, below the {SHARP_DPI} dpi that prints sharply",
        f"use a larger original, at least {needed} px wide",
    )


def check_image(item: ContentItem, root: Path, line: int, attrs: dict[str, str | None], leaflet: bool) -> list[Problem]:
    path = str(item.path)
    src, alt = (attrs.get("src") or "").strip(), attrs.get("alt")
    problems = []
    if alt is None or not alt.strip():
        problems.append(
            Problem(
                path,
                line,
                "this picture has no alternative text",
                f"describe what it shows between the brackets, ![like this]({src or '…'}); "
                f"for a purely decorative picture write ![{DECORATIVE_ALT}]({src or '…'})",
            )
        )
    if src.lower().startswith("data:"):
        return problems  # the sanitiser check refuses data: addresses with its own message
    if not LOCAL.match(src):
        problems.append(
            Problem(
                path,
                line,
                f"the picture {src[:60]!r} is not one of the site's own files",
                "put the file in content/images/ and write its address as {static}/images/<file name>",
            )
        )
        return problems
    target = resolve_link(root, item.path, LOCAL.sub("", src)).resolve()
    if not target.is_file() or not target.is_relative_to(root.resolve()):
        return problems  # missing: the link check names the closest files; outside: the public_only check refuses it
    relative = target.relative_to(root.resolve()).as_posix()
    if target.suffix.lower() not in PICTURE_SUFFIXES:
        problems.append(
            Problem(
                path,
                line,
                f"'{target.suffix}' pictures are not published here ({relative})",
                PICTURE_FIX,
            )
        )
        return problems
    picture = read_picture(root.resolve(), relative)
    if picture is None:
        problems.append(
            Problem(
                path,
                line,
                f"the picture {relative} cannot be read (damaged, or not the kind of file its name says)",
                "open it in an image editor and save it again as JPEG, PNG, WebP or SVG",
            )
        )
    elif leaflet and picture.raster and (alt or "").strip() != DECORATIVE_ALT:  # leaflets leave those out
        problem = sharpness_problem(path, line, relative, picture.width)
        if problem:
            problems.append(problem)
    return problems


# Picture kinds Pelican would copy as they are, hidden details (a phone's GPS) and all: refused, linked or not.
UNCLEANED_SUFFIXES = (".heic", ".heif", ".tif", ".tiff", ".avif", ".gif", ".bmp", ".jxl")
PICTURE_FIX = "save the picture as JPEG (photos), PNG (screenshots) or WebP, or a drawing as SVG"


def static_files(root: Path, settings: Mapping[str, Any], suffixes: tuple[str, ...]) -> list[Path]:
    found = []
    for folder in settings.get("STATIC_PATHS", []):
        base = root / folder
        if base.is_dir():
            found += [p for p in sorted(base.rglob("*")) if p.is_file() and p.suffix.lower() in suffixes]
    return found


def svg_files(root: Path, settings: Mapping[str, Any]) -> list[Path]:
    return static_files(root, settings, (".svg",))


def check_svg_file(path: Path) -> list[Problem]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    fix = "save the drawing again as plain SVG without scripts, links or embedded files (Inkscape: 'Plain SVG')"
    problems = [Problem(str(path), line, what, fix) for line, what in svg_problems(text)]
    if not problems and read_picture(path.parent, path.name) is None:
        problems.append(
            Problem(str(path), None, "the SVG gives neither width and height nor a viewBox", "add a viewBox")
        )
    return problems


def check_pictures(root: Path, files: Iterable[ContentItem], settings: Mapping[str, Any]) -> list[Problem]:
    """Every picture problem of every article and page, and of every SVG that would be published."""
    problems: list[Problem] = []
    for item in files:
        if item.source.decode_error:
            continue
        leaflet = (item.source.get("leaflet") or "").strip().lower() in ("yes", "true")
        for line, attrs in images_in(item.source, settings):
            problems += check_image(item, root, line, attrs, leaflet)
    for path in svg_files(root, settings):  # published as they are, linked or not
        problems += check_svg_file(path)
    for path in static_files(root, settings, UNCLEANED_SUFFIXES):
        what = f"'{path.suffix}' pictures are not published here: the site cannot remove their hidden details"
        problems.append(Problem(str(path), None, what, PICTURE_FIX))
    return problems

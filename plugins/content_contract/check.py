"""Check a whole content folder: every file, then what files must agree on."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from portal import markdown
from portal.problems import Problem
from portal.run import main_language, site_today  # site_today: also imported from here by campaigns/generator.py
from portal.workers import build_workers

from .body import check_body, check_control_characters, check_header_html, internal_links, resolve_link
from .bounds import check_bounds
from .memo import CheckMemo
from .rules import check_article, check_page
from .sanitise import check_rendered
from .source import SourceFile, parse_source
from .translations import check_translations, lang_from_file_name, slug_from_file_name

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# First URL segments the site itself uses; a page with such a slug would hide them.
RESERVED_SLUGS = (
    "for",
    "zh",
    "outlets",
    "leaflets",
    "search",
    "campaigns",
    "feeds",
    "theme",
    "drafts",
    "pagefind",
    "images",
)


@dataclass
class ContentFile:
    kind: str  # "article" or "page"
    path: Path
    source: SourceFile
    data: bytes = b""  # the file as read, so no check reads it twice

    def slug(self, settings: Mapping[str, Any]) -> str:
        given = self.source.get("slug")
        if given:
            return given.strip()
        return slug_from_file_name(self.path, settings)  # 'x.zh.md' is the translation of 'x.md'

    def lang(self, settings: Mapping[str, Any]) -> str:
        given = self.source.get("lang") or lang_from_file_name(self.path, settings)
        return (given or main_language(settings)).strip()


def find_content_files(settings: Mapping[str, Any]) -> tuple[list[ContentFile], list[Problem]]:
    root = Path(settings["PATH"])
    files: list[ContentFile] = []
    problems: list[Problem] = []
    for kind, folders in (("article", settings.get("ARTICLE_PATHS", [])), ("page", settings.get("PAGE_PATHS", []))):
        for folder in folders:
            for path in sorted((root / folder).rglob("*")):
                if not path.is_file() or path.name.startswith("."):
                    continue
                if path.suffix.lower() not in MARKDOWN_SUFFIXES:
                    problems.append(
                        Problem(
                            str(path),
                            None,
                            f"'{path.suffix}' files are not read here",
                            "write the article in Markdown and name the file with .md",
                        )
                    )
                    continue
                data = path.read_bytes()
                files.append(ContentFile(kind, path, parsed_source(str(path), data), data))
    return files, problems


# path → (bytes, their parse). Several steps of one build list the content (the checks, the languages, the
# outlet codes): a file is parsed again only when its bytes change. Nothing changes a parse once made.
_parsed: dict[str, tuple[bytes, SourceFile]] = {}


def parsed_source(path: str, data: bytes) -> SourceFile:
    known = _parsed.get(path)
    if known is None or known[0] != data:
        known = _parsed[path] = (data, parse_source(path, data))
    return known[1]


def check_content_folder(settings: Mapping[str, Any], today: dt.date | None = None) -> list[Problem]:
    """Every problem in every article and page of settings['PATH']."""
    today = today or site_today(settings)
    root = Path(settings["PATH"])
    if not root.is_dir():
        return [Problem(str(root), None, "the content folder does not exist", "check the CONTENT= path")]
    files, problems = find_content_files(settings)
    memo = CheckMemo(settings, today)
    known_paths = functools.cache(partial(content_paths, root))  # listed once, only when a link is broken
    readable = [item for item in files if not item.source.decode_error]
    problems += [
        Problem(
            str(item.path),
            int(item.source.decode_error.split()[-1]),
            "the file is not saved as UTF-8 text",
            "open it in your editor and save it with the encoding 'UTF-8'",
        )
        for item in files
        if item.source.decode_error
    ]
    checked, renderings = memo.problems_of(
        readable, lambda item: check_and_render(item, settings, today), build_workers(settings)
    )
    markdown.forget_all()  # the reader takes the renderings of this check, or makes its own
    for index, rendering in renderings.items():
        if rendering is not None:
            markdown.keep(os.path.abspath(readable[index].path), settings, rendering)
    for item, found in zip(readable, checked, strict=True):
        problems += found
        problems += check_links(root, item, known_paths)
    # Imported here, not at the top: pictures reads Markdown through content_contract.public, which imports this module.
    from pictures.checks import check_pictures

    problems += check_pictures(root, files, settings)  # alt text, formats, safe SVGs, print sharpness
    problems += check_unique_urls(files, settings)
    problems += check_translations(files, settings)  # Lang against the file name; a translation without original
    memo.save()
    return problems


def check_one_file(settings: Mapping[str, Any], path: Path, kind: str) -> list[Problem]:
    """What one saved article or page gets wrong on its own: its header, its text, its links and pictures.
    For the preview's quick look, which shows that page at once; the checks across files (unique addresses,
    translations) are the full build's, which follows."""
    today = site_today(settings)
    data = path.read_bytes()
    item = ContentFile(kind, path, parsed_source(str(path), data), data)
    if item.source.decode_error:
        return [Problem(str(path), None, "the file is not saved as UTF-8 text", "save it with the encoding 'UTF-8'")]
    root = Path(settings["PATH"])
    problems, _ = check_and_render(item, settings, today)
    problems += check_links(root, item, partial(content_paths, root))
    from pictures.checks import check_pictures  # see check_content_folder

    return problems + [p for p in check_pictures(root, [item], settings) if p.path == str(path)]


def check_and_render(
    item: ContentFile, settings: Mapping[str, Any], today: dt.date
) -> tuple[list[Problem], markdown.Rendering | None]:
    """What one file can get wrong on its own (its header, its text), and its HTML as Pelican's reader
    will make it (None when too big to render), which the reader then takes (portal/markdown.py)."""
    rules = check_article if item.kind == "article" else check_page
    problems = rules(item.source, settings, today)
    too_big = check_bounds(item.source)
    if too_big:  # the text checks and the renderer would take minutes over it, or fail without a reason
        return problems + too_big, None
    problems += check_body(item.source)
    problems += check_control_characters(str(item.path), item.data.decode("utf-8-sig"))
    problems += check_header_html(item.source, tuple(settings.get("FORMATTED_FIELDS", ["summary"])))
    # The rendered HTML catches what the source checks cannot see; a line they already blame is not repeated.
    blamed = {p.line for p in problems}
    rendering = markdown.render_with(markdown.text_of(item.data), settings)
    problems += [p for p in check_rendered(item.source, settings, rendering=rendering) if p.line not in blamed]
    return problems, rendering


def check_links(root: Path, item: ContentFile, content_paths: Callable[[], list[str]]) -> list[Problem]:
    problems = []
    for line, kind, target in internal_links(item.source):
        resolved = resolve_link(root, item.path, target)
        if not resolved.is_file():
            problems.append(
                Problem(
                    str(item.path),
                    line,
                    f"the link {{{kind}}}{target} points to a file that does not exist",
                    closest_files_fix(root, kind, resolved, content_paths()),
                )
            )
    return problems


def content_paths(root: Path) -> list[str]:
    """Every file of the content folder as a link writes it ('/articles/fraud/x.md'), hidden ones left out."""
    return [
        "/" + path.relative_to(root).as_posix()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]


def closest_files_fix(root: Path, kind: str, wanted: Path, existing: list[str] | None = None) -> str:
    """'did you mean …' with the existing files whose paths (or names) are closest to the one written:
    articles and pages for {filename}, other files (pictures) for {static}."""
    pages = kind == "filename"
    existing = content_paths(root) if existing is None else existing
    files = [path for path in existing if (Path(path).suffix.lower() in MARKDOWN_SUFFIXES) == pages]
    try:
        written = "/" + wanted.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        written = "/" + wanted.name
    by_name: dict[str, list[str]] = {}
    for path in files:
        by_name.setdefault(path.rsplit("/", 1)[-1], []).append(path)
    close = difflib.get_close_matches(written, files, n=3, cutoff=0.6)
    for name in difflib.get_close_matches(written.rsplit("/", 1)[-1], list(by_name), n=3, cutoff=0.6):
        close += [path for path in by_name[name] if path not in close]
    if not close:
        return "check the spelling; a path starting with / begins at the content folder"
    return "did you mean " + " or ".join(f"{{{kind}}}{path}" for path in close[:3]) + "?"


def check_unique_urls(files: list[ContentFile], settings: Mapping[str, Any]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str, str], ContentFile] = {}
    reserved = set(RESERVED_SLUGS) | set(settings.get("TOPICS", {}))
    for item in files:
        if item.source.decode_error:
            continue
        slug, lang = item.slug(settings), item.lang(settings)
        key = (item.kind, slug, lang)
        if key in seen:
            problems.append(
                Problem(
                    str(item.path),
                    item.source.line_of("slug"),
                    f"this {item.kind} has the same Slug '{slug}' and Lang '{lang}' as {seen[key].path}",
                    "rename one file or give it its own 'Slug:'; a translation is named like its original "
                    "with the language before .md (x.md and x.zh.md)",
                )
            )
        else:
            seen[key] = item
        if item.kind == "page" and slug in reserved:
            problems.append(
                Problem(
                    str(item.path),
                    item.source.line_of("slug"),
                    f"the page address /{slug}/ is already used by the site",
                    "rename the file or give it another 'Slug:'",
                )
            )
    return problems

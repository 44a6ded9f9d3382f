"""What other plugins and sitebuild may use of the content contract: this module only (docs/architecture.md).

Campaign files, pictures, the public-only check and the outlet reader read editors' Markdown and text the
way articles are read, so they share these pieces instead of writing them again:
- reading a file: SourceFile, parse_source, MARKDOWN_SUFFIXES, find_content_files;
- the body: unfenced_lines, internal_links, resolve_link, BIDI_FIX, bidi_problem, check_bounds;
- headers: LANGS, check_header_shape, check_date_field;
- rendered HTML: render_markdown, check_rendered, clean;
- languages in file names: language_codes, path_metadata_pattern, slug_from_file_name;
- settings: check_settings, assignment_lines (the line a setting is on), go_live_problems, shows_preview_notice;
- sample values a publish build refuses (contacts' go-live check): address_problem, SAMPLE_PHONE_DIGITS, SAMPLE_WORDS;
- the whole check before a build: check_content_folder; one saved file (the preview): check_one_file;
- Pelican's sealed cache: install_pelican_seal.
"""

from __future__ import annotations

from .body import BIDI_FIX, bidi_problem, internal_links, resolve_link, unfenced_lines
from .bounds import check_bounds
from .cache_seal import install_pelican_seal
from .check import MARKDOWN_SUFFIXES, check_content_folder, check_one_file, find_content_files
from .golive import SAMPLE_PHONE_DIGITS, SAMPLE_WORDS, address_problem, go_live_problems, shows_preview_notice
from .rules import LANGS, check_date_field, check_header_shape
from .sanitise import check_rendered, clean, render_markdown
from .settings_check import assignment_lines, check_settings
from .source import SourceFile, parse_source
from .translations import language_codes, path_metadata_pattern, slug_from_file_name

__all__ = [
    "BIDI_FIX",
    "LANGS",
    "MARKDOWN_SUFFIXES",
    "SAMPLE_PHONE_DIGITS",
    "SAMPLE_WORDS",
    "SourceFile",
    "address_problem",
    "assignment_lines",
    "bidi_problem",
    "check_bounds",
    "check_content_folder",
    "check_date_field",
    "check_header_shape",
    "check_one_file",
    "check_rendered",
    "check_settings",
    "clean",
    "find_content_files",
    "go_live_problems",
    "install_pelican_seal",
    "internal_links",
    "language_codes",
    "parse_source",
    "path_metadata_pattern",
    "render_markdown",
    "resolve_link",
    "shows_preview_notice",
    "slug_from_file_name",
    "unfenced_lines",
]

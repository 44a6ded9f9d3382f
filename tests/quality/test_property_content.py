"""No input gives a Python traceback: random content folders (header fields and values with unicode, tabs,
CRLF, a byte-order mark or nothing at all; Markdown, CJK, brackets and HTML-looking text in the body;
random outlets.csv rows) are checked and built, and every outcome is exit 0 or 1 with `path:line:` messages.

`make check` runs in this process (fast: 150 folders); a full build runs as `make build` does, in its own
process, on 5 folders (several seconds each). Examples are derandomized, so a run is never flaky: a failure
is a real input to add to tests/fixtures/bad-input/.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quality.gates import PROJECT

SMALL_SITE = PROJECT / "tests" / "fixtures" / "small-site"
ARTICLE = Path("articles") / "fraud" / "fake-police-call.md"
PAGE = Path("pages") / "random-page.md"
VALID = {
    "Title": "A call from the police",
    "Date": "2026-02-03",
    "Topic": "fraud",
    "Summary": "Real police never ask you to move money.",
    "Reviewed": "2026-09-01",
    "Audience": "older-people、rural",
    "Tags": "phone scams，impersonation",
    "Leaflet": "no",
}
PAGE_KEYS = ("Title", "Summary", "Reviewed", "Date")
OTHER_KEYS = ("Slug", "Status", "Lang", "Modified", "Remember", "Tagz", "Save_as", "Note", "title", "TOPIC")
# Prefixes and separators editors really type by mistake: a tab, four spaces, a Chinese colon, no colon.
PREFIXES = ("", "", "", "\t", "    ", "  ", "\u3000")
SEPARATORS = (": ", ": ", ":", "：", " : ", " ", ":\t")
FRAGMENTS = (
    "## What to do",
    "# A second title",
    '!!! warning "Hang up"\n    Real police never ask you to move money.',
    "!!! warnig",
    "Read [your report]({filename}/articles/credit/credit-report.md).",
    "A [broken link]({filename}/articles/credit/nope.md).",
    "![A banknote]({static}/images/note.png)",
    "<script>alert(1)</script>",
    "<b>bold</b> and <i>italic</i>",
    "<!-- a comment -->",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode <here>\n```",
    "[[[[ [ ] ]]",
    "> a quote\n> > nested",
    "- one\n- two\n    - three",
    "1. Hang up.\n2. Call 110.",
    "{: .lead }",
    "防范诈骗：请勿向陌生账户转账。",
    "Remember: never share the code.",
    "&amp; &lt; &#x41; &bogus;",
    '<a href="javascript:alert(1)">x</a>',
    "text with a\u202eright-to-left mark",
    "a\x0bvertical tab",
    "---",
    "",
)
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60)
SAFE_FRAGMENTS = tuple(
    f for f in FRAGMENTS if not re.search(r"<[a-z!]|nope|second title|warnig|\x0b|\u202e|#x|bogus", f)
)
# Text a careful editor writes (CJK, punctuation, brackets, symbols): builds made of it mostly succeed.
SAFE_TEXT = st.text(st.characters(categories=("L", "N", "P", "Zs", "S"), exclude_characters="<&\\`"), max_size=60)
MESSAGE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: .+")


@st.composite
def header_lines(draw: st.DrawFn, valid_bias: bool, page: bool) -> list[str]:
    lines = []
    for key, value in VALID.items():
        if page and valid_bias and key not in PAGE_KEYS:
            continue
        choice = "keep" if valid_bias else draw(st.sampled_from(("keep", "keep", "drop", "random", "mangle")))
        if choice == "drop":
            continue
        if choice == "random":
            value = draw(TEXT)
        prefix, separator = "", ": "
        if choice == "mangle":
            prefix, separator = draw(st.sampled_from(PREFIXES)), draw(st.sampled_from(SEPARATORS))
        lines.append(f"{prefix}{key}{separator}{value}")
    if not valid_bias:
        for _ in range(draw(st.integers(0, 3))):
            extra = f"{draw(st.sampled_from(OTHER_KEYS))}{draw(st.sampled_from(SEPARATORS))}{draw(TEXT)}"
            lines.insert(draw(st.integers(0, len(lines))), draw(st.one_of(st.just(extra), TEXT)))
    return lines


@st.composite
def markdown_file(draw: st.DrawFn, valid_bias: bool = False, page: bool = False) -> bytes:
    header = draw(header_lines(valid_bias, page))
    fragments, text = (SAFE_FRAGMENTS, SAFE_TEXT) if valid_bias else (FRAGMENTS, TEXT)
    pieces = draw(st.lists(st.one_of(st.sampled_from(fragments), text), min_size=int(valid_bias), max_size=8))
    blank = (
        "" if not valid_bias and draw(st.integers(0, 9)) == 0 else "\n"
    )  # now and then the text starts right under the header
    newline = draw(st.sampled_from(("\n", "\n", "\r\n")))
    text = "\n".join(header) + "\n" + blank + "\n\n".join(pieces) + "\n"
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text.replace("\n", newline)).encode("utf-8")


CELLS = st.one_of(
    st.sampled_from(("sh-01", "Main Branch", "Shanghai", "Huangpu", "1 Road", "Mo-Fr 09:00-17:00", "021-1234")),
    st.sampled_from(("", "Mon-Fri 9am", "31,2", "人民广场支行", "a,b", '"', "x\ny")),
    TEXT,
)


@st.composite
def outlets_csv(draw: st.DrawFn) -> bytes:
    header = ["id", "name", "city", "district", "address", "opening_hours", "phone"]
    header += draw(st.sampled_from(([], ["manager_mobile"], [""], ["", ""])))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header) + 1), max_size=4))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


@st.composite
def content_folder(draw: st.DrawFn, valid_bias: bool = False) -> dict[Path, bytes]:
    files = {ARTICLE: draw(markdown_file(valid_bias))}
    if draw(st.booleans()):
        files[PAGE] = draw(markdown_file(valid_bias, page=True))
    if draw(st.booleans()) and not valid_bias:  # random rows are nearly always refused
        files[Path("outlets.csv")] = draw(outlets_csv())
    return files


@contextlib.contextmanager
def written(files: dict[Path, bytes], work: Path) -> Iterator[Path]:
    """The small site with `files` in place, always at the same path, so the check memo of the untouched
    files is reused from one example to the next (a fresh path would check every file again)."""
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(SMALL_SITE, content)
    for relative, data in files.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_bytes(data)
    yield content


def assert_editor_messages(stderr: str, content: Path) -> None:
    """Every problem names a file of the content folder (a Markdown file with its line); nothing else is said
    but the closing line, the progress notes and Pelican's own summary."""
    assert "Traceback" not in stderr, stderr
    for line in stderr.split("\n"):  # not splitlines(): a message is one line even if it quotes U+001E
        if not line.strip() or line.startswith(("…", "Done:", "and ")) or "no problems" in line:
            continue
        if re.match(r"^\d+ error\(s\)|^.*: 0 errors, \d+ warnings?$", line):
            continue
        match = MESSAGE.match(line)
        assert match, f"not a path:line: message: {line!r}\n{stderr}"
        path = Path(match["path"])
        assert path.is_relative_to(content) or (content / path).exists() or path.exists(), line
        if path.suffix == ".md" and "below its header" not in line:
            assert match["line"], f"no line number: {line!r}"


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    """One folder for every example, with the check memo in it (PORTAL_CACHE_ROOT), removed at the end."""
    with tempfile.TemporaryDirectory(prefix="property-") as folder:
        before = os.environ.get("PORTAL_CACHE_ROOT")
        os.environ["PORTAL_CACHE_ROOT"] = str(Path(folder) / "cache")
        try:
            yield Path(folder)
        finally:
            if before is None:
                os.environ.pop("PORTAL_CACHE_ROOT")
            else:
                os.environ["PORTAL_CACHE_ROOT"] = before


FAST = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
SLOW = settings(max_examples=5, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


@FAST
@given(content_folder())
def test_make_check_on_any_content_exits_0_or_1_with_located_messages(work: Path, files: dict[Path, bytes]) -> None:
    from sitebuild.__main__ import main

    with written(files, work) as content:
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = main(["check", "--content", str(content), "--output", str(content.parent / "output")])
        assert code in (0, 1)
        assert_editor_messages(stderr.getvalue(), content)
        last = stderr.getvalue().strip().split("\n")[-1]
        assert ("error(s)" in last) == (code == 1), last


@SLOW
@given(content_folder(valid_bias=True))
def test_a_build_of_any_content_exits_0_or_1_without_a_traceback(work: Path, files: dict[Path, bytes]) -> None:
    from conftest import run_site

    with written(files, work) as content:
        result = run_site("build", content, work / "output", cache_root=work / "cache")
        assert result.returncode in (0, 1), result.stderr
        assert_editor_messages(result.stderr, content)
        if result.returncode == 0:
            assert (work / "output" / "index.html").is_file()
        BUILT.append(result.returncode)


BUILT: list[int] = []


def test_some_random_builds_got_through_to_a_site() -> None:
    """The build examples must reach Pelican, not only the checks (runs after the property test above)."""
    assert 0 in BUILT, BUILT

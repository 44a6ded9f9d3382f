"""Hostile strings through every field an editor fills in (article title, summary, tags and text; every
outlets.csv column that is shown) and through the real build: either the content check refuses the file
with its path and line, or the pages written hold nothing executable (no script but the site's own files
and JSON-LD data, no on* handlers, no javascript: addresses, JSON-LD that stays valid JSON)."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quality.gates import PROJECT
from tests.quality.test_security_policy import executable_parts

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</script><b>bold</b>",
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
    "[x](jav&#x61;script:alert(1))",
    '<a href="java\tscript:alert(1)">x</a>',
    "{{ 7*7 }}{% for x in range(3) %}",
    "' onmouseover='alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<iframe src=//evil.example>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "]]></x><!--",
    "\u2028\u2029",
    "<b>harmless bold</b>",
    "100% & <more>",
    "${alert(1)}",
    '<a href="https://evil.example">phish</a>',
]
PIECE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
HOSTILE = st.one_of(
    st.sampled_from(PAYLOADS),
    st.builds(lambda before, payload, after: before + payload + after, PIECE, st.sampled_from(PAYLOADS), PIECE),
)
ONE_LINE = HOSTILE.map(lambda text: " ".join(text.splitlines()).strip() or "x")
# Every plugin renders as it does for real, but the post-build steps that only repackage pages (PDFs,
# search index, minifying) are left out: they take seconds per example and add no markup of their own.
SLOW_PLUGINS = {"leaflets", "search", "publish"}
OUTLET_FIELDS = ["name", "city", "district", "address", "postcode", "phone", "notes"]


def build_in_process(content: Path, output: Path) -> tuple[int, str]:
    """The real check-and-build, in this process, without the slow post-build steps (PDFs, search index)."""
    import sitebuild.build as build_module
    from sitebuild.settings import load_settings

    site_settings = load_settings(PROJECT / "pelicanconf.py", content, output)
    plugins = [name for name in site_settings["PLUGINS"] if name not in SLOW_PLUGINS]
    site_settings.update(PLUGINS=plugins, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    site_settings["CACHE_PATH"] = str(output.parent / "cache")
    errors = io.StringIO()
    report = build_module.report  # prints to the stderr it was given when imported: hand it ours
    build_module.report = functools.partial(report, stream=errors)
    try:
        with contextlib.redirect_stderr(errors):
            code = build_module.build(site_settings)
    finally:
        build_module.report = report
    return code, errors.getvalue()


def assert_nothing_executable(output: Path) -> int:
    pages = sorted(output.rglob("*.html"))
    problems = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found = executable_parts(soup)
        problems += [f"{page.relative_to(output)}: {what}" for what in found]
    assert problems == [], "\n".join(problems)
    return len(pages)


def assert_refused_with_a_line(code: int, stderr: str, output: Path, file_name: str) -> None:
    assert code == 1
    assert f"{file_name}:" in stderr and "nothing was published" in stderr, stderr
    assert not output.exists(), "a refused build wrote an output folder"


def article(title: str, summary: str, tags: str, body: str) -> str:
    return (
        f"Title: {title}\nDate: 2026-01-05\nTopic: fraud\nSummary: {summary[:200]}\nReviewed: 2026-01-05\n"
        f"Tags: {tags}\n\nA first plain paragraph.\n\n{body}\n"
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ONE_LINE, summary=ONE_LINE, tags=ONE_LINE, body=HOSTILE)
def test_hostile_article_fields_never_reach_a_page_as_script(title: str, summary: str, tags: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        content, output = Path(work) / "content", Path(work) / "site" / "output"
        (content / "articles" / "fraud").mkdir(parents=True)
        (content / "pages").mkdir()
        source = content / "articles" / "fraud" / "hostile.md"
        source.write_text(article(title, summary, tags, body), encoding="utf-8")
        code, stderr = build_in_process(content, output)
        if code == 0:
            assert assert_nothing_executable(output) > 3
        else:
            assert_refused_with_a_line(code, stderr, output, "hostile.md")


OUTLETS_HEADER = [
    "id", "name", "city", "district", "address", "postcode", "phone",
    "latitude", "longitude", "opening_hours", "services", "accessibility", "notes",
]  # fmt: skip


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({field: ONE_LINE for field in OUTLET_FIELDS}))
def test_hostile_outlet_fields_never_reach_a_page_as_script(values: dict[str, str]) -> None:
    row = {
        **values,
        "id": "sh-test-01",
        "latitude": "31.2304",
        "longitude": "121.4737",
        "opening_hours": "Mo-Fr 09:00-17:00",
        "services": "cash",
        "accessibility": "step-free",
    }
    text = io.StringIO()
    writer = csv.DictWriter(text, OUTLETS_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    with tempfile.TemporaryDirectory() as work:
        content, output = Path(work) / "content", Path(work) / "site" / "output"
        (content / "articles" / "fraud").mkdir(parents=True)
        (content / "pages").mkdir()
        (content / "articles" / "fraud" / "plain.md").write_text(
            article("Plain", "A plain summary.", "plain", "Plain text."), encoding="utf-8"
        )
        (content / "outlets.csv").write_text(text.getvalue(), encoding="utf-8")
        code, stderr = build_in_process(content, output)
        if code == 0:
            assert (output / "outlets" / "sh-test-01" / "index.html").is_file()
            assert assert_nothing_executable(output) > 3
        else:
            assert_refused_with_a_line(code, stderr, output, "outlets.csv")


def test_hostile_strings_the_check_allows_are_shown_as_text() -> None:
    """Strings that pass the content check (no tag that runs script) still reach the page only as text:
    a JSON-LD breakout attempt in the title stays inside valid JSON."""
    title = "</script><b>bold</b> {{ 7*7 }} 100% & <more>"
    with tempfile.TemporaryDirectory() as work:
        content, output = Path(work) / "content", Path(work) / "site" / "output"
        (content / "articles" / "fraud").mkdir(parents=True)
        (content / "pages").mkdir()
        (content / "articles" / "fraud" / "hostile.md").write_text(
            article(title, "</script> summary", "</script>", "Text."), encoding="utf-8"
        )
        code, stderr = build_in_process(content, output)
        assert code == 0, stderr
        assert_nothing_executable(output)
        page = BeautifulSoup((output / "fraud" / "hostile" / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert "{{ 7*7 }}" in page.h1.get_text()

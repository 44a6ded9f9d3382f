"""An article printed from Debian's Chromium (Ctrl+P): the PDF a reader's printer gets, read back with pdftotext.

No page holds only the footer, nothing that only works on screen reaches paper, and every link's target is
printed as the absolute public address a reader can type.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, PROJECT, copy_content, run_site, serve_directory
from pelican.settings import read_settings
from pypdf import PdfReader

pytestmark = pytest.mark.browser

SETTINGS = read_settings(str(PROJECT / "pelicanconf.py"))
PUBLIC = SETTINGS["PUBLIC_SITEURL"]
ORGANISATION = SETTINGS["ORGANISATION"]
ARTICLE = "/fraud/fake-police-call/"  # a leaflet article with a link to another article
LINKED = f"{PUBLIC}/credit/credit-report/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small site as a dev build (no SITEURL: its own links are relative, as on a preview machine)."""
    tmp = tmp_path_factory.mktemp("print-page")
    result = run_site("build", copy_content(FIXTURES / "small-site", tmp / "content"), tmp / "output")
    assert result.returncode == 0, result.stderr
    with serve_directory(result.output) as base:
        yield base


@pytest.fixture
def article(page: Any, served: str) -> Any:
    page.goto(served + ARTICLE)
    page.wait_for_load_state("load")
    return page


def pages_text(pdf: Path) -> list[str]:
    """Each page's words as pdftotext reads them (the text a reader sees on that sheet)."""
    count = len(PdfReader(pdf).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture
def printed(article: Any, tmp_path: Path) -> list[str]:
    """The article as Chromium prints it on A4 (print media, the browser's own page margins)."""
    article.emulate_media(media="print")
    target = tmp_path / "article.pdf"
    target.write_bytes(article.pdf(format="A4", print_background=False))
    return pages_text(target)


def test_the_screen_has_what_paper_leaves_out(article: Any) -> None:
    """So the tests below can fail: on screen the page has the controls paper must not carry."""
    from playwright.sync_api import expect

    expect(article.get_by_role("heading", name="Print this advice")).to_be_visible()
    expect(article.locator(".site-nav")).to_be_visible()
    assert article.locator('.article-body a[href="/credit/credit-report/"]').count() == 1


def test_no_page_holds_only_the_footer(printed: list[str]) -> None:
    footer = re.compile(rf"{re.escape(ORGANISATION)}|·|{re.escape(PUBLIC)}\S*")
    for number, text in enumerate(printed, start=1):
        rest = footer.sub("", text).split()
        assert len(rest) >= 5, f"page {number} of {len(printed)} holds only {text.split()}"
    assert "Where to get help" in " ".join(printed[-1].split()) or len(printed) == 1


def test_no_screen_controls_on_paper(printed: list[str], article: Any) -> None:
    from playwright.sync_api import expect

    for hidden in (".leaflet-links", ".site-nav", ".skip-link", ".site-header", ".breadcrumbs"):
        expect(article.locator(hidden).first).to_be_hidden()
    text = " ".join(" ".join(printed).split())
    for words in ("Print this advice", "Leaflet for an office printer", "Skip to main content", "Search"):
        assert words not in text
    assert "Money Safety Guide" not in text.replace(ORGANISATION, "")  # the header's site name


def test_link_targets_are_printed_as_absolute_public_addresses(printed: list[str]) -> None:
    text = "\n".join(printed)
    assert f"your credit report ({LINKED})" in " ".join(text.split())
    targets = re.findall(r"\((/[^)\s]*|https?://[^)\s]*)\)", text)
    assert targets, "no link target printed"
    assert all(target.startswith(f"{PUBLIC}/") for target in targets), targets
    # The print footer names the page's own public address, once.
    assert text.count(f"{PUBLIC}{ARTICLE}") == 1

"""Addresses on paper, as a reader and a text extractor get them: a real build of a site with leaflets, outlet
packs and campaign posters, one leaflet with a long slug full of hyphens. pdftotext must read every printed
address whole (a break at a hyphen reads as a hyphenation, and pdftotext then drops the hyphen), and no PDF
may say it was modified before it was created.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, BuildResult, copy_content, run_site
from pelican.settings import read_settings
from pypdf import PdfReader

PUBLIC = read_settings(str(PROJECT / "pelicanconf.py"))["PUBLIC_SITEURL"]
SLUG = "caller-says-police-never-asks-for-money"
ADDRESS = f"{PUBLIC}/fraud/{SLUG}/"
# Reviewed before it was published (an editor checked the text, then it went out): ModDate must still not
# come before CreationDate.
LONG_SLUG_ARTICLE = """Title: The caller says police, but police never ask for money
Date: 2026-05-06
Topic: fraud
Summary: Anyone who says they are the police and asks you to move money is a scammer.
Reviewed: 2026-04-01
Leaflet: yes

The caller knows your name and says your account is part of a crime. Read what to do about
[a call from "the police"]({filename}fake-police-call.md) and how to get
[your credit report]({filename}/articles/credit/credit-report.md).

## What to do

1. Hang up.
2. Call 110.
"""
CAMPAIGN = "knowledge-week-2026"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The campaigns fixture (leaflets, 7 outlets, campaigns) plus the long-slug leaflet."""
    root = tmp_path_factory.mktemp("print-addresses")
    content = copy_content(FIXTURES / "campaigns" / "content", root / "content")
    (content / "articles" / "fraud" / f"{SLUG}.md").write_text(LONG_SLUG_ARTICLE, encoding="utf-8")
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


def pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def printed_addresses(text: str) -> set[str]:
    """Every address on the page as extracted, up to the space, newline or bracket that ends it."""
    return set(re.findall(r"https?://[^\s()]+", text))


def leaflet_and_pack_pdfs(output: Path) -> list[Path]:
    pdfs = [output / "leaflets" / f"{SLUG}.pdf", output / "leaflets" / f"{SLUG}.print.pdf"]
    pdfs += sorted((output / "leaflets" / "outlets").glob("*.pdf"))
    return pdfs


@pytest.mark.parametrize("layout", [(), ("-layout",)], ids=["reading-order", "layout"])
def test_the_long_address_is_read_whole_from_a4_a5_and_every_pack(built: BuildResult, layout: tuple[str, ...]) -> None:
    pdfs = leaflet_and_pack_pdfs(built.output)
    assert len(pdfs) == 2 + 7
    for path in pdfs:
        text = pdftotext(path, *layout)
        found = printed_addresses(text)
        assert ADDRESS in found, (path.name, sorted(a for a in found if "/fraud/" in a))
        # Nor anywhere in pieces (broken after a slash, or at a hyphen that pdftotext then drops).
        assert not any(a.startswith(f"{PUBLIC}/fraud/") and a != ADDRESS and SLUG[:6] in a for a in found), found


def test_every_printed_address_is_a_page_of_the_site(built: BuildResult) -> None:
    """Whatever a leaflet, pack or poster prints, body links included, is an address the build published."""
    pdfs = leaflet_and_pack_pdfs(built.output) + sorted((built.output / "campaigns").rglob("packs/*.pdf"))
    assert any(CAMPAIGN in str(p) for p in pdfs)
    seen = set()
    for path in pdfs:
        for layout in ((), ("-layout",)):
            for address in printed_addresses(pdftotext(path, *layout)):
                address = address.rstrip(".,;")
                assert address.startswith(f"{PUBLIC}/"), (path.name, address)
                target = built.output / address.removeprefix(f"{PUBLIC}/")
                assert (target / "index.html").is_file() or target.is_file(), (path.name, address)
                seen.add(address)
    # The ones that broke before: the long slug, a body link, an outlet's page and the campaign's page.
    assert {ADDRESS, f"{PUBLIC}/credit/credit-report/", f"{PUBLIC}/campaigns/{CAMPAIGN}/"} <= seen
    assert any(address.startswith(f"{PUBLIC}/outlets/") for address in seen)


def test_no_pdf_is_modified_before_it_was_created(built: BuildResult) -> None:
    pdfs = sorted(built.output.rglob("*.pdf"))
    assert len(pdfs) >= 6 + 7 + 7  # leaflets in two sizes, outlet packs, campaign packs
    for path in pdfs:
        metadata = PdfReader(path).metadata
        assert metadata is not None, path
        created, modified = metadata.creation_date, metadata.modification_date
        assert created is not None and modified is not None, (path, created, modified)
        assert modified >= created, (path.relative_to(built.output), created, modified)
    long_slug = PdfReader(built.output / "leaflets" / f"{SLUG}.pdf").metadata
    assert long_slug.creation_date.date().isoformat() == "2026-05-06"  # first published, never the clock

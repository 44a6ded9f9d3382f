"""The booklet an office printer makes: the A5 leaflet's pages two-up on A4 landscape, in saddle-stitch order,
cut to the trim (no crop marks on the sheet), with a fold mark; measured on the PDFs themselves."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import weasyprint
from conftest import FIXTURES, BuildResult, run_site
from leaflets.booklet import impose_booklet, saddle_stitch_sides
from PIL import Image
from pypdf import PdfReader

A4_LANDSCAPE_PT = (841.89, 595.28)


def numbered_a5(pages: int) -> bytes:
    """An A5 document with 3 mm bleed and crop marks whose page N shows only 'PAGE N'."""
    body = "".join(f'<p style="break-after: page">PAGE {n}</p>' for n in range(1, pages + 1))
    css = "@page { size: A5; bleed: 3mm; marks: crop; margin: 20mm } p { font-size: 30pt; margin: 0 }"
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf(
        stylesheets=[weasyprint.CSS(string=css)]
    )


def half_text(pdf: Path, sheet_side: int, half: int) -> str:
    """What pdftotext reads on the left (0) or right (1) half of one side of a sheet (1-based side)."""
    x = int(A4_LANDSCAPE_PT[0] / 2) * half
    done = subprocess.run(
        ["pdftotext", "-f", str(sheet_side), "-l", str(sheet_side), "-x", str(x), "-y", "0", "-W", "420", "-H", "595",
         str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return " ".join(done.stdout.split())


def test_sides_follow_saddle_stitch_order() -> None:
    one_based = [tuple(None if p is None else p + 1 for p in side) for side in saddle_stitch_sides(8)]
    assert one_based == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert [tuple(None if p is None else p + 1 for p in side) for side in saddle_stitch_sides(2)] == [
        (None, 1),
        (2, None),
    ]
    assert len(saddle_stitch_sides(5)) == 4  # 5 pages need 8: two sheets, blanks at the end


@pytest.mark.parametrize("pages", [2, 4, 6])
def test_each_page_lands_on_the_half_sheet_saddle_stitching_needs(tmp_path: Path, pages: int) -> None:
    booklet = tmp_path / "booklet.pdf"
    booklet.write_bytes(impose_booklet(numbered_a5(pages)))
    reader = PdfReader(booklet)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE_PT, abs=0.5)
    sides = saddle_stitch_sides(pages)
    assert len(reader.pages) == len(sides)
    for number, side in enumerate(sides, start=1):
        for half, page in enumerate(side):
            expected = f"PAGE {page + 1}" if page is not None else ""
            assert half_text(booklet, number, half) == expected, (number, half)


def test_the_sheet_has_a_fold_mark_and_no_crop_marks(tmp_path: Path) -> None:
    booklet = tmp_path / "booklet.pdf"
    booklet.write_bytes(impose_booklet(numbered_a5(4)))
    png = subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(booklet)], capture_output=True,
                         check=True).stdout  # fmt: skip
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    dark = [(x, y) for y in range(height) for x in range(width) if image.getpixel((x, y)) < 128]
    middle = width / 2
    # The fold mark: ink on the middle line at the top and at the bottom edge.
    assert any(abs(x - middle) <= 2 and y < 15 for x, y in dark)
    assert any(abs(x - middle) <= 2 and y > height - 15 for x, y in dark)
    # Crop marks would be short lines near the corners of each half, away from the middle and the text.
    text_area = [(x, y) for x, y in dark if abs(x - middle) > 3]
    assert all(40 < y < height - 40 for _, y in text_area), "ink near the sheet's top or bottom edge: crop marks?"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("booklet")
    shutil.copytree(FIXTURES / "small-site", root / "content")
    result = run_site("build", root / "content", root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


def test_every_leaflet_has_a_booklet_linked_from_its_article_and_the_catalogue(built: BuildResult) -> None:
    booklet = built.output / "leaflets" / "fake-police-call.booklet.pdf"
    a5_pages = len(PdfReader(built.output / "leaflets" / "fake-police-call.print.pdf").pages)
    reader = PdfReader(booklet)
    assert len(reader.pages) == len(saddle_stitch_sides(a5_pages))
    assert reader.metadata.title and reader.metadata.creation_date <= reader.metadata.modification_date
    href = "/leaflets/fake-police-call.booklet.pdf"
    assert built.page("/fraud/fake-police-call/").find("a", href=href)
    assert built.page("/leaflets/").find("a", href=href)

"""The A5 print-shop file as a print shop's preflight sees it: PDF/X-4 with an output intent, tagged,
a sheet larger than the bleed with the crop marks outside it; the A4 office file stays PDF/UA-1.

Everything is measured on the built PDFs: their catalogue, XMP and page boxes (pypdf), and the pixels
of the rendered pages (pdftoppm) for where the crop marks really are.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from PIL import Image
from pypdf import PdfReader

PRINT_FILES = ["leaflets/fake-police-call.print.pdf", "leaflets/how-to-complain.print.pdf"]
PRINT_FILES += ["zh/leaflets/fake-police-call.print.pdf"]
OFFICE_FILES = [path.replace(".print.pdf", ".pdf") for path in PRINT_FILES]
PT_PER_MM = 72 / 25.4
A5_MM = (148.0, 210.0)
BLEED_MM = 3.0
DPI = 150
DARK = 128  # grey level (0 black … 255 white) below which a pixel is ink


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("print-file")
    content = copy_content(FIXTURES / "leaflets" / "site", root / "content")
    (content / "outlets.csv").unlink()  # no outlet packs: they are made of the A4 files only
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def again(built: BuildResult) -> BuildResult:
    """The same content built from nothing once more: another output, another cache."""
    root = built.output.parent
    result = run_site("build", root / "content", root / "output-2", cache_root=root / "cache-2")
    assert result.returncode == 0, result.stderr
    return result


def xmp(reader: PdfReader) -> bytes:
    return reader.trailer["/Root"]["/Metadata"].get_data()


def mm(box) -> tuple[float, float, float, float]:
    """A page box as (left, bottom, right, top) in mm."""
    return tuple(float(value) / PT_PER_MM for value in (box.left, box.bottom, box.right, box.top))


@pytest.mark.parametrize("path", PRINT_FILES)
def test_the_print_file_is_pdf_x4_with_an_icc_output_intent(built: BuildResult, path: str) -> None:
    reader = PdfReader(built.output / path)
    metadata = xmp(reader)
    assert re.search(rb"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>", metadata), metadata[:400]
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"]
    profile = intent["/DestOutputProfile"].get_object()
    icc = profile.get_data()
    # An ICC profile: 'acsp' at byte 36; PDF/X wants an output (printer) profile, here for CMYK.
    assert icc[36:40] == b"acsp" and icc[12:16] == b"prtr" and icc[16:20] == b"CMYK"
    assert int(profile["/N"]) == 4
    assert reader.pdf_header == "%PDF-1.6"  # PDF/X-4 is based on PDF 1.6
    # Its colours are written as DeviceRGB, which PDF/X allows beside a CMYK intent only when a
    # DefaultRGB colour space says what they mean.
    for page in reader.pages:
        family, srgb = page["/Resources"]["/ColorSpace"]["/DefaultRGB"]
        assert family == "/ICCBased" and int(srgb.get_object()["/N"]) == 3
        assert srgb.get_object().get_data()[16:20] == b"RGB "


@pytest.mark.parametrize("path", PRINT_FILES)
def test_the_print_file_is_the_same_bytes_on_every_build(built: BuildResult, again: BuildResult, path: str) -> None:
    # WeasyPrint writes a random xmpMM:DocumentID into PDF/X-4 XMP, and LittleCMS re-saves the profile
    # with the time: the plugin replaces both, so a print shop gets the same file for the same leaflet.
    assert "PDF(s) rendered, 0 reused" in again.stdout
    assert (again.output / path).read_bytes() == (built.output / path).read_bytes()


@pytest.mark.parametrize("path", PRINT_FILES + OFFICE_FILES)
def test_both_files_are_tagged_with_their_language(built: BuildResult, path: str) -> None:
    catalog = PdfReader(built.output / path).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == ("zh" if path.startswith("zh/") else "en")


@pytest.mark.parametrize("path", OFFICE_FILES)
def test_the_office_file_stays_pdf_ua1_and_is_no_print_file(built: BuildResult, path: str) -> None:
    reader = PdfReader(built.output / path)
    assert b'pdfuaid:part="1"' in xmp(reader) and b"GTS_PDFXVersion" not in xmp(reader)
    assert "/OutputIntents" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert mm(page.mediabox) == pytest.approx((0, 0, 210, 297), abs=0.01)


@pytest.mark.parametrize("path", PRINT_FILES)
def test_the_sheet_holds_the_bleed_which_holds_the_a5_trim(built: BuildResult, path: str) -> None:
    for page in PdfReader(built.output / path).pages:
        media, bleed, trim = mm(page.mediabox), mm(page.bleedbox), mm(page.trimbox)
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(A5_MM, abs=0.01)
        assert [t - b for t, b in zip(trim[:2], bleed[:2], strict=True)] == pytest.approx([BLEED_MM] * 2, abs=0.01)
        assert [b - t for t, b in zip(trim[2:], bleed[2:], strict=True)] == pytest.approx([BLEED_MM] * 2, abs=0.01)
        assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]
        assert mm(page.artbox) == pytest.approx(trim, abs=0.01)  # preflight: the artwork lies inside the trim


def ink_beyond_trim(pdf: Path, page: int, folder: Path) -> list[float]:
    """Rendered at DPI: for each dark pixel outside the TrimBox, how far (mm) its nearest edge is from
    the trim. Inside the trim is the leaflet; outside it, on a clean sheet, only crop marks."""
    reader = PdfReader(pdf)
    media, trim = mm(reader.pages[page - 1].mediabox), mm(reader.pages[page - 1].trimbox)
    prefix = folder / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    image = Image.open(f"{prefix}.pgm")
    width, height = image.size
    pixel = 25.4 / DPI
    # pdftoppm draws the MediaBox: check the image is the whole sheet, so pixels map to mm.
    assert (width * pixel, height * pixel) == pytest.approx((media[2] - media[0], media[3] - media[1]), abs=2 * pixel)
    values = image.load()
    # Columns and rows wholly inside the trim (less a pixel): the leaflet itself, not looked at.
    inner_columns = range(int((trim[0] - media[0]) / pixel) + 2, int((trim[2] - media[0]) / pixel) - 1)
    inner_rows = range(int((media[3] - trim[3]) / pixel) + 2, int((media[3] - trim[1]) / pixel) - 1)
    distances = []
    for row in range(height):
        top, bottom = media[3] - row * pixel, media[3] - (row + 1) * pixel  # y grows upwards in a PDF
        columns = range(width)
        if row in inner_rows:
            columns = [*range(inner_columns.start), *range(inner_columns.stop, width)]
        for column in columns:
            if values[column, row] >= DARK:
                continue
            left, right = media[0] + column * pixel, media[0] + (column + 1) * pixel
            beyond = max(trim[0] - right, left - trim[2], trim[1] - top, bottom - trim[3])
            if beyond > -pixel:  # touching the trim or outside it
                distances.append(beyond)
    return distances


@pytest.mark.parametrize("path", PRINT_FILES)
def test_crop_marks_are_printed_outside_the_bleed(built: BuildResult, path: str, tmp_path: Path) -> None:
    pdf = built.output / path
    for page in range(1, len(PdfReader(pdf).pages) + 1):
        distances = ink_beyond_trim(pdf, page, tmp_path)
        # Eight marks (a page without them fails here)…
        assert len(distances) >= 8 * 5, f"page {page}: no crop marks found"
        # …and none of it in the bleed or within 3 mm of the trim, where a cut would show it.
        assert min(distances) >= BLEED_MM, f"page {page}: ink {min(distances):.2f} mm from the trim"


def test_the_measurement_sees_marks_drawn_in_the_bleed(tmp_path: Path) -> None:
    """The pixel check above can fail: a sheet with marks inside the 3 mm bleed is caught."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ContentStream, FloatObject, NameObject

    writer = PdfWriter()
    side = 20 * PT_PER_MM
    page = writer.add_blank_page(side, side)
    trim = ArrayObject(FloatObject(v) for v in (5 * PT_PER_MM, 5 * PT_PER_MM, 15 * PT_PER_MM, 15 * PT_PER_MM))
    page[NameObject("/TrimBox")] = trim
    mark = ContentStream(None, None)
    # A crop mark on the trim line from 1 mm to 4 mm left of the trim: 1-3 mm of it lies in the bleed.
    y = 15 * PT_PER_MM
    mark.set_data(f"0 G 1 w {1 * PT_PER_MM:.2f} {y:.2f} m {4 * PT_PER_MM:.2f} {y:.2f} l S".encode())
    page.replace_contents(mark)
    target = tmp_path / "marks-in-bleed.pdf"
    writer.write(target)
    distances = ink_beyond_trim(target, 1, tmp_path)
    assert distances and min(distances) < BLEED_MM

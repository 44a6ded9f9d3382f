"""Every printed QR code, measured on the PDFs as a phone sees a 150 dpi scan of the paper.

Two small builds (the leaflets fixture: A4, A5 print, booklets, outlet packs in English and Chinese; the
campaigns fixture: campaign packs with their posters). Each page is rendered with pdftoppm, the codes are
found with ZXing (zxing-cpp, which gives their corners) and read again by zbarimg; both must read the same
addresses on the page as rendered and after a slight blur. Sizes and distances are measured in pixels.
"""

from __future__ import annotations

import itertools
import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from conftest import FIXTURES, BuildResult, copy_content, run_site
from PIL import Image, ImageFilter

DPI = 150
MM_PER_INCH = 25.4
PUBLIC = "https://portal.example.org"  # PUBLIC_SITEURL in pelicanconf.py
SMALLEST_MM = 20.0  # issue 15: a code on paper is at least 20 mm wide
QUIET_MODULES = 4
CLOSEST_MM = 40.0  # no two codes on one page nearer than this


def mm(pixels: float) -> float:
    return pixels / DPI * MM_PER_INCH


@dataclass(frozen=True)
class Code:
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels of the 150 dpi page
    modules: int

    @property
    def width_mm(self) -> float:
        return mm(min(self.box[2] - self.box[0], self.box[3] - self.box[1]))


def zxing_codes(image: Image.Image) -> list[Code]:
    codes = []
    for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        corners = [found.position.top_left, found.position.top_right]
        corners += [found.position.bottom_left, found.position.bottom_right]
        xs, ys = [c.x for c in corners], [c.y for c in corners]
        version = int(found.extra["Version"])
        codes.append(Code(found.text, (min(xs), min(ys), max(xs), max(ys)), 17 + 4 * version))
    return sorted(codes, key=lambda code: code.box)


def zbar_texts(image: Image.Image, path: Path) -> list[str]:
    image.save(path)
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable=1", str(path)], capture_output=True, text=True
    )
    return sorted(line for line in done.stdout.splitlines() if line)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found
    return int(found.group(1))


def render(pdf: Path, page: int, folder: Path) -> Path:
    """The whole sheet (for the A5 print file its MediaBox, crop marks and all) as a 150 dpi grey image."""
    prefix = folder / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
        check=True,
    )
    return prefix.parent / f"{prefix.name}.pgm"


def text_near(pdf: Path, page: int, code: Code) -> str:
    """The words printed around a code (pdftotext of a region), without spaces or line breaks."""
    left, top = max(0, code.box[0] - 900), max(0, code.box[1] - 90)  # 152 mm beside it, 15 mm above, 25 mm below
    width, height = code.box[2] + 900 - left, code.box[3] + 150 - top
    region = ["-x", str(left), "-y", str(top), "-W", str(width), "-H", str(height)]
    done = subprocess.run(
        ["pdftotext", "-r", str(DPI), "-f", str(page), "-l", str(page), *region, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return "".join(done.stdout.split())


def quiet_zone_dark_pixels(image: Image.Image, code: Code) -> int:
    """Dark pixels in the ring of QUIET_MODULES modules around the code (one pixel of edge allowed)."""
    left, top, right, bottom = code.box
    module = (right - left) / code.modules
    ring = round(QUIET_MODULES * module) - 1
    outer = image.crop((left - ring, top - ring, right + ring + 1, bottom + ring + 1)).load()
    size = (right - left + 2 * ring + 1, bottom - top + 2 * ring + 1)
    dark = 0
    for x in range(size[0]):
        for y in range(size[1]):
            inside = ring - 1 <= x <= size[0] - ring and ring - 1 <= y <= size[1] - ring  # the code, 1 px more
            if not inside and outer[x, y] < 128:
                dark += 1
    return dark


def gap_mm(a: Code, b: Code) -> float:
    dx = max(0, b.box[0] - a.box[2], a.box[0] - b.box[2])
    dy = max(0, b.box[1] - a.box[3], a.box[1] - b.box[3])
    return mm(math.hypot(dx, dy))


@dataclass(frozen=True)
class Page:
    pdf: str
    number: int
    codes: tuple[Code, ...]


def measure(output: Path, folder: Path) -> tuple[list[Page], list[str]]:
    """Every page of every PDF the build wrote, and what went wrong on them (empty when all is well)."""
    pages, problems = [], []
    for pdf in sorted(output.rglob("*.pdf")):
        name = pdf.relative_to(output).as_posix()
        for number in range(1, page_count(pdf) + 1):
            image = Image.open(render(pdf, number, folder))
            codes = zxing_codes(image)
            where = f"{name} page {number}"
            for blurred in (False, True):
                seen = image.filter(ImageFilter.GaussianBlur(1)) if blurred else image
                how = "blurred" if blurred else "as rendered"
                texts = sorted(code.text for code in (zxing_codes(seen) if blurred else codes))
                zbar = zbar_texts(seen, folder / "page.png")
                if texts != sorted(c.text for c in codes) or zbar != texts:
                    problems.append(f"{where} {how}: zxing {texts}, zbarimg {zbar}, expected {[c.text for c in codes]}")
            for code in codes:
                if not code.text.startswith(f"{PUBLIC}/"):
                    problems.append(f"{where}: {code.text} is not an absolute public address")
                if code.width_mm < SMALLEST_MM:
                    problems.append(f"{where}: {code.text} is {code.width_mm:.1f} mm wide")
                if dark := quiet_zone_dark_pixels(image, code):
                    problems.append(f"{where}: {dark} dark pixels in the quiet zone of {code.text}")
                if code.text not in text_near(pdf, number, code):
                    problems.append(f"{where}: {code.text} is not printed beside its code")
            for a, b in itertools.combinations(codes, 2):
                if gap_mm(a, b) < CLOSEST_MM:
                    problems.append(f"{where}: {a.text} and {b.text} are {gap_mm(a, b):.1f} mm apart")
            pages.append(Page(name, number, tuple(codes)))
    return pages, problems


@pytest.fixture(scope="module", params=["leaflets/site", "campaigns/content"])
def measured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Page], list[str]]:
    root = tmp_path_factory.mktemp("qr")
    content = copy_content(FIXTURES / request.param, root / "content")
    result: BuildResult = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    images = root / "images"
    images.mkdir()
    return measure(result.output, images)


def test_every_code_reads_with_two_decoders_is_large_has_its_quiet_zone_and_stands_alone(
    measured: tuple[list[Page], list[str]],
) -> None:
    pages, problems = measured
    assert sum(len(page.codes) for page in pages) > 10, "the build printed hardly any QR codes"
    assert problems == []


def test_each_printed_file_carries_its_codes(measured: tuple[list[Page], list[str]]) -> None:
    pages, _ = measured
    by_file: dict[str, list[str]] = {}
    for page in pages:
        by_file.setdefault(page.pdf, []).extend(code.text for code in page.codes)
    for name, texts in by_file.items():
        if "/outlets/" in f"/{name}":  # an outlet pack: the outlet's own code on every page
            outlet = Path(name).stem
            pack_pages = [page for page in pages if page.pdf == name]
            assert all(any(f"/outlets/{outlet}/" in c.text for c in page.codes) for page in pack_pages), name
        elif name.startswith("campaigns/"):  # a campaign pack: the poster leads with the campaign's code
            assert any("/campaigns/" in text for text in texts), name
        else:  # a leaflet, in any of its formats: its article's address
            slug = Path(name).name.split(".")[0]
            assert any(text.endswith(f"/{slug}/") for text in texts), (name, texts)

"""Type an older reader can read and page counts a print shop expects, measured on the built PDFs.

- Body text: at least 12 pt on the A4 and A5 leaflets, 16 pt on the large-print edition (the size each
  character is drawn at, from the PDF's text and transformation matrices, read with pypdf).
- The A5 print file has 2 pages or a multiple of 4, its last page a back page (help, the way back online
  with a QR code that decodes, the review date), pages added only as planned pages before it.
- The large-print edition: A4, tagged like the office file, a QR code, linked from the article and the
  catalogue, in both languages.
- The print file's output intent is the profile the LEAFLET_OUTPUT_PROFILE setting names.

The articles are written here, of lengths that give A5 leaflets of one to four pages of text.
"""

from __future__ import annotations

import collections
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from pypdf import PdfReader

PUBLIC = "https://portal.example.org"
PARAGRAPH = (
    "A caller who says they are from the bank, the police or a court and asks you to move money is a "
    "criminal. Put the phone down, wait five minutes, and call the number printed on your bank card. "
)
CHINESE_PARAGRAPH = "冒充银行、警察或法院的人让您转账，就是诈骗。请挂断电话，等五分钟，再拨打银行卡背面的号码。"
# Paragraphs per article: A5 leaflets of one to five pages of text (the A4 budget is raised for the longest).
LENGTHS = {"short": 1, "medium": 4, "longer": 7, "long": 10, "longest": 13}
BUDGETS = "LEAFLET_PAGE_BUDGET = {'a4': 4, 'a5': 8, 'large': 10}"
A4_PT = (595.28, 841.89)
BODY_MIN_PT = {".pdf": 12.0, ".print.pdf": 12.0, ".large.pdf": 16.0}
SMALLEST_PT = 9.0  # page headers, numbers and the review line; nothing on paper is smaller


def article(slug: str, paragraphs: int, lang: str = "en") -> str:
    header = (
        f"Title: Leaflet {slug}\nDate: 2026-03-01\nTopic: fraud\nSummary: A leaflet of {paragraphs} paragraphs.\n"
        "Reviewed: 2026-09-01\nLeaflet: yes\n"
    )
    if lang == "zh":
        header += f"Lang: zh\nSlug: {slug}\n"
        body = "\n\n".join(CHINESE_PARAGRAPH * 2 for _ in range(paragraphs))
    else:
        body = "\n\n".join(PARAGRAPH * 2 for _ in range(paragraphs))
    return f"{header}\n## What happens\n\n{body}\n\n- Hang up.\n- Call the bank on its own number.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("print-type")
    content = copy_content(FIXTURES / "leaflets" / "site", root / "content")
    (content / "outlets.csv").unlink()  # packs are measured in their own tests
    for slug, paragraphs in LENGTHS.items():
        (content / "articles" / "fraud" / f"{slug}.md").write_text(article(slug, paragraphs), encoding="utf-8")
    for slug in ("short", "long"):
        (content / "articles" / "fraud" / f"{slug}.zh.md").write_text(
            article(slug, LENGTHS[slug], "zh"), encoding="utf-8"
        )
    settings = settings_file(root, BUDGETS)
    result = run_site("build", content, root / "output", settings=str(settings), cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


def leaflet_files(result: BuildResult, suffix: str) -> list[Path]:
    files = sorted((result.output / "leaflets").glob(f"*{suffix}")) + sorted(
        (result.output / "zh" / "leaflets").glob(f"*{suffix}")
    )
    if suffix == ".pdf":
        files = [f for f in files if not f.name.endswith((".print.pdf", ".large.pdf", ".booklet.pdf"))]
    assert len(files) >= len(LENGTHS) + 4, files
    return files


PT_PER_MM = 72 / 25.4
# The running header (organisation, page number) above the text, and on A4 the outlet box below it:
# their type is set apart (9 pt and up); the margins are leaflet.css's.
HEADER_MM = {".pdf": 18.0, ".print.pdf": 14.0, ".large.pdf": 18.0}
FOOTER_MM = {".pdf": 50.0, ".print.pdf": 0.0, ".large.pdf": 0.0}


def drawn_sizes(path: Path, suffix: str) -> tuple[collections.Counter[float], collections.Counter[float]]:
    """Characters per drawn size in pt (the font size scaled by the text matrix and the page's
    transformation), for the text area and for the header and footer bands."""
    text_area: collections.Counter[float] = collections.Counter()
    bands: collections.Counter[float] = collections.Counter()
    for page in PdfReader(path).pages:
        top = float(page.trimbox.top) - HEADER_MM[suffix] * PT_PER_MM
        bottom = float(page.trimbox.bottom) + FOOTER_MM[suffix] * PT_PER_MM

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, size: float, top=top, bottom=bottom
        ) -> None:
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            characters = len("".join(text.split()))
            if characters:
                counts = text_area if bottom < y < top else bands
                counts[round(size * abs(a * d - b * c) ** 0.5, 1)] += characters

        page.extract_text(visitor_text=visit)
    return text_area, bands


def page_text(path: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, text=True
    )
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("suffix", list(BODY_MIN_PT))
def test_body_text_is_at_least_the_size_older_readers_need(built: BuildResult, suffix: str) -> None:
    for path in leaflet_files(built, suffix):
        text_area, bands = drawn_sizes(path, suffix)
        assert sum(text_area.values()) > 200, (path.name, text_area)
        assert min(text_area) >= BODY_MIN_PT[suffix], (path.name, sorted(text_area.items()))
        assert not bands or min(bands) >= SMALLEST_PT, (path.name, sorted(bands.items()))


def test_print_files_have_2_pages_or_a_multiple_of_4_ending_on_a_back_page(built: BuildResult) -> None:
    counts = {}
    for path in leaflet_files(built, ".print.pdf"):
        pages = len(PdfReader(path).pages)
        counts[path.name] = pages
        assert pages == 2 or pages % 4 == 0, (path.name, pages)
        back = page_text(path, pages)
        help_heading = "到哪里求助" if "/zh/" in str(path) else "Where to get help"
        assert help_heading in back, (path.name, back)
        assert page_text(path, pages - 1).find(help_heading) == -1 or pages == 2, path.name
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-"],
            input=subprocess.run(
                ["pdftoppm", "-r", "150", "-f", str(pages), "-l", str(pages), "-png", str(path)], capture_output=True
            ).stdout,
            capture_output=True,
        ).stdout.decode()
        assert decoded.strip().startswith(PUBLIC + "/"), (path.name, decoded)
    # The lengths give both kinds: counts reached without planned pages and counts that needed them.
    assert len(set(counts.values())) >= 2, counts


def test_planned_pages_sit_before_the_back_page_and_only_where_the_count_needs_them(built: BuildResult) -> None:
    planned_seen = 0
    for path in leaflet_files(built, ".print.pdf"):
        pages = len(PdfReader(path).pages)
        texts = [page_text(path, number) for number in range(1, pages + 1)]
        headings = ("Write it down", "Notes", "记下来", "备忘")  # leaflets/planned_pages.html
        planned = [i for i, text in enumerate(texts) if any(f" {heading} " in f" {text} " for heading in headings)]
        planned_seen += len(planned)
        if planned:
            assert planned == list(range(planned[0], pages - 1)), (path.name, planned, pages)
            # Without them the count would not be 2 or a multiple of 4 (they are never added for nothing).
            text_pages = planned[0] + 1  # the pages of text and the back page
            assert not (text_pages == 2 or text_pages % 4 == 0), (path.name, text_pages)
    assert planned_seen, "no leaflet needed a planned page: the lengths no longer test it"


def test_the_large_print_edition_is_a_tagged_a4_pdf_with_a_qr_code(built: BuildResult) -> None:
    for path in leaflet_files(built, ".large.pdf"):
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path.name
        assert str(root["/Lang"]).startswith("zh" if "/zh/" in str(path) else "en"), path.name
        assert b"pdfuaid" in root["/Metadata"].get_data(), path.name
        for page in reader.pages:
            assert abs(float(page.mediabox.width) - A4_PT[0]) < 1 and abs(float(page.mediabox.height) - A4_PT[1]) < 1
        image = subprocess.run(
            ["pdftoppm", "-r", "150", "-f", str(len(reader.pages)), "-l", str(len(reader.pages)), "-png", str(path)],
            capture_output=True,
        ).stdout
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-"], input=image, capture_output=True).stdout.decode()
        assert decoded.strip().startswith(PUBLIC + "/"), (path.name, decoded)


def test_the_article_and_the_catalogue_link_the_large_print_edition(built: BuildResult) -> None:
    for prefix, slug in (("", "long"), ("zh/", "long"), ("", "short")):
        target = f"/{prefix}leaflets/{slug}.large.pdf"
        assert (built.output / target.lstrip("/")).is_file()
        article_page = built.page(f"/{prefix}fraud/{slug}/")
        assert article_page.select_one(f'.leaflet-links a[href="{target}"]'), target
        catalogue = built.page(f"/{prefix}leaflets/")
        assert catalogue.select_one(f'a[href="{target}"]'), target


def settings_file(root: Path, line: str) -> Path:
    path = root / "settings.py"
    path.write_text(f"from pelicanconf import *  # noqa: F403\n\n{line}\n", encoding="utf-8")
    return path


def test_the_print_file_carries_the_output_profile_the_setting_names(tmp_path: Path) -> None:
    profile = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")  # libgs-common, like the default
    content = copy_content(FIXTURES / "leaflets" / "site", tmp_path / "content")
    (content / "outlets.csv").unlink()
    settings = settings_file(tmp_path, f"LEAFLET_OUTPUT_PROFILE = {str(profile)!r}")
    result = run_site("build", content, tmp_path / "output", settings=str(settings))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "output" / "leaflets" / "fake-police-call.print.pdf")
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/DestOutputProfile"].get_object().get_data() == profile.read_bytes()


def test_an_output_profile_that_is_not_there_is_named_with_its_line(tmp_path: Path) -> None:
    content = copy_content(FIXTURES / "leaflets" / "site", tmp_path / "content")
    settings = settings_file(tmp_path, "LEAFLET_OUTPUT_PROFILE = 'print-shop/fogra39.icc'")
    result = run_site("build", content, tmp_path / "output", settings=str(settings))
    assert result.returncode != 0
    assert (
        f"{settings}:3: LEAFLET_OUTPUT_PROFILE names no file: print-shop/fogra39.icc" in result.stdout + result.stderr
    )

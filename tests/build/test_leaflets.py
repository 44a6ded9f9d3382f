"""Real builds of a small site with leaflets and outlets: the PDFs as a printer, a phone and a reader see them.

One cold build, one warm rebuild and one build with a fresh cache for the whole module (WeasyPrint is slow);
one failing build for the errors an editor must fix.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, BuildResult, copy_content, run_site
from leaflets.qr import make_code
from pelican.settings import read_settings
from pypdf import PdfReader

SITE = FIXTURES / "leaflets" / "site"
PUBLIC = "https://portal.example.org"  # PUBLIC_SITEURL in pelicanconf.py; this dev build has no SITEURL
LEAFLETS = {"fake-police-call": "fraud/fake-police-call/", "how-to-complain": "rights/how-to-complain/"}
OUTLETS = {
    "sh-huangpu-east": ("南京东路支行 Nanjing Road East Branch", "021-6321 0001"),
    "bj-xicheng-finance": ("Financial Street Branch", "010-6655 0002"),
    "hz-xihu-wensan": ("Wensan Road Outlet", "0571-8888 0003"),
}
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)
BLEED = 8.5  # 3 mm in points
MM_PER_INCH = 25.4
SETTINGS = read_settings(str(PROJECT / "pelicanconf.py"))
ORGANISATION = {"en": SETTINGS["ORGANISATION"], "zh": SETTINGS["I18N_SETTINGS"]["zh"]["ORGANISATION"]}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("leaflets")


@pytest.fixture(scope="module")
def built(root: Path) -> BuildResult:
    content = copy_content(SITE, root / "content")
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def warm(built: BuildResult, root: Path) -> BuildResult:
    result = run_site("build", root / "content", root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def fresh(built: BuildResult, root: Path) -> BuildResult:
    """The same content built again from nothing: another output, another cache."""
    result = run_site("build", root / "content", root / "output-2", cache_root=root / "cache-2")
    assert result.returncode == 0, result.stderr
    return result


def pdf(result: BuildResult, path: str) -> PdfReader:
    return PdfReader(result.output / path)


def page_png(result: BuildResult, path: str, page: int, folder: Path) -> Path:
    """One page as a 300 dpi greyscale image, as a phone camera would see a good print."""
    prefix = folder / f"{Path(path).stem}-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "300",
            "-gray",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(result.output / path),
            str(prefix),
        ],
        check=True,
    )
    return prefix.parent / f"{prefix.name}.pgm"


def qr_codes(image: Path) -> list[str]:
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sqrcode.enable=1", str(image)], capture_output=True, text=True
    )
    return sorted(line for line in done.stdout.splitlines() if line)


def runs_of(line: bytes) -> list[tuple[bool, int, int]]:
    """(dark, start, length) runs of a row or column of grey pixels."""
    runs: list[tuple[bool, int, int]] = []
    for index, value in enumerate(line):
        dark = value < 128
        if runs and runs[-1][0] == dark:
            runs[-1] = (dark, runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((dark, index, 1))
    return runs


def finder_at(runs: list[tuple[bool, int, int]], i: int) -> int | None:
    """Total length if runs[i:i+5] are dark:light:dark:light:dark in the ratio 1:1:3:1:1."""
    window = runs[i : i + 5]
    if len(window) < 5 or not window[0][0]:
        return None
    lengths = [length for _, _, length in window]
    module = sum(lengths) / 7
    ratios_ok = all(
        abs(length - want * module) <= module * 0.5 for length, want in zip(lengths, (1, 1, 3, 1, 1), strict=True)
    )
    return sum(lengths) if module >= 3 and ratios_ok else None


def finder_widths_mm(image: Path) -> list[float]:
    """Widths of the QR finder patterns (the 7-module squares in three corners) on a 300 dpi page image.

    As a QR reader does: a row through a finder's centre runs dark:light:dark:light:dark in the ratio
    1:1:3:1:1, and so does the column through that centre.
    """
    data = image.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header, "pdftoppm -gray writes binary PGM"
    width, height = int(header.group(1)), int(header.group(2))
    pixels = data[header.end() :]
    found = []
    for y in range(0, height, 2):
        row = runs_of(pixels[y * width : (y + 1) * width])
        for i in range(len(row) - 4):
            across = finder_at(row, i)
            if across is None:
                continue
            centre_x = row[i + 2][1] + row[i + 2][2] // 2
            column = runs_of(pixels[centre_x::width])
            j = next(k for k, (_, start, length) in enumerate(column) if start <= y < start + length)
            down = finder_at(column, j - 2) if j >= 2 else None
            if down is not None and abs(down - across) <= across * 0.2:
                found.append(across / 300 * MM_PER_INCH)
    return found


KINDS = ("", ".print", ".large", ".booklet")  # A4 office, A5 print shop, large print, A5 booklet on A4


def test_every_pdf_for_each_leaflet_and_none_for_other_articles(built: BuildResult) -> None:
    made = sorted(p.relative_to(built.output).as_posix() for p in (built.output / "leaflets").glob("*.pdf"))
    assert made == sorted(f"leaflets/{slug}{kind}.pdf" for slug in LEAFLETS for kind in KINDS)
    assert sorted(p.name for p in (built.output / "zh" / "leaflets").glob("*.pdf")) == sorted(
        f"fake-police-call{kind}.pdf" for kind in KINDS
    )
    assert not list(built.output.rglob("credit-report*.pdf"))  # no "Leaflet: yes"


def test_a4_office_and_a5_print_shop_sizes_with_bleed(built: BuildResult) -> None:
    for slug in LEAFLETS:
        for page in pdf(built, f"leaflets/{slug}.pdf").pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)
        for page in pdf(built, f"leaflets/{slug}.print.pdf").pages:
            trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
            assert (float(trim.width), float(trim.height)) == pytest.approx(A5, abs=0.01)
            for inner, outer in ((trim.left, bleed.left), (trim.bottom, bleed.bottom)):
                assert float(inner) - float(outer) == pytest.approx(BLEED, abs=0.01)
            for inner, outer in ((trim.right, bleed.right), (trim.top, bleed.top)):
                assert float(outer) - float(inner) == pytest.approx(BLEED, abs=0.01)
            # The sheet is larger than the bleed: room for crop marks outside it (tests/build/test_print_file.py).
            assert float(media.left) < float(bleed.left) and float(media.right) > float(bleed.right)


def test_pdfs_are_tagged_with_title_language_author_and_embedded_fonts(built: BuildResult) -> None:
    for path in [
        "leaflets/fake-police-call.pdf",
        "leaflets/fake-police-call.print.pdf",
        "zh/leaflets/fake-police-call.pdf",
    ]:
        reader = pdf(built, path)
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
        assert catalog["/Lang"] == ("zh" if path.startswith("zh/") else "en")
        assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_data()
        assert reader.metadata.author == ORGANISATION["zh" if path.startswith("zh/") else "en"]
        assert reader.metadata.title in (
            'A call from "the police" asking for money is a scam',
            "自称“警察”打电话要钱，就是诈骗",
        )
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                descendant = font.get_object()["/DescendantFonts"][0].get_object()
                descriptor = descendant["/FontDescriptor"]
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_text_layer_reads_like_the_article(built: BuildResult) -> None:
    text = " ".join("".join(p.extract_text() for p in pdf(built, "leaflets/fake-police-call.pdf").pages).split())
    assert 'A call from "the police" asking for money is a scam' in text
    assert "Hang up" in text and "Answer calls from 96110" in text
    assert "Where to get help" in text and "96110" in text and "12363" in text
    assert "Last reviewed: 1 September 2026" in text
    assert f"{PUBLIC}/fraud/fake-police-call/" in text
    assert f"({PUBLIC}/credit/credit-report/)" in text  # a link's address, printed for paper


def test_a_chinese_leaflet_embeds_a_chinese_font(built: BuildResult) -> None:
    reader = pdf(built, "zh/leaflets/fake-police-call.pdf")
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
    assert "一分钱也不要转" in "".join(p.extract_text() for p in reader.pages)


def test_a_qr_reader_gets_the_public_article_address_from_both_sizes(built: BuildResult, tmp_path: Path) -> None:
    leaflets = [(f"leaflets/{slug}", url) for slug, url in LEAFLETS.items()]
    leaflets.append(("zh/leaflets/fake-police-call", "zh/fraud/fake-police-call/"))  # the Chinese site's own
    for stem, url in leaflets:
        for path, smallest_mm in ((f"{stem}.pdf", 25.0), (f"{stem}.print.pdf", 20.0)):
            last_page = len(pdf(built, path).pages)
            image = page_png(built, path, last_page, tmp_path)
            assert qr_codes(image) == [f"{PUBLIC}/{url}"]
            # The printed size, measured on paper: a finder pattern is 7 of the code's modules wide.
            modules = make_code(f"{PUBLIC}/{url}").symbol_size(border=0)[0]
            finders = finder_widths_mm(image)
            assert finders, "no QR finder pattern found"
            assert min(finders) / 7 * modules >= smallest_mm


def test_an_outlet_pack_has_every_leaflet_with_the_outlets_details_on_each_page(
    built: BuildResult, tmp_path: Path
) -> None:
    leaflet_pages = sum(len(pdf(built, f"leaflets/{slug}.pdf").pages) for slug in LEAFLETS)
    chinese_pages = len(pdf(built, "zh/leaflets/fake-police-call.pdf").pages)
    for outlet_id, (name, phone) in OUTLETS.items():
        reader = pdf(built, f"leaflets/outlets/{outlet_id}.pdf")
        assert len(reader.pages) == leaflet_pages
        for page in reader.pages:
            text = page.extract_text()
            assert name in text and phone in text
        titles = "".join(page.extract_text() for page in reader.pages)
        assert "A call from" in titles and "How to make a complaint" in titles
        parts = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()["/K"]
        assert [part.get_object()["/S"] for part in parts] == ["/Part", "/Part"]
        assert name in reader.metadata.title
        # The Chinese site has its own packs: its leaflets, the same outlet.
        chinese = pdf(built, f"zh/leaflets/outlets/{outlet_id}.pdf")
        assert len(chinese.pages) == chinese_pages
        assert all(phone in page.extract_text() for page in chinese.pages)
        assert "一分钱也不要转" in "".join(page.extract_text() for page in chinese.pages)
    image = page_png(built, "leaflets/outlets/bj-xicheng-finance.pdf", 1, tmp_path)
    assert f"{PUBLIC}/outlets/bj-xicheng-finance/" in qr_codes(image)
    image = page_png(built, "zh/leaflets/outlets/bj-xicheng-finance.pdf", 1, tmp_path)
    assert f"{PUBLIC}/zh/outlets/bj-xicheng-finance/" in qr_codes(image)


def test_the_catalogue_lists_leaflets_page_counts_and_packs(built: BuildResult) -> None:
    page = built.page("/leaflets/")
    assert page.h1.get_text() == "Printable leaflets"
    cards = page.select(".leaflet-catalogue > li")
    titles = [card.h2.get_text(strip=True) for card in cards]
    assert 'A call from "the police" asking for money is a scam' in titles and "How to make a complaint" in titles
    card = cards[titles.index("How to make a complaint")]
    assert "call 12363 on working days" in card.select_one(".card-summary").get_text()
    links = {
        a["href"]: " ".join(a.find_parent("li").get_text().split()) for a in card.select("a[type='application/pdf']")
    }
    pages = len(pdf(built, "leaflets/how-to-complain.pdf").pages)
    assert f"({pages} page{'s' if pages > 1 else ''}, PDF)" in links["/leaflets/how-to-complain.pdf"]
    assert "/leaflets/how-to-complain.print.pdf" in links
    packs = {a["href"]: a.get_text() for a in page.select(".leaflet-packs a")}
    assert packs == {f"/leaflets/outlets/{oid}.pdf": name for oid, (name, _phone) in OUTLETS.items()}
    chinese = built.page("/zh/leaflets/")
    assert [h.get_text(strip=True) for h in chinese.select(".leaflet-catalogue h2")] == [
        "自称“警察”打电话要钱，就是诈骗"
    ]
    assert len(chinese.select(".leaflet-packs a")) == len(OUTLETS)


def test_leaflet_articles_link_to_their_pdfs_and_others_do_not(built: BuildResult) -> None:
    links = [a["href"] for a in built.page("/fraud/fake-police-call/").select(".leaflet-links a")]
    assert links[:4] == [f"/leaflets/fake-police-call{kind}.pdf" for kind in ("", ".large", ".print", ".booklet")]
    catalogue = built.page("/fraud/fake-police-call/").find("a", string="All printable leaflets")
    assert catalogue is not None and catalogue["href"] == "/leaflets/"
    chinese = built.page("/zh/fraud/fake-police-call/").select(".leaflet-links a")
    assert chinese[-1]["href"] == "/zh/leaflets/" and (built.output / "zh" / "leaflets" / "index.html").is_file()
    assert built.page("/credit/credit-report/").select_one(".leaflet-links") is None


def test_a_warm_rebuild_renders_no_pdf_and_says_so(warm: BuildResult) -> None:
    assert "Leaflets: 0 PDF(s) rendered, 6 reused; outlet packs: 0 made, 3 reused" in warm.stdout
    assert "Leaflets (zh): 0 PDF(s) rendered, 3 reused; outlet packs: 0 made, 3 reused" in warm.stdout
    assert (warm.output / "leaflets" / "fake-police-call.pdf").is_file()


def test_identical_inputs_give_identical_bytes(built: BuildResult, fresh: BuildResult) -> None:
    assert "Leaflets: 6 PDF(s) rendered" in fresh.stdout  # really rendered again, not copied from a cache
    first = sorted(p.relative_to(built.output) for p in built.output.rglob("*.pdf"))
    assert len(first) == 3 * len(KINDS) + 2 * len(OUTLETS)  # 3 leaflets (2 in English); packs in each language
    for relative in first:
        assert (fresh.output / relative).read_bytes() == (built.output / relative).read_bytes(), relative


def test_an_over_long_leaflet_and_an_unprintable_character_fail_the_build(tmp_path: Path) -> None:
    content = copy_content(SITE, tmp_path / "content")
    (content / "outlets.csv").unlink()
    long_text = "\n\n".join(f"Paragraph {i}: the caller rushes you and will not let you hang up." for i in range(70))
    (content / "articles" / "fraud" / "long-read.md").write_text(
        "Title: A very long leaflet\nDate: 2026-05-01\nTopic: fraud\nSummary: Too long to print on two pages.\n"
        f"Reviewed: 2026-09-01\nLeaflet: yes\n\n{long_text}\n",
        encoding="utf-8",
    )
    (content / "articles" / "rights" / "odd-sign.md").write_text(
        "Title: A leaflet with an odd sign\nDate: 2026-05-02\nTopic: rights\nSummary: It has a character no font has.\n"
        "Reviewed: 2026-09-01\nLeaflet: yes\n\nThe first line is fine.\n\nThis one has \ue000 in it.\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    result = run_site("build", content, output)
    assert result.returncode == 1
    long_path = re.escape(str(Path("articles") / "fraud" / "long-read.md"))
    assert re.search(
        long_path + r": the A4 office leaflet made from this article has ([3-9]|\d\d) pages; it may have at most 2",
        result.stderr,
    )
    assert re.search(
        re.escape(str(Path("articles") / "rights" / "odd-sign.md")) + r":10: the character U\+E000 ", result.stderr
    )
    assert not output.exists()  # nothing was published


def every_pdf_text(result: BuildResult) -> dict[str, str]:
    """Each leaflet PDF and pack the build wrote (both languages), as one line of its text."""
    return {
        path.relative_to(result.output).as_posix(): " ".join(
            "".join(page.extract_text() for page in PdfReader(path).pages).split()
        )
        for path in sorted(result.output.rglob("leaflets/**/*.pdf"))
    }


def test_every_leaflet_and_pack_prints_the_official_contacts_and_the_check_address(built: BuildResult) -> None:
    texts = every_pdf_text(built)
    assert any("/outlets/" in path for path in texts) and any(path.startswith("zh/") for path in texts)
    for path, text in texts.items():
        assert "400-000-0000" in text and "examplebank.example" in text, path  # the rows of official-contacts.csv
        label, check = ("官方联系方式", "zh/check/") if path.startswith("zh/") else ("Official contacts", "check/")
        assert label in text and f"portal.example.org/{check}" in text, path


def test_a_site_without_outlets_or_official_contacts(tmp_path: Path) -> None:
    """No outlets.csv: no packs. No official-contacts.csv: the settings' own number and address are the official
    list, on /check/ and on every leaflet."""
    content = copy_content(SITE, tmp_path / "content")
    (content / "outlets.csv").unlink()
    (content / "official-contacts.csv").unlink()
    shutil.rmtree(content / "articles" / "fraud")
    result = run_site("build", content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert not (result.output / "leaflets" / "outlets").exists()
    assert result.page("/leaflets/").select_one(".leaflet-packs") is None
    official = result.page("/check/").get_text()
    assert SETTINGS["CUSTOMER_SERVICE"]["phone"] in official and "portal.example.org" in official
    assert result.page("/rights/how-to-complain/").select_one(".help-check a")["href"] == "/check/"
    texts = every_pdf_text(result)
    assert texts
    for path, text in texts.items():
        assert "Official contacts" in text and SETTINGS["CUSTOMER_SERVICE"]["phone"] in text, path
        assert "portal.example.org/check/" in text, path


def test_outlet_pages_link_to_their_pack(built: BuildResult) -> None:
    for outlet_id in OUTLETS:
        for site in ("", "/zh"):
            link = built.page(f"{site}/outlets/{outlet_id}/").select_one(".outlet-pack a")
            assert link["href"] == f"{site}/leaflets/outlets/{outlet_id}.pdf"
            assert (built.output / link["href"].lstrip("/")).is_file()

"""Outlet packs for older readers, measured on the PDFs: the outlet's details at 9 pt or more in every step of
the imprint's type, a Chinese address from the largest unit to the smallest, and a warning for an outlet id
so long that the pack's QR code would have modules too small to scan.

One build of the bilingual fixture with three more outlets: one whose details need the compact step, one the
tight step, and one with a very long id.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from leaflets.imprint import BOX_BOTTOM_MM, BOX_HEIGHT_MM, XOBJECT_NAME, imprint_qr_mm
from leaflets.qr import MIN_MODULE_MM, make_code
from pypdf import PdfReader

PUBLIC = "https://portal.example.org"  # PUBLIC_SITEURL in pelicanconf.py
PT_PER_MM = 72 / 25.4
SMALLEST_PT = 9.0
# DejaVu Sans (the English imprint's font) spans ascender + descender = 1.164 em: pdftotext's word boxes.
DEJAVU_BOX_EM = 1.164
HOURS = "Mo 09:00-12:00,13:00-17:00; Tu 09:00-12:00,13:00-17:30; We 09:00-17:00; Th 09:00-12:00,13:00-19:00; "
HOURS += "Fr 09:00-16:00; Sa 10:00-14:00; Su off"
LONG_ID = "sh-pudong-new-area-lujiazui-ring-road-branch"
# Rows added under the fixture's three (lines 2-4): a name on two lines and hours on two (compact type), the
# same with a two-line address too (tight lines), and a short imprint with a very long id.
ROWS = [
    "sh-lujiazui-ifc,Lujiazui International Finance Centre Consumer Protection Service Point,"
    "陆家嘴国际金融中心消费者权益保护服务点,Shanghai,上海,Pudong New Area,浦东新区,"
    '"Shop L2-15, IFC Mall, 8 Century Avenue",世纪大道8号国金中心商场L2-15室,200120,'
    f'021-5012 3456 / 021-5012 3457,31.236,121.502,"{HOURS}",cash,,,',
    "sh-ifc-north,Lujiazui International Finance Centre Consumer Protection Service Point (North),"
    "陆家嘴国际金融中心消费者权益保护服务点（北座）,Shanghai,上海,Pudong New Area,浦东新区,"
    '"Shop L2-15, Level 2, IFC Mall North Tower, beside exit 6 of Lujiazui metro station, 8 Century Avenue",'
    f'世纪大道8号国金中心商场北座二层L2-15室,200120,021-5012 3456 / 021-5012 3457,31.236,121.502,"{HOURS}",cash,,,',
    f"{LONG_ID},Lujiazui Ring Road Branch,陆家嘴环路支行,Shanghai,上海,Pudong New Area,浦东新区,"
    "1000 Lujiazui Ring Road,陆家嘴环路1000号,200120,021-5888 0000,31.238,121.505,Mo-Fr 09:00-17:00,cash,,,",
]
LONG_ID_LINE = 4 + len(ROWS)
NAMES = {
    "sh-people-square": ("People's Square Branch", "人民广场支行"),
    "sh-lujiazui-ifc": ("Lujiazui International", "陆家嘴国际金融中心"),
    "sh-ifc-north": ("Point (North)", "（北座）"),
    LONG_ID: ("Lujiazui Ring Road Branch", "陆家嘴环路支行"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("imprint-type")
    content = copy_content(FIXTURES / "bilingual", root / "content")
    with (content / "outlets.csv").open("a", encoding="utf-8") as table:
        table.write("".join(f"{row}\n" for row in ROWS))
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


def times(m: list[float], n: list[float]) -> list[float]:
    """m × n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    return [a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2], c * n[1] + d * n[3],
            e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5]]  # fmt: skip


def box_text_sizes(pdf: Path, page_number: int = 0) -> list[tuple[float, str]]:
    """(effective size in pt, text) of every piece of text in the outlet box of a pack's page.

    Effective size: the font size × the text matrix's scale × the CTM's, and for the imprint (a form XObject,
    which pypdf reads with a fresh CTM) also × the page's CTM where the form is drawn (× its /Matrix)."""
    page = PdfReader(pdf).pages[page_number]
    forms = page["/Resources"]["/XObject"]
    outer: list[list[float]] = []  # the page's CTM at the imprint's Do, while pypdf reads the form
    found: list[tuple[float, str]] = []

    def before(operator: bytes, operands: list, cm: list[float], _tm: list[float]) -> None:
        if operator == b"Do" and operands and operands[0] == XOBJECT_NAME:
            matrix = [float(v) for v in forms[XOBJECT_NAME].get("/Matrix", [1, 0, 0, 1, 0, 0])]
            outer.append(times(matrix, list(cm)))

    def after(operator: bytes, operands: list, _cm: list[float], _tm: list[float]) -> None:
        if operator == b"Do" and operands and operands[0] == XOBJECT_NAME and outer:
            outer.pop()

    def text(words: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not words.strip():
            return
        matrix = times(list(tm), list(cm))
        if outer:
            matrix = times(matrix, outer[-1])
        bottom_mm = matrix[5] / PT_PER_MM
        if BOX_BOTTOM_MM <= bottom_mm <= BOX_BOTTOM_MM + BOX_HEIGHT_MM:
            found.append((size * (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5, words.strip()))

    page.extract_text(visitor_text=text, visitor_operand_before=before, visitor_operand_after=after)
    return found


def pdftotext_box_words(pdf: Path) -> list[tuple[float, float, str]]:
    """(word box height in pt, its top in pt from the page's top, word) of the words in page 1's outlet box,
    from poppler's pdftotext."""
    xml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml).group(1))
    box_top = page_height - (BOX_BOTTOM_MM + BOX_HEIGHT_MM) * PT_PER_MM  # pdftotext measures from the top
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xml)
    return [(float(y1) - float(y0), float(y0), word) for y0, y1, word in words if float(y0) >= box_top]


def line_pitch_pt(pdf: Path) -> float:
    """The closest distance between two lines of the imprint, from one baseline to the next."""
    tops = sorted({round(top, 2) for height, top, _word in pdftotext_box_words(pdf) if height < 11})
    return min(lower - upper for upper, lower in itertools.pairwise(tops))


def test_every_word_in_the_outlet_box_is_at_least_9_pt_in_every_step(built: BuildResult) -> None:
    for outlet_id, names in NAMES.items():
        for site, name, label in (("", names[0], "Your outlet:"), ("zh/", names[1], "您的网点：")):
            pack = built.output / f"{site}leaflets/outlets/{outlet_id}.pdf"
            for page_number in range(len(PdfReader(pack).pages)):
                sizes = box_text_sizes(pack, page_number)
                texts = " ".join(words for _size, words in sizes)
                assert label in texts and name in texts and "021-" in texts, (pack, texts)
                smallest = min(size for size, _words in sizes)
                assert smallest >= SMALLEST_PT - 0.01, (pack, page_number, sorted(sizes)[:3])
    # The long imprints really are set in the smaller steps (9 pt), the short one in normal type (10 pt).
    assert min(s for s, _ in box_text_sizes(built.output / "leaflets/outlets/sh-lujiazui-ifc.pdf")) < 9.5
    assert min(
        s for s, w in box_text_sizes(built.output / "leaflets/outlets/sh-people-square.pdf") if "outlet:" not in w
    ) == pytest.approx(10, abs=0.01)


def test_poppler_measures_the_same_sizes(built: BuildResult) -> None:
    for outlet_id in NAMES:
        words = pdftotext_box_words(built.output / f"leaflets/outlets/{outlet_id}.pdf")
        assert "outlet:" in [word for _height, _top, word in words] and len(words) > 10
        assert min(height for height, _top, _word in words) / DEJAVU_BOX_EM >= SMALLEST_PT - 0.01, (outlet_id, words)
    # The longest details are on closer lines (the tight step), the others in the compact step's spacing.
    compact, tight = (
        line_pitch_pt(built.output / f"leaflets/outlets/{o}.pdf") for o in ("sh-lujiazui-ifc", "sh-ifc-north")
    )
    assert tight < 9.9 < compact, (tight, compact)  # 9 pt × 1.05 and × 1.15


def page_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True)
    return done.stdout


def test_a_chinese_imprint_writes_the_address_from_the_largest_unit_to_the_smallest(built: BuildResult) -> None:
    chinese = page_text(built.output / "zh/leaflets/outlets/sh-people-square.pdf")
    assert "200001 上海黄浦区人民大道100号" in chinese
    assert "人民大道100号," not in chinese
    assert "200120 上海浦东新区世纪大道8号国金中心商场L2-15室" in page_text(
        built.output / "zh/leaflets/outlets/sh-lujiazui-ifc.pdf"
    )
    english = page_text(built.output / "leaflets/outlets/sh-people-square.pdf")
    assert "100 Renmin Avenue, 200001 Shanghai" in english  # English keeps its own order


def module_mm(address: str) -> float:
    code = make_code(address)
    return imprint_qr_mm(code)[0] / code.symbol_size(border=0)[0]


def test_a_long_outlet_id_is_warned_about_with_its_line_and_the_longest_id_that_scans(built: BuildResult) -> None:
    found = re.search(
        rf"outlets\.csv:{LONG_ID_LINE}: warning: outlet id '{LONG_ID}' is {len(LONG_ID)} characters long, so the QR "
        r"code on its leaflets would have modules of (\d\.\d\d) mm \(at least 0\.75 mm scans reliably\)"
        r" — use a shorter id \(at most (\d+) characters\)",
        built.stderr,
    )
    assert found, built.stderr
    # The Chinese pack's address is the longer one, so it decides; worked out here from the drawing code.
    address = f"{PUBLIC}/zh/outlets/{{}}/"
    assert float(found.group(1)) == pytest.approx(module_mm(address.format(LONG_ID)), abs=0.01)
    at_most = int(found.group(2))
    assert module_mm(address.format("a" * at_most)) >= MIN_MODULE_MM > module_mm(address.format("a" * (at_most + 1)))
    assert built.stderr.count("QR code on its leaflets") == 1  # the other ids are short enough
    assert (built.output / f"zh/leaflets/outlets/{LONG_ID}.pdf").is_file()  # a warning: the pack is still made


def test_details_that_fit_in_no_step_fail_the_build_with_the_outlets_line(tmp_path: Path) -> None:
    content = copy_content(FIXTURES / "bilingual", tmp_path / "content")
    address = ", ".join(
        f"Building {n} of the Lujiazui Financial Plaza beside the Century Avenue exit" for n in range(6)
    )
    with (content / "outlets.csv").open("a", encoding="utf-8") as table:
        table.write(f'sh-too-long,Too Long Branch,,Shanghai,,Pudong,,"{address}",,200120,021-1,,,"{HOURS}",,,,\n')
    result = run_site("build", content, tmp_path / "output", cache_root=tmp_path / "cache")
    assert result.returncode == 1
    assert (
        "outlets.csv:5: the details of outlet 'sh-too-long' do not fit in the outlet box of its leaflet pack"
        " — shorten its name, address or opening hours"
    ) in result.stderr


def test_a_half_translated_chinese_address_keeps_a_space_where_latin_text_meets() -> None:
    from outlets.model import address_line

    assert address_line("zh", "人民大道100号", "200001", "上海", "黄浦区") == "200001 上海黄浦区人民大道100号"
    assert (
        address_line("zh", "300 East Nanjing Road", "200001", "上海 Shanghai", "黄浦区 Huangpu")
        == "200001 上海 Shanghai 黄浦区 Huangpu 300 East Nanjing Road"
    )
    assert address_line("zh-CN", "人民大道100号", "", "上海", "") == "上海人民大道100号"
    assert (
        address_line("en", "100 Renmin Avenue", "200001", "Shanghai", "Huangpu") == "100 Renmin Avenue, 200001 Shanghai"
    )

"""Outlet packs embed each font face once (issue 15, point 6): not once per leaflet plus once for the imprint.

A real build of a site with Chinese and English packs of several leaflets, checked on the PDFs: the font
programs by face, the size against the leaflets', the imprint's text layer and the tags. The same check
run on a pack joined the old way (each leaflet's own fonts, the imprint's copied in) finds the faces twice.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from leaflets.imprint import PackBase, PartInfo, join_leaflets
from leaflets.pack_fonts import imprint_sample
from leaflets.render import RenderJob, render
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

PROJECT = Path(__file__).resolve().parents[2]
STYLESHEET = str(PROJECT / "theme" / "static" / "css" / "leaflet.css")
SITE = FIXTURES / "leaflets" / "site"
OUTLETS = {  # outlet id → (name, phone) as each language's imprint prints them
    "sh-huangpu-east": ("南京东路支行 Nanjing Road East Branch", "021-6321 0001"),
    "bj-xicheng-finance": ("Financial Street Branch", "010-6655 0002"),
    "hz-xihu-wensan": ("Wensan Road Outlet", "0571-8888 0003"),
}
# More Chinese leaflets, each with characters of its own, so that a pack of them is four subsets of one face.
EXTRA_ZH = {
    "bank-card-safety": ("保管好您的银行卡和密码", "不要把密码写在卡上。取款时用手遮挡键盘。卡丢了马上挂失。"),
    "loan-fees": ("贷款前问清楚全部费用", "年化利率、手续费、提前还款违约金都要写进合同。看不懂就别签字。"),
    "online-shopping": ("网购退款要走官方渠道", "陌生人来电说要给您退款，又让您下载软件、共享屏幕，这是骗局。"),
}
TAG = re.compile(r"^[A-Z]{6}\+")


def zh_leaflet(slug: str, title: str, text: str) -> str:
    return (
        f"Title: {title}\nDate: 2026-02-05\nTopic: fraud\nSummary: {text[:12]}\nReviewed: 2026-09-01\n"
        f"Lang: zh\nSlug: {slug}\nTranslation: false\nLeaflet: yes\n\n{text}\n\n## 怎么办\n\n1. {text[::-1]}\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("pack-fonts")
    content = copy_content(SITE, root / "content")
    for slug, (title, text) in EXTRA_ZH.items():
        (content / "articles" / "fraud" / f"{slug}.zh.md").write_text(zh_leaflet(slug, title, text), encoding="utf-8")
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


def font_programs(data: bytes) -> dict[str, set[int]]:
    """Face (BaseFont without its subset tag) → the embedded font programs (object numbers) drawing it,
    over every font the pages and their form XObjects use."""
    reader = PdfReader(io.BytesIO(data))
    programs: dict[str, set[int]] = {}
    pending = [page.get("/Resources") for page in reader.pages]
    seen: set[int] = set()
    while pending:
        resources = pending.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                for kind in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if kind in descriptor:
                        face = TAG.sub("", str(font["/BaseFont"]).lstrip("/"))
                        programs.setdefault(face, set()).add(descriptor.raw_get(kind).idnum)
        for xobject in (resources.get("/XObject") or DictionaryObject()).get_object().values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                pending.append(xobject["/Resources"])
    return programs


def twice(data: bytes) -> dict[str, int]:
    """Faces with more than one embedded program, and how many."""
    return {face: len(found) for face, found in font_programs(data).items() if len(found) > 1}


def pdffonts_faces(path: Path) -> list[str]:
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [TAG.sub("", line.split()[0]) for line in listing.splitlines()[2:] if line.strip()]


def packs(built: BuildResult) -> dict[str, Path]:
    found = {f"en/{p.stem}": p for p in (built.output / "leaflets" / "outlets").glob("*.pdf")}
    found |= {f"zh/{p.stem}": p for p in (built.output / "zh" / "leaflets" / "outlets").glob("*.pdf")}
    assert len(found) == 2 * len(OUTLETS)
    return found


def members(built: BuildResult, pack: Path) -> list[Path]:
    """The A4 leaflet PDFs of a pack's language."""
    folder = pack.parent.parent
    return sorted(p for p in folder.glob("*.pdf") if p.name.count(".") == 1)


def test_no_pack_embeds_a_font_face_twice(built: BuildResult) -> None:
    for name, path in packs(built).items():
        assert twice(path.read_bytes()) == {}, name
        faces = pdffonts_faces(path)
        assert len(faces) == len(set(faces)), (name, faces)  # as a reviewer lists them


def old_way(leaflets: list[Path], lang: str, imprint_text: str) -> bytes:
    """A pack made as before: the leaflets joined with their own fonts, an imprint's fonts copied in."""
    base = join_leaflets(
        [p.read_bytes() for p in leaflets], [PartInfo(p.stem, lang) for p in leaflets], "Office", "Office", lang
    )
    first_pages = [0]
    for leaflet in leaflets[:-1]:
        first_pages.append(first_pages[-1] + len(PdfReader(leaflet).pages))
    return PackBase(base, first_pages).stamp(imprint_pdf(imprint_text), "https://portal.example.org/o/", "O", lang)


def test_a_pack_is_much_smaller_than_its_leaflets_together(built: BuildResult) -> None:
    for name, path in packs(built).items():
        leaflets = members(built, path)
        together = sum(p.stat().st_size for p in leaflets)
        size = path.stat().st_size
        outlet_name, phone = OUTLETS[name.split("/", 1)[1]]
        before = len(old_way(leaflets, name[:2], f"{outlet_name} {phone}"))
        assert size < before, (name, size, before)
        if name.startswith("zh/"):
            assert len(leaflets) == 1 + len(EXTRA_ZH)
            # Each leaflet has its own ~250 KB subset of each Chinese face; the pack has one of each.
            assert size < 0.5 * together, (name, size, together)
            assert size < 0.5 * before, (name, size, before)


def test_the_imprint_still_reads_as_text_and_the_tags_hold(built: BuildResult) -> None:
    for name, path in packs(built).items():
        outlet = name.split("/", 1)[1]
        outlet_name, phone = OUTLETS[outlet]
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        words = re.sub(r"\s+", " ", text)
        for part in outlet_name.split():  # the Chinese name and the English one are laid out apart
            assert part in words, (name, part)
        assert phone in words, name
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, name
        assert bool(root["/MarkInfo"]["/Marked"]), name
        document = root["/StructTreeRoot"]["/K"][0].get_object()
        assert len(document["/K"]) == len(members(built, path)), name  # a Part per leaflet
        for page in reader.pages:  # every page draws the imprint with fonts the base already has
            form = page["/Resources"]["/XObject"]["/OutletImprint"].get_object()
            assert form["/Resources"]["/Font"], name


def imprint_pdf(text: str) -> bytes:
    html = (
        '<!doctype html><html lang="en"><head><title>Leaflets — outlet</title></head>'
        f'<body class="imprint"><p class="imprint-name">{text}</p><p>{text}</p></body></html>'
    )
    return render(RenderJob("imprint", html, "https://portal.example.org/", STYLESHEET, tagged=False)).pdf


def test_joined_the_old_way_a_pack_has_its_faces_twice(built: BuildResult) -> None:
    """The check above can fail: leaflets joined with their own fonts, and an imprint with glyphs the base
    lacks (its fonts then copied in, as before, and reported), give faces embedded more than once."""
    zh = built.output / "zh" / "leaflets" / "outlets" / "bj-xicheng-finance.pdf"
    leaflets = members(built, zh)
    base = join_leaflets(
        [p.read_bytes() for p in leaflets], [PartInfo(p.stem, "zh") for p in leaflets], "Office", "Office", "zh"
    )
    assert twice(base).get("Noto-Sans-CJK-SC") == len(leaflets)
    english = built.output / "leaflets" / "outlets" / "bj-xicheng-finance.pdf"
    stamper = PackBase(english.read_bytes(), [0])
    pack = stamper.stamp(imprint_pdf("Quixotic jazz vexing waltz 9876"), "https://portal.example.org/o/", "O", "en")
    assert stamper.unshared, "an imprint with glyphs the base lacks brings its fonts again"
    assert twice(pack)
    again = stamper.stamp(imprint_pdf("Branch"), "https://portal.example.org/o/", "O", "en")
    assert stamper.unshared == ()
    assert twice(again) == {}


def test_the_imprint_sample_follows_characters_and_styles_not_words() -> None:
    block = '<p class="imprint-name">Office 南京</p><p>Phone: <span class="imprint-phone">010-6655</span></p>'
    sample = imprint_sample([block])
    assert '<p class="imprint-name">' in sample and '<span class="imprint-phone">' in sample
    assert "ffi" in sample  # the letters a ligature joins, in the face they are drawn in
    assert "南" in sample
    same_characters = '<p class="imprint-name">南京 Office</p><p>Phone: <span class="imprint-phone">056-6010</span></p>'
    assert imprint_sample([same_characters]) == sample
    assert imprint_sample([block.replace("010", "019")]) != sample

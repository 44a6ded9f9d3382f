"""Outlet leaflet packs at national scale: past OUTLET_PACKS_WHOLE_UP_TO outlets, each language publishes
its pack base once and, per outlet, only the incremental update that stamps the outlet's details on it (the
pack is exactly base + update); the outlet page's script joins them (tests/browser/test_pack_download.py).

Two builds of the leaflets fixture for the whole module (WeasyPrint is slow), each with its own cache: one
with the default threshold (whole packs, as today), one with the threshold at 0 (base and parts).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from leaflets.checks import settings_problems
from pypdf import PdfReader

SITE = FIXTURES / "leaflets" / "site"
OUTLETS = {
    "sh-huangpu-east": ("南京东路支行 Nanjing Road East Branch", "021-6321 0001"),
    "bj-xicheng-finance": ("Financial Street Branch", "010-6655 0002"),
    "hz-xihu-wensan": ("Wensan Road Outlet", "0571-8888 0003"),
}
LANGUAGES = ("", "zh/")  # the main language's site root, and the Chinese site's
BUDGET = 60 * 1024  # what the published site may grow by per outlet and language (10 leaflets)
PARTS_SETTINGS = """from pelicanconf import *  # noqa: F403
OUTLET_PACKS_WHOLE_UP_TO = 0  # every site has more outlets than this: packs in parts
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pack-parts")
    copy_content(SITE, root / "content")
    return root


@pytest.fixture(scope="module")
def whole(root: Path) -> BuildResult:
    result = run_site("build", root / "content", root / "whole", cache_root=root / "cache-whole")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def parted(root: Path) -> BuildResult:
    settings = root / "partsconf.py"
    settings.write_text(PARTS_SETTINGS, encoding="utf-8")
    result = run_site(
        "build", root / "content", root / "parted", settings=str(settings), cache_root=root / "cache-parts"
    )
    assert result.returncode == 0, result.stderr
    return result


def base_of(result: BuildResult, lang: str) -> Path:
    bases = sorted((result.output / f"{lang}leaflets" / "outlets").glob("pack-base.*.pdf"))
    assert len(bases) == 1, bases
    return bases[0]


def part_of(result: BuildResult, lang: str, outlet_id: str) -> Path:
    return result.output / f"{lang}leaflets" / "outlets" / f"{outlet_id}.pdfpart"


def joined(result: BuildResult, lang: str, outlet_id: str) -> bytes:
    return base_of(result, lang).read_bytes() + part_of(result, lang, outlet_id).read_bytes()


def test_past_the_threshold_only_the_base_and_each_outlets_part_are_published(parted: BuildResult) -> None:
    for lang in LANGUAGES:
        folder = parted.output / f"{lang}leaflets" / "outlets"
        published = sorted(path.name for path in folder.iterdir())
        assert published == sorted([base_of(parted, lang).name, *(f"{oid}.pdfpart" for oid in OUTLETS)]), lang
    assert "outlet packs: 3 made" in parted.stdout


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_base_and_part_make_the_whole_pack(whole: BuildResult, parted: BuildResult) -> None:
    """The same pages and text as the whole pack; the very same bytes where the shared base needs no face
    that only imprints use (the Chinese site). The English site's imprints print a Chinese outlet name,
    which no English leaflet does: its shared base holds that face once, so no outlet's update brings it
    (a whole pack keeps it out: most of those would carry it for nothing)."""
    for lang in LANGUAGES:
        assert not list((whole.output / f"{lang}leaflets" / "outlets").glob("pack-base.*"))  # few outlets: whole
        assert not list((whole.output / f"{lang}leaflets" / "outlets").glob("*.pdfpart"))
        for outlet_id in OUTLETS:
            pack = (whole.output / f"{lang}leaflets" / "outlets" / f"{outlet_id}.pdf").read_bytes()
            made = joined(parted, lang, outlet_id)
            assert page_texts(made) == page_texts(pack), (lang, outlet_id)
            assert PdfReader(io.BytesIO(made)).metadata.title == PdfReader(io.BytesIO(pack)).metadata.title
            if lang == "zh/":
                assert made == pack, outlet_id
    # Only the English base carries the Chinese face besides its leaflets' fonts.
    english_update = part_of(parted, "", "sh-huangpu-east").stat().st_size
    assert english_update < 30 * 1024, english_update  # not the ~120 KB of a Chinese subset


def test_every_page_of_a_joined_pack_has_the_outlets_details(parted: BuildResult) -> None:
    english_pages = sum(
        len(PdfReader(p).pages) for p in (parted.output / "leaflets").glob("*.pdf") if p.name.count(".") == 1
    )
    chinese_pages = len(PdfReader(parted.output / "zh" / "leaflets" / "fake-police-call.pdf").pages)
    for lang, pages in (("", english_pages), ("zh/", chinese_pages)):
        base = PdfReader(base_of(parted, lang))
        assert len(base.pages) == pages
        blank = "".join(page.extract_text() for page in base.pages)
        for outlet_id, (name, phone) in OUTLETS.items():
            assert name not in blank and phone not in blank  # the details come with the part only
            reader = PdfReader(io.BytesIO(joined(parted, lang, outlet_id)))
            assert len(reader.pages) == pages, (lang, outlet_id)
            for number, page in enumerate(reader.pages, 1):
                text = page.extract_text()
                assert phone in text, (lang, outlet_id, number)
                assert name in text or lang == "zh/", (lang, outlet_id, number)  # CJK text extracts spaced out
            assert name in reader.metadata.title
    english = "".join(p.extract_text() for p in PdfReader(io.BytesIO(joined(parted, "", "hz-xihu-wensan"))).pages)
    assert "A call from" in english and "How to make a complaint" in english


def test_outlet_pages_link_the_base_and_carry_their_part(whole: BuildResult, parted: BuildResult) -> None:
    for lang in LANGUAGES:
        site = "/" + lang.rstrip("/") if lang else ""
        base_url = f"{site}/leaflets/outlets/{base_of(parted, lang).name}"
        for outlet_id in OUTLETS:
            page = parted.page(f"/{lang}outlets/{outlet_id}/")
            link = page.select_one(".outlet-pack a")
            assert link["href"] == base_url and link["data-pack-base"] == base_url
            assert link["data-pack-part"] == f"{site}/leaflets/outlets/{outlet_id}.pdfpart"
            assert (parted.output / link["data-pack-part"].lstrip("/")).is_file()
            assert link["data-pack-name"] == f"{outlet_id}-leaflets.pdf"
            assert ("leaflet pack" in link.get_text().lower()) if not lang else ("宣传资料包" in link.get_text())
            note = page.select_one("[data-pack-note]")
            assert note is not None and not note.has_attr("hidden")
            assert ("blank" in note.get_text()) if not lang else ("留空" in note.get_text())
            assert page.find("script", src=lambda src: bool(src) and src.endswith("/theme/js/outlet-pack.js"))
            # A site with few outlets: the link is the whole pack, as always, and nothing else is needed.
            small = whole.page(f"/{lang}outlets/{outlet_id}/")
            link = small.select_one(".outlet-pack a")
            assert link["href"] == f"{site}/leaflets/outlets/{outlet_id}.pdf" and not link.has_attr("data-pack-part")
            assert small.select_one("[data-pack-note]") is None
            assert not small.find("script", src=lambda src: bool(src) and src.endswith("outlet-pack.js"))


def test_the_catalogue_points_to_outlet_pages_and_the_blank_base(parted: BuildResult) -> None:
    for lang in LANGUAGES:
        catalogue = parted.page(f"/{lang}leaflets/")
        assert catalogue.select_one(".leaflet-packs") is None  # no list of every outlet on a national site
        base = catalogue.select_one("a.leaflet-pack-base")
        assert base is not None and base["href"].endswith(f"leaflets/outlets/{base_of(parted, lang).name}")
        assert catalogue.find("a", href=f"{'/zh' if lang else ''}/outlets/")


def test_the_sitemap_lists_the_base_but_no_part(parted: BuildResult) -> None:
    sitemap = (parted.output / "sitemap.xml").read_text(encoding="utf-8")
    assert base_of(parted, "").name in sitemap and base_of(parted, "zh/").name in sitemap
    assert ".pdfpart" not in sitemap


def test_an_outlet_adds_well_under_60_kb_per_language(parted: BuildResult) -> None:
    for lang in LANGUAGES:
        for outlet_id in OUTLETS:
            part = part_of(parted, lang, outlet_id).stat().st_size
            page = (parted.output / f"{lang}outlets" / outlet_id / "index.html").stat().st_size
            print(f"{lang or 'en/'}{outlet_id}: part {part} B + page {page} B = {part + page} B")
            assert part + page < BUDGET / 2, (lang, outlet_id, part, page)
        print(f"{lang or 'en/'} base (once): {base_of(parted, lang).stat().st_size} B")


def test_the_threshold_must_be_a_whole_number(tmp_path: Path) -> None:
    settings = tmp_path / "conf.py"
    settings.write_text("OUTLET_PACKS_WHOLE_UP_TO = '200'\n", encoding="utf-8")
    problems = settings_problems({"OUTLET_PACKS_WHOLE_UP_TO": "200", "SETTINGS_FILE": str(settings)})
    assert [(Path(p.path).name, p.line) for p in problems] == [("conf.py", 1)]
    assert "whole number" in problems[0].what
    assert settings_problems({"OUTLET_PACKS_WHOLE_UP_TO": 0}) == settings_problems({}) == []

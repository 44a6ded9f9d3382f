"""A real build of a bilingual site (English + Chinese): paired pages, lists per language, Chinese chrome
with no English left, Chinese outlets and a Chinese leaflet whose text layer holds the Chinese words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import FIXTURES, PROJECT, BuildResult, copy_content, run_site
from pypdf import PdfReader

SITEURL = "https://portal.example.org"
ZH_FOLDER = "zh/"
# Words a Chinese page may show in Latin letters: names of formats, services and the language switch.
ALLOWED_LATIN = {"PDF", "CSV", "OpenStreetMap", "JavaScript", "English", "Leaflet", "QR"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("bilingual-site")
    content = copy_content(FIXTURES / "bilingual", root / "content")
    # One Chinese leaflet is enough for the PDF checks (WeasyPrint is slow): the English one is not printed.
    english = content / "articles" / "fraud" / "fake-police-call.md"
    english.write_text(re.sub(r"(?im)^leaflet:.*\n", "", english.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_site("build", content, root / "output", siteurl=SITEURL)
    assert result.returncode == 0, result.stderr
    return result


def zh_pages(built: BuildResult) -> list[Path]:
    return sorted((built.output / ZH_FOLDER).rglob("*.html"))


def visible_text(soup: BeautifulSoup) -> str:
    """What a reader sees or hears: text outside scripts and styles, and the labels in attributes."""
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    for other_language in soup.select("[lang]:not(html)"):  # the switch names English in English, on purpose
        other_language.decompose()
    for value in soup.select('[translate="no"]'):  # a domain or a sender's name is in no language
        value.decompose()
    parts = [soup.get_text(" ")]
    parts += [meta["content"] for meta in soup.select('meta[name="description"], meta[property="og:title"]')]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name in ("aria-label", "title", "alt", "placeholder") or name.startswith("data-text"):
                parts.append(value if isinstance(value, str) else " ".join(value))
    # Addresses (printed for readers to type) and the script's {placeholders} are not words to translate.
    return re.sub(r"https?://\S+|\S+\.(?:geojson|json|csv|ics)\b|\{\w+\}", " ", " ".join(parts))


def english_theme_phrases() -> list[str]:
    """Every piece of the English theme text (the catalogue's msgids, cut at their placeholders)."""
    with (PROJECT / "theme" / "translations" / "messages.pot").open("rb") as handle:
        catalogue = read_po(handle)
    phrases = set()
    for message in catalogue:
        for msgid in message.id if isinstance(message.id, tuple) else [message.id]:
            for piece in re.split(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", msgid):
                piece = piece.strip(" .,:;()—“”")
                if len(piece) >= 3 and re.search(r"[a-z]", piece) and piece not in ALLOWED_LATIN:
                    phrases.add(piece)
    return sorted(phrases)


def links_to(soup: BeautifulSoup, path: str) -> bool:
    return any(a["href"].rstrip("/").endswith(path.rstrip("/")) for a in soup.select("main a[href]"))


def test_paired_pages_link_to_each_other_with_hreflang_and_x_default(built: BuildResult) -> None:
    for path in ("/fraud/fake-police-call/", "/credit/credit-report/", "/how-to-complain/", "/"):
        for lang_path in (path, f"/zh{path}"):
            head = built.page(lang_path).head
            links = {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"][hreflang]')}
            assert links == {
                "en": f"{SITEURL}{path}",
                "zh-Hans": f"{SITEURL}/zh{path}",
                "x-default": f"{SITEURL}{path}",
            }, lang_path


def test_chinese_pages_say_they_are_in_simplified_chinese(built: BuildResult) -> None:
    assert built.page("/fraud/fake-police-call/").html["lang"] == "en"
    for file in zh_pages(built):
        html = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").html
        assert html["lang"] == "zh-Hans", file


def test_a_visible_switch_leads_to_the_other_language(built: BuildResult) -> None:
    switch_zh = built.page("/fraud/fake-police-call/").find("a", hreflang="zh-Hans")
    assert switch_zh.get_text(strip=True) == "中文"
    assert switch_zh["href"] == f"{SITEURL}/zh/fraud/fake-police-call/"
    switch_en = built.page("/zh/fraud/fake-police-call/").find("a", hreflang="en")
    assert switch_en.get_text(strip=True) == "English"
    assert switch_en["href"] == f"{SITEURL}/fraud/fake-police-call/"
    # A page written in one language only: the switch goes to the other language's home page.
    only_zh = built.page("/zh/fraud/pension-scam/").find("a", hreflang="en")
    assert only_zh["href"] == f"{SITEURL}/"


def test_an_article_in_one_language_is_listed_only_in_that_language(built: BuildResult) -> None:
    assert not (built.output / "fraud" / "pension-scam").exists()
    assert not (built.output / "zh" / "rights" / "complain").exists()
    for url in ("/zh/", "/zh/fraud/", "/zh/for/older-people/"):
        assert links_to(built.page(url), "/zh/fraud/pension-scam/"), url
    for url in ("/", "/fraud/", "/for/older-people/"):
        assert not links_to(built.page(url), "pension-scam/"), url
    for url in ("/", "/rights/"):
        assert links_to(built.page(url), "/rights/complain/"), url
    for url in ("/zh/", "/zh/for/everyone/"):
        assert not links_to(built.page(url), "/rights/complain/"), url


def test_chinese_outlet_pages_use_the_chinese_columns(built: BuildResult) -> None:
    index = built.page("/zh/outlets/")
    assert [a.get_text(strip=True) for a in index.select("#locator-areas a")] == ["上海", "北京"]
    shanghai = built.page("/zh/outlets/area/shanghai/")  # the English page's address, under /zh/
    assert "人民广场支行" in shanghai.get_text() and "People's Square" not in shanghai.get_text()
    outlet = built.page("/zh/outlets/sh-people-square/")
    text = outlet.get_text(" ")
    assert "人民广场支行" in text and "人民大道100号" in text and "黄浦区" in text and "服务台在正门旁边" in text
    assert "People's Square" not in text
    english = built.page("/outlets/sh-people-square/").get_text(" ")
    assert "People's Square Branch" in english and "人民广场支行" not in english


def test_no_english_theme_text_is_left_on_a_chinese_page(built: BuildResult) -> None:
    phrases = english_theme_phrases()
    assert "Last reviewed" in phrases  # the catalogue was read
    pages = zh_pages(built)
    assert len(pages) >= 10
    left: dict[str, list[str]] = {}
    for file in pages:
        text = visible_text(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
        found = [p for p in phrases if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)]
        latin = {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED_LATIN}
        if found or latin:
            left[str(file.relative_to(built.output))] = found + sorted(latin)
    assert left == {}


def test_dates_are_written_the_chinese_way(built: BuildResult) -> None:
    article = built.page("/zh/fraud/fake-police-call/").get_text(" ")
    assert "2026年10月15日" in article
    assert "October" not in article
    assert "15 October 2026" in built.page("/fraud/fake-police-call/").get_text(" ")


def test_chinese_search_page_exists(built: BuildResult) -> None:
    page = built.page("/zh/search/")
    assert page.html["lang"] == "zh-Hans"
    assert page.find("form") is not None


def test_chinese_leaflet_embeds_a_cjk_font_and_holds_the_chinese_words(built: BuildResult) -> None:
    for name in ("fake-police-call.pdf", "fake-police-call.print.pdf"):
        pdf = PdfReader(built.output / "zh" / "leaflets" / name)
        text = "".join(page.extract_text() for page in pdf.pages)
        compact = re.sub(r"\s+", "", text)
        assert "这是冒充公检法的骗局" in compact, name
        assert "拨打110报警" in compact, name
        fonts = embedded_fonts(pdf)
        assert any("CJK" in font or "Noto" in font for font in fonts), fonts
    assert not (built.output / "leaflets" / "fake-police-call.pdf").exists()  # the English one is not a leaflet
    packs = sorted((built.output / "zh" / "leaflets" / "outlets").rglob("*.pdf"))
    assert packs, "no Chinese outlet packs"
    pack_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(packs[0]).pages))
    assert "这是冒充公检法的骗局" in pack_text


def embedded_fonts(pdf: PdfReader) -> set[str]:
    names = set()
    for page in pdf.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font.get("/BaseFont")))
    return names


def test_a_picture_shows_in_both_languages_and_on_the_chinese_leaflet(tmp_path: Path) -> None:
    # Editors put pictures in content/images/ and link them with {static} from any language.
    from PIL import Image

    content = copy_content(FIXTURES / "bilingual", tmp_path / "content")
    (content / "images" / "notes").mkdir(parents=True)
    Image.new("RGB", (240, 120), "#b00").save(content / "images" / "notes" / "watermark.png")
    picture = "\n![{alt}]({{static}}/images/notes/watermark.png)\n"
    for name, alt in (("credit/credit-report.md", "A watermark"), ("fraud/fake-police-call.zh.md", "水印")):
        article = content / "articles" / name
        article.write_text(article.read_text(encoding="utf-8") + picture.format(alt=alt), encoding="utf-8")
    result = run_site("build", content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Unable to find" not in result.stderr
    for page, alt in (("/credit/credit-report/", "A watermark"), ("/zh/fraud/fake-police-call/", "水印")):
        image = result.page(page).find("img", alt=alt)
        assert image is not None and image["src"] == "/images/notes/watermark.png", page
    # One copy, at the site root, served to both languages.
    assert [p.relative_to(result.output).as_posix() for p in result.output.rglob("watermark.png")] == [
        "images/notes/watermark.png"
    ]
    # Drawn once on the Chinese leaflet (pdfimages lists what pages draw, not what their resources name).
    leaflet = result.output / "zh" / "leaflets" / "fake-police-call.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(leaflet)], capture_output=True, text=True, check=True)
    drawn = [line.split() for line in listing.stdout.splitlines()[2:] if line.strip()]
    assert [(row[3], row[4]) for row in drawn] == [("240", "120")], listing.stdout

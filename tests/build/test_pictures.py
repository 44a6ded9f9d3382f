"""Real builds of the small site with pictures: what a reader's browser loads, what a printer gets,
and what a published file gives away.

The pictures are made here with Pillow: a phone photo held sideways with EXIF GPS, a wide photo with GPS
for the leaflet, a small PNG drawing, an SVG and a decorative SVG; a Chinese translation shows them too.
One build for the module, and one rebuild after a picture changes.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, BuildResult, run_site
from PIL import Image
from pypdf import PdfReader

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120"><rect width="300" height="120" fill="#ddd"/></svg>'
PUBLISHED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int], orientation: int = 1) -> None:
    """A photo as a phone writes it: EXIF with where it was taken, and which way up it was held."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # some detail, so sizes differ like a real photo's
        image.paste((255 - colour[0], colour[1], 255 - colour[2]), (x, 0, x + 12, size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (31.0, 13.0, 50.0), 3: "E", 4: (121.0, 28.0, 10.0)}
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=95, exif=exif)


def add_pictures(content: Path) -> None:
    images = content / "images"
    photo(images / "phone.jpg", (1600, 1200), (30, 120, 200), orientation=6)  # held upright: shown 1200 × 1600
    photo(images / "wide.jpg", (1400, 350), (200, 60, 40))
    (images / "drawings").mkdir(parents=True)
    Image.new("RGB", (600, 200), (250, 250, 250)).save(images / "drawings" / "steps.png")
    Image.new("RGB", (333, 20), (10, 90, 10)).save(images / "drawings" / "divider.png")
    (images / "drawings" / "outline.svg").write_text(SVG, encoding="utf-8")
    (images / "line.svg").write_text(SVG, encoding="utf-8")
    leaflet = content / "articles" / "fraud" / "fake-police-call.md"
    leaflet.write_text(
        leaflet.read_text(encoding="utf-8")
        + "\n![A caller holding a phone]({static}/images/wide.jpg)\n*Hang up at once.*\n"
        + "\n![Three steps drawn as boxes]({static}/images/drawings/steps.png)\n"
        + "\n![-]({static}/images/drawings/divider.png)\n",
        encoding="utf-8",
    )
    other = content / "articles" / "credit" / "credit-report.md"
    other.write_text(
        other.read_text(encoding="utf-8")
        + "\n![A report held in two hands]({static}/images/phone.jpg)\n"
        + "\n![-]({static}/images/line.svg)\n"
        + "\n![An outline of the report]({static}/images/drawings/outline.svg)\n",
        encoding="utf-8",
    )
    (content / "articles" / "fraud" / "fake-police-call.zh.md").write_text(
        "Title: 自称“警察”要您转账的电话是诈骗\nDate: 2026-02-03\nTopic: fraud\n"
        "Summary: 真警察不会在电话里要您转账；请挂断并拨打110。\nReviewed: 2026-09-01\nLang: zh\n"
        "Slug: fake-police-call\n\n对方说您的账户涉及犯罪。\n\n"
        "![一位来电者拿着电话]({static}/images/wide.jpg)\n\n![轮廓图]({static}/images/drawings/outline.svg)\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def pictures_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    root = tmp_path_factory.mktemp("pictures")
    content = root / "content"
    shutil.copytree(FIXTURES / "small-site", content)
    add_pictures(content)
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result, content


def site_file(output: Path, url: str) -> Path:
    assert url.startswith("/"), url
    return output / url.lstrip("/").split("?")[0]


def srcset_urls(value: str) -> list[tuple[str, int]]:
    found = []
    for part in value.split(","):
        url, width = part.split()
        found.append((url, int(width.rstrip("w"))))
    return found


def test_every_published_img_has_width_height_and_alt(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    seen = 0
    for file in result.html_files():
        for img in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            seen += 1
            where = f"{file.relative_to(result.output)}: {img}"
            assert img.get("alt") is not None, where
            assert img.get("width", "").isdigit() and img.get("height", "").isdigit(), where
    assert seen >= 6


def test_photos_come_in_sizes_with_smaller_webp_beside_them(pictures_site: tuple[BuildResult, Path]) -> None:
    result, content = pictures_site
    page = result.page("/credit/credit-report/")
    picture = page.find("picture")
    img, webp = picture.find("img"), picture.find("source", type="image/webp")
    assert (img["width"], img["height"]) == ("1200", "1600")  # upright, as the phone was held
    jpegs, webps = srcset_urls(img["srcset"]), srcset_urls(webp["srcset"])
    assert [w for _, w in jpegs] == [480, 800, 1200] == [w for _, w in webps]
    assert img["sizes"] and webp["sizes"]
    original = (content / "images" / "phone.jpg").stat().st_size
    for (jpeg_url, width), (webp_url, _) in zip(jpegs, webps, strict=True):
        jpeg_file, webp_file = site_file(result.output, jpeg_url), site_file(result.output, webp_url)
        with Image.open(jpeg_file) as shown:
            assert shown.width == width
        assert webp_file.stat().st_size < jpeg_file.stat().st_size <= original
    assert site_file(result.output, img["src"]).is_file()


def test_first_picture_is_eager_the_rest_lazy_and_all_decode_async(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    shown = result.page("/credit/credit-report/").find_all("img")
    article_images = [img for img in shown if "/images/" in img["src"]]
    assert [img["loading"] for img in article_images] == ["eager", "lazy", "lazy"]
    assert all(img["decoding"] == "async" for img in article_images)


def test_decorative_picture_has_empty_alt_and_caption_makes_a_figure(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    line = result.page("/credit/credit-report/").find("img", src=re.compile(r"line\.svg$"))
    assert line["alt"] == ""
    figure = result.page("/fraud/fake-police-call/").find("figure")
    assert figure.find("img")["alt"] == "A caller holding a phone"
    assert figure.find("figcaption").get_text() == "Hang up at once."


def test_no_published_picture_keeps_location_data(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    published = [p for p in result.output.rglob("*") if p.suffix.lower() in PUBLISHED_SUFFIXES]
    assert len(published) >= 10
    for path in published:
        with Image.open(path) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD), path
            assert GPS_IFD not in exif, path
            assert "xmp" not in image.info, path
    with Image.open(result.output / "images" / "phone.jpg") as original_copy:
        assert original_copy.size == (1200, 1600)  # turned upright before its orientation tag went


def test_the_chinese_page_shows_the_same_pictures(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    page = result.page("/zh/fraud/fake-police-call/")
    found = page.find_all("img", src=re.compile(r"/images/"))
    assert len(found) == 2
    for img in found:
        assert site_file(result.output, img["src"]).is_file(), img["src"]
    for tag in [*page.find_all("img", srcset=True), *page.find_all("source")]:
        for url, _ in srcset_urls(tag["srcset"]):
            assert site_file(result.output, url).is_file(), url
    assert not list((result.output / "zh").rglob("*.jpg")), "pictures are published once, at the root"


def test_the_leaflet_prints_the_picture_without_its_location(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    reader = PdfReader(result.output / "leaflets" / "fake-police-call.pdf")
    printed = [image for page in reader.pages for image in page.images]
    assert len(printed) >= 2  # the photo and the drawing
    for image in printed:
        with Image.open(io.BytesIO(image.data)) as shown:
            assert not shown.getexif().get_ifd(GPS_IFD)


def test_a_small_picture_in_a_leaflet_gets_a_print_warning(pictures_site: tuple[BuildResult, Path]) -> None:
    result, _ = pictures_site
    assert re.search(
        r"fake-police-call\.md:\d+: warning: the picture images/drawings/steps\.png is 600 px wide: "
        r"on the A4 leaflet it prints 159 mm wide at 96 dpi",
        result.stderr,
    ), result.stderr
    assert "images/wide.jpg" not in result.stderr  # 1400 px: sharp enough


def test_a_decorative_picture_is_shown_on_the_page_but_left_off_the_leaflet(
    pictures_site: tuple[BuildResult, Path],
) -> None:
    result, _ = pictures_site
    shown = result.page("/fraud/fake-police-call/").select('main img[alt=""]')
    assert any("divider" in img["src"] for img in shown)
    reader = PdfReader(result.output / "leaflets" / "fake-police-call.pdf")
    widths = [Image.open(io.BytesIO(image.data)).width for page in reader.pages for image in page.images]
    assert 333 not in widths, widths
    assert "divider.png" not in result.stderr  # no print-sharpness warning, no PDF/UA alt warning
    assert "alt description" not in result.stderr


def test_a_changed_picture_is_made_and_shown_again(pictures_site: tuple[BuildResult, Path]) -> None:
    result, content = pictures_site
    before = result.page("/fraud/fake-police-call/").find("img", src=re.compile("wide"))["srcset"]
    old_bytes = (result.output / "images" / "wide.jpg").read_bytes()
    photo(content / "images" / "wide.jpg", (1400, 350), (20, 160, 60))
    again = run_site("build", content, result.output, cache_root=result.output.parent / "cache")
    assert again.returncode == 0, again.stderr
    assert "Pictures: 1 made, 3 reused" in again.stdout
    after = again.page("/fraud/fake-police-call/").find("img", src=re.compile("wide"))["srcset"]
    assert after != before
    for url, _ in srcset_urls(after):
        assert site_file(again.output, url).is_file()
    assert (again.output / "images" / "wide.jpg").read_bytes() != old_bytes
    with Image.open(again.output / "images" / "wide.jpg") as shown:
        assert shown.getpixel((20, 100))[1] > 120  # the new, green picture


def test_a_damaged_cached_copy_is_made_again_not_published(pictures_site: tuple[BuildResult, Path]) -> None:
    result, content = pictures_site
    cache = result.output.parent / "cache" / "pictures"
    folders = sorted({manifest.parent for manifest in cache.glob("*/*/*/manifest.json")})
    assert len(folders) == 4  # one per raster picture in use: the replaced photo's copies were pruned
    for folder in folders:
        for copy in folder.glob("*.bin"):
            copy.write_bytes(b"damaged")
    again = run_site("build", content, result.output, cache_root=result.output.parent / "cache")
    assert again.returncode == 0, again.stderr
    assert "Pictures: 4 made, 0 reused" in again.stdout
    for path in (again.output / "images").rglob("*.jpg"):
        with Image.open(path) as shown:
            shown.verify()

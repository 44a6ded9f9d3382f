"""Campaign posters in the pack's language, with a headline readable from 2 m, and campaigns linked from the
Chinese site: real builds of the campaign fixture with a Chinese campaign added, measured on the PDFs.

The content is tests/fixtures/campaigns/content with, in a temporary copy: two Chinese articles from
tests/fixtures/bilingual (one a leaflet), Chinese names and addresses for two outlets (the *_zh columns), and
a `Lang: zh` campaign at those two outlets. The English 2026 week is left out (its six packs add nothing here);
the English 2099 day stays, so the English site keeps a campaign and its poster.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from pypdf import PageObject, PdfReader

from tests.quality.crawl import Site

SITEURL = "https://portal.example.org"
ZH_SLUG = "rights-day-zh-2099"
ZH_TITLE = "3·15 消费者权益日 2099"
EN_SLUG = "rights-day-2099"
EN_TITLE = "Consumer Rights Day 2099"
HEADLINE_MIN_PT = 48.0  # type read from 2 m away
CHINESE_OUTLETS = {  # id: (name_zh, city_zh, district_zh, address_zh)
    "north-main": ("北街支行", "河城", "老城区", "北街12号"),
    "east-park": ("东园支行", "河城", "东区", "公园路88号"),
}
ZH_CAMPAIGN = f"""Title: {ZH_TITLE}
Start: 2099-03-15
End: 2099-03-15
Summary: 网点服务台讲解金融消费者的八项权利。
Lang: zh
Leaflets: fake-police-call

来服务台问问您的权利。
"""
ZH_EVENTS = """date,start,end,outlet,activity
2099-03-15,09:00,12:00,north-main,网点门口宣传服务台
2099-03-15,14:00,16:00,east-park,社区讲座：电话诈骗
"""
# Theme text of the English poster; none of it may be left on a Chinese one.
ENGLISH_POSTER_WORDS = ("Here at", "All times and places", "Free, and no appointment", "Your outlet", "Sunday", "March")


def words(text: str) -> str:
    return " ".join(text.split())


def with_chinese_campaign(destination: Path) -> Path:
    content = copy_content(FIXTURES / "campaigns" / "content", destination)
    for path in (content / "campaigns").glob("knowledge-week-2026.*"):
        path.unlink()
    for article in ("fraud/fake-police-call.zh.md", "credit/credit-report.zh.md"):
        shutil.copy(FIXTURES / "bilingual" / "articles" / article, content / "articles" / article)
    outlets = content / "outlets.csv"
    rows = list(csv.DictReader(io.StringIO(outlets.read_text(encoding="utf-8"))))
    columns = ("name_zh", "city_zh", "district_zh", "address_zh")
    table = io.StringIO()
    writer = csv.DictWriter(table, [*rows[0], *columns], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, **dict(zip(columns, CHINESE_OUTLETS.get(row["id"], ("",) * 4), strict=True))})
    outlets.write_text(table.getvalue(), encoding="utf-8")
    (content / "campaigns" / f"{ZH_SLUG}.md").write_text(ZH_CAMPAIGN, encoding="utf-8")
    (content / "campaigns" / f"{ZH_SLUG}.events.csv").write_text(ZH_EVENTS, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("campaign-posters")
    content = with_chinese_campaign(root / "content")
    result = run_site("build", content, root / "output", siteurl=SITEURL)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def without_chinese_campaign(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The same content (so the leaflet cache is warm) with the Chinese campaign moved away."""
    content = built.output.parent / "content"
    away = tmp_path_factory.mktemp("zh-campaign-away")
    moved = sorted((content / "campaigns").glob(f"{ZH_SLUG}.*"))
    for path in moved:
        shutil.move(path, away / path.name)
    try:
        output = tmp_path_factory.mktemp("no-zh-campaign") / "output"
        result = run_site("build", content, output, siteurl=SITEURL, cache_root=built.output.parent / "cache")
    finally:
        for path in moved:
            shutil.move(away / path.name, path)
    assert result.returncode == 0, result.stderr
    return result


def poster_text(pdf: Path) -> str:
    """The poster page (the pack's first) as pdftotext reads it."""
    done = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@dataclass(frozen=True)
class TextRun:
    text: str
    size_pt: float


def text_runs(page: PageObject) -> list[TextRun]:
    """Every piece of text on a page with its type size on paper, in points.

    The size is the operand of the PDF's Tf operator scaled by the text matrix and the current transformation
    matrix (text space to user space, PDF 1.7 §9.4.4): the length of the text space's vertical unit vector in
    user space. The page has no UserUnit, so one user-space unit is 1/72 inch, one point. This is the size the
    type was set at (WeasyPrint writes 48 pt as 64 px at Tf with a 0.75 CTM), not a glyph's inked height.
    """
    assert "/UserUnit" not in page, "a UserUnit would change what a point is"
    runs = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        if text.strip():
            # The second row of Tm × CTM (row vectors, as PDF writes matrices).
            dx = tm[2] * cm[0] + tm[3] * cm[2]
            dy = tm[2] * cm[1] + tm[3] * cm[3]
            runs.append(TextRun(text.strip(), font_size * math.hypot(dx, dy)))

    page.extract_text(visitor_text=visit)
    return runs


def pack(built: BuildResult, lang_prefix: str, slug: str, outlet_id: str) -> Path:
    return built.output / f"{lang_prefix}campaigns/{slug}/packs/{outlet_id}.pdf"


def test_chinese_pack_has_a_chinese_poster(built: BuildResult) -> None:
    for outlet_id, (name, city, district, address) in CHINESE_OUTLETS.items():
        pdf = pack(built, "zh/", ZH_SLUG, outlet_id)
        text = words(poster_text(pdf))
        assert ZH_TITLE.replace(" ", "") in text.replace(" ", "")
        assert f"在{name}" in text  # "Here at <outlet>", with the outlet's name_zh
        assert f"{city} {district} {address}" in text  # the city first, from the *_zh columns
        assert "全部时间和地点" in text and "免费，不用预约" in text and "您的网点：" in text
        assert "用手机相机扫码，或者输入这个网址：" in text
        assert f"{SITEURL}/zh/campaigns/{ZH_SLUG}/" in text.replace(" ", "")
        for english in ENGLISH_POSTER_WORDS:
            assert english not in text
        # Nothing in Latin letters is left but the addresses to type.
        latin = re.findall(r"[A-Za-z]{2,}", re.sub(r"https?://\S+", " ", text))
        assert latin == []
        assert len(PdfReader(pdf).pages) == 2  # the poster, then the Chinese leaflet
    north = words(poster_text(pack(built, "zh/", ZH_SLUG, "north-main")))
    assert "2099年3月15日 星期日 09:00–12:00 网点门口宣传服务台" in north  # date first, the Chinese way


def test_chinese_poster_embeds_a_cjk_font(built: BuildResult) -> None:
    done = subprocess.run(
        ["pdffonts", "-f", "1", "-l", "1", str(pack(built, "zh/", ZH_SLUG, "north-main"))],
        capture_output=True,
        text=True,
        check=True,
    )
    cjk = [line for line in done.stdout.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # the emb column


def test_english_pack_keeps_an_english_poster(built: BuildResult) -> None:
    pdf = pack(built, "", EN_SLUG, "north-main")
    text = words(poster_text(pdf))
    assert EN_TITLE in text and "Here at North Street Branch" in text
    assert "Sunday 15 March 2099, 09:00–12:00" in text and "12 North Street, Old Town, Riverton" in text
    assert "All times and places" in text and "北街支行" not in text
    assert len(PdfReader(pdf).pages) == 2


@pytest.mark.parametrize(("prefix", "slug", "title"), [("zh/", ZH_SLUG, ZH_TITLE), ("", EN_SLUG, EN_TITLE)])
def test_poster_headline_is_readable_from_two_metres(built: BuildResult, prefix: str, slug: str, title: str) -> None:
    runs = text_runs(PdfReader(pack(built, prefix, slug, "north-main")).pages[0])
    largest = max(run.size_pt for run in runs)
    headline = [run for run in runs if run.size_pt > largest - 0.01]
    # The largest type on the poster is the headline, all of it (also when it wraps onto two lines)…
    assert "".join(run.text for run in headline).replace(" ", "") == title.replace(" ", "")
    # …and it is at least 48 pt; nothing else comes close (the "Here at" line is the next size down).
    assert largest >= HEADLINE_MIN_PT, f"headline set at {largest:.1f} pt"
    assert max(run.size_pt for run in runs if run not in headline) < largest


def nav_link(built: BuildResult, page: str, href: str) -> str | None:
    nav = built.page(page).select_one(".site-nav")
    assert nav is not None
    link = nav.find("a", href=href)
    return link.get_text(strip=True) if link else None


def test_chinese_site_links_to_its_campaigns(built: BuildResult) -> None:
    assert nav_link(built, "/zh/", f"{SITEURL}/zh/campaigns/") == "宣传活动"
    assert nav_link(built, "/", f"{SITEURL}/campaigns/") == "Campaigns"
    listed = built.page("/zh/campaigns/").select(".campaign-card .card-title a")
    assert [(a["href"], a.get_text()) for a in listed] == [(f"{SITEURL}/zh/campaigns/{ZH_SLUG}/", ZH_TITLE)]
    assert built.page("/zh/").select_one(".campaign-home .card-title a")["href"] == f"{SITEURL}/zh/campaigns/{ZH_SLUG}/"
    english = built.page("/campaigns/").select(".campaign-card .card-title a")
    assert [a.get_text() for a in english] == [EN_TITLE]  # the Chinese campaign only on the Chinese site
    assert not (built.output / "campaigns" / ZH_SLUG).exists()


def test_chinese_site_without_chinese_campaigns_says_so(without_chinese_campaign: BuildResult) -> None:
    built = without_chinese_campaign
    assert nav_link(built, "/zh/", f"{SITEURL}/zh/campaigns/") == "宣传活动"
    page = built.page("/zh/campaigns/")
    assert page.select_one(".campaigns-none").get_text(strip=True) == "目前没有中文的宣传活动。"
    assert not page.select(".campaign-card")
    elsewhere = page.select(".campaigns-elsewhere a")
    assert [(a["href"], a["hreflang"], a.get_text()) for a in elsewhere] == [
        (f"{SITEURL}/campaigns/", "en", "宣传活动（英文）")
    ]
    assert built.page("/zh/").select_one(".campaign-home") is None
    english = built.page("/campaigns/")
    assert [a.get_text() for a in english.select(".campaign-card .card-title a")] == [EN_TITLE]
    assert not english.select(".campaigns-none")


@pytest.mark.parametrize("which", ["with a Chinese campaign", "without"])
def test_no_broken_links_in_either_language(
    built: BuildResult, without_chinese_campaign: BuildResult, which: str
) -> None:
    result = built if which == "with a Chinese campaign" else without_chinese_campaign
    site = Site(result.output, [SITEURL])
    broken = [problem for reference in site.references() if (problem := site.broken(reference))]
    assert broken == []
    assert "/zh/campaigns/index.html" in {f"/{p.relative_to(result.output).as_posix()}" for p in site.html_files}

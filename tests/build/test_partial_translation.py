"""A real build of a partly translated site, as an editor's real content is: no Chinese article on credit,
translations named `<name>.zh.md` / `<name>-zh.md` without `Slug:`, a Chinese-only article, and a
translation whose name has a typo. Every link in both languages must lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from content_contract.check import MARKDOWN_SUFFIXES
from content_contract.translations import lang_from_file_name, path_metadata_pattern

from tests.quality.crawl import Site

SITEURL = "https://portal.example.org"

FAKE_LOAN_APPS = """Title: Loan apps that ask for a fee first are fake
Date: 2026-06-07
Topic: fraud
Summary: A real lender never asks for a fee before it pays out a loan.
Reviewed: 2026-10-02

Never pay a "fee", "deposit" or "insurance" to get a loan.
"""
# Named like its original plus '-zh': no Slug, no Lang.
FAKE_LOAN_APPS_ZH = """Title: 先收费的贷款App是假的
Date: 2026-06-07
Topic: fraud
Summary: 正规的贷款机构不会在放款前收取任何费用。
Reviewed: 2026-10-02

不要为了贷款先交“手续费”“保证金”或“保险费”。
"""
# Meant as the translation of rights/complain.md, but the name has a typo.
COMPLIAN_ZH = """Title: 怎样投诉
Date: 2026-04-05
Topic: rights
Summary: 先向银行投诉；如果不满意，请在工作日拨打12363。
Reviewed: 2026-09-03
Lang: zh

请先向我们投诉。
"""


def without_line(path: Path, key: str) -> None:
    path.write_text(re.sub(rf"(?im)^{key}:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")


def with_line(path: Path, after: str, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?im)^({after}:.*\n)", rf"\1{line}\n", text, count=1), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("partial-translation")
    content = copy_content(FIXTURES / "bilingual", root / "content")
    fraud = content / "articles" / "fraud"
    (content / "articles" / "credit" / "credit-report.zh.md").unlink()  # no Chinese article on credit
    police_zh = fraud / "fake-police-call.zh.md"  # its link to that article now names the English one
    text = police_zh.read_text(encoding="utf-8")
    police_zh.write_text(text.replace("credit-report.zh.md)", "credit-report.md)（英文）"), encoding="utf-8")
    without_line(police_zh, "Slug")  # paired by its name alone
    (fraud / "fake-loan-apps.md").write_text(FAKE_LOAN_APPS, encoding="utf-8")
    (fraud / "fake-loan-apps-zh.md").write_text(FAKE_LOAN_APPS_ZH, encoding="utf-8")
    with_line(fraud / "pension-scam.zh.md", "Lang", "Translation: false")  # written in Chinese only
    (content / "articles" / "rights" / "complian.zh.md").write_text(COMPLIAN_ZH, encoding="utf-8")
    for article in content.rglob("*.md"):  # leaflet PDFs are slow and tested elsewhere
        without_line(article, "Leaflet")
    result = run_site("build", content, root / "output", siteurl=SITEURL)
    assert result.returncode == 0, result.stderr
    return result


def test_no_broken_internal_link_in_either_language(built: BuildResult) -> None:
    site = Site(built.output, [SITEURL])
    references = [r for r in site.references() if site.internal_path(r) is not None]
    broken = [problem for r in references if (problem := site.broken(r))]
    assert any(r.page.startswith("/zh/") for r in references) and any(not r.page.startswith("/zh/") for r in references)
    assert broken == [], "\n".join(broken)
    assert not (built.output / "zh" / "credit").exists()


def test_sitemap_and_feeds_name_only_what_exists(built: BuildResult) -> None:
    site = Site(built.output, [SITEURL])
    sitemap = ElementTree.parse(built.output / "sitemap.xml")
    locations = [loc.text or "" for loc in sitemap.iter() if loc.tag.endswith("loc")]
    assert f"{SITEURL}/credit/" in locations and f"{SITEURL}/zh/fraud/fake-loan-apps/" in locations
    missing = [loc for loc in locations if site.file_for(loc.removeprefix(SITEURL) or "/") is None]
    assert missing == []
    assert (built.output / "zh" / "feeds" / "fraud.atom.xml").is_file()
    assert not (built.output / "zh" / "feeds" / "credit.atom.xml").exists()


def test_chinese_menu_leads_to_the_english_credit_hub_and_says_so(built: BuildResult) -> None:
    for path in ("/zh/", "/zh/fraud/", "/zh/404.html", "/zh/outlets/"):
        menu = {a.get_text(strip=True): a for a in built.page(path).select("nav.site-nav a")}
        credit = menu["个人征信（英文）"]
        assert credit["href"] == f"{SITEURL}/credit/", path
        assert credit["hreflang"] == "en"
        assert menu["防范诈骗"]["href"] == f"{SITEURL}/zh/fraud/"
        assert "hreflang" not in menu["防范诈骗"].attrs
    hub = built.page("/zh/").select_one("main").find("a", string="个人征信（英文）").find_parent("li")
    assert "这些文章还没有中文版。" in hub.get_text()
    # Search finds Chinese articles only: no filter for a topic that has none.
    topics = [box["value"] for box in built.page("/zh/search/").select('input[name="topic"]')]
    assert topics == ["fraud", "rights"]


def test_english_menu_is_unchanged(built: BuildResult) -> None:
    menu = {a.get_text(strip=True): a["href"] for a in built.page("/").select("nav.site-nav a")}
    assert menu["Your credit record"] == f"{SITEURL}/credit/"
    assert not any("(in Chinese)" in label for label in menu)


def switch(built: BuildResult, path: str) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in built.page(path).select("nav.lang-switch a")}


def test_a_translation_named_after_its_original_gets_its_address_and_is_linked_both_ways(built: BuildResult) -> None:
    for name in ("fake-loan-apps", "fake-police-call"):
        english, chinese = f"/fraud/{name}/", f"/zh/fraud/{name}/"
        assert built.page(chinese).html["lang"] == "zh-Hans"
        assert switch(built, english) == {"zh-Hans": f"{SITEURL}{chinese}"}
        assert switch(built, chinese) == {"en": f"{SITEURL}{english}"}
    assert not list(built.output.glob("zh/fraud/*zh"))


def test_a_translation_without_original_is_a_warning_with_the_close_name(built: BuildResult) -> None:
    assert "complian.zh.md:6: warning:" in built.stderr
    assert "no English article has the Slug 'complian'" in built.stderr
    assert "did you mean 'complain'?" in built.stderr
    # Marked `Translation: false`: a Chinese original, no warning.
    assert "pension-scam.zh.md" not in built.stderr
    assert (built.output / "zh" / "rights" / "complian" / "index.html").is_file()
    assert switch(built, "/rights/complain/") == {"zh-Hans": f"{SITEURL}/zh/"}  # the Chinese home, not a 404


def test_a_lang_line_that_contradicts_the_file_name_is_an_error(tmp_path: Path) -> None:
    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    (content / "articles" / "rights" / "complain.zh.md").write_text(
        COMPLIAN_ZH.replace("Lang: zh", "Lang: en"), encoding="utf-8"
    )
    result = run_site("check", content, tmp_path / "never-written")
    assert result.returncode != 0
    assert "complain.zh.md:6: the file name says this is in 'zh' but its header says 'Lang: en'" in result.stderr


@pytest.mark.parametrize(
    "path",
    [
        "articles/fraud/fake-loan-apps.zh.md",
        "articles/fraud/fake-loan-apps-zh.md",
        "articles/fraud/fake-loan-apps.md",
        "articles/fraud/Fake Loan Apps.zh.MD",
        "articles/fraud/a.b.zh.md",
        "articles/fraud/zh.md",
        "articles/fraud/kitchen.md",
        "pages/about-en.md",
    ],
)
def test_the_checks_and_pelican_read_a_file_name_alike(path: str) -> None:
    """The checks promise an address; Pelican (PATH_METADATA) must write that one."""
    settings = {"LANGUAGES": {"en": {}, "zh": {}}, "DEFAULT_LANG": "en"}
    match = re.match(path_metadata_pattern(["en", "zh"], MARKDOWN_SUFFIXES), path)
    assert (match["lang"] if match else None) == lang_from_file_name(path, settings)

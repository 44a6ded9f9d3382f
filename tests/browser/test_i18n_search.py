"""Chinese search in Debian's Chromium: /zh/search/ finds a Chinese article by a Chinese phrase from its body,
and the English search page keeps to English articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import FIXTURES, copy_content, run_site, serve_directory

pytestmark = pytest.mark.browser

# From the body of fixtures/bilingual/articles/fraud/pension-scam.zh.md (Chinese only; not its title or summary).
ZH_ONLY_PHRASE = "保本高息的承诺"
ZH_ONLY_TITLE = "以养老为名的投资项目要当心"
# From the body of fake-police-call.zh.md, which has an English version too.
TRANSLATED_PHRASE = "冒充公检法的骗局"
TRANSLATED_TITLE = "自称“警察”打电话要钱，就是骗子"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("i18n-search")
    content = copy_content(FIXTURES / "bilingual", tmp / "content")
    for article in content.rglob("*.md"):  # search is under test here, not PDFs (slow to make)
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r"(?im)^leaflet:.*\n", "", text), encoding="utf-8")
    output = tmp / "output"
    output.mkdir()
    with serve_directory(output) as base:
        result = run_site("build", content, output, siteurl=base)
        assert result.returncode == 0, result.stderr
        assert Path(output, "zh", "search", "index.html").is_file()
        yield base


@pytest.fixture
def tab(browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def results_for(tab: Any, url: str) -> tuple[list[str], list[str], str]:
    """(result titles, result links, the status line) once the search has answered."""
    tab.goto(url)
    status = tab.locator("[data-search-status]")
    tab.wait_for_function(
        "() => { const s = document.querySelector('[data-search-status]');"
        " return s && s.textContent.trim() !== '' && !s.textContent.includes('…'); }",
        timeout=15_000,
    )
    titles = tab.locator(".search-result h2 a").all_inner_texts()
    links = [a.get_attribute("href") for a in tab.locator(".search-result h2 a").all()]
    return titles, links, status.inner_text()


def test_chinese_search_finds_a_chinese_only_article_by_a_phrase_from_its_body(served: str, tab: Any) -> None:
    titles, links, status = results_for(tab, f"{served}/zh/search/?q={quote(ZH_ONLY_PHRASE)}")
    assert tab.evaluate("() => document.documentElement.lang") == "zh-Hans"
    assert titles[0] == ZH_ONLY_TITLE
    assert links[0].endswith("/zh/fraud/pension-scam/")
    assert "篇文章" in status  # the count, in Chinese
    assert tab.problems == []


def test_chinese_search_finds_the_chinese_version_of_a_translated_article(served: str, tab: Any) -> None:
    titles, links, _status = results_for(tab, f"{served}/zh/search/?q={quote(TRANSLATED_PHRASE)}")
    assert titles == [TRANSLATED_TITLE]
    assert links[0].endswith("/zh/fraud/fake-police-call/")


def test_english_search_does_not_return_chinese_articles(served: str, tab: Any) -> None:
    titles, _links, status = results_for(tab, f"{served}/search/?q={quote(ZH_ONLY_PHRASE)}")
    assert titles == []
    assert "No articles match" in status
    titles, links, _status = results_for(tab, f"{served}/search/?q={quote('asks you to move your savings')}")
    assert titles == ['A call from "the police" asking for money is a scam']
    assert not any("/zh/" in link for link in links)
    assert tab.problems == []

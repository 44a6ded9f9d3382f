"""Site search in Debian's Chromium, on a published build (minified, fingerprinted, under the site's CSP):
a reader searches for a phrase from an article, sees it with an excerpt, and follows the result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import FIXTURES, copy_content, run_site, serve_directory

pytestmark = pytest.mark.browser

# Words from the body of fixtures/small-site/articles/fraud/fake-police-call.md (not its title or summary).
PHRASE = "caller says your account"
ARTICLE_TITLE = 'A call from "the police" asking for money is a scam'

RECORD_POLICY_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
});
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small site published for the address it is served from (so its absolute links work here)."""
    tmp = tmp_path_factory.mktemp("search-browser")
    content = copy_content(FIXTURES / "small-site", tmp / "content")
    output = tmp / "public"
    output.mkdir()
    with serve_directory(output) as base:
        result = run_site("build", content, output, settings="publishconf.py", siteurl=base, allow_placeholders=True)
        assert result.returncode == 0, result.stderr
        assert list(Path(output, "theme", "js").glob("search.*.js")), "search.js was not fingerprinted"
        yield base


@pytest.fixture
def tab(browser) -> Iterator[Any]:
    """A tab recording console errors, page errors and Content-Security-Policy violations."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_POLICY_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" or "Security" in m.text else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def no_problems(page: Any) -> None:
    assert page.problems == []
    assert page.evaluate("() => window.__violations") == []


def test_a_phrase_from_an_article_finds_it_and_the_reader_follows_the_result(served: str, tab: Any) -> None:
    tab.goto(f"{served}/search/?q={quote(PHRASE)}")
    first = tab.locator(".search-result").first
    first.wait_for()
    assert tab.locator("#search-query").input_value() == PHRASE
    assert first.locator("h2 a").inner_text() == ARTICLE_TITLE
    assert PHRASE in first.locator(".search-result-excerpt").inner_text()
    assert first.locator(".search-result-excerpt mark").count() >= 1
    assert first.locator(".search-result-topic").inner_text() == "Topic: Scams and fraud"
    assert "match" in tab.locator("[data-search-status]").inner_text()
    assert tab.locator("[data-search-nojs]").is_hidden()
    # Keyboard only: from the search box, Tab along to the first result and press Enter.
    tab.locator("#search-query").focus()
    for _ in range(12):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.closest('.search-result') !== null"):
            break
    assert tab.evaluate("() => document.activeElement.textContent") == ARTICLE_TITLE
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url == f"{served}/fraud/fake-police-call/"
    assert tab.locator("h1").inner_text() == ARTICLE_TITLE
    no_problems(tab)


def test_typing_a_worry_searches_and_keeps_the_address_shareable(served: str, tab: Any) -> None:
    tab.goto(f"{served}/search/")
    tab.locator("#search-query").fill("credit report")
    tab.keyboard.press("Enter")
    tab.locator(".search-result").first.wait_for()
    assert "/search/?q=credit+report" in tab.url
    titles = tab.locator(".search-result h2").all_inner_texts()
    assert "How to get your credit report" in titles
    no_problems(tab)


def test_filters_narrow_results_to_a_topic_and_an_audience(served: str, tab: Any) -> None:
    tab.goto(f"{served}/search/?q=police&topic=credit")
    tab.locator("[data-search-status]").filter(has_text="No articles").wait_for()
    assert tab.locator(".search-result").count() == 0
    assert tab.locator("details.search-filters").get_attribute("open") is not None
    assert tab.locator("#search-topic-credit").is_checked()
    # Choosing "Older people" with no words lists every article written for them.
    tab.goto(f"{served}/search/?audience=older-people")
    tab.locator(".search-result").first.wait_for()
    assert tab.locator(".search-result h2").all_inner_texts() == [ARTICLE_TITLE]
    # Ticking a topic box searches again at once.
    tab.goto(f"{served}/search/?q=complaint")
    tab.locator(".search-result").first.wait_for()
    everything = tab.locator(".search-result").count()
    tab.locator("summary").click()
    tab.locator("label[for=search-topic-rights]").click()
    tab.wait_for_url("**topic=rights**")
    tab.wait_for_function("() => document.querySelectorAll('.search-result-topic').length > 0")
    topics = set(tab.locator(".search-result-topic").all_inner_texts())
    assert topics == {"Topic: Your rights"} and tab.locator(".search-result").count() <= everything
    no_problems(tab)


def test_without_javascript_the_page_explains_how_to_browse_by_topic(served: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/search/?q=police")
    assert page.locator("[data-search-nojs]").is_visible()
    assert "choose a topic" in page.locator("[data-search-nojs]").inner_text()
    hubs = page.locator(".search-browse .hub-title a").all_inner_texts()
    assert hubs == ["Scams and fraud", "Your credit record", "Your rights"]
    context.close()


def test_articles_carry_only_their_body_into_the_index(served: str, tab: Any) -> None:
    """Words that appear on every page, but only in the help box and footer, find nothing."""
    tab.goto(f"{served}/search/?q=hotline")
    assert "hotline" in tab.locator("footer").inner_text()
    tab.locator("[data-search-status]").filter(has_text="No articles").wait_for()
    # Nor do the article's own links to its printable leaflet ("Leaflet for an office printer").
    tab.goto(f"{served}/search/?q=printer")
    tab.locator("[data-search-status]").filter(has_text="No articles").wait_for()
    no_problems(tab)


def test_the_site_published_for_its_public_address_finds_an_article_in_chromium(tmp_path: Path, tab: Any) -> None:
    """make publish SITEURL=https://portal.example.org: every address is absolute, so the browser's requests
    for that host are answered from the output folder (nothing leaves the machine)."""
    public = "https://portal.example.org"
    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    result = run_site(
        "build", content, tmp_path / "public", settings="publishconf.py", siteurl=public, allow_placeholders=True
    )
    assert result.returncode == 0, result.stderr

    def from_output(route: Any) -> None:
        path = route.request.url.removeprefix(public).split("?")[0].split("#")[0].lstrip("/")
        target = result.output / path
        route.fulfill(path=target / "index.html" if target.is_dir() else target)

    tab.route(f"{public}/**", from_output)
    tab.goto(f"{public}/search/?q={quote(PHRASE)}")
    link = tab.locator(".search-result h2 a").first
    link.wait_for()
    assert link.inner_text() == ARTICLE_TITLE
    link.click()
    tab.wait_for_url(f"{public}/fraud/fake-police-call/")
    assert tab.locator("h1").inner_text() == ARTICLE_TITLE
    no_problems(tab)


# Everyday words from the Chinese articles. Pagefind 1.5 splits a Chinese query differently from the way
# it split the indexed text, and loses pages (Pagefind issue #1237: on this site 客服 found 4 of 8);
# the pinned 1.4.0 finds every page.
CHINESE_WORDS = ["诈骗", "银行", "账户", "信用报告", "投诉", "电话", "验证码", "客服", "退款", "密码", "转账"]


def indexed_chinese_text(output: Path) -> dict[str, str]:
    """{site path: indexed text} of every Chinese page: its data-pagefind-body minus data-pagefind-ignore."""
    from bs4 import BeautifulSoup

    texts = {}
    for path in sorted((output / "zh").rglob("index.html")):
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(attrs={"data-pagefind-body": True})
        if body is not None:
            for ignored in body.select("[data-pagefind-ignore]"):
                ignored.decompose()
            texts["/" + path.parent.relative_to(output).as_posix() + "/"] = body.get_text(" ")
    return texts


def test_chinese_words_find_every_chinese_page_that_contains_them(site, browser) -> None:
    texts = indexed_chinese_text(site.output)
    assert len(texts) >= 5
    context = browser.new_context()
    page = context.new_page()
    missed: dict[str, list[str]] = {}
    with serve_directory(site.output) as base:
        page.goto(base + next(iter(texts)))  # a Chinese page: Pagefind searches the index of the page's language
        assert page.evaluate("() => document.documentElement.lang").startswith("zh")
        for word in CHINESE_WORDS:
            found = page.evaluate(
                """async (word) => {
                    const pagefind = await import('/pagefind/pagefind.js');
                    const search = await pagefind.search(word);
                    return Promise.all(search.results.map(async (r) => (await r.data()).url));
                }""",
                word,
            )
            containing = [url for url, text in texts.items() if word in text]
            if set(containing) - set(found):
                missed[word] = sorted(set(containing) - set(found))
    context.close()
    assert missed == {}


@pytest.fixture(scope="module")
def served_in_shards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The small site with its index split into one shard per page, as a site of thousands of pages is."""
    tmp = tmp_path_factory.mktemp("search-shards")
    content = copy_content(FIXTURES / "small-site", tmp / "content")
    settings = tmp / "shardedconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "from publishconf import *  # noqa: F403\nSEARCH_PAGES_PER_SHARD = 1\n",
        encoding="utf-8",
    )
    output = tmp / "public"
    output.mkdir()
    with serve_directory(output) as base:
        result = run_site("build", content, output, settings=str(settings), siteurl=base, allow_placeholders=True)
        assert result.returncode == 0, result.stderr
        yield base, output


def test_an_index_in_shards_finds_pages_from_every_shard_and_filters_across_them(
    served_in_shards: tuple[str, Path], tab: Any
) -> None:
    base, output = served_in_shards
    shards = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(shards) >= 2, shards  # four indexed pages spread over at least three bundles
    # "complaint" is in the rights article and the how-to-complain page, which sit in different shards.
    tab.goto(f"{base}/search/?q=complaint")
    tab.locator(".search-result").first.wait_for()
    titles = set(tab.locator(".search-result h2").all_inner_texts())
    assert {"How to make a complaint", "How to complain"} <= titles
    tab.goto(f"{base}/search/?q={quote(PHRASE)}")
    tab.locator(".search-result").first.wait_for()
    assert tab.locator(".search-result h2").first.inner_text() == ARTICLE_TITLE
    tab.goto(f"{base}/search/?q=credit+report")
    tab.locator(".search-result").first.wait_for()
    assert "How to get your credit report" in tab.locator(".search-result h2").all_inner_texts()
    # Every indexed page was found, so every shard was searched.
    # A filter with no words lists the matching pages of every shard, and only those.
    tab.goto(f"{base}/search/?audience=older-people")
    tab.locator(".search-result").first.wait_for()
    assert tab.locator(".search-result h2").all_inner_texts() == [ARTICLE_TITLE]
    no_problems(tab)

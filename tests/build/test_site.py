"""The project's own site, built once: what a reader finds on it."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import PROJECT, BuildResult

ARTICLE_FOLDERS = ("fraud", "credit", "rights")


def article_pages(site: BuildResult) -> list[str]:
    return sorted(
        "/" + str(p.parent.relative_to(site.output)) + "/"
        for topic in ARTICLE_FOLDERS
        for p in (site.output / topic).glob("*/index.html")
    )


def test_three_topic_hubs_list_their_articles(site: BuildResult) -> None:
    for topic in ARTICLE_FOLDERS:
        hub = site.page(f"/{topic}/")
        assert len(hub.find_all("h1")) == 1
        links = {a["href"] for a in hub.select("main .card-title a")}
        assert len(links) >= 5, f"/{topic}/ lists {len(links)} articles"
        assert all(link.startswith(f"/{topic}/") for link in links)


def test_at_least_fifteen_articles_each_with_summary_review_date_and_one_h1(site: BuildResult) -> None:
    pages = article_pages(site)
    assert len(pages) >= 15
    for url in pages:
        page = site.page(url)
        assert page.html["lang"] == "en", url
        assert len(page.find_all("h1")) == 1, url
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert description.strip() and description == page.select_one(".lead").get_text(strip=True), url
        assert page.select_one(".reviewed").get_text(" ", strip=True).startswith("Last reviewed:"), url
        assert page.select_one(".reviewed time")["datetime"], url
        assert page.select_one(".help-box") and "110" in page.select_one(".help-box").get_text(), url


def test_pages_and_404_exist(site: BuildResult) -> None:
    for slug in ("about", "how-to-complain", "your-eight-rights", "accessibility", "privacy"):
        page = site.page(f"/{slug}/")
        assert len(page.find_all("h1")) == 1
    not_found = site.page("/404.html")
    assert not_found.h1.get_text(strip=True) == "Page not found"
    assert not_found.select('a[href="/fraud/"]')


def test_home_opens_with_urgent_warnings_then_topics_and_latest(site: BuildResult) -> None:
    home = site.page("/")
    headings = [h.get_text(strip=True) for h in home.select("main h2")]
    if home.select_one("#campaign-home-heading"):  # a running or coming campaign comes first of all
        headings = headings[1:]
    assert headings[:3] == ["Scams going around now", "Find advice by topic", "Latest advice"]
    urgent = [a["href"] for a in home.select(".urgent .card-title a")]
    assert urgent and all(href.startswith("/fraud/") for href in urgent)


def test_audience_pages_list_only_their_audience(site: BuildResult) -> None:
    page = site.page("/for/older-people/")
    titles = [a["href"] for a in page.select("main .card-title a")]
    assert titles
    for href in titles:
        article = (site.output / href.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert "older-people" in (PROJECT / "content").joinpath(*_source_of(href)).read_text(encoding="utf-8")
        assert article


def _source_of(href: str) -> tuple[str, ...]:
    topic, slug = href.strip("/").split("/")
    return ("articles", topic, f"{slug}.md")


def test_callouts_tables_and_internal_links_render(site: BuildResult) -> None:
    page = site.page("/fraud/anti-fraud-hotlines/")
    assert page.select(".article-body .admonition .admonition-title")
    assert page.select(".article-body table th")
    internal = [a["href"] for a in site.page("/fraud/safe-account-scam/").select(".article-body a")]
    assert internal and all("{filename}" not in href for href in internal)
    for href in internal:
        assert (site.output / href.lstrip("/") / "index.html").is_file(), href


@pytest.mark.parametrize("attribute", ["src", "href"])
def test_no_page_loads_anything_from_another_host(site: BuildResult, attribute: str) -> None:
    for path in site.html_files():
        page = site.page("/" + str(path.relative_to(site.output)))
        for tag in page.find_all(["script", "link", "img", "iframe", "source", "video", "audio"]):
            value = tag.get(attribute)
            if not value or (
                tag.name == "link" and "stylesheet" not in tag.get("rel", []) and "icon" not in tag.get("rel", [])
            ):
                continue
            assert not urlparse(value).netloc, f"{path}: {tag.name} loads {value}"

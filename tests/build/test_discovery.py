"""What search engines, feed readers and link previews find: sitemap.xml, robots.txt, Atom feeds,
canonical links, Open Graph / Twitter meta and schema.org JSON-LD, in a local and a published build."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, BuildResult, copy_content, run_site

PUBLIC = "https://portal.example.org"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}

DRAFT = """Title: Not ready yet
Date: 2026-05-01
Topic: fraud
Summary: A draft nobody should find.
Reviewed: 2026-05-01
Status: draft

Draft text about a unicorn-shaped scam.
"""


def with_draft(tmp: Path) -> Path:
    content = copy_content(FIXTURES / "small-site", tmp / "content")
    (content / "articles" / "fraud" / "draft-scam.md").write_text(DRAFT, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A local build (SITEURL empty): links are root-relative, discovery addresses still absolute."""
    tmp = tmp_path_factory.mktemp("discovery-local")
    result = run_site("build", with_draft(tmp), tmp / "output")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    tmp = tmp_path_factory.mktemp("discovery-publish")
    result = run_site(
        "build", with_draft(tmp), tmp / "output", settings="publishconf.py", siteurl=PUBLIC, allow_placeholders=True
    )
    assert result.returncode == 0, result.stderr
    return result


def json_ld(page: BeautifulSoup) -> dict[str, dict]:
    """The JSON-LD graph of a page, by @type."""
    scripts = page.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, f"no <meta> {key}"
    return tag["content"]


def sitemap_urls(result: BuildResult) -> dict[str, str]:
    tree = ET.parse(result.output / "sitemap.xml")
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext("s:lastmod", default="", namespaces=SITEMAP_NS)
        for url in tree.getroot().findall("s:url", SITEMAP_NS)
    }


@pytest.mark.parametrize("build", ["local", "published"])
def test_sitemap_lists_every_public_page_with_absolute_addresses(build: str, request: pytest.FixtureRequest) -> None:
    result: BuildResult = request.getfixturevalue(build)
    urls = sitemap_urls(result)
    expected = {
        f"{PUBLIC}/",
        f"{PUBLIC}/fraud/fake-police-call/",
        f"{PUBLIC}/credit/credit-report/",
        f"{PUBLIC}/rights/complain/",
        f"{PUBLIC}/how-to-complain/",
        f"{PUBLIC}/fraud/",
        f"{PUBLIC}/credit/",
        f"{PUBLIC}/rights/",
        f"{PUBLIC}/search/",
        f"{PUBLIC}/for/older-people/",
    }
    assert expected <= set(urls)
    # Every page written into the site is listed, unless it asked not to be (drafts, 404, search index).
    pages = {
        f"{PUBLIC}/" + path.relative_to(result.output).as_posix().removesuffix("index.html")
        for path in result.output.rglob("*.html")
        if path.relative_to(result.output).parts[0] not in {"drafts", "pagefind"} and path.name != "404.html"
    }
    assert pages <= set(urls)
    assert all(url.startswith(f"{PUBLIC}/") for url in urls)
    assert not [url for url in urls if "drafts" in url or "404" in url or "pagefind" in url]
    # An article's last modification is its Reviewed date.
    assert urls[f"{PUBLIC}/fraud/fake-police-call/"] == "2026-09-01"


def test_robots_txt_names_the_sitemap_and_no_private_folder(published: BuildResult) -> None:
    robots = (published.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    # Drafts are not written at all (issue 13), so robots.txt has nothing to hide and names no folder.
    assert not [line for line in robots if line.startswith("Disallow")]
    assert not (published.output / "drafts").exists()


@pytest.mark.parametrize("build", ["local", "published"])
def test_atom_feeds_for_the_site_and_each_topic(build: str, request: pytest.FixtureRequest) -> None:
    result: BuildResult = request.getfixturevalue(build)
    everything = ET.parse(result.output / "feeds" / "all.atom.xml").getroot()
    titles = {entry.findtext("a:title", namespaces=ATOM_NS) for entry in everything.findall("a:entry", ATOM_NS)}
    assert titles == {
        'A call from "the police" asking for money is a scam',
        "How to get your credit report",
        "How to make a complaint",
    }
    assert "Not ready yet" not in titles
    assert everything.find("a:link[@rel='self']", ATOM_NS).get("href") == f"{PUBLIC}/feeds/all.atom.xml"
    fraud = ET.parse(result.output / "feeds" / "fraud.atom.xml").getroot()
    entries = fraud.findall("a:entry", ATOM_NS)
    assert [e.findtext("a:title", namespaces=ATOM_NS) for e in entries] == [
        'A call from "the police" asking for money is a scam'
    ]
    for topic in ("credit", "rights"):
        assert (result.output / "feeds" / f"{topic}.atom.xml").exists()
    if build == "published":
        link = entries[0].find("a:link", ATOM_NS).get("href")
        assert link == f"{PUBLIC}/fraud/fake-police-call/"


def feed_entries(result: BuildResult) -> list[ET.Element]:
    return ET.parse(result.output / "feeds" / "all.atom.xml").getroot().findall("a:entry", ATOM_NS)


def test_feed_entries_are_absolute_and_signed_by_the_organisation_in_every_build(
    local: BuildResult, published: BuildResult
) -> None:
    # What a feed reader or validator reads: absolute links and ids, a named author, the same ids
    # whether the feed came from a local or a published build (readers would show every entry twice).
    ids = {}
    for label, result in (("local", local), ("published", published)):
        root = ET.parse(result.output / "feeds" / "all.atom.xml").getroot()
        assert root.findtext("a:id", namespaces=ATOM_NS) == f"{PUBLIC}/", label
        assert root.find("a:link[@rel='alternate']", ATOM_NS).get("href") == f"{PUBLIC}/", label
        ids[label] = []
        for entry in feed_entries(result):
            link = entry.find("a:link", ATOM_NS).get("href")
            entry_id = entry.findtext("a:id", namespaces=ATOM_NS)
            assert link.startswith(f"{PUBLIC}/"), (label, link)
            assert entry_id.startswith("tag:portal.example.org,"), (label, entry_id)
            assert entry.findtext("a:author/a:name", namespaces=ATOM_NS) == (
                "Consumer Protection Office, Example Bank"
            ), label
            content = entry.findtext("a:content", namespaces=ATOM_NS) or ""
            assert 'href="/' not in content and 'src="/' not in content, (label, entry_id)
            ids[label].append(entry_id)
    assert ids["local"] == ids["published"]


def test_pages_name_their_feeds(local: BuildResult) -> None:
    article = local.page("/fraud/fake-police-call/")
    feeds = {link["href"]: link["title"] for link in article.find_all("link", rel="alternate")}
    assert feeds == {
        f"{PUBLIC}/feeds/all.atom.xml": "Money Safety Guide",
        f"{PUBLIC}/feeds/fraud.atom.xml": "Scams and fraud",
    }
    hub = local.page("/credit/")
    assert f"{PUBLIC}/feeds/credit.atom.xml" in {link["href"] for link in hub.find_all("link", rel="alternate")}


@pytest.mark.parametrize("build", ["local", "published"])
def test_every_page_has_an_absolute_canonical_link_to_itself(build: str, request: pytest.FixtureRequest) -> None:
    result: BuildResult = request.getfixturevalue(build)
    for path in result.html_files():
        relative = path.relative_to(result.output).as_posix()
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        canonicals = page.find_all("link", rel="canonical")
        assert len(canonicals) == 1, relative
        assert canonicals[0]["href"] == f"{PUBLIC}/{relative.removesuffix('index.html')}", relative


def test_article_open_graph_twitter_and_description_come_from_the_article(local: BuildResult) -> None:
    page = local.page("/fraud/fake-police-call/")
    summary = "Real police never ask you to transfer money over the phone; hang up and call 110."
    assert meta(page, "description") == summary
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == 'A call from "the police" asking for money is a scam'
    assert meta(page, "og:description") == summary
    assert meta(page, "og:url") == f"{PUBLIC}/fraud/fake-police-call/"
    assert meta(page, "og:site_name") == "Money Safety Guide"
    assert meta(page, "article:modified_time") == "2026-09-01"
    assert meta(page, "article:published_time").startswith("2026-02-03")
    assert meta(page, "article:section") == "Scams and fraud"
    assert meta(page, "twitter:card") == "summary"
    assert meta(page, "twitter:title") == 'A call from "the police" asking for money is a scam'
    assert meta(page, "twitter:description") == summary


def test_article_json_ld_has_article_organisation_and_breadcrumbs(published: BuildResult) -> None:
    graph = json_ld(published.page("/fraud/fake-police-call/"))
    article = graph["Article"]
    assert article["headline"] == 'A call from "the police" asking for money is a scam'
    assert article["dateModified"] == "2026-09-01"  # Reviewed
    assert article["datePublished"].startswith("2026-02-03")
    assert article["url"] == article["mainEntityOfPage"] == f"{PUBLIC}/fraud/fake-police-call/"
    assert article["inLanguage"] == "en"
    assert article["publisher"] == {"@id": graph["Organization"]["@id"]}
    assert [a["audienceType"] for a in article["audience"]] == ["Older people"]
    organisation = graph["Organization"]
    assert organisation["name"] == "Consumer Protection Office, Example Bank"
    assert organisation["url"] == f"{PUBLIC}/"
    crumbs = graph["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", f"{PUBLIC}/"),
        (2, "Scams and fraud", f"{PUBLIC}/fraud/"),
        (3, 'A call from "the police" asking for money is a scam', f"{PUBLIC}/fraud/fake-police-call/"),
    ]


def test_other_pages_json_ld(local: BuildResult) -> None:
    home = json_ld(local.page("/"))
    assert home["WebSite"]["potentialAction"]["target"] == f"{PUBLIC}/search/?q={{search_term_string}}"
    assert "BreadcrumbList" not in home
    hub = json_ld(local.page("/credit/"))
    assert [c["name"] for c in hub["BreadcrumbList"]["itemListElement"]] == ["Home", "Your credit record"]
    page = json_ld(local.page("/how-to-complain/"))
    trail = [c["item"] for c in page["BreadcrumbList"]["itemListElement"]]
    assert trail == [f"{PUBLIC}/", f"{PUBLIC}/how-to-complain/"]
    assert "Article" not in page


def test_drafts_are_not_written_and_the_404_page_asks_not_to_be_indexed(local: BuildResult) -> None:
    assert not (local.output / "drafts").exists() and not list(local.output.rglob("draft-scam*"))
    assert local.page("/404.html").find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert local.page("/fraud/fake-police-call/").find("meta", attrs={"name": "robots"}) is None

"""The crawler proves every internal link, image, script and stylesheet resolves (with #fragments),
and that links leaving the site carry rel="noopener noreferrer"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality.crawl import Reference, Site, page_kind


@pytest.fixture(params=["local build", "published build"])
def built_site(request: pytest.FixtureRequest) -> Site:
    """The local build (root-relative links) and the published one (absolute, fingerprinted links)."""
    return request.getfixturevalue("crawled_site" if request.param == "local build" else "published_site")


def test_no_broken_internal_reference(built_site: Site) -> None:
    crawled_site = built_site
    references = list(crawled_site.references())
    internal = [r for r in references if crawled_site.internal_path(r) is not None]
    broken = [problem for r in internal if (problem := crawled_site.broken(r))]
    # Every page links its stylesheet, home, hubs and footer pages: far more than this many.
    assert len(internal) > 10 * len(crawled_site.html_files)
    print(f"links: {len(internal)} internal references checked, {len(broken)} broken")
    assert broken == [], "\n".join(broken)


def test_every_page_links_its_stylesheet_and_skip_link_target(built_site: Site) -> None:
    crawled_site = built_site
    for html_file, url in zip(crawled_site.html_files, crawled_site.urls, strict=True):
        soup = crawled_site.soup(html_file)
        assert soup.find("link", rel="stylesheet"), url
        skip = soup.find("a", class_="skip-link")
        assert skip is not None and skip["href"] == "#main" and soup.find(id="main"), url


def test_external_links_do_not_hand_over_the_page(built_site: Site) -> None:
    crawled_site = built_site
    external = [r for r in crawled_site.references() if r.element in ("a", "area") and crawled_site.is_external(r)]
    unsafe = [str(r) for r in external if not {"noopener", "noreferrer"} <= set(r.rel)]
    assert unsafe == [], "\n".join(unsafe)


# --- The crawler itself can fail -------------------------------------------------------------


@pytest.fixture
def tiny_site(tmp_path: Path) -> Site:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a name="old">y</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "style.css").write_text("p{}", encoding="utf-8")
    return Site(tmp_path, ["https://portal.example.org"])


@pytest.mark.parametrize(
    ("page", "value"),
    [
        ("/", "/a/"),
        ("/", "a/#here"),
        ("/a/", "#old"),
        ("/a/", "../style.css"),
        ("/a/", "/a"),
        ("/", "https://portal.example.org/a/#here"),
        ("/", "tel:110"),
        ("/", "https://elsewhere.example.com/nothing"),
    ],
)
def test_crawler_accepts_references_that_resolve(tiny_site: Site, page: str, value: str) -> None:
    assert tiny_site.broken(Reference(page, "a", "href", value)) is None


@pytest.mark.parametrize(
    ("page", "value", "reason"),
    [
        ("/", "/missing/", "no file answers /missing/"),
        ("/", "/a/#gone", "no element with id 'gone'"),
        ("/a/", "style.css", "no file answers /a/style.css"),
        ("/", "https://portal.example.org/nope.html", "no file answers /nope.html"),
        ("/", "/../../etc/passwd", "no file answers"),
    ],
)
def test_crawler_reports_references_that_do_not_resolve(tiny_site: Site, page: str, value: str, reason: str) -> None:
    problem = tiny_site.broken(Reference(page, "img", "src", value))
    assert problem is not None and reason in problem


def test_external_is_decided_by_host(tiny_site: Site) -> None:
    assert tiny_site.is_external(Reference("/", "a", "href", "https://elsewhere.example.com/"))
    assert tiny_site.is_external(Reference("/", "a", "href", "//elsewhere.example.com/"))
    assert not tiny_site.is_external(Reference("/", "a", "href", "https://portal.example.org/a/"))
    assert not tiny_site.is_external(Reference("/", "a", "href", "mailto:help@example.org"))


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/", "home"),
        ("/404.html", "404"),
        ("/fraud/", "topic hub"),
        ("/fraud/safe-account-scam/", "article"),
        ("/about/", "page"),
        ("/for/older-people/", "audience page"),
        ("/outlets/", "outlet index"),
        ("/outlets/bj-001/", "outlet page"),
        ("/outlets/area/zhejiang/hangzhou/", "outlet area page"),
        ("/zh/outlets/area/shanghai/", "zh outlet area page"),
        ("/leaflets/", "leaflet catalogue"),
        ("/search/", "search"),
        ("/zh/", "zh home"),
        ("/zh/fraud/safe-account-scam/", "zh article"),
        ("/campaigns/2027-spring/", "campaign"),
        ("/newthing/", "page"),
        ("/newthing/a/b/", "section newthing item"),
    ],
)
def test_page_kinds_come_from_the_address(url: str, kind: str) -> None:
    assert page_kind(url, ["fraud", "credit", "rights"]) == kind

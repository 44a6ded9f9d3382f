"""Discovery's pure parts: addresses, dates, JSON-LD that no text can break out of, sitemap entries."""

from __future__ import annotations

import datetime as dt
import json

from discovery.model import absolute_url, json_ld_script_body, last_modified
from discovery.sitemap import page_entry, robots_txt, sitemap_xml
from hypothesis import given
from hypothesis import strategies as st

SITE = "https://portal.example.org"


def test_absolute_url_names_folders_not_index_files() -> None:
    assert absolute_url(SITE, "fraud/x/index.html") == f"{SITE}/fraud/x/"
    assert absolute_url(SITE, "index.html") == f"{SITE}/"
    assert absolute_url(SITE + "/", "/404.html") == f"{SITE}/404.html"
    assert absolute_url("https://user.github.io/portal", "credit/") == "https://user.github.io/portal/credit/"


def test_last_modified_is_the_latest_of_date_modified_and_reviewed() -> None:
    published = dt.datetime(2026, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert last_modified(published, dt.date(2026, 10, 15)) == dt.date(2026, 10, 15)
    assert last_modified(published, dt.date(2025, 1, 1)) == published
    modified = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    assert last_modified(published, dt.date(2026, 10, 15), modified) == modified
    assert last_modified(None) is None


@given(st.text())
def test_json_ld_never_lets_text_close_its_script_element(text: str) -> None:
    body = json_ld_script_body({"headline": text})
    assert "</" not in body and "<!--" not in body
    assert json.loads(str(body)) == {"headline": text}


def test_sitemap_skips_noindex_pages_and_pages_that_name_another_canonical() -> None:
    head = '<html><head><link rel="canonical" href="{}">{}</head><body></body></html>'
    modified = '<meta property="article:modified_time" content="2026-09-01">'
    entry = page_entry(head.format(f"{SITE}/fraud/x/", modified), "fraud/x/index.html", SITE)
    assert entry is not None and (entry.url, entry.lastmod) == (f"{SITE}/fraud/x/", "2026-09-01")
    assert page_entry(head.format(f"{SITE}/a/", '<meta name="robots" content="noindex">'), "a/index.html", SITE) is None
    assert page_entry(head.format(f"{SITE}/other/", ""), "copy/index.html", SITE) is None
    # A page another plugin wrote without the site's <head> still counts.
    assert page_entry("<p>Outlet list</p>", "outlets/index.html", SITE).url == f"{SITE}/outlets/"


def test_sitemap_xml_escapes_addresses_and_robots_names_the_sitemap() -> None:
    from discovery.sitemap import SitemapEntry

    xml = sitemap_xml([SitemapEntry(f"{SITE}/a/?x=1&y=2", "2026-01-01")])
    assert "<loc>https://portal.example.org/a/?x=1&amp;y=2</loc><lastmod>2026-01-01</lastmod>" in xml
    assert robots_txt("https://user.github.io/portal").splitlines() == [
        "User-agent: *",
        "",
        "Sitemap: https://user.github.io/portal/sitemap.xml",
    ]

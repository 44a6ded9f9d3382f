"""Every page declares the site's Content-Security-Policy and contains nothing it would block or that runs
as inline script: no inline <script> (JSON-LD data excepted), no on* handlers, no style= attributes,
no javascript: addresses, no frames or plugins."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from tests.quality.crawl import Site

SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
FORBIDDEN_ELEMENTS = ("iframe", "frame", "object", "embed", "applet", "base", "style")


def parse_policy(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def executable_parts(soup: BeautifulSoup, own_sites: tuple[str, ...] = ()) -> list[str]:
    """Everything in a page that could run script or that the site's policy would block.
    Scripts may come from the site itself: a path, or an address under one of `own_sites` (with a "/")."""
    found: list[str] = []
    for script in soup.find_all("script"):
        if script.get("src"):
            source = urlsplit(script["src"])
            if (source.scheme or source.netloc) and not script["src"].startswith(own_sites):
                found.append(f"script from elsewhere: {script['src']}")
        elif (script.get("type") or "").lower() == "application/ld+json":
            try:
                json.loads(script.string or "")
            except ValueError:
                found.append("JSON-LD that is not valid JSON (was it broken out of?)")
        else:
            found.append(f"inline script: {str(script)[:80]}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"event handler <{tag.name} {name}=…>")
            if name.lower() == "style":
                found.append(f"style attribute on <{tag.name}>")
            if name.lower() in URL_ATTRIBUTES and isinstance(value, str):
                # Browsers drop tabs and newlines inside addresses, so "java\tscript:" still runs.
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                if SCRIPT_URL.match(squeezed):
                    found.append(f"script address <{tag.name} {name}={value[:40]!r}>")
        if tag.name in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag.name}> element")
    refresh = soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
    if refresh is not None:
        found.append("meta refresh")
    return found


def test_the_policy_forbids_inline_script(site_settings: dict) -> None:
    policy = parse_policy(site_settings["CONTENT_SECURITY_POLICY"])
    # Only the site's own files run; 'wasm-unsafe-eval' (search's WebAssembly) allows no JavaScript eval.
    assert policy["script-src"][0] == "'self'"
    assert set(policy["script-src"]) <= {"'self'", "'wasm-unsafe-eval'"}, policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "base-uri" in policy
    for sources in policy.values():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources


def test_every_page_declares_the_policy_before_anything_it_loads(crawled_site: Site, site_settings: dict) -> None:
    for html_file, url in zip(crawled_site.html_files, crawled_site.urls, strict=True):
        head = crawled_site.soup(html_file).head
        metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, url
        assert metas[0]["content"] == site_settings["CONTENT_SECURITY_POLICY"], url
        # A policy in a meta tag only covers what comes after it.
        earlier = metas[0].find_all_previous(["link", "script", "style", "base"])
        assert earlier == [], f"{url}: {earlier}"


def test_no_page_holds_anything_executable(crawled_site: Site, site_settings: dict) -> None:
    own = tuple(url.rstrip("/") + "/" for url in (site_settings["SITEURL"], site_settings["PUBLIC_SITEURL"]) if url)
    problems = []
    for html_file, url in zip(crawled_site.html_files, crawled_site.urls, strict=True):
        problems += [f"{url}: {found}" for found in executable_parts(crawled_site.soup(html_file), own)]
    assert problems == [], "\n".join(problems)


def test_the_detector_finds_what_it_looks_for() -> None:
    hostile = BeautifulSoup(
        """<script>alert(1)</script><script src="https://evil.example/x.js"></script>
        <img src=x onerror="alert(1)"><p style="color:red">x</p><a href="java\tscript:alert(1)">y</a>
        <iframe src="/"></iframe><script type="application/ld+json">{"a": "</script>
        <meta http-equiv="refresh" content="0;url=javascript:alert(1)">""",
        "html.parser",
    )
    found = "\n".join(executable_parts(hostile, ("https://portal.example.org/",)))
    for expected in (
        "inline script",
        "script from elsewhere",
        "event handler <img onerror",
        "style attribute on <p>",
        "script address <a href",
        "<iframe> element",
        "JSON-LD that is not valid JSON",
        "meta refresh",
    ):
        assert expected in found, expected
    harmless = BeautifulSoup(
        '<script src="/theme/js/x.js"></script><script type="application/ld+json">{"a": 1}</script>'
        '<a href="/fraud/">ok</a>',
        "html.parser",
    )
    assert executable_parts(harmless, ("https://portal.example.org/",)) == []

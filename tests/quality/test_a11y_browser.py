"""In Debian's Chromium, on one page of every kind the build wrote: axe-core finds no WCAG 2.2 A/AA violation,
the keyboard reaches every control in order with a visible focus ring, nothing scrolls sideways at 320 px or
at 200% zoom, and the page runs under its Content-Security-Policy with no violation and no console error."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.quality.browser_checks import (
    LISTEN_FOR_POLICY_VIOLATIONS,
    axe_violations,
    keyboard_walk,
    policy_violations,
    reflow_problems,
)
from tests.quality.gates import AXE_JS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 1280 px at 400%
ZOOMED = {"width": 640, "height": 400}  # a 1280 px window at 200% zoom


# Map tiles are the one thing the site may load from another host; tests have no network, so a blank tile answers.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def stay_on_loopback(route: Any, offsite: list[str]) -> None:
    request = route.request
    if urlsplit(request.url).hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    elif request.resource_type == "image":
        offsite.append(f"image {request.url}")
        route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
    else:
        offsite.append(f"{request.resource_type} {request.url}")
        route.abort()


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"[{kind}] {line}" for kind, lines in found.items() for line in lines)


@pytest.fixture(scope="module")
def open_page(browser) -> Iterator[Any]:
    """open_page(url, viewport, bypass_csp=False) -> a loaded tab (in a context shared per viewport) that
    collects console errors, policy violations and any load from another host."""
    contexts: dict[tuple[int, int, bool], Any] = {}

    def opener(url: str, viewport: dict[str, int], bypass_csp: bool = False) -> Any:
        key = (viewport["width"], viewport["height"], bypass_csp)
        if key not in contexts:
            contexts[key] = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
            contexts[key].add_init_script(LISTEN_FOR_POLICY_VIOLATIONS)
        tab = contexts[key].new_page()
        tab.offsite = []
        tab.route("**/*", lambda route: stay_on_loopback(route, tab.offsite))
        tab.console_errors = []
        tab.on("console", lambda message: tab.console_errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
        response = tab.goto(url, wait_until="load")
        assert response is not None and (response.ok or url.endswith("404.html")), url
        return tab

    yield opener
    for context in contexts.values():
        context.close()


def test_axe_finds_no_wcag_violation_on_any_page_kind(open_page, served_site: str, site_page_kinds) -> None:
    found: dict[str, list[str]] = {}
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        for kind, url in site_page_kinds.items():
            # The injected axe script is inline, which the site's policy rightly blocks: bypass it for axe only.
            tab = open_page(served_site + url, viewport, bypass_csp=True)
            violations = axe_violations(tab, AXE_JS)
            if violations:
                found[f"{kind} {url} ({viewport_name})"] = violations
            tab.close()
    print("axe violations per page kind:", {kind: len(v) for kind, v in found.items()} or "none")
    assert found == {}, report(found)


def test_axe_reports_violations_on_a_broken_page(open_page, served_site: str) -> None:
    """The gate can fail: an image with no text alternative and a link with no name are found."""
    tab = open_page(served_site + "/", DESKTOP, bypass_csp=True)
    tab.evaluate(
        "() => { const m = document.querySelector('main');"
        " m.insertAdjacentHTML('beforeend', '<img src=\"/x.png\"><a href=\"/\"></a>'); }"
    )
    found = "\n".join(axe_violations(tab, AXE_JS))
    assert "image-alt" in found and "link-name" in found


def test_keyboard_reaches_every_control_with_visible_focus(open_page, served_site: str, site_page_kinds) -> None:
    found: dict[str, list[str]] = {}
    for kind, url in site_page_kinds.items():
        tab = open_page(served_site + url, DESKTOP)
        problems, reached = keyboard_walk(tab)
        assert reached, f"{kind}: Tab reached nothing"
        # The skip link comes first, in every language.
        assert reached[0].startswith('<a href="#main">'), f"{kind}: the skip link is not first but {reached[0]}"
        if problems:
            found[f"{kind} {url}"] = problems
        tab.close()
    assert found == {}, report(found)


def test_keyboard_walk_notices_a_control_without_focus_ring(open_page, served_site: str) -> None:
    tab = open_page(served_site + "/", DESKTOP, bypass_csp=True)
    tab.add_style_tag(content="a.site-name:focus-visible { outline: none !important; box-shadow: none !important; }")
    problems, _ = keyboard_walk(tab)
    assert any("no visible focus indicator on <a>" in line for line in problems), problems


@pytest.mark.parametrize(("name", "viewport"), [("320 px wide", NARROW), ("200% zoom", ZOOMED)])
def test_no_sideways_scrolling(open_page, served_site: str, site_page_kinds, name: str, viewport) -> None:
    found: dict[str, list[str]] = {}
    for kind, url in site_page_kinds.items():
        tab = open_page(served_site + url, viewport)
        problems = reflow_problems(tab)
        if problems:
            found[f"{kind} {url} at {name}"] = problems
        tab.close()
    assert found == {}, report(found)


def test_reflow_measure_notices_wide_content(open_page, served_site: str) -> None:
    tab = open_page(served_site + "/", NARROW, bypass_csp=True)
    tab.add_style_tag(content="main p.lead { white-space: nowrap; width: 900px; }")
    assert any("scrolls sideways" in line for line in reflow_problems(tab))


def test_every_page_kind_runs_under_its_policy(open_page, served_site: str, site_page_kinds) -> None:
    found: dict[str, list[str]] = {}
    for kind, url in site_page_kinds.items():
        tab = open_page(served_site + url, PHONE)
        search_box = tab.locator("input[type=search]")
        if search_box.count():
            # Exercise the page's own script the way a reader would (search loads more files on use).
            search_box.first.fill("scam")
            search_box.first.press("Enter")
        tab.wait_for_load_state("networkidle")
        problems = policy_violations(tab) + [f"console: {text}" for text in tab.console_errors]
        problems += [f"loads from another host: {what}" for what in tab.offsite if not what.startswith("image ")]
        if url.endswith("404.html"):
            problems = [p for p in problems if "404" not in p]
        if problems:
            found[f"{kind} {url}"] = problems
        tab.close()
    assert found == {}, report(found)


def test_policy_listener_hears_a_blocked_inline_script(open_page, served_site: str) -> None:
    tab = open_page(served_site + "/", PHONE)
    tab.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    tab.wait_for_function("() => (window.__policyViolations || []).some(line => line.includes('script-src'))")
    assert tab.evaluate("() => window.ran") is None
    assert any("script-src" in line for line in policy_violations(tab))

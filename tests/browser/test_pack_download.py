"""An outlet's leaflet pack on a site with packs in parts, in headless Chromium: the outlet page's link
joins the shared base and the outlet's update into the outlet's PDF (outlet-pack.js), under the site's
Content-Security-Policy; without JavaScript it gives the base, with its blank outlet box, and says so.

The leaflets fixture built once with OUTLET_PACKS_WHOLE_UP_TO = 0, served on 127.0.0.1.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_content, run_site, serve_directory
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.quality.browser_checks import LISTEN_FOR_POLICY_VIOLATIONS, policy_violations

pytestmark = pytest.mark.browser

OUTLET = "bj-xicheng-finance"
NAME, PHONE = "Financial Street Branch", "010-6655 0002"
PARTS_SETTINGS = """from pelicanconf import *  # noqa: F403
OUTLET_PACKS_WHOLE_UP_TO = 0  # packs in parts, whatever the number of outlets
"""


@dataclass
class Served:
    url: str
    output: Path

    def base(self, lang: str = "") -> Path:
        (found,) = (self.output / f"{lang}leaflets" / "outlets").glob("pack-base.*.pdf")
        return found

    def part(self, outlet_id: str, lang: str = "") -> Path:
        return self.output / f"{lang}leaflets" / "outlets" / f"{outlet_id}.pdfpart"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("pack-download")
    content = copy_content(FIXTURES / "leaflets" / "site", root / "content")
    settings = root / "partsconf.py"
    settings.write_text(PARTS_SETTINGS, encoding="utf-8")
    result = run_site("build", content, root / "output", settings=str(settings))
    assert result.returncode == 0, result.stderr
    with serve_directory(result.output) as url:
        yield Served(url, result.output)


def download_pack(page, url: str, link_name: str) -> tuple[str, bytes]:
    page.context.add_init_script(LISTEN_FOR_POLICY_VIOLATIONS)
    page.route("https://**/*", lambda route: route.abort())  # map tiles: nothing leaves the machine
    page.goto(url)
    link = page.get_by_role("link", name=link_name)
    # The script hides the no-JavaScript note once it has taken over the link.
    expect(page.locator("[data-pack-note]")).to_be_hidden()
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def page_errors(page) -> list[str]:
    """Console errors but the map tiles' (refused above: this test stays on the machine)."""
    return [error for error in page.console_errors if not error.startswith("Failed to load resource: net::")]


def test_the_pack_link_downloads_the_outlets_own_pack(page, site: Served) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    name, data = download_pack(page, f"{site.url}/outlets/{OUTLET}/", "Leaflet pack for this outlet (PDF)")
    assert name == f"{OUTLET}-leaflets.pdf"
    assert data == site.base().read_bytes() + site.part(OUTLET).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(PdfReader(site.base()).pages)
    for page_number, pdf_page in enumerate(reader.pages, 1):
        text = pdf_page.extract_text()
        assert NAME in text and PHONE in text, page_number
    fetched = {request.removeprefix(site.url) for request in requests}
    assert {f"/leaflets/outlets/{site.base().name}", f"/leaflets/outlets/{OUTLET}.pdfpart"} <= fetched
    assert policy_violations(page) == []  # the page's Content-Security-Policy allowed the fetches and the save
    assert page_errors(page) == []


def test_the_chinese_page_joins_the_chinese_pack(page, site: Served) -> None:
    name, data = download_pack(page, f"{site.url}/zh/outlets/{OUTLET}/", "本网点宣传资料包（PDF）")
    assert name == f"{OUTLET}-leaflets.pdf"
    assert data == site.base("zh/").read_bytes() + site.part(OUTLET, "zh/").read_bytes()
    assert all(PHONE in pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(data)).pages)
    assert policy_violations(page) == [] and page_errors(page) == []


def test_a_part_that_does_not_fit_the_base_gives_the_blank_base_instead(page, site: Served) -> None:
    """A base and an update from different builds (a deploy half done) must never be joined: the update
    of another language's base is refused, the reader is told, and the link then gives the blank base."""
    wrong = site.part(OUTLET, "zh/").read_bytes()
    page.context.add_init_script(LISTEN_FOR_POLICY_VIOLATIONS)
    page.route("**/*.pdfpart", lambda route: route.fulfill(body=wrong, content_type="application/octet-stream"))
    page.goto(f"{site.url}/outlets/{OUTLET}/")
    expect(page.locator("[data-pack-note]")).to_be_hidden()
    link = page.get_by_role("link", name="Leaflet pack for this outlet (PDF)")
    link.click()
    expect(page.locator(".outlet-pack [role=status]")).to_contain_text("could not be put together")
    expect(page.locator("[data-pack-note]")).to_be_visible()  # what the link gives from now on
    assert link.get_attribute("href") == f"/leaflets/outlets/{site.base().name}"
    assert link.get_attribute("data-pack-ready") is None


def test_without_javascript_the_link_gives_the_blank_base_and_says_so(browser, site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site.url}/outlets/{OUTLET}/")
        link = tab.get_by_role("link", name="Leaflet pack for this outlet (PDF)")
        href = link.get_attribute("href")
        assert href == f"/leaflets/outlets/{site.base().name}"
        note = tab.locator("[data-pack-note]")
        expect(note).to_be_visible()
        expect(note).to_contain_text("blank “Your outlet” box")
        answer = context.request.get(site.url + href)
        assert answer.ok and answer.body() == site.base().read_bytes()
        blank = "".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(answer.body())).pages)
        assert NAME not in blank and PHONE not in blank
    finally:
        context.close()

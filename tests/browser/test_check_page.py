"""/check/ "Is it really us?" in headless Chromium: answers in the browser, no request carries the query,
answers keep coming offline, and without JavaScript the page lists every contact and warning."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import FIXTURES, copy_content, run_site, serve_directory
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CONTACTS = """kind,value,label,label_zh,notes,notes_zh
phone,95533,Customer service,客服热线,Every day,每天
website,examplebank.example,Online banking,网上银行,,
"""
WARNINGS = """kind,value,pretends_to_be,pretends_to_be_zh,advice,advice_zh,reported,source
phone,021-5550-0199,Security department,安全部门,Hang up,请挂断,2026-03-15,
website,refund-center.test,Refund office,退款中心,Close the page,关闭页面,2026/4/2,
"""
QUERIES = {
    "021-95533": "official",
    "https://login.examplebank.example/x?y=1": "official",
    "+86 21 5550 0199": "warning",
    "examp1ebank.example": "lookalike",
    "13912345678": "unknown",
    "<img src=x onerror=alert(1)>": "unknown",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("check-site")
    content = copy_content(FIXTURES / "small-site", root / "content")
    for article in content.rglob("*.md"):  # no printed leaflets: slow, and not what is tested here
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r"(?im)^leaflet:.*\n", "", text), encoding="utf-8")
    first = sorted(content.rglob("*.md"))[0]  # one Chinese translation, so the site has /zh/
    first.with_name(first.stem + ".zh.md").write_text(
        re.sub(r"(?m)^Title:.*$", "Title: 中文测试", first.read_text(encoding="utf-8")), encoding="utf-8"
    )
    (content / "official-contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (content / "warnings.csv").write_text(WARNINGS, encoding="utf-8")
    result = run_site("build", content, root / "output")
    assert result.returncode == 0, result.stderr
    with serve_directory(result.output) as url:
        yield url


def ask(page, query: str) -> str:
    region = page.locator("[data-check-answer]")
    page.evaluate("() => document.querySelector('[data-check-answer]').setAttribute('data-verdict', 'waiting')")
    page.get_by_label("Phone number, text sender or web address").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-check-answer]:not([data-verdict='waiting'])", state="attached")
    return region.get_attribute("data-verdict") or ""


def test_answers_never_leave_the_browser_and_keep_coming_offline(page, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url + " " + (request.post_data or "")))
    page.goto(f"{base_url}/check/")
    page.wait_for_selector("[data-check-form][data-ready='true']", state="attached")
    page.context.set_offline(True)
    for query, verdict in QUERIES.items():
        assert ask(page, query) == verdict, query
    region = page.locator("[data-check-answer]")
    expect(region).to_have_attribute("aria-live", "polite")
    assert ask(page, "<img src=x onerror=alert(1)>") == "unknown"
    assert region.locator("img").count() == 0 and "<img src=x" in region.inner_text()
    assert ask(page, "+86 21 5550 0199") == "warning"
    expect(region).to_contain_text("This is on our warning list".replace("This is", "Warning: this is"))
    expect(region).to_contain_text("15 March 2026")
    assert ask(page, "13912345678") == "unknown"
    expect(region).to_contain_text("96110")
    page.get_by_role("button", name="Check").click()  # the button answers as Enter does
    for query in QUERIES:
        digits = re.sub(r"\D", "", query)
        for sent in requests:
            assert query not in sent and (len(digits) < 4 or digits not in re.sub(r"\D", "", sent)), sent
    assert not page.console_errors


def test_the_chinese_page_answers_in_chinese(page, base_url: str) -> None:
    page.goto(f"{base_url}/zh/check/")
    page.wait_for_selector("[data-check-form][data-ready='true']", state="attached")
    page.locator("#check-query").fill("95533")
    page.locator("#check-query").press("Enter")
    page.wait_for_selector("[data-check-answer][data-verdict='official']", state="attached")
    expect(page.locator("[data-check-answer]")).to_contain_text("客服热线")


def test_without_javascript_every_contact_and_warning_is_listed(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/check/")
    text = page.locator("main").inner_text()
    for value in ("95533", "examplebank.example", "021-5550-0199", "refund-center.test"):
        assert value in text
    assert page.locator("#check-form").is_hidden()
    assert page.locator(".check-nojs").is_visible()
    context.close()

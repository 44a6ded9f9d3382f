"""Red-team findings (issue 13): the rendered HTML, not just the Markdown source, passes an allow-list.

Each vector is refused with its `path:line` (the builds themselves are tests/fixtures/bad-input/article-*,
campaign-*, outlets-bidi-*, settings-bidi-*); the project's own content passes the sanitiser unchanged;
direction marks are refused where numbers and names are written; CSV cells never start a formula; and
in Chromium, under the site's real Content-Security-Policy, nothing that survives the sanitiser runs script.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from campaigns.generator import markdown_to_html
from campaigns.model import Campaign, Figures, OutletReport
from campaigns.reader import read_header
from campaigns.results import FORMULA_STARTS, campaign_results, results_csv, spreadsheet_safe
from content_contract.body import check_control_characters
from content_contract.sanitise import (
    check_rendered,
    clean,
    removes_something,
    render_markdown,
    sanitise_content,
)
from content_contract.settings_check import check_settings
from content_contract.source import parse_source
from hypothesis import given
from hypothesis import strategies as st
from outlets.model import Outlet
from outlets.reader import outlet_from_row

from tests.quality.gates import PROJECT, load_project_settings
from tests.quality.test_security_raw_html import HARMLESS

PATH = "articles/fraud/x.md"
HEADER = "Title: x\nSummary: y\n\n"  # the body starts on line 4


@pytest.fixture(scope="module")
def site_settings() -> dict[str, Any]:
    return load_project_settings()


def problems_for(body: str, settings: dict[str, Any]) -> list[tuple[int | None, str]]:
    source = parse_source(PATH, (HEADER + body).encode())
    return [(p.line, str(p)) for p in check_rendered(source, settings)]


# (Markdown text below the header, the message, its line in the file)
VECTORS = [
    ("Intro.\n\n~~~\n<script>alert(1)</script>\n~~~\n", "raw HTML <script> is not allowed", 7),
    ("Intro.\n\n<!--><script>alert(1)</script>-->\n", "HTML comments are not published", 6),
    ("Intro.\n\n<!-- x --!><img src=x onerror=alert(1)> -->\n", "HTML comments are not published", 6),
    ("Intro.\n\n<![CDATA[ x ]]><script>alert(1)</script>\n", "raw HTML <script> is not allowed", 6),
    ("Intro.\n\n</x <script>alert(1)</script>\n", "raw HTML <script> is not allowed", 6),
    ("Intro.\n\n</x <img src=x onerror=alert(1)>\n", "the HTML event handler 'onerror'", 6),
    ('Call 400.\n{: style="position:fixed;top:0" }\n', "inline 'style' attributes are blocked", 5),
    ("Call 400.\n{: .help-box }\n", "the class 'help-box' is not one editors may set on <p>", 5),
    ("## Help {: .urgent }\n", "the class 'urgent' is not one editors may set", 4),
    ('Text.\n{: onclick="alert(1)" }\n', "the HTML event handler 'onclick' would run script", 5),
    ("Intro.\n\n[x](data:text/html;base64,PHNjcmlwdD4=)\n", "a 'data:' address is not allowed", 6),
    ('Intro.\n\n<meta http-equiv="refresh" content="0;url=https://evil.example">\n', "raw HTML <meta>", 6),
    ("| a | b |\n|:--|--:|\n| 1 | 2 |\n", "table column alignment", 5),
]


@pytest.mark.parametrize(("body", "message", "line"), VECTORS)
def test_each_vector_is_refused_at_its_line(body: str, message: str, line: int, site_settings: dict) -> None:
    found = problems_for(body, site_settings)
    assert any(at == line and f"{PATH}:{line}: " in text and message in text for at, text in found), found
    assert all(" — " in text for _, text in found)  # every message says how to fix it


def test_a_vector_only_the_browser_sees_still_names_a_line(site_settings: dict) -> None:
    """When the construct cannot be found in the source, the file's Title line is blamed."""
    source = parse_source(PATH, (HEADER + "Intro.\n").encode())
    html = '<p>x</p><a href="jav&#x61;script:alert(1)">y</a>'
    from content_contract.sanitise import sanitiser_problems

    found = sanitiser_problems(source.path, html, source.body_lines, source.line_of("title"))
    assert [(p.line, p.what) for p in found] == [
        (1, "a 'javascript:' address is not allowed (it may run script or hide a page)")
    ]


@pytest.mark.parametrize("snippet", [*HARMLESS, "Read this.\n{: .lead }", "## Steps {: #steps }"])
def test_harmless_html_and_the_documented_class_pass(snippet: str, site_settings: dict) -> None:
    assert problems_for(snippet + "\n", site_settings) == []


def test_the_summary_is_rendered_and_checked_too(site_settings: dict) -> None:
    source = parse_source(PATH, b"Title: x\nSummary: Hi <!--><script>alert(1)</script>\n\nText.\n")
    assert [(p.line, p.what) for p in check_rendered(source, site_settings)] == [
        (2, "Summary: raw HTML <script> is not allowed")
    ]


def content_files() -> list[Path]:
    roots = [
        PROJECT / "content",
        PROJECT / "tests" / "fixtures" / "small-site",
        PROJECT / "tests" / "fixtures" / "campaigns",
    ]
    return sorted(path for root in roots for path in root.rglob("*.md"))


def test_the_sanitiser_changes_not_one_byte_of_the_projects_content(site_settings: dict) -> None:
    """The allow-list is what the content legitimately produces: published pages stay byte for byte the same."""
    changed = []
    for path in content_files():
        source = parse_source(str(path), path.read_bytes())
        rendered = render_markdown(source.body_text, site_settings)
        if clean(rendered) != rendered:
            changed.append(str(path.relative_to(PROJECT)))
    assert len(content_files()) > 10
    assert changed == []


def test_inside_pelican_anything_that_slips_past_is_logged_and_cleaned(caplog: pytest.LogCaptureFixture) -> None:
    content = SimpleNamespace(source_path="a.md", _content='<p onclick="x()">Hi</p><script>x()</script>')
    with caplog.at_level(logging.ERROR, logger="pelican"):
        sanitise_content(content)
    assert content._content == "<p>Hi</p>"
    assert "a.md: the HTML event handler 'onclick' would run script" in caplog.text
    caplog.clear()
    respelt = SimpleNamespace(source_path="b.md", _content="<P>Hi <br/>there</P>")
    with caplog.at_level(logging.ERROR, logger="pelican"):
        sanitise_content(respelt)
    assert respelt._content == "<p>Hi <br>there</p>"  # only the sanitiser's HTML is published…
    assert caplog.text == ""  # …but the same tags spelt differently are no error


def test_campaign_bodies_are_refused_by_line_and_cleaned_if_rendered(tmp_path: Path, site_settings: dict) -> None:
    path = tmp_path / "week-2026.md"
    path.write_text(
        "Title: Week\nStart: 2026-09-14\nEnd: 2026-09-20\nSummary: s\nLeaflets: a\n\n"
        "Come.\n\n~~~\n<script>x()</script>\n",
        encoding="utf-8",
    )
    campaign, problems = read_header(path, site_settings)
    assert campaign is None
    assert [(p.line, p.what) for p in problems] == [(10, "raw HTML <script> is not allowed")]
    assert "<script" not in markdown_to_html("Come.\n\n<script>x()</script>\n", site_settings)
    assert not removes_something(str(markdown_to_html("Come **now**.", site_settings)))


# --- Direction marks ---------------------------------------------------------------------------------

BIDI = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"]
ROW = {"id": "sh-1", "name": "Branch", "city": "Shanghai", "district": "Huangpu", "address": "1 Road", "phone": "021-1"}


@pytest.mark.parametrize("mark", BIDI)
@pytest.mark.parametrize("column", ["name", "address", "phone"])
def test_direction_marks_are_refused_in_outlets(mark: str, column: str) -> None:
    outlet, problems = outlet_from_row(Path("outlets.csv"), 3, {**ROW, column: ROW[column] + mark + "9"})
    assert outlet is None
    assert [str(p).split(" — ")[0] for p in problems] == [
        f"outlets.csv:3: {column}: this text holds an invisible direction mark (U+{ord(mark):04X}) "
        "that shows it in another order"
    ]


def test_direction_marks_are_refused_in_help_numbers_and_article_text(site_settings: dict) -> None:
    hotline = {"phone": "96\u202e0116", "name": "Line", "use": "u"}
    found = [p.what for p in check_settings({**site_settings, "HOTLINES": [hotline]})]
    assert (
        "HOTLINES: 'phone': this text holds an invisible direction mark (U+202E) that shows it in another order"
        in found
    )
    service = {**site_settings["CUSTOMER_SERVICE"], "phone": "400\u2067-000"}
    assert any(
        "CUSTOMER_SERVICE: 'phone'" in what
        for what in [p.what for p in check_settings({**site_settings, "CUSTOMER_SERVICE": service})]
    )
    lines = [p.line for p in check_control_characters("a.md", "Title: x\n\nCall 96\u202e0116.\n")]
    assert lines == [3]


def test_chinese_and_english_text_has_no_direction_marks_to_refuse(site_settings: dict) -> None:
    assert check_settings(site_settings) == []
    assert check_control_characters("a.md", "拨打 96110，Call 110 — «quoted»\n") == []


# --- CSV cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("https://evil.example","Refund")', '\'=HYPERLINK("https://evil.example","Refund")'),
        ("+86 21 6321 0001", "'+86 21 6321 0001"),
        ("-120", "'-120"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Nanjing Road", "Nanjing Road"),
        (70, "70"),
        ("", ""),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(cell: object, written: str) -> None:
    assert spreadsheet_safe(cell) == written


@given(st.text())
def test_any_text_written_and_read_back_does_not_start_with_a_formula_character(text: str) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([spreadsheet_safe(text), spreadsheet_safe(text)])
    (cell, again), *_ = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert cell == again and not cell.startswith(FORMULA_STARTS)
    assert cell.removeprefix("'") == text or cell == text  # nothing lost but the leading '


def test_an_outlet_name_written_as_a_formula_reaches_results_csv_as_text() -> None:
    outlet = Outlet("a1", '=HYPERLINK("https://evil.example","Claim refund")', "+Riverton", "@Old Town", "1 A Street")
    figures = Figures(materials_distributed=1, people_reached=2, consultations=3, surveys_collected=4)
    day = dt.date(2026, 9, 14)
    campaign = Campaign(slug="c", title="c", start=day, end=day, summary="", body="", source_path="c.md")
    campaign.reports = [OutletReport(outlet_id="a1", figures=figures, line=2)]
    results = campaign_results(campaign, {"a1": outlet})
    assert results is not None
    (row,) = list(csv.DictReader(io.StringIO(results_csv(results))))
    assert row["name"] == '\'=HYPERLINK("https://evil.example","Claim refund")'
    assert (row["city"], row["district"], row["people_reached"]) == ("'+Riverton", "'@Old Town", "2")


# --- In the browser ----------------------------------------------------------------------------------

# Each tries to set window.__ran (or navigate away) in a different way.
BROWSER_VECTORS = [
    "<script>window.__ran = 'script'</script>",
    "<!--><script>window.__ran = 'comment'</script>-->",
    "<!-- x --!><img src=x onerror=\"window.__ran = 'bang'\"> -->",
    "<![CDATA[ x ]]><script>window.__ran = 'cdata'</script>",
    "</x <script>window.__ran = 'endtag'</script>",
    "~~~\n<script>window.__ran = 'tilde'</script>\n~~~",
    "<svg><script>window.__ran = 'svg'</script></svg>",
    "<img src=x onerror=\"window.__ran = 'handler'\">",
    "[x](javascript:window.__ran='link')",
    '<meta http-equiv="refresh" content="0;url=/elsewhere/">',
    'Text\n{: onmouseover="window.__ran = \'attr\'" style="position:fixed;inset:0" }',
]


def test_nothing_that_survives_the_sanitiser_runs_under_the_real_policy(page: Any, site_settings: dict) -> None:
    from html import escape

    body = "".join(f"<section>{clean(render_markdown(v, site_settings))}</section>" for v in BROWSER_VECTORS)
    policy = escape(site_settings["CONTENT_SECURITY_POLICY"])
    document = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}"><title>t</title></head>'
        f"<body>{body}<p id=end>end</p></body></html>"
    )
    origin = "http://portal.test"

    def serve(route: Any) -> None:  # the page itself; anything it asks for (img src=x) is missing
        found = route.request.url == f"{origin}/"
        route.fulfill(status=200 if found else 404, body=document if found else "", content_type="text/html")

    page.route(f"{origin}/**", serve)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{origin}/", wait_until="load")  # load waits for the broken images' error events
    page.locator("#end").hover()
    page.locator("section").last.hover()  # where an onmouseover would fire
    state = page.evaluate(
        """() => ({ran: window.__ran ?? null, url: location.href,
             scripts: document.querySelectorAll('script').length,
             handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
               .filter(n => n.startsWith('on') || n === 'style'),
             links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))})"""
    )
    assert state == {"ran": None, "url": f"{origin}/", "scripts": 0, "handlers": [], "links": []}
    assert dialogs == []


def test_a_broken_end_tag_in_raw_html_is_refused() -> None:
    """`</x <img …>`: Python's parser and a browser disagree on where it ends; it is refused outright."""
    from content_contract.sanitise import sanitiser_problems

    found = sanitiser_problems(PATH, "<p>a</p></x <img src=x onerror=alert(1)>", [(6, "</x <img src=x …>")], 1)
    assert [(p.line, p.what) for p in found] == [
        (6, "the broken end tag '</x <img src=x onerror=alert(1' can hide HTML from the checks")
    ]

"""Raw HTML in Markdown that would run script (or that the policy blocks) fails the content check with its
file and line; harmless inline HTML is still allowed."""

from __future__ import annotations

import pytest
from content_contract.body import check_body, check_header_html, unsafe_html
from content_contract.source import parse_source

HOSTILE = [
    ("<script>alert(1)</script>", "raw HTML <script>"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "raw HTML <script>"),
    ('<iframe src="https://evil.example"></iframe>', "raw HTML <iframe>"),
    ("<img src=x onerror=alert(1)>", "event handler 'onerror'"),
    ("<img/onerror=alert(1) src=x>", "event handler 'onerror'"),
    ("<svg onload=alert(1)>", "event handler 'onload'"),
    ('<a href="javascript:alert(1)">x</a>', "'javascript:' address"),
    ('<a href="java&#9;script:alert(1)">x</a>', "'javascript:' address"),
    ('<a href=" &#106;avascript:alert(1)">x</a>', "'javascript:' address"),
    ("[click](javascript:alert(1))", "'javascript:' address"),
    ("[click](JaVaScRiPt&#58;alert(1))", "'javascript:' address"),
    ("[ref]: vbscript:msgbox(1)", "'vbscript:' address"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "address would run script"),
    ('<p style="color:red">x</p>', "inline 'style'"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "raw HTML <meta>"),
    ('<form action="https://evil.example"><input name="pin"></form>', "raw HTML <form>"),
    ("<object data=x.swf></object>", "raw HTML <object>"),
    ("<embed src=x.swf>", "raw HTML <embed>"),
    ('<base href="https://evil.example/">', "raw HTML <base>"),
    ("<style>body{display:none}</style>", "raw HTML <style>"),
]

HARMLESS = [
    'Plain text with <b>bold</b>, <em>emphasis</em> and <abbr title="Personal identification number">PIN</abbr>.',
    '<a href="/fraud/safe-account-scam/">a page of ours</a> and [another](https://www.pbc.gov.cn/)',
    '<img src="/images/card.png" alt="A bank card" width="300">',
    "<details><summary>More</summary>Hidden text</details>",
    "Press <kbd>Ctrl</kbd> + <kbd>P</kbd>; 3 < 5 and 5 > 3.",
    "Call the scripted line on 96110: it is not a scam.",
]


@pytest.mark.parametrize(("snippet", "message"), HOSTILE)
def test_hostile_raw_html_is_found(snippet: str, message: str) -> None:
    found = unsafe_html(snippet)
    assert any(message in what for _, what, _ in found), found


@pytest.mark.parametrize("snippet", HARMLESS)
def test_harmless_inline_html_is_allowed(snippet: str) -> None:
    assert unsafe_html(snippet) == []


def source(text: str):
    return parse_source("articles/fraud/x.md", text.encode())


def test_problems_name_the_files_own_line_even_across_lines() -> None:
    text = "Title: x\nSummary: y\n\nFirst paragraph.\n\n<img src=x\n     alt=y\n     onerror=alert(1)>\n"
    problems = [p for p in check_body(source(text)) if "event handler" in p.what]
    assert [(p.line, p.what) for p in problems] == [(8, "the HTML event handler 'onerror' would run script")]
    assert str(problems[0]).startswith("articles/fraud/x.md:8: the HTML event handler 'onerror' would run script — ")


def test_code_blocks_may_show_anything() -> None:
    text = "Title: x\n\nHow a scam page looks:\n\n```html\n<script>steal()</script>\n```\n"
    assert [p for p in check_body(source(text)) if "raw HTML" in p.what] == []


def test_the_summary_is_checked_like_the_text_and_the_title_is_left_to_escaping() -> None:
    """Pelican renders the Summary as Markdown (HTML passes through); the Title is plain text, escaped."""
    text = "Title: Refunds <img src=x onerror=alert(1)>\nSummary: [x](javascript:alert(1))\nTags: a, b\n\nText.\n"
    found = [(p.line, p.what) for p in check_header_html(source(text))]
    assert found == [(2, "Summary: a 'javascript:' address would run script")]

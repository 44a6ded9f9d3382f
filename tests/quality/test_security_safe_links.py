"""Links in articles and pages that leave the site get rel="noopener noreferrer"; nothing else changes."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from safe_links.links import add_safe_rel, leaves_site
from safe_links.markdown_ext import SafeLinksExtension

OWN = {"portal.example.org"}


@pytest.mark.parametrize(
    ("href", "leaves"),
    [
        ("https://example.com/x", True),
        ("HTTP://Example.com", True),
        ("//cdn.example.com/x", True),
        ("https://portal.example.org/fraud/", False),
        ("/fraud/", False),
        ("#main", False),
        ("tel:110", False),
        ("mailto:help@example.org", False),
        ("fraud/x/", False),
    ],
)
def test_which_links_leave_the_site(href: str, leaves: bool) -> None:
    assert leaves_site(href, OWN) is leaves


def test_markdown_and_inline_html_links_are_made_safe() -> None:
    md = markdown.Markdown(extensions=[SafeLinksExtension(["https://portal.example.org"])])
    html = md.convert(
        "[a](https://example.com/?a=1&b=2) [b](/fraud/) [c](https://portal.example.org/x/)\n\n"
        '<p><a class="k" href="https://raw.example.com" rel="external">raw</a></p>\n\n<https://auto.example.com>\n'
    )
    assert '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer">a</a>' in html
    assert '<a href="/fraud/">b</a>' in html
    assert '<a href="https://portal.example.org/x/">c</a>' in html
    assert '<a class="k" href="https://raw.example.com" rel="external noopener noreferrer">raw</a>' in html
    assert '<a href="https://auto.example.com" rel="noopener noreferrer">' in html


def test_a_link_already_safe_is_left_alone() -> None:
    markup = '<p><a href="https://example.com" rel="noreferrer noopener">x</a></p>'
    assert add_safe_rel(markup, OWN) == '<p><a href="https://example.com" rel="noreferrer noopener">x</a></p>'


@given(st.text())
def test_text_without_external_links_is_untouched(text: str) -> None:
    markup = f"<p>{text}</p><a href='/fraud/'>in</a>\n<p>{text}</p>"
    assert add_safe_rel(markup, OWN) == markup


@given(st.lists(st.sampled_from(["<p>", "\n", "ü 中", "<a href='https://x.example'>", "</a>", "&amp;", "<br>"])))
def test_every_external_link_gets_rel_and_the_rest_survives(pieces: list[str]) -> None:
    markup = "".join(pieces)
    result = add_safe_rel(markup, OWN)
    assert result.count("<a ") == markup.count("<a ")
    assert result.count('rel="noopener noreferrer"') == markup.count("<a href='https://x.example'>")
    undone = result.replace(' rel="noopener noreferrer"', "").replace('"https://x.example"', "'https://x.example'")
    assert undone == markup

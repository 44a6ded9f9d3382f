"""The build's keys (plugins/contacts/normalise.py) and the check page's (theme/static/js/contact-keys.js) are
the same for the same text: the page finds a spreadsheet value only when both make one key of it."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

from contacts.normalise import host_key, phone_key, text_key
from hypothesis import given, settings
from hypothesis import strategies as st

CLI = Path(__file__).resolve().parents[1] / "js" / "contact_keys_cli.js"
INPUTS = [
    "95533",
    "021-95533",
    "(010) 95533",
    "+86 10 95533",
    "0086 10 95533",
    "8695533",
    "+86 138 0013 8000",
    "0086-138-0013-8000",
    "86 13800138000",
    "１３８ ００１３ ８０００",
    "＋８６ (21) 6123.4567",
    "021 6123 4567",
    "400-000-0000",
    "110",
    "+44 20 7946 0000",
    "0",
    "+",
    "",
    "【ExampleBank】",
    "Example Bank",
    "ＥｘａｍｐｌｅＢａｎｋ",
    "示例银行",
    "https://www.ExampleBank.example/login?next=/#top",
    "examplebank.example.",
    "WWW.EXAMPLEBANK.EXAMPLE:8443",
    "http://examplebank.example@evil.test/",
    "user:pass@login.examplebank.example",
    "examplebank。example",
    "//examplebank.example/path",
    "xn--80ak6aa92e.com",
    "xn--exmple-cua.example",
    "xn--zz-",
    "xn--",
    "xn--99999999999999",
    "ex\u200bample\u202ebank.example",
    "\u202eelpmaxe.knabelpmaxe",
    "<script>alert(1)</script>",
    "a" * 5000,
    "\ud800evil.test",
    "example.com\\@evil.test",
    "ρaypal.com",
    "İstanbul.example",
    "ΑΣ.example",
]


def js_keys(inputs: list[str]) -> list[list[str | None]]:
    done = subprocess.run(
        ["node", str(CLI)], input=json.dumps(inputs), capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def py_keys(inputs: list[str]) -> list[list[str | None]]:
    return [[phone_key(text), host_key(text), text_key(text)] for text in inputs]


def test_the_build_and_the_page_make_the_same_keys() -> None:
    assert js_keys(INPUTS) == py_keys(INPUTS)


# Letters both sides' Unicode tables know (Node's may be newer than Python's): assigned in Python's tables.
ASSIGNED = st.characters(blacklist_categories=("Cn",)).filter(lambda ch: unicodedata.category(ch) != "Cn")
PIECES = st.sampled_from(
    ["+86", "0086", "86", "0", "21", "10", "95533", "138", "-", " ", ".", "(", ")", "@", "/", ":", "www.", "xn--",
     "https://", "examplebank", "example", "。", "１", "\u200f", "【", "】", "?", "#"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(ASSIGNED, max_size=4)), max_size=12).map("".join)


@settings(max_examples=25, deadline=None)
@given(st.lists(TEXTS, min_size=20, max_size=40))
def test_keys_agree_on_generated_text(inputs: list[str]) -> None:
    assert js_keys(inputs) == py_keys(inputs)

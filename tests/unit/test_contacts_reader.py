"""official-contacts.csv and warnings.csv: every bad row reported at once, as `file:LINE: column: what — fix`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contacts.normalise import host_key, phone_key
from contacts.reader import parse_kind, parse_reported, read_contact_files
from contacts.steps import check_contacts, show_preview_notice_for_sample_rows
from hypothesis import given
from hypothesis import strategies as st

TODAY = dt.date(2026, 12, 3)
CONTACTS = "kind,value,label\n"
WARNINGS = "kind,value,pretends_to_be,advice,reported\n"


def read(folder: Path, contacts: str, warnings: str | None = None, raw: bytes | None = None) -> list[str]:
    (folder / "official-contacts.csv").write_bytes(raw if raw is not None else contacts.encode())
    if warnings is not None:
        (folder / "warnings.csv").write_text(warnings, encoding="utf-8")
    return [str(p) for p in read_contact_files(folder, {}, TODAY).problems]


def test_excel_quirks_are_accepted(tmp_path: Path) -> None:
    raw = "\ufeffKind , VALUE,Label\r\nPhone,021-95533,Service\r\nWebsite,https://www.ExampleBank.example/,Site\r\n"
    assert read(tmp_path, "", raw=raw.encode()) == []
    lists = read_contact_files(tmp_path, {}, TODAY)
    assert [(c.kind, c.key) for c in lists.official] == [("phone", "95533"), ("website", "examplebank.example")]


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    contacts = CONTACTS + "phnoe,95533,A\nphone,,B\nphone,95533,C\nphone,(010) 95533,D\nwebsite,not a domain,E\n"
    contacts += "website,examplebank.example/login,F\nphone,8.6138E+12,G\n"
    warnings = WARNINGS + "phone,021-95533,Bank,Hang up,2026-03-15\nwebsite,evil.test,Bank,Close,15/03/2026\n"
    warnings += "sms,106900,Bank,Ignore,2026-13-01\nsms,106901,Bank,Ignore,2027-01-01\n"
    problems = read(tmp_path, contacts, warnings)
    text = "\n".join(problems)
    assert "official-contacts.csv:2: kind: 'phnoe' is not a kind of contact — did you mean 'phone'?" in text
    assert "official-contacts.csv:3: value: this value is empty" in text
    assert "official-contacts.csv:5: value: '(010) 95533' is the same as '95533' on line 4 — keep one" in text
    assert "official-contacts.csv:6: value: 'not a domain' is not a domain" in text
    assert "official-contacts.csv:7: value: 'examplebank.example/login' is a whole address" in text
    assert "official-contacts.csv:8: value: '8.6138E+12' is how Excel shows a long number" in text
    assert "warnings.csv:2: value: '021-95533' is the same as '95533' on official-contacts.csv line 4" in text
    assert "warnings.csv:3: reported: '15/03/2026' puts the year last" in text
    assert "did you mean 2026-03-15?" in text
    assert "warnings.csv:4: reported:" in text
    assert "warnings.csv:5: reported: 2027-01-01 is after today" in text
    assert len(problems) == 10


def test_without_the_file_the_settings_contacts_are_official(tmp_path: Path) -> None:
    settings = {
        "CUSTOMER_SERVICE": {"name": "Customer service", "phone": "(021) 95500", "hours": "Every day"},
        "PUBLIC_SITEURL": "https://www.Bank.test",
        "SITENAME": "Money Guide",
        "I18N_SETTINGS": {"zh": {"SITENAME": "理财指南", "CUSTOMER_SERVICE": {"name": "客服", "hours": "每天"}}},
    }
    (tmp_path / "warnings.csv").write_text(WARNINGS + "phone,95500,Bank,Hang up,2026-03-15\n", encoding="utf-8")
    lists = read_contact_files(tmp_path, settings, TODAY)
    assert [(c.kind, c.key, c.label, c.label_zh) for c in lists.official] == [
        ("phone", "95500", "Customer service", "客服"),
        ("website", "bank.test", "Money Guide", "理财指南"),
    ]
    assert [str(p) for p in lists.problems] == [
        f"{tmp_path / 'warnings.csv'}:2: value: '95500' is the same as '(021) 95500' on the settings "
        "(CUSTOMER_SERVICE or PUBLIC_SITEURL) — the settings' own numbers are official: delete this row"
    ]
    assert read_contact_files(tmp_path, {}, TODAY).official == ()  # no settings either: nothing to call official
    go_live = {**settings, "PATH": str(tmp_path), "GO_LIVE_CHECK": True, "CUSTOMER_SERVICE": {"phone": "400-000-0000"}}
    assert [p for p in check_contacts(go_live) if "sample" in p.what] == []  # the settings' own check names those


def test_a_customer_service_number_the_file_lacks_is_a_warning(tmp_path: Path) -> None:
    read(tmp_path, CONTACTS + "phone,95527,Customer service\n")
    settings = {"PATH": str(tmp_path), "CUSTOMER_SERVICE": {"phone": "400-000-0000"}}
    settings["I18N_SETTINGS"] = {"zh": {"CUSTOMER_SERVICE": {"phone": "400 000 0000"}}}  # the same number: once
    problems = check_contacts(settings)
    assert [(p.line, p.is_error) for p in problems] == [(None, False)]
    assert "CUSTOMER_SERVICE['phone'] '400-000-0000' is printed as our customer service" in str(problems[0])
    assert check_contacts({**settings, "CUSTOMER_SERVICE": {"phone": "021-95527"}, "I18N_SETTINGS": {}}) == []


def test_kinds_in_the_words_editors_use() -> None:
    written = ["Phone number", "SMS sender", " Website ", "E-mail domain", "WeChat account", "App name", "电话", "网址"]
    assert [parse_kind(word) for word in written] == [
        "phone", "sms", "website", "email-domain", "wechat", "app", "phone", "website"
    ]  # fmt: skip
    assert parse_kind("fax") == "fax"  # refused by the reader, with the list of kinds


def test_reported_accepts_what_excel_writes() -> None:
    assert parse_reported("2026/3/15")[0] == dt.date(2026, 3, 15)
    assert parse_reported("２０２６-０３-１５")[0] == dt.date(2026, 3, 15)
    day, what, fix = parse_reported("03/04/2026")
    assert day is None and "cannot be told apart" in (what or "") and "did you mean" not in fix


def test_publish_refuses_the_sample_rows(tmp_path: Path) -> None:
    read(tmp_path, CONTACTS + "phone,400-000-0000,Service\nwebsite,examplebank.example,Site\nphone,95566,Real\n")
    settings = {"PATH": str(tmp_path), "GO_LIVE_CHECK": True}
    problems = check_contacts(settings)
    assert [(p.line, p.is_error) for p in problems] == [(2, True), (3, True)]
    assert all(not p.is_error for p in check_contacts({**settings, "ALLOW_PLACEHOLDERS": True}))
    assert check_contacts({"PATH": str(tmp_path)}) == []
    preview = {**settings, "ALLOW_PLACEHOLDERS": True}
    show_preview_notice_for_sample_rows(preview)
    assert preview["PREVIEW_NOTICE"] is True  # allowed to publish the samples, it says "Preview" on every page
    read(tmp_path, CONTACTS + "phone,95566,Real\n")
    real = {**settings, "ALLOW_PLACEHOLDERS": True}
    show_preview_notice_for_sample_rows(real)
    assert "PREVIEW_NOTICE" not in real


NUMBER = st.sampled_from(["95533", "13800138000", "4000000000"])


@given(NUMBER, st.sampled_from(["", "+86 ", "0086", "86-"]), st.sampled_from(["", " ", "-", "."]))
def test_the_same_number_in_any_form_has_one_key(number: str, prefix: str, gap: str) -> None:
    spaced = gap.join([number[:3], number[3:]])
    wide = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in spaced)  # full-width digits
    assert {phone_key(prefix + spaced), phone_key(wide), phone_key(number)} == {number}


@given(st.text(max_size=300))
def test_hostile_text_never_crashes(text: str) -> None:
    phone_key(text)
    host_key(text)
    read_contact_files(Path("/nonexistent"), {}, TODAY)

"""portal.run: one view of a build run, the same answers every plugin used to work out on its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from portal.run import address, is_main_language, public_url, run_of, site_today


def test_main_language_run() -> None:
    run = run_of({"DEFAULT_LANG": "en", "PUBLIC_SITEURL": "https://safe.example.cn/", "CACHE_PATH": "/tmp/c"})
    assert (run.language, run.main_language, run.is_main_language) == ("en", "en", True)
    assert run.public_url == "https://safe.example.cn"
    assert run.address("/outlets/sh-01/") == "https://safe.example.cn/outlets/sh-01/"
    assert run.cache_folder == Path("/tmp/c")
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.language = "zh"  # type: ignore[misc]


def test_another_language_run_as_sitebuild_makes_it() -> None:
    settings = {"DEFAULT_LANG": "zh", "MAIN_LANG": "en", "SITEURL": "/zh", "PUBLIC_SITEURL": "https://x.cn/zh"}
    run = run_of(settings)
    assert (run.language, run.main_language, run.is_main_language) == ("zh", "en", False)
    assert run.public_url == "https://x.cn/zh"
    assert run.cache_folder is None
    assert not is_main_language(settings)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, ""),
        ({"SITEURL": ""}, ""),
        ({"SITEURL": "http://localhost:8000/"}, "http://localhost:8000"),
        ({"SITEURL": "/local", "PUBLIC_SITEURL": ""}, "/local"),  # an empty public address falls back
        ({"SITEURL": "", "PUBLIC_SITEURL": "https://a.cn//"}, "https://a.cn"),
    ],
)
def test_public_url_is_the_expression_every_plugin_used(settings: dict, expected: str) -> None:
    old = str(settings.get("PUBLIC_SITEURL") or settings.get("SITEURL") or "").rstrip("/")
    assert public_url(settings) == old == expected


def test_address_joins_a_site_path_once() -> None:
    assert address("", "outlets/") == "/outlets/"
    assert address("https://a.cn/", "/x/") == "https://a.cn/x/"
    assert address("https://a.cn", "") == "https://a.cn/"


def test_defaults_without_language_settings() -> None:
    run = run_of({})
    assert (run.language, run.main_language, run.is_main_language) == ("en", "en", True)


def test_today_is_pinned_by_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21 13:33 UTC
    assert site_today({"TIMEZONE": "Asia/Shanghai"}) == dt.date(2026, 9, 21)
    assert run_of({"TIMEZONE": "Pacific/Kiritimati"}).today == dt.date(2026, 9, 22)  # UTC+14: already tomorrow

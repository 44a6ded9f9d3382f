"""The per-file checks are remembered between builds (content_contract/memo.py) without hiding a problem."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from content_contract import check

SMALL_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "small-site"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture()
def settings(tmp_path: Path) -> dict:
    shutil.copytree(SMALL_SITE, tmp_path / "content")
    return {
        "PATH": str(tmp_path / "content"),
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "CACHE_PATH": str(tmp_path / "cache"),
        "TIMEZONE": "Asia/Shanghai",
        "TOPICS": {"fraud": {}, "credit": {}, "rights": {}},
        "AUDIENCES": {"everyone": "", "older-people": "", "small-business": ""},
    }


def test_unchanged_files_are_not_checked_again_and_a_changed_file_is(settings: dict, monkeypatch) -> None:
    first = check.check_content_folder(settings, TODAY)
    checked: list[str] = []
    real = check.check_and_render
    monkeypatch.setattr(
        check, "check_and_render", lambda item, *rest: checked.append(item.path.name) or real(item, *rest)
    )
    assert check.check_content_folder(settings, TODAY) == first
    assert checked == []

    article = Path(settings["PATH"]) / "articles" / "credit" / "credit-report.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n# A second main title\n", encoding="utf-8")
    problems = check.check_content_folder(settings, TODAY)
    assert checked == ["credit-report.md"]
    assert any("level-1 heading" in p.what and p.path.endswith("credit-report.md") for p in problems)


def test_another_day_or_other_settings_check_every_file_again(settings: dict, monkeypatch) -> None:
    check.check_content_folder(settings, TODAY)
    checked: list[str] = []
    real = check.check_and_render
    monkeypatch.setattr(
        check, "check_and_render", lambda item, *rest: checked.append(item.path.name) or real(item, *rest)
    )
    check.check_content_folder(settings, TODAY + dt.timedelta(days=1))
    assert len(checked) == 4
    check.check_content_folder({**settings, "REVIEW_MAX_AGE_DAYS": 30}, TODAY + dt.timedelta(days=1))
    assert len(checked) == 8

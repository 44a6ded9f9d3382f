"""Inside Pelican, Tags and Audience are split the way the checks read them: on ',', '，' and '、'."""

from __future__ import annotations

import copy

from content_contract.metadata import apply_contract
from pelican.contents import Article
from pelican.readers import METADATA_PROCESSORS
from pelican.settings import DEFAULT_CONFIG


def article(tags: str, audience: str) -> Article:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    metadata = {
        "title": "x",
        "date": METADATA_PROCESSORS["date"]("2026-01-02", settings),
        "tags": METADATA_PROCESSORS["tags"](tags, settings),  # as Pelican's reader hands it over
        "audience": audience,
        "reviewed": "2026-01-02",
    }
    item = Article("<p>x</p>", metadata=metadata, settings=settings, source_path="a.md")
    apply_contract(item)
    return item


def test_chinese_commas_make_separate_tags_and_audiences() -> None:
    item = article("电话诈骗，冒充公检法、phone scams", "older-people、rural")
    assert [tag.name for tag in item.tags] == ["电话诈骗", "冒充公检法", "phone scams"]
    assert [tag.name for tag in item.metadata["tags"]] == ["电话诈骗", "冒充公检法", "phone scams"]
    assert item.audiences == ["older-people", "rural"]


def test_english_tags_are_left_as_pelican_made_them() -> None:
    item = article("phone scams, impersonation", "")
    assert [tag.name for tag in item.tags] == ["phone scams", "impersonation"]
    assert item.audiences == ["everyone"]


def test_no_docutils_warning_for_the_chinese_site(caplog) -> None:
    """Content is Markdown only: the reST reader (which warns "no localization for 'zh'") is never made."""
    from pelican.readers import Readers

    from sitebuild.settings import PROJECT_ROOT, load_settings

    settings = load_settings(PROJECT_ROOT / "pelicanconf.py")
    settings["DEFAULT_LANG"] = "zh"
    readers = Readers(settings)
    assert "md" in readers.readers and "rst" not in readers.readers
    assert "Docutils" not in caplog.text

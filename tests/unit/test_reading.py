"""The reading plugin renders Markdown in worker processes (plugins/reading/): what it hands Pelican must be
exactly what Pelican's own MarkdownReader makes of the same file, content and metadata alike."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings
from portal.workers import in_workers
from reading.reader import PreparedMarkdownReader, read_text
from safe_links.hooks import add_extension

PROJECT = Path(__file__).resolve().parent.parent.parent
FILES = sorted((PROJECT / "content").rglob("*.md")) + sorted((PROJECT / "tests/fixtures").rglob("*.md"))


@pytest.fixture(scope="module")
def settings() -> dict:
    settings = read_settings(str(PROJECT / "pelicanconf.py"))
    add_extension(SimpleNamespace(settings=settings))  # as in a build: the safe-links extension is on
    return settings


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_a_prepared_rendering_is_what_pelican_reads(settings: dict, path: Path) -> None:
    ours = PreparedMarkdownReader(settings)
    assert outcome(lambda: ours.read(str(path))) == outcome(lambda: MarkdownReader(settings).read(str(path)))
    if isinstance(outcome(lambda: MarkdownReader(settings).read(str(path))), str):
        return  # a bad-input fixture both readers refuse alike (above)
    ours.prepared[str(path)] = ours.render(read_text(str(path)))
    assert ours.read(str(path)) == MarkdownReader(settings).read(str(path))
    assert ours.prepared == {}  # used once: a second read renders again


def outcome(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except Exception as error:
        return type(error).__name__


def test_a_rendering_of_older_text_is_not_used(settings: dict, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Title: Old\n\nOld text.\n", encoding="utf-8")
    ours = PreparedMarkdownReader(settings)
    ours.prepared[str(article)] = ours.render(read_text(str(article)))
    article.write_text("Title: New\n\nNew text.\n", encoding="utf-8")  # saved after it was prepared
    content, metadata = ours.read(str(article))
    assert "New text" in content and metadata["title"] == "New"


def test_workers_keep_the_order_and_the_parent_hears_their_warnings(caplog: pytest.LogCaptureFixture) -> None:
    items = list(range(100))
    with caplog.at_level(logging.WARNING):
        results = in_workers(_square_and_warn_on_7, items, 2)
    assert [square for square, _ in results] == [item * item for item in items]
    assert os.getpid() not in {pid for _, pid in results}  # the work was done by other processes
    assert [r.getMessage() for r in caplog.records] == ["seven seen"]


def _square_and_warn_on_7(item: int) -> tuple[int, int]:
    if item == 7:
        logging.getLogger("pelican.test").warning("seven %s", "seen")
    return item * item, os.getpid()

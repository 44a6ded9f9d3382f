"""The preview's watcher sees every save, also one made the moment the preview starts serving."""

from __future__ import annotations

import threading
from pathlib import Path

from sitebuild.preview import SaveWatcher


def changes_within(watcher: SaveWatcher, seconds: float = 60) -> set[Path]:
    found: list[set[Path]] = []
    reader = threading.Thread(target=lambda: found.append(watcher.next_changes()), daemon=True)
    reader.start()
    reader.join(seconds)  # returns as soon as the changes arrive; the limit only stops a hung test
    assert found, "the watcher never reported the save"
    return found[0]


def test_a_save_right_after_the_watcher_is_made_is_seen(tmp_path: Path) -> None:
    watcher = SaveWatcher([tmp_path])
    try:
        (tmp_path / "article.md").write_text("Title: New\n\nBody.\n", encoding="utf-8")
        assert tmp_path / "article.md" in changes_within(watcher)
    finally:
        watcher.stop()


def test_saves_one_after_another_are_all_seen(tmp_path: Path) -> None:
    watcher = SaveWatcher([tmp_path])
    try:
        (tmp_path / "one.md").write_text("1", encoding="utf-8")
        first = changes_within(watcher)
        (tmp_path / "two.md").write_text("2", encoding="utf-8")
        (tmp_path / "three.md").write_text("3", encoding="utf-8")
        seen = set(first)
        while not {tmp_path / "two.md", tmp_path / "three.md"} <= seen:
            seen |= changes_within(watcher)
        assert tmp_path / "one.md" in first
    finally:
        watcher.stop()

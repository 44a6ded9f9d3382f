"""Pelican's content cache keeps rendered Markdown: a new setting or plugin version must not reuse it."""

from __future__ import annotations

from pathlib import Path

from sitebuild.settings import load_settings

PROJECT = Path(__file__).resolve().parents[2]


def settings_file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "conf.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
        f"PLUGIN_PATHS = [{str(tmp_path / 'plugins')!r}]\n{extra}",
        encoding="utf-8",
    )
    return path


def test_the_same_settings_and_plugins_find_the_same_cache(tmp_path: Path) -> None:
    (tmp_path / "plugins").mkdir()
    first = load_settings(settings_file(tmp_path), PROJECT / "content", tmp_path / "out")["CACHE_PATH"]
    again = load_settings(settings_file(tmp_path), PROJECT / "content", tmp_path / "out2")["CACHE_PATH"]
    assert first == again  # the output folder does not matter


def test_a_changed_setting_or_plugin_gets_a_fresh_cache(tmp_path: Path) -> None:
    (tmp_path / "plugins").mkdir()
    before = load_settings(settings_file(tmp_path), PROJECT / "content", tmp_path / "out")["CACHE_PATH"]
    other_siteurl = load_settings(settings_file(tmp_path), PROJECT / "content", tmp_path / "out", siteurl="https://x")
    assert other_siteurl["CACHE_PATH"] != before
    markdown = settings_file(tmp_path, 'MARKDOWN = {"extension_configs": {}, "output_format": "html5"}\n')
    assert load_settings(markdown, PROJECT / "content", tmp_path / "out")["CACHE_PATH"] != before
    (tmp_path / "plugins" / "extension.py").write_text("CHANGED = True\n", encoding="utf-8")
    assert load_settings(settings_file(tmp_path), PROJECT / "content", tmp_path / "out")["CACHE_PATH"] != before

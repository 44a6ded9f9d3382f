"""Post-build steps run side by side where they are independent (sitebuild/postbuild.py): each step starts
once the steps it comes `after` are done; a failure stops what depends on it and is reported by name."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from portal.problems import ContentProblems, Problem

import sitebuild.postbuild as postbuild
from sitebuild.pipeline import POST_BUILD_STEPS, Step

GUARD = 120  # seconds: only so that a broken scheduler fails instead of hanging the suite


@dataclass(frozen=True)
class FakeStep(Step):
    work: Callable[[dict[str, Any], Path], None] = print

    def function(self) -> Callable[..., Any]:
        return self.work


def pipeline_of(monkeypatch: pytest.MonkeyPatch, works: dict[str, Callable[[dict[str, Any], Path], None]]) -> None:
    """The real pipeline's plugins and their `after`, doing `works` instead."""
    steps = tuple(FakeStep(s.plugin, s.target, s.what, s.after, works[s.plugin]) for s in POST_BUILD_STEPS)
    monkeypatch.setattr(postbuild, "POST_BUILD_STEPS", steps)


def test_the_sitemap_pictures_and_search_run_side_by_side_and_publishing_waits_for_all(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    done: list[str] = []
    linked = threading.Event()
    running = threading.Barrier(3, timeout=GUARD)  # passed only when the three run at the same time

    def link(settings: dict[str, Any], output: Path) -> None:
        linked.set()
        done.append("i18n")

    def beside(name: str) -> Callable[[dict[str, Any], Path], None]:
        def work(settings: dict[str, Any], output: Path) -> None:
            assert linked.is_set() and settings["OUTPUT_PATH"] == str(output)
            running.wait()
            done.append(name)

        return work

    def publish(settings: dict[str, Any], output: Path) -> None:
        done.append("publish")

    works = {"i18n": link, "publish": publish} | {name: beside(name) for name in ("pictures", "discovery", "search")}
    pipeline_of(monkeypatch, works)
    postbuild.run_post_build({"PLUGINS": list(works)}, tmp_path)
    assert done[0] == "i18n" and done[-1] == "publish"
    assert sorted(done[1:4]) == ["discovery", "pictures", "search"]


def test_a_failed_step_stops_what_comes_after_it_and_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ran: list[str] = []

    def fail(settings: dict[str, Any], output: Path) -> None:
        raise OSError("disk full")

    def record(name: str) -> Callable[[dict[str, Any], Path], None]:
        return lambda settings, output: ran.append(name)

    works = {name: record(name) for name in ("i18n", "pictures", "discovery", "publish")} | {"search": fail}
    pipeline_of(monkeypatch, works)
    with pytest.raises(postbuild.PostBuildFailed, match="The search step failed: disk full"):
        postbuild.run_post_build({"PLUGINS": list(works)}, tmp_path)
    assert "publish" not in ran and sorted(ran) == ["discovery", "i18n", "pictures"]


def test_problems_an_editor_can_fix_come_through_as_they_are(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    problem = Problem("content/outlets.csv", 3, "a bad row", "fix it")

    def refuse(settings: dict[str, Any], output: Path) -> None:
        raise ContentProblems([problem])

    works = {name: (lambda settings, output: None) for name in ("i18n", "pictures", "search", "publish")}
    pipeline_of(monkeypatch, {**works, "discovery": refuse})
    with pytest.raises(ContentProblems) as raised:
        postbuild.run_post_build({"PLUGINS": [*works, "discovery"]}, tmp_path)
    assert raised.value.problems == [problem]

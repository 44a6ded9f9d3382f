"""Post-build steps (pipeline.POST_BUILD_STEPS): plugins' work on the finished pages, such as the search
index, the sitemap and compression.

They run after Pelican has written every language into the staging folder and before the staging
folder is swapped in, so they see whatever every plugin wrote. A step that fails fails the whole build
(ContentProblems are reported to editors as usual; any other error names the step).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from portal.problems import ContentProblems

from .pipeline import POST_BUILD_STEPS, PostBuild, enabled


class PostBuildFailed(Exception):
    """A post-build step could not finish: the site is not published."""


def post_build_steps(settings: dict[str, Any]) -> list[tuple[str, PostBuild]]:
    """(plugin, step) for every enabled plugin's post-build step, in the order they start."""
    return [(step.plugin, step.function()) for step in enabled(POST_BUILD_STEPS, settings)]


def run_post_build(settings: dict[str, Any], output: Path) -> None:
    """Every enabled step, each once the steps it comes after are done, the others side by side (threads:
    the search index is a Pagefind process, so the sitemap and pictures take no time of their own)."""
    steps = list(enabled(POST_BUILD_STEPS, settings))
    works = [step.function() for step in steps]  # imported in this thread, before any step starts
    step_settings = dict(settings, OUTPUT_PATH=str(output))
    with ThreadPoolExecutor(max(1, len(steps))) as pool:  # a thread per step: a waiting step holds no other
        started: dict[str, Future[None]] = {}
        for step, work in zip(steps, works, strict=True):
            waits = [started[plugin] for plugin in step.after if plugin in started]
            started[step.plugin] = pool.submit(_run_step, step.plugin, work, waits, step_settings, output)
    for step in steps:  # the first failure in pipeline order is the one reported
        error = started[step.plugin].exception()
        if isinstance(error, ContentProblems):
            raise error  # problems an editor can fix are reported like every other content problem
        if isinstance(error, _EarlierStepFailed):
            continue
        if error is not None:
            raise PostBuildFailed(f"The {step.plugin} step failed: {error}") from error


class _EarlierStepFailed(Exception):
    """A step did not run because one it comes after failed (that one is reported)."""


def _run_step(plugin: str, work: PostBuild, waits: list[Future[None]], settings: dict[str, Any], out: Path) -> None:
    if any(earlier.exception() is not None for earlier in waits):
        raise _EarlierStepFailed(plugin)
    work(settings, out)

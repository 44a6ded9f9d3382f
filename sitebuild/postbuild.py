"""Post-build steps (pipeline.POST_BUILD_STEPS): plugins' work on the finished pages, such as the search
index, the sitemap and compression.

They run after Pelican has written every language into the staging folder and before the staging
folder is swapped in, so they see whatever every plugin wrote. A step that fails fails the whole build
(ContentProblems are reported to editors as usual; any other error names the step).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal.problems import ContentProblems

from .pipeline import POST_BUILD_STEPS, PostBuild, enabled


class PostBuildFailed(Exception):
    """A post-build step could not finish: the site is not published."""


def post_build_steps(settings: dict[str, Any]) -> list[tuple[str, PostBuild]]:
    """(plugin, step) for every enabled plugin's post-build step, in the order they run."""
    return [(step.plugin, step.function()) for step in enabled(POST_BUILD_STEPS, settings)]


def run_post_build(settings: dict[str, Any], output: Path) -> None:
    for plugin, step in post_build_steps(settings):
        try:
            step(dict(settings, OUTPUT_PATH=str(output)), output)
        except ContentProblems:
            raise  # problems an editor can fix are reported like every other content problem
        except Exception as error:
            raise PostBuildFailed(f"The {plugin} step failed: {error}") from error

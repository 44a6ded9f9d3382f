"""Post-build steps: plugins that work on the finished pages (search index, sitemap, compression).

A plugin named in PLUGINS may offer `post_build(settings, output: Path) -> None`; it runs after
Pelican has written every page into the staging folder and before the staging folder is swapped in,
so it sees whatever every plugin wrote. `POST_BUILD_ORDER` (an int, default 50) on the module orders
the steps: ties keep the PLUGINS order. A step that fails fails the whole build (ContentProblems are
reported to editors as usual; any other error names the step).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from content_contract.problems import ContentProblems

DEFAULT_ORDER = 50

PostBuild = Callable[[dict[str, Any], Path], None]


class PostBuildFailed(Exception):
    """A post-build step could not finish: the site is not published."""


def post_build_steps(settings: dict[str, Any]) -> list[tuple[str, PostBuild]]:
    """(plugin name, step) for every enabled plugin with a post_build, in the order they must run."""
    found: list[tuple[int, int, str, PostBuild]] = []
    for position, name in enumerate(settings.get("PLUGINS", [])):
        module = importlib.import_module(name) if isinstance(name, str) else name
        step = getattr(module, "post_build", None)
        if step is not None:
            order = int(getattr(module, "POST_BUILD_ORDER", DEFAULT_ORDER))
            found.append((order, position, getattr(module, "__name__", str(name)), step))
    return [(name, step) for _, _, name, step in sorted(found, key=lambda item: item[:2])]


def run_post_build(settings: dict[str, Any], output: Path) -> None:
    for name, step in post_build_steps(settings):
        try:
            step(dict(settings, OUTPUT_PATH=str(output)), output)
        except ContentProblems:
            raise  # problems an editor can fix are reported like every other content problem
        except Exception as error:
            raise PostBuildFailed(f"The {name} step failed: {error}") from error

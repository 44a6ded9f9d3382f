"""The discovery plugin's post-build step (sitebuild.pipeline.POST_BUILD_STEPS): sitemap.xml and robots.txt,
written from the finished pages so every plugin's pages are included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal.run import public_url

from .sitemap import write_sitemap_and_robots


def write_sitemap(settings: dict[str, Any], output: Path) -> None:
    write_sitemap_and_robots(output, public_url(settings))

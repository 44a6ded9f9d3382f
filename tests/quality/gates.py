"""Session fixtures of the quality gates, loaded for every test folder by tests/conftest.py (pytest_plugins).

The project's site is built once (the shared `site` fixture); these add the crawler's view of it,
one page of each kind, the Nu Html Checker's report (one Java process for every page) and a served copy.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.quality.crawl import Site, one_page_per_kind

PROJECT = Path(__file__).resolve().parent.parent.parent
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


def load_project_settings(settings_file: str = "pelicanconf.py") -> dict:
    from sitebuild.settings import load_settings

    return load_settings(PROJECT / settings_file)


def run_vnu(files: list[Path]) -> list[dict]:
    """The Nu Html Checker's errors for `files`, checked in one Java process (it is slow to start)."""
    assert VNU_JAR.is_file(), "vnu.jar is missing: run `make setup` (npm ci installs vnu-jar)"
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(done.stderr or done.stdout)
    return [message for message in report["messages"] if message.get("type") in ("error", "non-document-error")]


@pytest.fixture(scope="session")
def site_settings() -> dict:
    return load_project_settings()


@pytest.fixture(scope="session")
def crawled_site(site, site_settings: dict) -> Site:
    """The project's own site (built once per session by tests/conftest.py), ready to crawl."""
    return Site(site.output, (site_settings.get("SITEURL", ""), site_settings.get("PUBLIC_SITEURL", "")))


@pytest.fixture(scope="session")
def site_page_kinds(crawled_site: Site, site_settings: dict) -> dict[str, str]:
    """{kind: site URL}: one page of each kind the build wrote (home, topic hub, article, 404, …)."""
    return one_page_per_kind(crawled_site.urls, site_settings["TOPICS"])


@dataclass
class PublishedBuilds:
    """The project's content published (publishconf.py) three times: `first` and `second` into different
    folders with different, empty cache roots (in parallel); `warm` again with the first build's cache."""

    first: Any
    second: Any
    warm: Any


@pytest.fixture(scope="session")
def published_builds(tmp_path_factory: pytest.TempPathFactory) -> PublishedBuilds:
    from conftest import run_site  # the shared helper of tests/conftest.py

    root = tmp_path_factory.mktemp("published")

    def publish(name: str, cache: str) -> Any:
        output = root / name / "output"
        # The project's sample settings: a preview build (every page carries the preview notice).
        result = run_site(
            "build", PROJECT / "content", output, "publishconf.py", None, root / cache, allow_placeholders=True
        )
        assert result.returncode == 0, result.stderr
        return result

    # One "today" for all three (closures and campaigns depend on the day), even across midnight.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(time.time()))
    try:
        with ThreadPoolExecutor(2) as pool:
            first, second = pool.map(lambda args: publish(*args), [("a", "cache-a"), ("b", "cache-b")])
        warm = publish("warm", "cache-a")
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return PublishedBuilds(first, second, warm)


@pytest.fixture(scope="session")
def published_site(published_builds: PublishedBuilds) -> Site:
    settings = load_project_settings("publishconf.py")
    return Site(published_builds.first.output, (settings.get("SITEURL", ""), settings.get("PUBLIC_SITEURL", "")))


# A page with known errors checked in the same Java process: proves the checker really reports errors.
INVALID_CANARY = """<!doctype html><html lang="en"><head><title>x</title></head>
<body><p><div>block in a paragraph</div></p><img src="a.png"><a href="#" href="#">twice</a></body></html>
"""


@pytest.fixture(scope="session")
def vnu_report(
    crawled_site: Site, published_site: Site, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[dict], Path]:
    """(every vnu error for the pages of the local and the published build, and for a deliberately invalid
    canary page; the canary's path). One Java process for all of them."""
    canary = tmp_path_factory.mktemp("vnu-canary") / "invalid.html"
    canary.write_text(INVALID_CANARY, encoding="utf-8")
    return run_vnu([*crawled_site.html_files, *published_site.html_files, canary]), canary


@pytest.fixture(scope="session")
def served_site(site):
    """The built site on a loopback port: base URL without a trailing slash."""
    from conftest import serve_directory  # the shared helper of tests/conftest.py

    with serve_directory(site.output) as base_url:
        yield base_url

"""Shared test helpers: real temporary builds, a loopback web server, headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Session fixtures of the quality gates (crawled site, one page per kind, vnu report) for every test folder.
pytest_plugins = ["tests.quality.gates"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def page(self, url_path: str) -> BeautifulSoup:
        """The built page for a site path such as '/fraud/x/' or '/404.html'."""
        target = self.output / url_path.lstrip("/")
        if url_path.endswith("/"):
            target = target / "index.html"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


def run_site(
    command: str,
    content: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    siteurl: str | None = None,
    cache_root: Path | None = None,
    allow_placeholders: bool = False,
    workers: int | None = None,
) -> BuildResult:
    """Run `python -m sitebuild COMMAND` as make does, in a fresh process.
    allow_placeholders: as make publish ALLOW_PLACEHOLDERS=1 (the project's sample settings, a preview)."""
    args = [sys.executable, "-m", "sitebuild", command, "--settings", str(PROJECT / settings)]
    args += ["--content", str(content), "--output", str(output)]
    if siteurl:
        args += ["--siteurl", siteurl]
    if allow_placeholders:
        args.append("--allow-placeholders")
    if workers:
        args += ["--workers", str(workers)]
    env = dict(os.environ, PORTAL_CACHE_ROOT=str(cache_root or output.parent / "cache"))
    done = subprocess.run(args, cwd=PROJECT, capture_output=True, text=True, env=env, timeout=900)
    return BuildResult(done.returncode, done.stdout, done.stderr, output)


def run_python(args: list[str], env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in the project folder, in a fresh process (a build's signals and caches stay there)."""
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, capture_output=True, text=True, env=env, timeout=timeout
    )


def copy_content(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination)
    return destination


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The project's own content, built once for the whole session."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_site("build", PROJECT / "content", out, cache_root=out.parent / "cache")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """A private copy of the small fixture site, safe to break."""
    return copy_content(FIXTURES / "small-site", tmp_path / "content")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port); yields the base URL without a trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import expect, sync_playwright

    # expect() waits for the state it asserts; 5 s (its default) is too short on a machine under full load.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that fails the test on any console error or page error."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    context.close()

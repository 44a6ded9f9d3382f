"""make serve as an editor uses it: the open page follows each save, shows a broken save's problems with
their lines, and comes back by itself once the mistake is fixed."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARTICLE = "articles/fraud/fake-police-call.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(small_content: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    log = (tmp_path / "preview.log").open("w")
    command = [sys.executable, "-m", "sitebuild", "serve", "--content", str(small_content)]
    command += ["--output", str(tmp_path / "out"), "--port", str(port)]
    server = subprocess.Popen(command, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_first_build(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def wait_for_first_build(base: str, server: subprocess.Popen) -> None:
    """Until the preview's event stream names a build (the first build runs before that)."""
    while server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/__preview/events", timeout=60) as events:
                if events.readline().startswith(b"data: "):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=0.2)  # not listening yet: ask again unless it stopped
    raise AssertionError(f"the preview stopped with exit code {server.returncode}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_open_page_follows_saves_and_shows_problems_until_they_are_fixed(
    preview: str, small_content: Path, page: Page
) -> None:
    article = small_content / ARTICLE
    page.goto(f"{preview}/fraud/fake-police-call/")
    expect(page.locator("main")).to_contain_text("The caller says your account is part of a crime.")

    edit(article, "The caller says", "The caller always says")
    expect(page.locator("main")).to_contain_text("The caller always says your account")  # no reload by the test

    edit(article, "Leaflet: yes\n", "Leaflet: yes\nColour: red\n")  # a header field the site does not know
    errors = page.locator("[data-preview-errors]")
    expect(errors).to_contain_text("fake-police-call.md:9:")
    expect(errors).to_contain_text("Colour")

    edit(article, "Colour: red\n", "")
    expect(page.locator("main")).to_contain_text("The caller always says your account")
    expect(errors).to_have_count(0)

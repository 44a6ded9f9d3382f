"""make serve: a preview on localhost that rebuilds when an editor saves a file."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import PROJECT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last text began {text[:200]!r}")


def test_preview_rebuilds_after_an_edit(small_content: Path, tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitebuild",
            "serve",
            "--content",
            str(small_content),
            "--output",
            str(tmp_path / "out"),
            "--port",
            str(port),
        ],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/fraud/fake-police-call/"
        fetch_until(url, "is a scam")
        article = small_content / "articles/fraud/fake-police-call.md"
        article.write_text(
            article.read_text(encoding="utf-8").replace("is a scam", "is always a scam"), encoding="utf-8"
        )
        fetch_until(url, "is always a scam")
    finally:
        server.terminate()
        server.wait(timeout=20)

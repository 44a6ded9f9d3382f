"""Preview figures: how long an editor waits, in a running `make serve`, from saving a file to the updated page.

python -m bench.preview [--content content] [--edits 5]
The clock starts when the file is saved and stops when the page the preview serves shows the edit; the
preview's event stream (the one pages reload on) says when each build is done.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_preview(content: Path, output: Path, settings: str, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "sitebuild", "serve", "--settings", settings, "--content", str(content)]
    command += ["--output", str(output), "--port", str(port)]
    output.parent.mkdir(parents=True, exist_ok=True)
    log = (output.parent / f"{output.name}.log").open("w")
    server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        while server.poll() is None:  # the first build runs before the preview listens
            try:
                with urllib.request.urlopen(f"{base}/__preview/events", timeout=600) as events:
                    if events.readline().startswith(b"data: "):
                        break
            except OSError:
                time.sleep(0.2)
        yield base
    except Exception:
        print(f"The preview's last words:\n{Path(log.name).read_text(encoding='utf-8')[-3000:]}", file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def seconds_to_updated_page(base: str, page: str, save: Any, shows: str) -> float:
    """Save, then wait for the next build's event and for the page to carry the edit."""
    with urllib.request.urlopen(f"{base}/__preview/events", timeout=600) as events:
        before = events.readline()
        events.readline()  # the blank line ending the first event
        started = time.perf_counter()
        save()
        while True:
            line = events.readline()
            if line.startswith(b"data: ") and line != before:
                break
    while shows not in urllib.request.urlopen(base + page, timeout=60).read().decode("utf-8"):
        pass  # the page is read after the build swapped the site in; this only guards against a slow swap
    seconds = time.perf_counter() - started
    while b'"building": true' in urllib.request.urlopen(f"{base}/__preview/status", timeout=60).read():
        time.sleep(0.1)  # the print files of this save: the next save is measured from a quiet preview
    return seconds


def article_page(article: Path) -> str:
    """content/articles/<topic>/<name>.md is published at /<topic>/<name>/ (ARTICLE_URL in pelicanconf.py)."""
    return f"/{article.parent.name}/{article.stem}/"


def measure_preview(content: Path, work: Path, settings: str, env: dict[str, str], edits: int) -> dict[str, float]:
    """Medians for a body edit and a title edit of an article that is not a leaflet and, when the content
    has one, of a leaflet article (its PDFs and packs are made again too)."""
    output = work / "preview-out"
    articles = [path for path in sorted((content / "articles").rglob("*.md")) if ".zh." not in path.name]
    leaflets = [path for path in articles if "\nLeaflet: yes" in path.read_text(encoding="utf-8")]
    plain = [path for path in articles if path not in leaflets]
    figures: dict[str, float] = {}
    with running_preview(content, output, settings, env) as base:
        for kind, article in (("article", plain[0]), ("leaflet_article", leaflets[0] if leaflets else None)):
            if article is None:
                continue
            page = article_page(article)
            body, title = [], []
            for number in range(edits):
                marker = f"Preview edit {number}."
                body.append(seconds_to_updated_page(base, page, lambda m=marker, a=article: last_line(a, m), marker))
                marker = f"Title edit {number}"
                title.append(seconds_to_updated_page(base, page, lambda m=marker, a=article: retitle(a, m), marker))
            figures[f"{kind}_body_edit_s"] = statistics.median(body)
            figures[f"{kind}_title_edit_s"] = statistics.median(title)
    return figures


def last_line(article: Path, sentence: str) -> None:
    """`sentence` becomes the article's last paragraph, in place of the previous edit's: the text keeps its
    length, so a leaflet keeps its page count."""
    text = article.read_text(encoding="utf-8").rstrip("\n")
    head, _, last = text.rpartition("\n")
    text = head if last.startswith("Preview edit ") else text + "\n"
    article.write_text(f"{text}\n{sentence}\n", encoding="utf-8")


def retitle(article: Path, words: str) -> None:
    lines = article.read_text(encoding="utf-8").split("\n")
    lines[0] = "Title: " + lines[0].removeprefix("Title: ").split(" — ")[0] + f" — {words}"
    article.write_text("\n".join(lines), encoding="utf-8")


def measure_stage(bench: Any, edits: int = 5) -> dict[str, Any]:
    """(f) for make bench: the bench site (without leaflets, as (a)) and the project's own content with leaflets."""
    bench_site = measure_preview(bench.content, bench.work, "bench/benchconf.py", bench.env, edits)
    own = bench.work / "own-content"
    shutil.copytree(PROJECT / "content", own)
    project = measure_preview(own, bench.work / "own", "pelicanconf.py", bench.env, edits)
    table = {
        "(f) preview, bench site: save to updated page, body edit (s)": (bench_site["article_body_edit_s"], "≤ 1.0"),
        "    preview, bench site: title edit (s)": (bench_site["article_title_edit_s"], "≤ 1.0"),
        "    preview, project content: body edit (s)": (project["article_body_edit_s"], "≤ 1.0"),
        "    preview, project content: title edit (s)": (project["article_title_edit_s"], "≤ 1.0"),
    }
    for edit in ("body", "title"):
        if f"leaflet_article_{edit}_edit_s" in project:
            label = f"    preview, project content, a leaflet article: {edit} edit (s)"
            table[label] = (project[f"leaflet_article_{edit}_edit_s"], "≤ 1.0")
    return {"raw": {"bench_site": bench_site, "project_content": project}, "table": table}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="portal-preview-"))
    try:
        content = work / "content"
        shutil.copytree(args.content, content)
        env = dict(os.environ, PORTAL_CACHE_ROOT=str(work / "cache"))
        figures = measure_preview(content, work, "pelicanconf.py", env, args.edits)
        for name, value in figures.items():
            print(f"{name}: {value:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

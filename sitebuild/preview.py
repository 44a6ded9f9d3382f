"""make serve: a preview on localhost that stays warm, rebuilds on every save and makes the browser follow.

- Builds run inside this process, so Pelican, WeasyPrint, compiled templates and QR codes stay loaded
  between saves; the caches (render_cache, the check memo, leaflets) make a rebuild redo only what the
  edit touched. An edit to plugin code, sitebuild or a settings file restarts the process instead, so
  the new code is what builds.
- Every HTML page the preview serves gets one script, /__preview/reload.js, which listens to
  /__preview/events (server-sent events, same origin: the site's own Content-Security-Policy allows it)
  and reloads the page after each build. Published pages never contain it: it is added while serving.
- The saved page first: a save that only changes an article's or page's text rewrites that page in the
  served site before anything else (quicklook.py), and the page reloads with it.
- Pages first, print files next: a save builds with PRINT_LATER (portal.run.print_later), so leaflet PDFs and
  packs the caches lack are left out, and a changed search shard keeps its last index, so the pages show at
  once; a second build follows straight away and makes them (then pages reload once more, unchanged).
  What is served in the end is a full build's output.
- While the last build failed, every page is answered with an error page listing each problem
  (`path:line: what — fix`); it listens too, so the site comes back by itself once the fix is saved.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import os
import queue
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

PREFIX = "/__preview/"
CLIENT = Path(__file__).with_name("preview_client.js")
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_PROBLEM_LINE = re.compile(r"^\S.*:\d*:? ")  # "content/x.md:4: …" (and pelicanconf.py: … without a line)


@dataclass
class BuildState:
    """What the last build left: a number that changes with every build, and its problems if it failed."""

    boot: str
    generation: int = 0
    problems: tuple[str, ...] = ()
    failed: bool = False
    building: bool = False  # a save's builds (pages, then print files) are under way

    def __post_init__(self) -> None:
        self.changed = threading.Condition()

    def record(self, failed: bool, problems: Iterable[str]) -> None:
        with self.changed:
            self.generation += 1
            self.failed, self.problems = failed, tuple(problems)
            self.changed.notify_all()

    def token(self) -> str:
        return f"{self.boot}.{self.generation}.{'failed' if self.failed else 'ok'}"


class Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy, so the preview can show what the build printed."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.copy = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.stream.flush()


Build = Callable[[list[str] | None], int]  # build(print_later) → exit code; None: make every print file now
QuickLook = Callable[[set[Path]], "list[str] | None"]  # the pages it rewrote, None: not a save for it


def build_after_save(build: Build, state: BuildState, changed: set[Path], quick: QuickLook | None = None) -> None:
    later: list[str] = []
    state.building = True
    try:
        if quick is not None and not state.failed:
            show_quick_look(quick, changed, state)
        if build_and_record(lambda: build(later), state) == 0 and later:
            print(f"Pages are up; now what they left for later: {'; '.join(later)}.", flush=True)
            build_and_record(lambda: build(None), state)
    finally:
        state.building = False


def show_quick_look(quick: QuickLook, changed: set[Path], state: BuildState) -> None:
    """The saved page at once (quicklook.py); the full build follows whatever happens here."""
    started = time.perf_counter()
    try:
        pages = quick(changed)
    except Exception as error:  # the full build that follows shows what is wrong
        print(f"Quick look skipped: {error!r}", flush=True)
        return
    if pages:
        state.record(False, ())
        took = time.perf_counter() - started
        print(f"Quick look: {', '.join(pages)} in {took:.2f} s; the rest of the site follows.", flush=True)


def build_and_record(build: Callable[[], int], state: BuildState) -> int:
    tee = Tee(sys.stderr)
    started = time.perf_counter()
    with contextlib.redirect_stderr(tee):
        try:
            code = build()
        except Exception as error:  # a crash must not stop the preview: show it like a problem
            print(f"The build stopped: {error!r}", file=sys.stderr)
            code = 1
    problems = problem_lines(tee.copy.getvalue())
    state.record(code != 0, problems)
    outcome = "failed" if code else "done"
    print(f"Preview: build {state.generation} {outcome} in {time.perf_counter() - started:.2f} s.", flush=True)
    return code


def problem_lines(printed: str) -> list[str]:
    """The lines of a failed build an editor must read: its problems and the closing summary."""
    lines = [line.rstrip() for line in printed.splitlines() if line.strip()]
    wanted = [line for line in lines if _PROBLEM_LINE.match(line) or "error(s)" in line or "failed" in line]
    return wanted or lines[-20:]


def reload_script(state: BuildState) -> str:
    return f'<script src="{PREFIX}reload.js" data-build="{state.token()}" defer></script>'


def error_page(state: BuildState) -> bytes:
    problems = [line for line in state.problems if "error(s)" not in line]
    summary = "".join(f"<p>{html.escape(line)}</p>" for line in state.problems if "error(s)" in line)
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The preview has problems to fix</title>
<style>body{{font:1.125rem/1.5 system-ui,sans-serif;margin:1rem;max-width:60rem}}h1{{color:#b10e1e}}
li{{margin:.5rem 0}}code{{white-space:pre-wrap;word-break:break-word;font-size:1rem}}</style>
{reload_script(state)}</head>
<body><main data-preview-errors>
<h1>The last save has problems to fix</h1>
<p>Nothing was published: fix each line below and save; this page shows the site again by itself.</p>
<ul>{items}</ul>
{summary}
</main></body></html>
""".encode()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build, never a stale copy
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "events":
            return self.send_events()
        if path == PREFIX + "status":  # for make bench: whether a save's builds are still running
            status = f'{{"build": "{self.state.token()}", "building": {str(self.state.building).lower()}}}'
            return self.send_bytes(status.encode(), "application/json")
        if path == PREFIX + "reload.js":
            return self.send_bytes(CLIENT.read_bytes(), "text/javascript; charset=utf-8")
        if self.state.failed and is_page(path):
            return self.send_bytes(error_page(self.state), "text/html; charset=utf-8", status=500)
        if is_page(path):
            return self.send_page()
        return super().do_GET()

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if status != 200:  # the preview's own page: its style is inline
            self.send_header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'")
        self.end_headers()
        self.wfile.write(body)

    def send_page(self) -> None:
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the standard redirect to the address with its slash
            file = file / "index.html"
        if not file.is_file():
            return super().do_GET()  # the standard 404
        body = _HEAD_END.sub(lambda m: reload_script(self.state).encode() + m[0], file.read_bytes(), count=1)
        self.send_bytes(body, "text/html; charset=utf-8")

    def send_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        try:
            while True:
                with self.state.changed:
                    if seen == self.state.token():
                        self.state.changed.wait(timeout=15)
                    token = self.state.token()
                # A comment line keeps the connection open through idle minutes; data lines say what changed.
                self.wfile.write(f"data: {token}\n\n".encode() if token != seen else b": waiting\n\n")
                self.wfile.flush()
                seen = token
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.command != "GET":
            return super().send_error(code, message, explain)
        # A page that does not exist yet (a new article being written) appears by itself once it is built.
        body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not built (yet)</title>
{reload_script(self.state)}</head><body><h1>No page at this address (yet)</h1>
<p>{html.escape(self.path)} is not in the last build. It appears here by itself once a save builds it.</p>
</body></html>"""
        self.send_bytes(body.encode(), "text/html; charset=utf-8", status=404)

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows builds and problems, not every request


def is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path.endswith("/") or name.endswith(".html") or "." not in name


def serve_forever(
    output: Path,
    build: Build,
    watched: list[Path],
    restart_on: list[Path],
    port: int = 8000,
    quick: QuickLook | None = None,
) -> None:
    """Build, serve OUTPUT on 127.0.0.1:port, rebuild on every change under `watched`; a change under
    `restart_on` (code, settings) restarts the whole preview in a fresh process instead."""
    state = BuildState(boot=f"{os.getpid()}-{time.time_ns()}")
    # Stopped by a process manager or a test (SIGTERM) as by Ctrl+C: a build under way unwinds, so the
    # PDF worker processes it started are shut down with it instead of being left behind.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    handler = type("Handler", (PreviewHandler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(output)))
    server.daemon_threads = True  # open event streams must not keep a stopping preview alive
    # Watching starts before the first build, so a save made during it, or the moment the first page is
    # up, is seen and built (a watcher started after serving missed such a save).
    saves = SaveWatcher([p for p in watched if p.exists()])
    try:
        build_and_record(lambda: build(None), state)  # before serving: the first page anyone sees is a full build
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Preview on http://localhost:{port}/ — pages reload by themselves after each save; Ctrl+C stops.")
        while True:
            changed = saves.next_changes()
            code = sorted(str(path) for path in changed if is_under(path, restart_on))
            if code:
                print(f"Code or settings changed ({', '.join(code[:3])}): restarting the preview…", flush=True)
                saves.stop()
                server.shutdown()
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            print(f"{len(changed)} change(s): rebuilding…", flush=True)
            build_after_save(build, state, changed, quick)
    finally:
        saves.stop()
        server.shutdown()


class SaveWatcher:
    """Collects file changes in a background thread from the moment it is made, so none is missed while
    a build runs; `next_changes` waits for the next ones and takes everything saved since."""

    def __init__(self, paths: list[Path]) -> None:
        from watchfiles import watch

        self._changes: queue.Queue[set[Path]] = queue.Queue()
        self._stopping = threading.Event()
        ready = threading.Event()

        def collect() -> None:
            # yield_on_timeout: the first (empty) yield tells that the watcher is in place.
            try:
                for changes in watch(*paths, stop_event=self._stopping, rust_timeout=200, yield_on_timeout=True):
                    ready.set()
                    if changes:
                        self._changes.put({Path(path) for _, path in changes})
            finally:
                ready.set()  # never leave the preview waiting for a watcher that could not start

        threading.Thread(target=collect, daemon=True).start()
        ready.wait()

    def next_changes(self) -> set[Path]:
        changed = self._changes.get()
        while not self._changes.empty():
            changed |= self._changes.get_nowait()
        return changed

    def stop(self) -> None:
        self._stopping.set()


def is_under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)

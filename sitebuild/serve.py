"""make serve: build, serve on localhost, rebuild when content, theme, plugins or settings change."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path


def serve_forever(output: Path, rebuild: Callable[[], int], watched: list[Path], port: int = 8000) -> None:
    from watchfiles import watch

    rebuild()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Preview on http://localhost:{port}/ — edits rebuild the site; Ctrl+C stops.")
    try:
        for changes in watch(*[p for p in watched if p.exists()], raise_interrupt=False):
            print(f"{len(changes)} change(s): rebuilding…")
            rebuild()
    finally:
        server.shutdown()

"""A line now and then while a long step runs, so `make check` or a build is never silent for long.

A fast step prints nothing (tests and editors see the same output as before); one that runs past
`every` seconds says what it is still doing, once per interval, on stderr beside the problems.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

QUIET_SECONDS = 5.0  # issue 13: no step may stay silent longer than this


@contextmanager
def still_working(doing: str, every: float = QUIET_SECONDS, stream: TextIO | None = None) -> Iterator[None]:
    """Print '… still DOING (N s)' every `every` seconds until the block ends."""
    out = stream or sys.stderr
    done = threading.Event()
    started = time.perf_counter()

    def tell() -> None:
        while not done.wait(every):
            print(f"… still {doing} ({time.perf_counter() - started:.0f} s)", file=out, flush=True)

    # A daemon thread: a step that crashes or is interrupted never waits for it.
    teller = threading.Thread(target=tell, name="still-working", daemon=True)
    teller.start()
    try:
        yield
    finally:
        done.set()
        teller.join()

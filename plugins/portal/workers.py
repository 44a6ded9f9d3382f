"""Work spread over every core, with results in the order of the input (so output stays byte-identical).

`in_workers(work, items, workers)` is `[work(item) for item in items]`, computed by forked worker
processes when there are enough items to pay for them. Forking is what makes it cheap: the workers
inherit the loaded code, the settings and `items` themselves, so only index ranges go out and only
results come back (results must pickle: strings, dataclasses of strings). Log records a worker emits
(WARNING and up) are re-emitted in the parent, where the build's error collector sees them.

BUILD_WORKERS sets the number of processes (None: one per core; 1: everything in this process).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a pool costs more than it saves (a fork and a pickle round trip per worker).
MIN_ITEMS_PER_WORKER = 16

# What the forked workers inherit: the work and its items, set just before the pool starts.
_inherited: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def build_workers(settings: Mapping[str, Any]) -> int:
    """BUILD_WORKERS, or the number of cores this process may use."""
    wanted = settings.get("BUILD_WORKERS")
    if isinstance(wanted, int) and not isinstance(wanted, bool) and wanted >= 1:
        return wanted
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_workers(work: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    workers = min(workers, len(items) // MIN_ITEMS_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    global _inherited
    _inherited = (work, items)
    try:
        chunks = _chunks(len(items), workers * 4)  # a few chunks per worker, so a slow one does not hold the rest
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(_run_chunk, chunks))
    finally:
        _inherited = None
    results: list[Result] = []
    for chunk_results, records in done:
        for record in records:
            logging.getLogger(record.name).handle(record)
        results += chunk_results
    return results


def _chunks(count: int, pieces: int) -> list[tuple[int, int]]:
    size = -(-count // pieces)
    return [(start, min(start + size, count)) for start in range(0, count, size)]


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle; the message does
        record.exc_info = None
        self.records.append(record)


def _run_chunk(chunk: tuple[int, int]) -> tuple[list[Any], list[logging.LogRecord]]:
    assert _inherited is not None, "in_workers runs this only in its forked workers"
    work, items = _inherited
    keep = _Keep()
    root = logging.getLogger()
    handlers, root.handlers = root.handlers, [keep]  # the parent prints them, once
    try:
        return [work(items[index]) for index in range(*chunk)], keep.records
    finally:
        root.handlers = handlers

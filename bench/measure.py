"""Timing and memory of child processes: wall time and the child's own peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stdout: str


def run_measured(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one command; wait4 gives this child's own peak memory, not the maximum of all children."""
    started = time.perf_counter()
    child = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    stdout = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{stdout[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout)


def median_of(repeat: int, prepare: Callable[[], None], command: Callable[[], Run]) -> tuple[float, list[Run]]:
    runs = []
    for _ in range(repeat):
        prepare()
        runs.append(command())
    return statistics.median(r.seconds for r in runs), runs

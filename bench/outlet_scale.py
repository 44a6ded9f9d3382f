"""(g) Outlet scale: the whole build (pages, outlet and area pages, search, sitemaps, packs) at two numbers of
outlets with the same articles and leaflets, cold, one after the other in this run.

python -m bench.outlet_scale [--outlets 4000,40000] [--articles 50] [--leaflets 10] [--json FILE]

Figures: the ratio of the two build times (target ≤ 12 for 10× the outlets: the cost grows linearly), the peak
memory of the whole build (every process of it summed, sampled from /proc; target ≤ 2 GiB), and the output
bytes each further outlet adds, per language (target ≤ 60 KB): (bytes at the larger count − bytes at the
smaller) / (the difference in outlets), for the main language's files and for /zh/'s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .generate import generate

PROJECT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class ScaleRun:
    outlets: int
    seconds: float
    peak_tree_mib: float
    bytes_main: int
    bytes_zh: int


def tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, now (0 for what has already ended)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            resident = int((entry / "statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue  # the process ended while being read
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = resident
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def build_measured(content: Path, output: Path, cache: Path) -> tuple[float, int]:
    """(seconds, peak bytes of the whole process tree) of one cold build."""
    command = [sys.executable, "-m", "sitebuild", "build", "--settings", "pelicanconf.py"]  # leaflets and packs too
    command += ["--content", str(content), "--output", str(output)]
    env = dict(os.environ, PORTAL_CACHE_ROOT=str(cache))
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.5):
            peak = max(peak, tree_rss_bytes(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    log = child.stdout.read() if child.stdout else ""
    child.wait()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"the build at {content} failed ({child.returncode}):\n{log[-3000:]}")
    return seconds, peak


def output_bytes(output: Path) -> tuple[int, int]:
    """(bytes of the main language's files, bytes under /zh/) of a build, files only."""
    root = output.resolve()
    main = zh = 0
    for path in root.rglob("*"):
        if path.is_file():
            if path.relative_to(root).parts[0] == "zh":
                zh += path.stat().st_size
            else:
                main += path.stat().st_size
    return main, zh


def measure_outlet_scale(
    work: Path, counts: tuple[int, int] = (4000, 40000), articles: int = 50, leaflets: int = 10
) -> dict[str, Any]:
    runs: list[ScaleRun] = []
    for outlets in counts:
        folder = work / f"outlets-{outlets}"
        content = generate(folder / "content", articles, outlets, leaflets, chinese_every=5)
        print(f"outlet scale: building {outlets:,} outlets…", flush=True)
        seconds, peak = build_measured(content, folder / "output", folder / "cache")
        main, zh = output_bytes(folder / "output")
        runs.append(ScaleRun(outlets, seconds, peak / 2**20, main, zh))
        print(f"  {seconds:.0f} s, peak {peak / 2**20:.0f} MiB, {main + zh:,} bytes", flush=True)
        shutil.rmtree(folder / "cache", ignore_errors=True)  # the disk a 40,000-outlet cache takes
    small, large = runs
    added = large.outlets - small.outlets
    raw: dict[str, Any] = {
        "runs": [vars(run) for run in runs],
        "time_ratio": large.seconds / small.seconds,
        "outlet_ratio": large.outlets / small.outlets,
        "peak_tree_mib": max(run.peak_tree_mib for run in runs),
        "bytes_per_outlet_main": (large.bytes_main - small.bytes_main) / added,
        "bytes_per_outlet_zh": (large.bytes_zh - small.bytes_zh) / added,
    }
    label = f"{small.outlets:,} → {large.outlets:,} outlets"
    table = {
        f"(g) build time {label} (ratio)": (raw["time_ratio"], f"≤ {1.2 * raw['outlet_ratio']:.0f}"),
        f"    build at {small.outlets:,} / {large.outlets:,} outlets (s)": (
            f"{small.seconds:.0f} / {large.seconds:.0f}",
            "",
        ),
        "    peak memory of the whole build, all processes (MiB)": (raw["peak_tree_mib"], "≤ 2048"),
        "    output bytes per further outlet, main language": (round(raw["bytes_per_outlet_main"]), "≤ 61440"),
        "    output bytes per further outlet, /zh/": (round(raw["bytes_per_outlet_zh"]), "≤ 61440"),
    }
    return {"raw": raw, "table": table}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outlets", default="4000,40000", help="the two numbers of outlets, smaller first")
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--leaflets", type=int, default=10)
    parser.add_argument("--json", type=Path, default=PROJECT / "bench-results" / "outlet-scale.json")
    args = parser.parse_args(argv)
    small, large = (int(part) for part in args.outlets.split(","))
    work = Path(tempfile.mkdtemp(prefix="portal-outlet-scale-"))
    try:
        figures = measure_outlet_scale(work, (small, large), args.articles, args.leaflets)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for key, (value, target) in figures["table"].items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<58} {shown:>12}  {target}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures["raw"], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

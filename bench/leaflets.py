"""Leaflet figures for make bench: N leaflets with packs for M outlets, against rendering the N leaflets once.

python -m bench.leaflets [--leaflets 10] [--outlets 500] [--repeat 1] [--workers 1]
Target (issue 4): the leaflet stage with M outlet packs takes at most 10 times the stage without outlets.

Times come from the leaflet stage's own summary line ("Leaflets: … (12.3 s).") of real builds of a site
that holds only the leaflet articles, so page writing and the other plugins are not counted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .generate import generate
from .measure import Run

PROJECT = Path(__file__).resolve().parent.parent
STAGE = re.compile(
    r"^Leaflets: (\d+) PDF\(s\) rendered, (\d+) reused"
    r"(?:; outlet packs: (\d+) made, (\d+) reused)? \(([\d.]+) s\)\.$",
    re.M,
)


def run_with_cpu(command: list[str], env: dict[str, str]) -> tuple[Run, float]:
    """Run a build; also return the CPU seconds it used, its worker processes included.

    On a shared machine wall time depends on the neighbours; CPU time does not, so both are reported.
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stdout = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stdout[-3000:]}")
    # wait4 counts the child and the workers it waited for (ProcessPoolExecutor joins them).
    return Run(time.perf_counter() - started, usage.ru_maxrss / 1024, stdout), usage.ru_utime + usage.ru_stime


def stage(run: Run, cpu: float = 0.0) -> dict[str, float]:
    found = STAGE.search(run.stdout)
    if not found:
        raise RuntimeError(f"no leaflet summary line in the build output:\n{run.stdout[-2000:]}")
    rendered, reused, made, packs_reused, seconds = found.groups()
    return {
        "rendered": int(rendered),
        "reused": int(reused),
        "packs_made": int(made or 0),
        "packs_reused": int(packs_reused or 0),
        "seconds": float(seconds),
        "build_seconds": run.seconds,
        "build_cpu_seconds": cpu,
    }


class LeafletBench:
    def __init__(self, work: Path, leaflets: int, outlets: int, repeat: int, workers: int | None = None) -> None:
        self.work, self.repeat = work, repeat
        self.settings = PROJECT / "pelicanconf.py"
        if workers:  # LEAFLET_WORKERS fixed, to compare one process with a pool
            work.mkdir(parents=True, exist_ok=True)
            self.settings = work / "leafletconf.py"
            self.settings.write_text(
                f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom pelicanconf import *  # noqa\n"
                f"LEAFLET_WORKERS = {workers}\n",
                encoding="utf-8",
            )
        self.with_outlets = generate(work / "with-outlets", articles=leaflets, outlets=outlets, leaflets=leaflets)
        self.without_outlets = work / "without-outlets"
        shutil.copytree(self.with_outlets, self.without_outlets)
        (self.without_outlets / "outlets.csv").unlink()
        self.cache = work / "leaflet-cache"
        self.env = dict(os.environ, PORTAL_CACHE_ROOT=str(self.cache))

    def build(self, content: Path, output: Path) -> dict[str, float]:
        command = [sys.executable, "-m", "sitebuild", "build", "--settings", str(self.settings)]
        command += ["--content", str(content), "--output", str(output)]
        return stage(*run_with_cpu(command, self.env))

    def median(self, prepare: Callable[[], None], content: Path, output: Path) -> dict[str, float]:
        runs = []
        for _ in range(self.repeat):
            prepare()
            runs.append(self.build(content, output))
        middle = statistics.median(run["seconds"] for run in runs)
        return next(run for run in runs if run["seconds"] == middle)

    def cold(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def measure(self) -> dict[str, Any]:
        single = self.median(self.cold, self.without_outlets, self.work / "out-single")
        packs = self.median(self.cold, self.with_outlets, self.work / "out-packs")
        warm = self.median(lambda: None, self.with_outlets, self.work / "out-packs")
        article = sorted((self.with_outlets / "articles").rglob("*.md"))[0]
        counter = iter(range(1000))

        def edit_one() -> None:
            with article.open("a", encoding="utf-8") as handle:
                handle.write(f"\nOne more sentence, edit {next(counter)}.\n")

        one_edit = self.median(edit_one, self.with_outlets, self.work / "out-packs")
        return {
            "bytes": pdf_bytes(self.work / "out-packs"),
            "single_pass": single,
            "with_packs": packs,
            "warm": warm,
            "one_leaflet_edited": one_edit,
            "ratio_packs_to_single": packs["seconds"] / single["seconds"],
            "cpu_ratio_packs_to_single": packs["build_cpu_seconds"] / single["build_cpu_seconds"],
            "seconds_per_pack": (packs["seconds"] - single["seconds"]) / max(1, packs["packs_made"]),
        }


def pdf_bytes(output: Path) -> dict[str, float]:
    """Mean file sizes: one A4 leaflet, one outlet pack, and a pack divided by the leaflets it holds
    (a pack that embedded each font once would come close to one leaflet's text and pictures)."""
    other_editions = (".print.pdf", ".large.pdf", ".booklet.pdf")
    leaflets = [p for p in (output / "leaflets").glob("*.pdf") if not p.name.endswith(other_editions)]
    packs = list((output / "leaflets" / "outlets").glob("*.pdf"))
    per_leaflet = statistics.mean(p.stat().st_size for p in leaflets) if leaflets else 0.0
    per_pack = statistics.mean(p.stat().st_size for p in packs) if packs else 0.0
    return {
        "leaflet_a4": per_leaflet,
        "pack": per_pack,
        "pack_per_leaflet": per_pack / len(leaflets) if leaflets else 0.0,
    }


def table(figures: dict[str, Any], leaflets: int, outlets: int) -> dict[str, tuple[Any, str]]:
    single, packs = figures["single_pass"], figures["with_packs"]
    return {
        f"(c) leaflets: {leaflets} leaflets × {outlets} outlet packs / {leaflets} leaflets once": (
            figures["ratio_packs_to_single"],
            "≤ 10",
        ),
        "    the same in CPU seconds of the whole build (workers included)": (
            figures["cpu_ratio_packs_to_single"],
            f"{single['build_cpu_seconds']:.1f} s vs {packs['build_cpu_seconds']:.1f} s",
        ),
        f"    {leaflets} leaflets once, A4 + A5, cold (s)": (single["seconds"], f"{single['rendered']} PDFs"),
        f"    same leaflets + {outlets} outlet packs, cold (s)": (packs["seconds"], f"{packs['packs_made']} packs"),
        "    per outlet pack (s)": (figures["seconds_per_pack"], ""),
        "    warm rebuild, nothing changed (s)": (
            figures["warm"]["seconds"],
            f"{figures['warm']['rendered']} PDFs rendered",
        ),
        "    one leaflet edited: re-render it, re-stamp every pack (s)": (
            figures["one_leaflet_edited"]["seconds"],
            f"{figures['one_leaflet_edited']['rendered']} PDFs",
        ),
        "    bytes per outlet pack (KB)": (figures["bytes"]["pack"] / 1000, f"{leaflets} leaflets each"),
        "    bytes per leaflet inside a pack (KB)": (
            figures["bytes"]["pack_per_leaflet"] / 1000,
            f"one A4 leaflet alone: {figures['bytes']['leaflet_a4'] / 1000:.0f} KB",
        ),
    }


def counts(content: Path) -> tuple[int, int]:
    """How many leaflet articles and outlets the benchmark's generated site has (make bench's --leaflets/--outlets)."""
    leaflets = sum("\nLeaflet: yes\n" in path.read_text(encoding="utf-8") for path in content.rglob("*.md"))
    outlets_csv = content / "outlets.csv"
    outlets = len(outlets_csv.read_text(encoding="utf-8").splitlines()) - 1 if outlets_csv.is_file() else 0
    return leaflets, outlets


def measure_leaflets(bench: Any) -> dict[str, Any]:
    """Figures for bench/stages.py: {"raw": …, "table": …}, for as many leaflets and outlets as bench's site has."""
    leaflets, outlets = counts(Path(bench.content))
    work = Path(bench.work) / "leaflets"
    figures = LeafletBench(work, leaflets, outlets, bench.repeat).measure()
    return {"raw": figures, "table": table(figures, leaflets, outlets)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leaflets", type=int, default=10)
    parser.add_argument("--outlets", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, help="LEAFLET_WORKERS for these builds (default: one per core)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="leaflet-bench-"))
    try:
        figures = LeafletBench(work, args.leaflets, args.outlets, args.repeat, args.workers).measure()
        for key, (value, note) in table(figures, args.leaflets, args.outlets).items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            print(f"{key:<72} {shown:>10}  {note}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""make bench: the portal's build against plain Pelican, incremental rebuilds, leaflets, locator, memory.

python -m bench.run [--repeat 3] [--articles 1000] [--outlets 500] [--leaflets 10] [--json bench-results/bench.json]
                    [--outlet-scale 4000,40000]  (g) whole builds at both outlet counts (bench/outlet_scale.py; 0: skip)
Every figure is a median of --repeat runs measured in this one run, so ratios compare like with like.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .generate import generate
from .measure import Run, median_of, run_measured

PROJECT = Path(__file__).resolve().parent.parent
PLAIN_SETTINGS = """\
PATH = {content!r}
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
"""


class Bench:
    def __init__(self, work: Path, content: Path, repeat: int) -> None:
        self.work, self.content, self.repeat = work, content, repeat
        self.cache = work / "cache"
        self.env = dict(os.environ, PORTAL_CACHE_ROOT=str(self.cache))

    def clear(self, *folders: Path) -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    def portal(
        self, output: Path, settings: str = "bench/benchconf.py", content: Path | None = None, workers: int = 0
    ) -> Run:
        command = [
            sys.executable,
            "-m",
            "sitebuild",
            "build",
            "--settings",
            settings,
            "--content",
            str(content or self.content),
            "--output",
            str(output),
            *(["--workers", str(workers)] if workers else []),
        ]
        return run_measured(command, PROJECT, self.env)

    def plain_pelican(self, output: Path) -> Run:
        settings = self.work / "plain_pelicanconf.py"
        settings.write_text(PLAIN_SETTINGS.format(content=str(self.content)), encoding="utf-8")
        pelican = Path(sys.executable).with_name("pelican")
        return run_measured([str(pelican), str(self.content), "-o", str(output), "-s", str(settings), "-q"], self.work)


def build_against_pelican(bench: Bench) -> dict[str, Any]:
    out_plain, out_portal = bench.work / "out-plain", bench.work / "out-portal"
    plain, _ = median_of(bench.repeat, lambda: bench.clear(out_plain), lambda: bench.plain_pelican(out_plain))
    cold, cold_runs = median_of(
        bench.repeat, lambda: bench.clear(out_portal, bench.cache), lambda: bench.portal(out_portal)
    )
    warm, _ = median_of(bench.repeat, lambda: None, lambda: bench.portal(out_portal))
    out_one = bench.work / "out-one-process"
    one, _ = median_of(
        bench.repeat, lambda: bench.clear(out_one, bench.cache), lambda: bench.portal(out_one, workers=1)
    )
    return {
        "plain_pelican_s": plain,
        "portal_cold_s": cold,
        "portal_one_process_s": one,
        "portal_warm_s": warm,
        "ratio_cold": cold / plain,
        "ratio_one_process": one / plain,
        "ratio_warm": warm / plain,
        "parallel_identical": same_files(out_portal, out_one),
        "peak_mib": max(run.peak_mib for run in cold_runs),
    }


def same_files(first: Path, second: Path) -> bool:
    """Whether two builds wrote the same files with the same bytes."""

    def files(root: Path) -> dict[str, bytes]:
        root = root.resolve()
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    return files(first) == files(second)


def rebuild_after_one_edit(bench: Bench, cold_seconds: float) -> dict[str, Any]:
    out = bench.work / "out-portal"
    article = next(iter(sorted((bench.content / "articles").rglob("*.md"))))
    counter = iter(range(1000))

    def edit() -> None:
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\nOne more sentence, edit {next(counter)}.\n")

    seconds, runs = median_of(bench.repeat, edit, lambda: bench.portal(out))
    return {
        "rebuild_one_edit_s": seconds,
        "ratio_to_cold": seconds / cold_seconds,
        "peak_mib": max(run.peak_mib for run in runs),
    }


def print_table(results: dict[str, Any]) -> None:
    print(f"\n{'figure':<58} {'value':>12}  target")
    for key, (value, target) in results["table"].items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<58} {shown:>12}  {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--outlets", type=int, default=500)
    parser.add_argument("--leaflets", type=int, default=10)
    parser.add_argument("--json", type=Path, default=PROJECT / "bench-results" / "bench.json")
    parser.add_argument(
        "--outlet-scale", default="4000,40000", help="(g): the two numbers of outlets to build (0: leave (g) out)"
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        content = generate(work / "content", args.articles, args.outlets, args.leaflets)
        bench = Bench(work, content, args.repeat)
        results: dict[str, Any] = {
            "cores": os.cpu_count(),
            "repeat": args.repeat,
            "articles": args.articles,
            "outlets": args.outlets,
            "leaflets": args.leaflets,
        }
        print(f"Benchmark on {os.cpu_count()} cores, {args.repeat} runs each, median shown…", flush=True)
        a = build_against_pelican(bench)
        b = rebuild_after_one_edit(bench, a["portal_cold_s"])
        results.update(build=a, rebuild=b)
        table = {
            "(a) portal build / plain Pelican, cold": (a["ratio_cold"], "≤ 1.0"),
            "    plain Pelican, default theme (s)": (a["plain_pelican_s"], ""),
            "    portal build without leaflets, cold (s)": (a["portal_cold_s"], ""),
            "    the same in one process (--workers 1) / plain Pelican": (a["ratio_one_process"], ""),
            "    parallel output byte-identical to one process": (a["parallel_identical"], "True"),
            "    portal build, warm, nothing changed (s)": (a["portal_warm_s"], ""),
            "(b) rebuild after editing one article / cold build": (b["ratio_to_cold"], "≤ 0.25"),
            "    rebuild after one edit (s)": (b["rebuild_one_edit_s"], ""),
        }
        extra_figures(bench, results, table)
        if args.outlet_scale != "0":
            from .outlet_scale import measure_outlet_scale

            small, large = (int(part) for part in args.outlet_scale.split(","))
            scale = measure_outlet_scale(work / "outlet-scale", (small, large), leaflets=args.leaflets)
            results["outlet_scale"] = scale["raw"]
            table.update(scale["table"])
        table["(e) peak memory of one build (MiB)"] = (max(a["peak_mib"], b["peak_mib"]), "≤ 127 (1.5 × 85)")
        results["table"] = table
        print_table(results)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"\nWritten: {args.json}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def extra_figures(bench: Bench, results: dict[str, Any], table: dict[str, tuple[Any, str]]) -> None:
    """Figures (c) leaflets and (d) locator, from the stages that produce them."""
    from . import stages

    for name, figures in stages.measure_all(bench).items():
        results[name] = figures["raw"]
        table.update(figures["table"])


if __name__ == "__main__":
    sys.exit(main())

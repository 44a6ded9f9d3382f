"""Outlet locator figures: the gzipped size of /outlets/ and the time one filter keystroke takes in Chromium.

python -m bench.locator [--outlets 2000] [--keys "road 12"] [--json bench-results/locator.json]
Targets (issue 3): under 150 KB gzipped and under 50 ms a keystroke for 2,000 outlets.
`measure_locator(output)` measures an already built site, so `make bench` can call it on its own build.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT))

# Times each keystroke from the browser's `beforeinput` to the first frame painted after the list changed.
KEYSTROKE_PROBE = """() => {
  window.__keystrokes = [];
  window.__scripts = [];
  const box = document.getElementById('locator-q');
  box.addEventListener('beforeinput', () => {
    const start = performance.now();
    box.addEventListener('input', () => setTimeout(() => {}, 0), { once: true });
    window.addEventListener('input', () => window.__scripts.push(performance.now() - start), { once: true });
    requestAnimationFrame(() => setTimeout(() => window.__keystrokes.push(performance.now() - start), 0));
  }, true);
}"""


def synthetic_content(folder: Path, outlets: int) -> Path:
    """The small fixture site (its printable leaflet switched off) with `outlets` Chinese/English outlets."""
    from tests.fixtures.outlets.make_fixtures import synthetic

    shutil.copytree(PROJECT / "tests" / "fixtures" / "small-site", folder)
    for article in folder.rglob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r"(?im)^leaflet:.*\n", "", text), encoding="utf-8")
    (folder / "outlets.csv").write_text(synthetic(outlets), encoding="utf-8")
    return folder


def build(content: Path, output: Path) -> float:
    started = time.perf_counter()
    env = dict(os.environ, PORTAL_CACHE_ROOT=str(output.parent / "cache"))
    command = [sys.executable, "-m", "sitebuild", "build", "--content", str(content), "--output", str(output)]
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    return time.perf_counter() - started


def page_sizes(output: Path) -> dict[str, int]:
    html = (output / "outlets" / "index.html").read_bytes()
    return {
        "html_bytes": len(html),
        "gzip6_bytes": len(gzip.compress(html, 6)),  # what a web server sends by default
        "gzip9_bytes": len(gzip.compress(html, 9)),
        "outlets_json_gzip6_bytes": len(gzip.compress((output / "outlets" / "outlets.json").read_bytes(), 6)),
    }


def keystroke_times(output: Path, keys: str, rounds: int = 5) -> dict[str, Any]:
    from conftest import CHROMIUM, CHROMIUM_FLAGS, serve_directory
    from playwright.sync_api import sync_playwright

    with serve_directory(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        page.goto(f"{base}/outlets/")
        page.wait_for_selector("#locator:not([hidden])")
        page.wait_for_timeout(1500)  # let the map and first paint settle: only keystrokes are timed
        page.evaluate(KEYSTROKE_PROBE)
        page.focus("#locator-q")
        for _round in range(rounds):
            page.keyboard.type(keys, delay=150)
            page.wait_for_timeout(400)
            shown = page.inner_text("#locator-count")
            page.keyboard.press("ControlOrMeta+A")
            page.keyboard.press("Backspace", delay=150)  # back to every row shown: the heaviest change
            page.wait_for_timeout(400)
        times = page.evaluate("window.__keystrokes")
        scripts = page.evaluate("window.__scripts")
        browser.close()
    ordered = sorted(times)
    return {
        "keys": keys,
        "rounds": rounds,
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(ordered[int(len(ordered) * 0.9)], 1),
        "max_ms": round(max(times), 1),
        "script_median_ms": round(statistics.median(scripts), 1),
        "each_ms": [round(t, 1) for t in times],
        "script_ms": [round(t, 1) for t in scripts],  # the filter itself; the rest is style, layout and paint
        "result": shown,
    }


def measure_locator(output: Path, keys: str = "road 12") -> dict[str, Any]:
    return {**page_sizes(output), "keystroke": keystroke_times(output, keys)}


def locator_figures(work: Path, outlets: int, keys: str = "garden 12") -> dict[str, Any]:
    content = synthetic_content(work / "locator-content", outlets)
    seconds = build(content, work / "locator-output")
    return {"outlets": outlets, "build_s": round(seconds, 1), **measure_locator(work / "locator-output", keys)}


def measure_stage(bench: Any, outlets: int = 2000) -> dict[str, Any]:
    """Figure (d) for make bench: the rows of its table, and the raw figures for its JSON."""
    figures = locator_figures(Path(bench.work), outlets)
    key = figures["keystroke"]
    return {
        "raw": figures,
        "table": {
            f"(d) /outlets/ gzipped, {outlets} outlets (KB)": (round(figures["gzip6_bytes"] / 1024, 1), "< 150"),
            "    filter keystroke in Chromium, median (ms)": (key["median_ms"], "< 50"),
            "    filter keystroke in Chromium, 90th percentile (ms)": (key["p90_ms"], ""),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outlets", type=int, default=2000)
    parser.add_argument("--keys", default="garden 12")
    parser.add_argument("--json", type=Path, default=PROJECT / "bench-results" / "locator.json")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="portal-locator-"))
    try:
        figures = locator_figures(work, args.outlets, args.keys)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"/outlets/ with {args.outlets} outlets (built in {figures['build_s']} s):")
    html_kb, gzip_kb = figures["html_bytes"] / 1024, figures["gzip6_bytes"] / 1024
    print(f"  HTML {html_kb:.0f} KB; gzipped {gzip_kb:.1f} KB (target < 150 KB)")
    key = figures["keystroke"]
    print(
        f"  filter keystroke in Chromium: median {key['median_ms']} ms, 90% under {key['p90_ms']} ms, "
        f"slowest {key['max_ms']} ms (target < 50 ms); the filter script itself: median {key['script_median_ms']} ms"
    )
    print(f"  ({len(key['each_ms'])} keystrokes; load average while measuring: {os.getloadavg()[0]:.1f})")
    print(f"  typed {key['keys']!r}: {key['result']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

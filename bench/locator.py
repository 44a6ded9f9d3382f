"""Outlet locator figures: the largest /outlets/ page gzipped (index and area pages, each language), the
locator's files, the time one search keystroke and "Near me" take in Chromium, and output bytes per outlet.

python -m bench.locator [--outlets 2000] [--keys "garden 12"] [--json bench-results/locator.json]
python -m bench.locator --site OUTPUT [--outlets N]    measure a site already built (e.g. 40,000 outlets)
Targets (issue 18): every /outlets/ page under 150 KB gzipped; a keystroke over every outlet under 50 ms
(90th percentile); "Near me" lists the nearest outlets in under 100 ms.
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
    """bench/generate.py's national spreadsheet (English with Chinese beside it) and a few articles in both
    languages, so both sites' locators are built."""
    from bench.generate import generate

    return generate(folder, articles=50, outlets=outlets, leaflets=0, chinese_every=10)


def build(content: Path, output: Path) -> float:
    started = time.perf_counter()
    env = dict(os.environ, PORTAL_CACHE_ROOT=str(output.parent / "cache"))
    command = [sys.executable, "-m", "sitebuild", "build", "--settings", str(PROJECT / "bench" / "benchconf.py")]
    command += ["--content", str(content), "--output", str(output)]
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    return time.perf_counter() - started


_OUTLET_PAGE = re.compile(r"^(?!area/)[^/]+/index\.html$")  # /outlets/<id>/: not counted as a list page


def page_sizes(output: Path) -> dict[str, Any]:
    """The largest list page (/outlets/ and the area pages) of each language, gzipped as a server would."""
    figures: dict[str, Any] = {}
    for language, folder in (("en", output / "outlets"), ("zh", output / "zh" / "outlets")):
        if not folder.is_dir():
            continue
        lists = [p for p in folder.rglob("index.html") if not _OUTLET_PAGE.match(str(p.relative_to(folder)))]
        sizes = {str(p.relative_to(output)): len(gzip.compress(p.read_bytes(), 6)) for p in lists}
        largest = max(sizes, key=lambda name: sizes[name])
        data = [p.read_bytes() for p in (folder / "data").glob("*.json")]
        cells = [p.read_bytes() for p in (folder / "data").glob("cells/*.json")]
        figures[language] = {
            "list_pages": len(sizes),
            "largest_page": largest,
            "largest_gzip6_bytes": sizes[largest],
            "index_gzip6_bytes": len(gzip.compress((folder / "index.html").read_bytes(), 6)),
            "data_index_gzip6_bytes": len(gzip.compress((folder / "data" / "index.json").read_bytes(), 6)),
            "data_files_gzip6_bytes": sum(len(gzip.compress(d, 6)) for d in data),
            "cell_files": len(cells),
            "largest_cell_gzip6_bytes": max((len(gzip.compress(c, 6)) for c in cells), default=0),
        }
    return figures


def output_bytes(output: Path) -> int:
    return sum(p.stat().st_size for p in output.rglob("*") if p.is_file())


# "Near me" timed in the page: from the click until every file it needs is in (data-ready) and the nearest
# rows, with their distances, are drawn. The first time on a fresh page: a new browser context (nothing
# cached), the page and its index loaded, no outlet's data yet (keystroke_times checks that).
NEAR_PROBE = """() => new Promise(done => {
  const start = performance.now();
  const form = document.getElementById('locator');
  const list = document.getElementById('locator-list');
  form.dataset.ready = 'false';
  const seen = () => form.dataset.ready === 'true' && list.querySelector('li.o .o-dist:not([hidden])');
  new MutationObserver((_, observer) => {
    if (seen()) { observer.disconnect(); done(performance.now() - start); }
  }).observe(document.getElementById('locator-results'), { childList: true, subtree: true, attributes: true });
  new MutationObserver((_, observer) => {
    if (seen()) { observer.disconnect(); done(performance.now() - start); }
  }).observe(form, { attributes: true });
  document.getElementById('locator-near').click();
})"""


SHANGHAI = {"latitude": 31.2304, "longitude": 121.4737}  # the busiest area


def fresh_page(browser: Any, base: str) -> tuple[Any, list[str]]:
    """/outlets/ in a new browser context (an empty cache), its index in: the files it asks for, as they go."""
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    context.grant_permissions(["geolocation"])
    context.set_geolocation(SHANGHAI)
    page = context.new_page()
    data: list[str] = []
    page.on("request", lambda r: data.append(r.url.split("/outlets/data/")[1]) if "/outlets/data/" in r.url else None)
    page.goto(f"{base}/outlets/")
    page.wait_for_selector("#locator-map[data-markers='areas']", state="attached")  # the index is in
    if data != ["index.json"]:
        raise SystemExit(f"Near me would not start from a fresh page: {data} loaded before the click")
    return page, data


def keystroke_times(output: Path, keys: str, rounds: int = 5, fresh: int = 5) -> dict[str, Any]:
    from conftest import CHROMIUM, CHROMIUM_FLAGS, serve_directory
    from playwright.sync_api import sync_playwright

    with serve_directory(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        near_each = []
        for _time in range(fresh - 1):  # "Near me" on fresh pages; the last one goes on to the other figures
            page, _data = fresh_page(browser, base)
            near_each.append(page.evaluate(NEAR_PROBE))
            page.context.close()
        page, data = fresh_page(browser, base)
        near_each.append(page.evaluate(NEAR_PROBE))  # cold: the index is loaded, no outlet's data
        near_shown = page.locator("#locator-list li.o").count()
        near_files = data[1:]
        page.click("#locator-near")  # off again
        page.wait_for_selector("#locator-results", state="hidden")
        near_warm_ms = page.evaluate(NEAR_PROBE)  # the files are here: finding and sorting only
        page.click("#locator-near")
        page.focus("#locator-q")
        started = time.perf_counter()
        page.keyboard.type("a")  # a search across the country loads every area's file, once
        page.wait_for_selector("#locator[data-ready='true']", state="attached")
        load_all_s = time.perf_counter() - started
        page.keyboard.press("Backspace")
        page.wait_for_timeout(1500)  # let the map and first paint settle: only keystrokes are timed
        page.evaluate(KEYSTROKE_PROBE)
        for _round in range(rounds):
            page.keyboard.type(keys, delay=150)
            page.wait_for_timeout(400)
            shown = page.inner_text("#locator-count")
            page.keyboard.press("ControlOrMeta+A")
            page.keyboard.press("Backspace", delay=150)  # back to no search: the list of areas
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
        "script_ms": [round(t, 1) for t in scripts],  # the search itself; the rest is style, layout and paint
        "result": shown,
        "load_every_area_s": round(load_all_s, 2),
        "near_me_ms": round(statistics.median(near_each), 1),  # on a fresh page, median of `fresh`
        "near_me_max_ms": round(max(near_each), 1),
        "near_me_each_ms": [round(t, 1) for t in near_each],
        "near_me_warm_ms": round(near_warm_ms, 1),
        "near_me_rows": near_shown,
        "near_me_files": near_files,
    }


def measure_locator(output: Path, keys: str = "road 12", outlets: int = 0) -> dict[str, Any]:
    figures: dict[str, Any] = {"pages": page_sizes(output), "keystroke": keystroke_times(output, keys)}
    if outlets:
        figures["output_bytes_per_outlet"] = round(output_bytes(output) / outlets)
        outlet_folders = [output / "outlets", output / "zh" / "outlets"]
        figures["outlets_bytes_per_outlet"] = round(
            sum(output_bytes(f) for f in outlet_folders if f.is_dir()) / outlets
        )
    return figures


def locator_figures(work: Path, outlets: int, keys: str = "dong road 1") -> dict[str, Any]:
    content = synthetic_content(work / "locator-content", outlets)
    seconds = build(content, work / "locator-output")
    return {"outlets": outlets, "build_s": round(seconds, 1), **measure_locator(work / "locator-output", keys, outlets)}


def measure_stage(bench: Any, outlets: int = 2000) -> dict[str, Any]:
    """Figure (d) for make bench: the rows of its table, and the raw figures for its JSON."""
    figures = locator_figures(Path(bench.work), outlets)
    key = figures["keystroke"]
    largest = max(language["largest_gzip6_bytes"] for language in figures["pages"].values())
    return {
        "raw": figures,
        "table": {
            f"(d) largest /outlets/ page gzipped, {outlets} outlets (KB)": (round(largest / 1024, 1), "< 150"),
            "    search keystroke in Chromium, 90th percentile (ms)": (key["p90_ms"], "< 50"),
            "    Near me in Chromium (ms)": (key["near_me_ms"], "< 100"),
        },
    }


def report(figures: dict[str, Any], outlets: int) -> None:
    if "build_s" in figures:
        print(f"{outlets} outlets, built in {figures['build_s']} s")
    for language, page in figures["pages"].items():
        print(
            f"  {language}: {page['list_pages']} list pages, largest {page['largest_page']} "
            f"{page['largest_gzip6_bytes'] / 1024:.1f} KB gzipped (target < 150 KB); /outlets/ "
            f"{page['index_gzip6_bytes'] / 1024:.1f} KB; data index {page['data_index_gzip6_bytes'] / 1024:.1f} KB, "
            f"all area files {page['data_files_gzip6_bytes'] / 1024:.0f} KB gzipped; {page['cell_files']} cell files, "
            f"the largest {page['largest_cell_gzip6_bytes'] / 1024:.1f} KB gzipped"
        )
    key = figures["keystroke"]
    print(
        f"  search keystroke in Chromium: median {key['median_ms']} ms, 90% under {key['p90_ms']} ms, "
        f"slowest {key['max_ms']} ms (target < 50 ms); the search script itself: median {key['script_median_ms']} ms"
    )
    print(f"  every area's file loaded in {key['load_every_area_s']} s (once, at the first keystroke)")
    print(
        f"  Near me on a fresh page: median {key['near_me_ms']} ms, slowest {key['near_me_max_ms']} ms of "
        f"{len(key['near_me_each_ms'])} (from the click to the nearest rows, the files it needs loaded), "
        f"{key['near_me_warm_ms']} ms once loaded; {key['near_me_rows']} rows drawn (target < 100 ms); "
        f"{len(key['near_me_files'])} files loaded for it: {', '.join(key['near_me_files'][:6])}"
    )
    print(f"  ({len(key['each_ms'])} keystrokes; load average while measuring: {os.getloadavg()[0]:.1f})")
    print(f"  typed {key['keys']!r}: {key['result']}")
    if "output_bytes_per_outlet" in figures:
        print(
            f"  output: {figures['output_bytes_per_outlet']:,} bytes per outlet for the whole site, "
            f"{figures['outlets_bytes_per_outlet']:,} of them under /outlets/ and /zh/outlets/"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outlets", type=int, default=2000)
    parser.add_argument("--keys", default="dong road 1")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--json", type=Path, default=PROJECT / "bench-results" / "locator.json")
    args = parser.parse_args(argv)
    if args.site:
        figures = {"outlets": args.outlets, **measure_locator(args.site, args.keys, args.outlets)}
    else:
        work = Path(tempfile.mkdtemp(prefix="portal-locator-"))
        try:
            figures = locator_figures(work, args.outlets, args.keys)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    report(figures, args.outlets)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where one build's time goes, phase by phase (the profile behind `make bench`'s figure (a)).

python -m bench.phases portal --content DIR [--output DIR] [--settings bench/benchconf.py]
python -m bench.phases pelican --content DIR [--output DIR]    (plain Pelican, default theme)

Each phase is timed by wrapping the function that does it; the line printed last is the split.
Generate content with `python -m bench.generate DIR`.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .run import PLAIN_SETTINGS

PROJECT = Path(__file__).resolve().parent.parent

seconds: dict[str, float] = {}


def timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, wrapper)


def time_pelican_generators() -> None:
    from pelican import generators

    timed(generators.ArticlesGenerator, "generate_context", "reading + context")
    timed(generators.ArticlesGenerator, "generate_output", "article pages")
    timed(generators.PagesGenerator, "generate_output", "pages")


def run_portal(content: Path, output: Path, settings: str) -> None:
    sys.path[:0] = [str(PROJECT / "plugins"), str(PROJECT)]
    import discovery.steps
    import i18n.steps
    import reading.hooks
    import search.steps
    from outlets.generator import OutletsGenerator
    from render_cache.writer import ReusingWriter

    import sitebuild.build
    from sitebuild.__main__ import main

    time_pelican_generators()
    timed(sitebuild.build, "check_and_report", "checks")
    timed(reading.hooks, "prepare_renderings", "Markdown on every core")
    timed(OutletsGenerator, "generate_output", "outlet pages")
    timed(ReusingWriter, "render_filed_pages", "pages rendered on every core")
    timed(i18n.steps, "link_languages", "language links")  # patched where sitebuild/pipeline.py looks them up
    timed(discovery.steps, "write_sitemap", "sitemap")
    timed(search.steps, "index_site", "search index")
    code = main(["build", "--settings", settings, "--content", str(content), "--output", str(output)])
    if code:
        raise SystemExit(code)


def run_plain_pelican(content: Path, output: Path) -> None:
    import pelican

    time_pelican_generators()
    settings = Path(tempfile.mkdtemp(prefix="plain-pelican-")) / "pelicanconf.py"
    settings.write_text(PLAIN_SETTINGS.format(content=str(content)), encoding="utf-8")
    pelican.main([str(content), "-o", str(output), "-s", str(settings), "-q"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", choices=["portal", "pelican"])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--settings", default="bench/benchconf.py")
    args = parser.parse_args(argv)
    output = args.output or Path(tempfile.mkdtemp(prefix=f"phases-{args.build}-")) / "output"
    started = time.perf_counter()
    try:
        if args.build == "portal":
            run_portal(args.content.resolve(), output.resolve(), args.settings)
        else:
            run_plain_pelican(args.content.resolve(), output.resolve())
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            raise
    total = time.perf_counter() - started
    split = "  ".join(f"{label} {value:.2f} s" for label, value in seconds.items())
    print(f"\n{args.build}: {total:.2f} s in all — {split}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

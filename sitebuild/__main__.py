"""Command line: python -m sitebuild {check,build,serve,clean} [--content DIR] [--output DIR] [--settings FILE]
[--workers N]; python -m sitebuild print-run --leaflet SLUG [--city NAME] [--lang CODE] [--out FILE]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .settings import PROJECT_ROOT, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument("command", choices=["check", "build", "serve", "clean", "print-run"])
    parser.add_argument("--settings", default=str(PROJECT_ROOT / "pelicanconf.py"))
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument("--output", help="output folder (default: the settings' OUTPUT_PATH)")
    parser.add_argument("--siteurl", help="public address, e.g. https://portal.example.org")
    parser.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="publish builds: build despite sample settings (a preview: every page says so)",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--workers", type=int, help="processes that read and check Markdown (BUILD_WORKERS; default: one per core)"
    )
    parser.add_argument("--leaflet", help="print-run: the leaflet's slug (its article's file name)")
    parser.add_argument("--city", help="print-run: only this city's outlets (as outlets.csv writes it)")
    parser.add_argument("--lang", help="print-run: the leaflet's language (default: the site's main language)")
    parser.add_argument("--out", help="print-run: the PDF to write (default: print-runs/<slug>[-<city>].pdf)")
    args = parser.parse_args(argv)

    def settings() -> dict:
        loaded = load_settings(args.settings, args.content, args.output, args.siteurl, args.allow_placeholders)
        if args.workers:
            loaded["BUILD_WORKERS"] = args.workers  # the same site, byte for byte, with any number
        return loaded

    from .build import build, check

    if args.command == "check":
        return check(settings())
    if args.command == "build":
        return build(settings())
    if args.command == "clean":
        return clean(settings())
    if args.command == "print-run":
        from .print_run import print_run

        return print_run(settings(), args.leaflet or "", args.city, args.lang, args.out)  # none: lists the slugs
    from .output_guard import refuse
    from .preview import serve_forever

    first = settings()
    if refuse(first["OUTPUT_PATH"], first, "served"):
        return 2  # the preview would serve (and keep rebuilding into) a folder that is not a site
    code = [PROJECT_ROOT / "plugins", PROJECT_ROOT / "sitebuild", Path(args.settings).resolve()]
    watched = [Path(first["PATH"]).resolve(), Path(first["THEME"]).resolve(), *code]

    from .quicklook import LastBuild, quick_look

    last = LastBuild()

    # Builds run in this process and stay warm; an edit to code or settings restarts it (preview.py).
    def preview_build(print_later: list[str] | None) -> int:
        run = settings()
        if print_later is not None:
            run["PRINT_LATER"] = print_later  # the plugins name what they left for the next build here
        last.start()
        code = build(run)
        last.finish(code == 0)
        return code

    def preview_quick(changed: set[Path]) -> list[str] | None:
        return quick_look(last, changed, settings())

    serve_forever(Path(first["OUTPUT_PATH"]), preview_build, watched, code, args.port, preview_quick)
    return 0


def clean(settings: dict) -> int:
    """Remove OUTPUT and its versions, with the build's guard: `make clean OUTPUT=content` deletes nothing."""
    from .output_guard import output_location, refuse
    from .staging import remove_site

    if refuse(settings["OUTPUT_PATH"], settings, "deleted"):
        return 2
    remove_site(output_location(settings["OUTPUT_PATH"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m sitebuild print-run`: one leaflet imprinted for every outlet (or one city's), in one PDF.

The content is checked as for a build; then one language run's Pelican context is built (readers and
every generator's generate_context, as `Pelican.run` does) without writing the site, and the leaflets
plugin makes the file from it (plugins/leaflets/print_run.py). OUTPUT is never touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from pelican import Pelican, signals

from .build import configure_logging
from .checks import check_and_report, report
from .languages import language_settings
from .progress import still_working
from .settings import PROJECT_ROOT

DEFAULT_FOLDER = PROJECT_ROOT / "print-runs"


def context_generators(settings: dict[str, Any]) -> list[Any]:
    """A Pelican run up to the point where every context is complete (the generators' generate_context,
    then all_generators_finalized, as Pelican.run does), without a writer: nothing is written."""
    pelican = Pelican(settings)
    context = settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = settings["SITEURL"]
    generators = [
        cls(context=context, settings=settings, path=pelican.path, theme=pelican.theme, output_path=pelican.output_path)
        for cls in pelican._get_generator_classes()
    ]
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    return generators


def error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def print_run(
    settings: dict[str, Any], slug: str, city: str | None = None, lang: str | None = None, out: str | None = None
) -> int:
    """Check, build the context of `lang`'s run (the main language's by default), write the print run."""
    from portal.problems import ContentProblems

    configure_logging()
    with tempfile.TemporaryDirectory(prefix="print-run-") as scratch:  # the runs' OUTPUT_PATH; stays empty
        runs = language_settings(settings, Path(scratch))
        codes = [run["DEFAULT_LANG"] for run in runs]
        chosen = [run for run in runs if run["DEFAULT_LANG"] == (lang or codes[0])]
        if not chosen:
            return error(f'the site has no content in "{lang}" — use --lang with one of: {", ".join(codes)}')
        if check_and_report(settings):
            return 1
        from leaflets.print_run import PrintRunRefused, make_print_run

        try:
            with still_working("reading the content"):
                generators = context_generators(chosen[0])
            made = make_print_run(
                generators,
                slug,
                city,
                Path(out).resolve() if out else None,
                DEFAULT_FOLDER,
                progress=_progress if sys.stdout.isatty() else None,
            )
        except PrintRunRefused as refused:
            return error(f"{refused}; nothing was written")
        except ContentProblems as failure:
            report(failure.problems)
            return 1
        finally:
            if sys.stdout.isatty():
                sys.stdout.write("\r\033[K")
    outlets = max(made.outlets, 1)
    print(
        f"Print run: {made.path} — {made.leaflet.title}: {made.outlets} outlet(s) × {made.pages // outlets} page(s)"
        f" = {made.pages} page(s), {made.size / 1e6:.1f} MB ({made.size // outlets:,} bytes an outlet),"
        f" in {made.seconds:.1f} s."
    )
    if made.unshared_faces:
        print(f"  (some imprints embed {', '.join(made.unshared_faces)} again: the leaflet lacked their glyphs)")
    return 0


def _progress(done: int, total: int) -> None:
    sys.stdout.write(f"\rPrint run: {done}/{total} outlets imprinted\033[K")
    sys.stdout.flush()

"""One build: guard OUTPUT, lock it, check, run Pelican into a new version, swap it in. Returns an exit code."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from pelican import Pelican
from portal.problems import ContentProblems

from .checks import check_and_report, report
from .languages import language_settings
from .output_guard import output_location, refuse
from .postbuild import PostBuildFailed, run_post_build
from .progress import still_working
from .staging import output_lock, staged_output


class _ErrorCollector(logging.Handler):
    """Remembers Pelican's error messages: any of them fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class BuildFailed(Exception):
    """Pelican itself logged an error while writing."""


def configure_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr)


def check(settings: dict[str, Any]) -> int:
    errors = check_and_report(settings)
    return 1 if errors else 0


def build(settings: dict[str, Any]) -> int:
    configure_logging()
    started = time.perf_counter()
    output = output_location(settings["OUTPUT_PATH"])
    # Before anything else: a wrong OUTPUT (the content, the checkout, $HOME…) must not be touched at all.
    if refuse(output, settings, "built and nothing was deleted"):
        return 2
    with output_lock(output):  # checks included: concurrent builds share the content cache too
        return _locked_build(settings, output, started)


def _locked_build(settings: dict[str, Any], output: Path, started: float) -> int:
    if check_and_report(settings):
        return 1
    collector = _ErrorCollector()
    logging.getLogger("pelican").addHandler(collector)
    try:
        with staged_output(output) as staging:
            runs = language_settings(settings, staging)
            with still_working("writing the site"):  # Pelican itself prints only warnings
                for run in runs:
                    Pelican(run).run()
            if collector.messages:
                raise BuildFailed(f"Pelican reported {len(collector.messages)} error(s) (shown above)")
            run_post_build(runs[0], staging)  # search index, sitemap, compression: see postbuild.py
    except ContentProblems as failure:
        report(failure.problems)
        return 1
    except (BuildFailed, PostBuildFailed) as failure:
        print(f"{failure}; nothing was published and {output} is unchanged.", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("pelican").removeHandler(collector)
    print(f"Built {output} in {time.perf_counter() - started:.1f} s.")
    return 0

"""`python -m bench.phases` (the profile behind make bench's figure (a)) runs and names every phase."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import PROJECT, run_python

SMALL_SITE = PROJECT / "tests" / "fixtures" / "small-site"


def test_the_phase_split_of_a_portal_build_and_of_plain_pelican(tmp_path: Path) -> None:
    env = dict(os.environ, PORTAL_CACHE_ROOT=str(tmp_path / "cache"))
    for build, phases in (
        ("portal", ("checks", "reading + context", "article pages", "outlet pages", "sitemap", "search index")),
        ("pelican", ("reading + context", "article pages")),
    ):
        command = ["-m", "bench.phases", build, "--content", str(SMALL_SITE)]
        done = run_python([*command, "--output", str(tmp_path / build)], env, timeout=600)
        assert done.returncode == 0, done.stderr
        summary = done.stdout.strip().splitlines()[-1]
        assert summary.startswith(f"{build}: ") and " s in all — " in summary
        for phase in phases:
            assert f"{phase} " in summary, (phase, summary)
        assert (tmp_path / build / "index.html").is_file()

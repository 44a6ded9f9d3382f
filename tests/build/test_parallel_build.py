"""Markdown is read and checked on every core (portal/workers.py, plugins/reading/): a build with several
worker processes writes exactly the site a one-process build writes, byte for byte, in both languages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import PROJECT, BuildResult, run_python, run_site


def print_caches_of(site: BuildResult, destination: Path) -> Path:
    """The session build's PDF and picture caches, without the caches of reading and checking: those
    are what this test must do again, in one process and in several."""
    shutil.copytree(site.output.parent / "cache", destination, ignore=shutil.ignore_patterns("pelican-*"))
    return destination


def files_of(output: Path) -> dict[str, bytes]:
    root = output.resolve()
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_build_on_several_cores_writes_what_a_one_process_build_writes(site: BuildResult, tmp_path: Path) -> None:
    built = {}
    for workers in (1, 3):
        cache = print_caches_of(site, tmp_path / f"cache-{workers}")
        result = run_site("build", PROJECT / "content", tmp_path / f"out-{workers}", cache_root=cache, workers=workers)
        assert result.returncode == 0, result.stderr
        built[workers] = files_of(result.output)
    assert (tmp_path / "out-3" / "zh" / "index.html").is_file()  # both language runs were read in parallel
    assert sorted(built[3]) == sorted(built[1])
    assert [name for name in built[1] if built[1][name] != built[3][name]] == []


def test_the_bench_site_built_on_several_cores_is_byte_identical_too(tmp_path: Path) -> None:
    """Enough articles for every worker (the project's own content is read in one process: too few)."""
    from bench.generate import generate

    content = generate(tmp_path / "content", articles=240, outlets=40, leaflets=0)
    built = {}
    for workers in (1, 3):
        out = tmp_path / f"out-{workers}"
        result = run_site(
            "build", content, out, "bench/benchconf.py", cache_root=tmp_path / f"c{workers}", workers=workers
        )
        assert result.returncode == 0, result.stderr
        built[workers] = files_of(out)
    assert len(built[1]) > 240
    assert [name for name in built[1] if built[1][name] != built[3].get(name)] == []
    assert sorted(built[3]) == sorted(built[1])


COUNT_RENDERINGS = """
import collections, sys
sys.path[:0] = ["plugins", "."]
from portal import markdown
made = collections.Counter()
render = markdown.render_markdown_file
def counted(text, *args):
    made[markdown.text_digest(text)] += 1
    return render(text, *args)
markdown.render_markdown_file = counted
from sitebuild.__main__ import main
code = main(["build", "--workers", "1", "--content", sys.argv[1], "--output", sys.argv[2]])
print("renderings", sum(made.values()), "texts", len(made), "exit", code)
"""


def test_each_markdown_file_is_rendered_once_for_the_check_and_every_language_run(tmp_path: Path) -> None:
    """The check's rendering is the reader's, in the main run and the Chinese one (portal/markdown.py):
    converting a file four times, as before, made the cold build a second slower per 1,000 articles."""
    content = PROJECT / "tests/fixtures/bilingual"
    files = list(content.rglob("*.md"))
    env = dict(os.environ, PORTAL_CACHE_ROOT=str(tmp_path / "cache"))
    done = run_python(["-c", COUNT_RENDERINGS, str(content), str(tmp_path / "out")], env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "zh" / "index.html").is_file()
    assert f"renderings {len(files)} texts {len(files)} exit 0" in done.stdout

"""OUTPUT is guarded and replaced atomically (sitebuild/output_guard.py, sitebuild/staging.py).

A wrong OUTPUT (the content, the checkout, $HOME, /, a foreign folder) is refused before anything is
touched; builds into one OUTPUT take turns; and a build killed at any moment leaves OUTPUT a complete
site, with the next build cleaning up after it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, copy_content, run_site

from sitebuild.output_guard import STAMP, VERSION_NAME, output_problems
from sitebuild.settings import load_settings

EDIT = ("is a scam", "is always a scam")  # in articles/fraud/fake-police-call.md


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (a symlinked root is followed) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def digest(root: Path) -> str:
    """One hash over every path, file content and link target below `root`: 'nothing deleted' means equal."""
    hashed = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        hashed.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_symlink():
            hashed.update(os.readlink(path).encode())
        elif path.is_file():
            hashed.update(path.read_bytes())
    return hashed.hexdigest()


def edited_copy(destination: Path) -> Path:
    content = copy_content(FIXTURES / "small-site", destination)
    article = content / "articles" / "fraud" / "fake-police-call.md"
    article.write_text(article.read_text(encoding="utf-8").replace(*EDIT), encoding="utf-8")
    return content


def build_args(content: Path, output: Path) -> list[str]:
    args = [sys.executable, "-m", "sitebuild", "build", "--settings", str(PROJECT / "pelicanconf.py")]
    return [*args, "--content", str(content), "--output", str(output)]


def start_build(content: Path, output: Path, log: Path, **env: str) -> subprocess.Popen[bytes]:
    """A build in the background, as run_site runs it; stdout and stderr go to `log`."""
    environment = dict(os.environ, PORTAL_CACHE_ROOT=str(output.parent / "cache"), **env)
    with log.open("wb") as sink:
        return subprocess.Popen(build_args(content, output), cwd=PROJECT, stdout=sink, stderr=sink, env=environment)


def wait_for(
    state: Callable[[], bool],
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    seconds: float = 120,
) -> None:
    """Poll until `state` holds; fails early if the process it depends on ended instead."""
    deadline = time.monotonic() + seconds
    while not state():
        if process is not None and process.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace") if log else ""
            pytest.fail(f"the build ended (exit {process.returncode}) before the awaited state:\n{said}")
        if time.monotonic() > deadline:
            pytest.fail("the awaited state never came")
        time.sleep(0.01)


def versions_of(output: Path) -> list[str]:
    folder = output.parent / f".{output.name}.versions"
    return sorted(p.name for p in folder.iterdir() if VERSION_NAME.match(p.name)) if folder.is_dir() else []


def assert_tidy(output: Path) -> None:
    """Only the current and the previous version remain, and nothing a killed build left (after `rm` ran)."""
    versions = output.parent / f".{output.name}.versions"
    wait_for(lambda: not list(versions.glob(".trash-*")), seconds=60)  # removed in the background
    assert sorted(p.name for p in versions.iterdir() if not VERSION_NAME.match(p.name)) == [STAMP]
    assert 1 <= len(versions_of(output)) <= 2
    assert os.readlink(output).split("/")[-1] == versions_of(output)[-1]  # the newest is the one served
    beside = sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))
    assert beside == [f".{output.name}.lock", f".{output.name}.versions"]


@pytest.fixture(scope="module")
def clean_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The files of a clean build of the small site, original and edited, for byte-for-byte comparisons."""
    root = tmp_path_factory.mktemp("clean")
    original = run_site("build", FIXTURES / "small-site", root / "original")
    edited = run_site("build", edited_copy(root / "edited-content"), root / "edited")
    assert original.returncode == 0 and edited.returncode == 0, original.stderr + edited.stderr
    return {"original": tree(original.output), "edited": tree(edited.output)}


# --- The guard ---------------------------------------------------------------------------------


def test_the_guard_refuses_the_checkout_home_root_and_sources(small_content: Path, tmp_path: Path) -> None:
    settings = load_settings(PROJECT / "pelicanconf.py", small_content, tmp_path / "output")
    refused = {
        PROJECT: "is or contains the project folder",
        PROJECT.parent: "is or contains the project folder",
        Path.home(): "is or contains",  # the project folder, if the checkout is in $HOME
        Path("/"): "is or contains",
        small_content: "is the content folder",
        small_content / "articles" / "site": "is inside the content folder",
        small_content.parent: "contains the content folder",
        PROJECT / "theme": "is the theme",
        PROJECT / "theme" / "static" / "site": "is inside the theme",
        PROJECT / "plugins": "is a plugin folder",
        PROJECT / ".git": "the project's git repository",
    }
    for output, expected in refused.items():
        problems = output_problems(output, settings)
        assert len(problems) == 1 and expected in problems[0], (output, problems)
        assert "Choose a folder of its own" in problems[0]
    # The default place, and any new or empty folder, are fine.
    assert output_problems(PROJECT / "output-not-there", settings) == []
    (tmp_path / "empty").mkdir()
    assert output_problems(tmp_path / "empty", settings) == []
    assert output_problems(tmp_path / "new" / "site", settings) == []
    # A symbolic link that is not this site's own version link is foreign, wherever it points.
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    assert "not a build of this site" in output_problems(tmp_path / "link", settings)[0]
    (tmp_path / "to-content").symlink_to(small_content)
    assert "is the content folder" in output_problems(tmp_path / "to-content", settings)[0]


@pytest.mark.parametrize("where", ["content", "inside-content", "foreign-folder"])
def test_a_refused_build_deletes_nothing(where: str, small_content: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "my-files"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not a site\n", encoding="utf-8")
    output = {
        "content": small_content,
        "inside-content": small_content / "articles" / "site",
        "foreign-folder": foreign,
    }[where]
    before = digest(tmp_path)
    result = run_site("build", small_content, output)
    assert result.returncode != 0
    assert f"OUTPUT {output}" in result.stderr
    assert "Nothing was built and nothing was deleted." in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(tmp_path) == before  # not one file changed, and no lock or versions folder appeared


def test_clean_removes_a_build_and_refuses_the_content_folder(small_content: Path, tmp_path: Path) -> None:
    # `make clean` runs `python -m sitebuild clean` with the build's guard.
    before = digest(small_content)
    refused = run_site("clean", small_content, small_content)
    assert refused.returncode == 2 and "Nothing was deleted." in refused.stderr
    assert digest(small_content) == before
    output = tmp_path / "site" / "output"
    assert run_site("build", small_content, output).returncode == 0
    assert run_site("build", small_content, output).returncode == 0
    cleaned = run_site("clean", small_content, output)
    assert cleaned.returncode == 0, cleaned.stderr
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["cache"]  # the test run's PORTAL_CACHE_ROOT


# --- Layout, turns and kills -----------------------------------------------------------------


def test_output_is_a_relative_link_to_a_complete_version(
    small_content: Path, tmp_path: Path, clean_sites: dict[str, dict[str, bytes]]
) -> None:
    output = tmp_path / "site" / "output"
    first = run_site("build", small_content, output)
    assert first.returncode == 0, first.stderr
    assert output.is_symlink() and not os.readlink(output).startswith("/")
    assert tree(output) == clean_sites["original"]
    assert not [p for p in output.rglob("*") if p.name.startswith(".")]  # the stamp is never served
    # The folder holding OUTPUT can be moved: the link is relative.
    moved = tmp_path / "moved"
    (tmp_path / "site").rename(moved)
    assert tree(moved / "output") == clean_sites["original"]
    second = run_site("build", small_content, moved / "output")
    assert second.returncode == 0, second.stderr
    assert len(versions_of(moved / "output")) == 2
    assert_tidy(moved / "output")


def test_a_build_from_before_versions_is_moved_aside_not_refused(
    small_content: Path, tmp_path: Path, clean_sites: dict[str, dict[str, bytes]]
) -> None:
    """output/ as the old builds left it (a real folder) becomes the previous version."""
    output = tmp_path / "output"
    output.mkdir()
    for name, data in clean_sites["original"].items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)
    edited = edited_copy(tmp_path / "edited")
    result = run_site("build", edited, output)
    assert result.returncode == 0, result.stderr
    assert output.is_symlink() and tree(output) == clean_sites["edited"]
    [previous, _] = versions_of(output)
    assert tree(output.parent / f".{output.name}.versions" / previous) == clean_sites["original"]


def test_two_builds_into_one_output_take_turns(
    small_content: Path, tmp_path: Path, clean_sites: dict[str, dict[str, bytes]]
) -> None:
    output = tmp_path / "output"
    lock = tmp_path / ".output.lock"
    # The test holds the lock first, so both builds must wait: the message is certain, not a race.
    with lock.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(str(os.getpid()))
        held.flush()
        logs = [tmp_path / "one.log", tmp_path / "two.log"]
        builds = [start_build(small_content, output, log) for log in logs]
        waiting = f"Another build is writing {output} (pid {os.getpid()}); waiting…"
        for build, log in zip(builds, logs, strict=True):
            wait_for(lambda log=log: waiting in log.read_text(encoding="utf-8"), build, log)
        fcntl.flock(held, fcntl.LOCK_UN)
    for build, log in zip(builds, logs, strict=True):
        assert build.wait(timeout=300) == 0, log.read_text(encoding="utf-8")
    assert tree(output) == clean_sites["original"]
    assert_tidy(output)


def _new_version(output: Path, before: list[str]) -> Path | None:
    fresh = [name for name in versions_of(output) if name not in before]
    return output.parent / f".{output.name}.versions" / fresh[0] if fresh else None


def _files_in_new_version(output: Path, before: list[str]) -> int:
    version = _new_version(output, before)
    return sum(1 for p in version.rglob("*") if p.is_file()) if version else 0


@pytest.mark.parametrize("moment", ["version-created", "pages-written", "before-swap", "after-swap"])
def test_kill_9_never_leaves_output_incomplete(
    moment: str, small_content: Path, tmp_path: Path, clean_sites: dict[str, dict[str, bytes]]
) -> None:
    output = tmp_path / "output"
    assert run_site("build", small_content, output).returncode == 0
    assert tree(output) == clean_sites["original"]
    before = versions_of(output)
    edited = edited_copy(tmp_path / "edited")
    pause = tmp_path / "paused"
    # The two moments around the swap cannot be caught from outside: the build stops there itself.
    point = {"before-swap": "built", "after-swap": "swapped"}.get(moment)
    env = {"PORTAL_BUILD_PAUSE_AT": point, "PORTAL_BUILD_PAUSE_FILE": str(pause)} if point else {}
    log = tmp_path / "killed.log"
    killed = start_build(edited, output, log, **env)
    try:
        if moment == "version-created":
            wait_for(lambda: _new_version(output, before) is not None, killed, log)
        elif moment == "pages-written":
            wait_for(lambda: _files_in_new_version(output, before) > 0, killed, log)
        else:
            wait_for(pause.exists, killed, log)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=60)
    expected = "edited" if moment == "after-swap" else "original"
    assert tree(output) == clean_sites[expected]  # complete, byte for byte, at the moment of the kill
    after = run_site("build", edited, output)
    assert after.returncode == 0, after.stderr
    assert tree(output) == clean_sites["edited"]
    assert_tidy(output)
    if moment != "after-swap":  # the killed build's unpublished folder is gone; the one served before stays
        assert versions_of(output)[0] == before[0]

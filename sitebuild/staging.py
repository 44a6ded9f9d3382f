"""Write the site into a new version folder and publish it with one atomic rename.

Layout beside OUTPUT (here `output`):

    output -> .output.versions/20261201T231500.123456Z-4242     a relative symbolic link
    .output.versions/.portal-build                              stamp: this folder is ours
    .output.versions/<time>-<pid>/                              the current and the previous site
    .output.lock                                                one build at a time (flock)

A build writes a fresh version folder, then points a new link at it and renames the link over
OUTPUT. A rename is atomic, so at every instant, kill -9 included, OUTPUT is a complete site: the
old one or the new one. The previous version stays (a reader mid-download still gets its files);
older ones and whatever killed builds left are removed by the next build, under the lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .output_guard import (
    STAMP,
    VERSION_NAME,
    current_version,
    is_old_build,
    lock_file,
    output_location,
    versions_folder,
)


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock beside `output`; a second build into the same OUTPUT waits for the first.

    The kernel drops an flock when its process dies, so a killed build never blocks the next one.
    The lock file stays: removing it would let a waiting build lock a file nobody else can see.
    """
    output = output_location(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file(output), "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            print(f"Another build is writing {output} (pid {holder}); waiting…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))  # named by the next build's "waiting" line
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staged_output(output: Path) -> Iterator[Path]:
    """Yield a new, empty version folder; on success OUTPUT is switched to it by one rename.

    The caller holds output_lock(output). On any exception the new folder is removed and OUTPUT
    is left exactly as it was.
    """
    output = output_location(output)
    versions = prepare_versions(output)
    remove_leftovers(output)
    version = versions / new_version_name()
    version.mkdir()
    try:
        yield version
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    _pause_for_tests("built")
    previous = swap_in(version, output)
    _pause_for_tests("swapped")
    retire_older(output, keep={version.name, previous})


def prepare_versions(output: Path) -> Path:
    versions = versions_folder(output)
    versions.mkdir(parents=True, exist_ok=True)
    stamp = versions / STAMP
    if not stamp.exists():
        stamp.write_text("Versions of the site built by `python -m sitebuild build`; see sitebuild/staging.py.\n")
    return versions


def new_version_name(when: datetime | None = None, pid: int | None = None) -> str:
    """Names sort in build order: the lock makes builds into one OUTPUT take their names one by one."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{stamp}-{os.getpid() if pid is None else pid}"


def swap_in(version: Path, output: Path) -> str | None:
    """Point OUTPUT at `version` with one rename; returns the version OUTPUT showed before, if any."""
    previous = current_version(output)
    if previous is None and output.is_dir() and not output.is_symlink():
        previous = _migrate(output)
    link = output.parent / f".{output.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    # Relative, so the parent folder can be moved or copied (cp -a, rsync --links) and still work.
    os.symlink(f"{version.parent.name}/{version.name}", link)
    os.replace(link, output)
    return previous


def _migrate(output: Path) -> str | None:
    """A real OUTPUT folder (empty, or a build from before versions) moves aside for the link.

    A link cannot replace a folder in one rename, so OUTPUT is missing for an instant here: once,
    on the first versioned build. The old site becomes the previous version; nothing is deleted.
    """
    if not any(output.iterdir()):
        output.rmdir()
        return None
    if not is_old_build(output):  # the guard refused this already; never move a foreign folder
        raise FileExistsError(f"{output} is not a build of this site")
    when = datetime.fromtimestamp(output.stat().st_mtime, UTC)
    name = new_version_name(when, pid=0)  # pid 0: no process owns it
    output.rename(versions_folder(output) / name)
    return name


def _pid(name: str) -> int:
    match = VERSION_NAME.match(name)
    return int(match["pid"]) if match else 0


def process_gone(pid: int) -> bool:
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


def _suffix_pid(path: Path) -> int:
    tail = path.name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def remove_leftovers(output: Path) -> None:
    """Under the lock: remove what killed builds left. Never the current or the previous version."""
    parent = output.parent
    for link in parent.glob(f".{output.name}.link-*"):
        if process_gone(_suffix_pid(link)):
            link.unlink(missing_ok=True)
    # Folders of the build before versioned output: .output.staging-<pid>, .output.old-<pid>.
    for kind in ("staging", "old"):
        for folder in parent.glob(f".{output.name}.{kind}-*"):
            if process_gone(_suffix_pid(folder)):
                remove_in_background(folder)
    versions = versions_folder(output)
    for trash in versions.glob(".trash-*"):
        remove_in_background(trash)  # a removal a previous build started and did not finish
    current = current_version(output)
    if current is None:
        return  # without a current site nothing is provably unused: keep every version
    names = sorted(p.name for p in versions.iterdir() if VERSION_NAME.match(p.name))
    older = [n for n in names if n < current]
    # Newer than the current site: a build killed before its swap (its pid is gone).
    unpublished = [n for n in names if n > current and process_gone(_pid(n))]
    for name in older[:-1] + unpublished:  # older[-1] is the previous version
        retire(versions / name)


def retire_older(output: Path, keep: set[str | None]) -> None:
    """After a swap: keep the new and the previous version, remove the older ones in the background."""
    versions = versions_folder(output)
    current = current_version(output)
    if current is None:
        return
    names = sorted(p.name for p in versions.iterdir() if VERSION_NAME.match(p.name))
    older = [n for n in names if n < current]
    if not keep - {current, None} and older:
        keep = keep | {older[-1]}  # OUTPUT showed nothing before: the newest older one is the previous
    for name in names:
        if name not in keep and (name < current or process_gone(_pid(name))):
            retire(versions / name)


def retire(folder: Path) -> None:
    """Rename first, so the folder is gone from the versions list at once, then delete in the background."""
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}")
    try:
        folder.rename(trash)
    except OSError:
        return
    remove_in_background(trash)


def _pause_for_tests(point: str) -> None:
    """tests/build/test_output_safety.py kills a build at exact moments: stop here and wait to be killed."""
    if os.environ.get("PORTAL_BUILD_PAUSE_AT") != point:
        return
    Path(os.environ["PORTAL_BUILD_PAUSE_FILE"]).write_text(str(os.getpid()), encoding="utf-8")
    while True:
        time.sleep(60)


def remove_in_background(folder: Path) -> None:
    """Deletes a retired site without making the build wait: the new site is already in place.

    Removing thousands of files takes most of a second; `rm` in its own session finishes the job
    even after this process has exited (a folder it misses is removed by the next build).
    """
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def remove_site(output: Path) -> None:
    """`make clean`: OUTPUT's link, every version and the lock; only called once the guard allowed OUTPUT."""
    parent = output.parent
    if output.is_symlink():
        output.unlink()
    elif output.is_dir():
        shutil.rmtree(output)
    shutil.rmtree(versions_folder(output), ignore_errors=True)
    for leftover in [*parent.glob(f".{output.name}.link-*"), lock_file(output)]:
        leftover.unlink(missing_ok=True)
    for kind in ("staging", "old"):
        for folder in parent.glob(f".{output.name}.{kind}-*"):
            shutil.rmtree(folder, ignore_errors=True)

"""Write the site into a staging folder and put it in place only when everything succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_output(output: Path) -> Iterator[Path]:
    """Yield an empty folder beside `output`; on success it replaces `output` by renames.

    On any exception the staging folder is removed and `output` is left exactly as it was.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    for leftover in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in output.parent.glob(f".{output.name}.old-*"):
        remove_in_background(leftover)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, output)


def swap_in(staging: Path, output: Path) -> None:
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    if retired.exists():
        remove_in_background(retired)


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

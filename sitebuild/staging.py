"""Write the site into a staging folder and put it in place only when everything succeeded."""

from __future__ import annotations

import os
import shutil
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
        shutil.rmtree(retired, ignore_errors=True)

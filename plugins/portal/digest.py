"""Stable text forms and digests of settings and values, shared by every cache of the build.

Caches key their entries on "what this was computed from"; the same settings must give the same
digest in every process (no memory addresses, sets in sorted order).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# Settings that name where a run writes, not what it writes.
VOLATILE_SETTINGS = frozenset({"OUTPUT_PATH", "PRINT_LATER", "BUILD_WORKERS"})  # where, when, how: not what
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def stable(value: Any) -> str:
    """A text form of a setting or metadata value that is the same in every run for the same value."""
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return repr(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, URLWrapper):
        return f"{type(value).__name__}({value.name!r},{value.slug!r})"
    if isinstance(value, Content):
        return f"{type(value).__name__}({value.source_path!r})"
    if isinstance(value, Mapping):
        items = sorted((str(key), stable(item)) for key, item in value.items())
        return "{" + ",".join(f"{key}:{item}" for key, item in items) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(stable(item) for item in value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(stable(item) for item in value) + "]"
    qualified = getattr(value, "__qualname__", None)
    if qualified and callable(value):  # functions and classes: their code is hashed with the plugins
        return f"{getattr(value, '__module__', '')}.{qualified}"
    return _ADDRESS.sub("", repr(value))


def settings_text(settings: Mapping[str, Any]) -> str:
    return stable({key: value for key, value in settings.items() if key not in VOLATILE_SETTINGS})


def code_digest(folders: Iterable[Path], pattern: str = "*.py") -> str:
    """Paths and bytes of the source files under the folders."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob(pattern)):
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()

"""Remembered results of the per-file checks, so a rebuild checks only the files that changed.

A file's problems depend on its bytes, its path and kind, the settings, the day (review age)
and the checking code; the key covers all of them. Checks between files (unique addresses,
links to other files) always run. The memo lives in CACHE_PATH; without one, nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .digest import code_digest, settings_text
from .problems import Problem

MEMO_FILE = "content-checks.pickle"
_CODE = Path(__file__).resolve().parent


def run_digest(settings: Mapping[str, Any], today: dt.date) -> str:
    """Everything per-file checks depend on besides the file: settings, day and code."""
    text = f"{settings_text(settings)}|{today.isoformat()}|{code_digest([_CODE])}"
    return hashlib.sha256(text.encode()).hexdigest()


class CheckMemo:
    def __init__(self, settings: Mapping[str, Any], today: dt.date) -> None:
        cache = settings.get("CACHE_PATH")
        self.path = Path(cache) / MEMO_FILE if cache else None
        self.run = run_digest(settings, today)
        self.old: dict[str, list[Problem]] = self._load()
        self.new: dict[str, list[Problem]] = {}

    def _load(self) -> dict[str, list[Problem]]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            with self.path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}

    def problems(self, path: Path, kind: str, data: bytes, check: Callable[[], list[Problem]]) -> list[Problem]:
        key = hashlib.sha256(f"{self.run}|{kind}|{path}|".encode() + data).hexdigest()
        found = self.old.get(key)
        if found is None:
            found = check()
        self.new[key] = found
        return found

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump(self.new, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)

"""Remembered results of the per-file checks, so a rebuild checks only the files that changed.

A file's problems depend on its bytes, its path and kind, the settings, the day (review age)
and the checking code; the key covers all of them. Checks between files (unique addresses,
links to other files) always run. The memo lives in CACHE_PATH; without one, nothing is kept.

The memo is JSON, never a pickle (a pickle from a planted cache would run code during `make
check`), and sealed (cache_seal.py): an altered or foreign memo, which could hide a problem, is
ignored and every file is checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import portal
from portal.digest import code_digest, settings_text
from portal.problems import Problem, Severity
from portal.run import cache_folder
from portal.workers import in_workers

from .cache_seal import read_sealed, write_sealed

MEMO_FILE = "content-checks.json"
MEMO_FORMAT = 1
# The checking code: this package and the shared parsers and messages it uses (portal/).
_CODE = (Path(__file__).resolve().parent, Path(portal.__file__).resolve().parent)


def run_digest(settings: Mapping[str, Any], today: dt.date) -> str:
    """Everything per-file checks depend on besides the file: settings, day and code."""
    text = f"{settings_text(settings)}|{today.isoformat()}|{code_digest(_CODE)}"
    return hashlib.sha256(text.encode()).hexdigest()


class CheckedFile(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def kind(self) -> str: ...
    @property
    def data(self) -> bytes: ...


Checked = TypeVar("Checked", bound=CheckedFile)
Made = TypeVar("Made")


class CheckMemo:
    def __init__(self, settings: Mapping[str, Any], today: dt.date) -> None:
        cache = cache_folder(settings)
        self.path = cache / MEMO_FILE if cache else None
        self.run = run_digest(settings, today)
        self.old: dict[str, list[Problem]] = self._load()
        self.new: dict[str, list[Problem]] = {}

    def _load(self) -> dict[str, list[Problem]]:
        if self.path is None or not self.path.is_file():
            return {}
        data = read_sealed(self.path)
        if data is None:
            return {}
        try:
            return decode(json.loads(data))
        except (ValueError, TypeError, KeyError):
            return {}

    def key(self, path: Path, kind: str, data: bytes) -> str:
        return hashlib.sha256(f"{self.run}|{kind}|{path}|".encode() + data).hexdigest()

    def problems_of(
        self,
        files: Sequence[Checked],
        check: Callable[[Checked], tuple[list[Problem], Made]],
        workers: int = 1,
    ) -> tuple[list[list[Problem]], dict[int, Made]]:
        """Each file's problems, in order: remembered ones as they were, the others checked on every core.
        Also, by index, what `check` made besides problems for the files checked now (their renderings)."""
        keys = [self.key(item.path, item.kind, item.data) for item in files]
        todo = [index for index, key in enumerate(keys) if key not in self.old]
        fresh = dict(zip(todo, in_workers(check, [files[index] for index in todo], workers), strict=True))
        found = [fresh[index][0] if index in fresh else self.old[key] for index, key in enumerate(keys)]
        self.new.update(zip(keys, found, strict=True))
        return found, {index: made for index, (_, made) in fresh.items()}

    def save(self) -> None:
        if self.path is None:
            return
        write_sealed(self.path, json.dumps(encode(self.new), sort_keys=True).encode())


def encode(memo: Mapping[str, list[Problem]]) -> dict[str, Any]:
    entries = {key: [[p.path, p.line, p.what, p.fix, p.severity.value] for p in found] for key, found in memo.items()}
    return {"format": MEMO_FORMAT, "entries": entries}


def decode(data: Any) -> dict[str, list[Problem]]:
    """The memo from its JSON form; anything unexpected makes the whole memo unusable (TypeError…)."""
    if not isinstance(data, dict) or data.get("format") != MEMO_FORMAT or not isinstance(data["entries"], dict):
        raise TypeError("not a memo of this format")
    memo: dict[str, list[Problem]] = {}
    for key, found in data["entries"].items():
        problems = []
        for path, line, what, fix, severity in found:
            if not (isinstance(path, str) and isinstance(what, str) and isinstance(fix, str)):
                raise TypeError("a remembered problem is not text")
            if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
                raise TypeError("a remembered line is not a number")
            problems.append(Problem(path, line, what, fix, Severity(severity)))
        memo[str(key)] = problems
    return memo

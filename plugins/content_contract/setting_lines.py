"""Where a setting's value is written, down to a key inside a dict: CUSTOMER_SERVICE['phone'] is on its
own line, not on the line of `CUSTOMER_SERVICE = {`.

An editor fixes a value where it is written, so a message must name that line, in the file that
writes it last: pelicanconf.py when publishconf.py only star-imports it, a test's settings file when
it overrides the value.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

Key = tuple[str, ...]  # ("I18N_SETTINGS", "zh", "CUSTOMER_SERVICE", "phone")


@dataclass(frozen=True)
class Written:
    path: Path
    line: int
    alias: str | None = None  # `SITEURL = PUBLIC_SITEURL`: the value is another setting's


def _imported(settings_file: Path, module: str) -> Path | None:
    # Where Python finds the module when Pelican loads the settings: beside the file, then the working folder.
    for folder in (settings_file.parent, Path.cwd()):
        candidate = folder / f"{module.replace('.', '/')}.py"
        if candidate.is_file() and candidate.resolve() != settings_file.resolve():
            return candidate
    return None


def _subscript_key(node: ast.expr) -> Key | None:
    """NAME['a']['b'] → ("NAME", "a", "b"); None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Subscript):
        if not (isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
            return None
        parts.insert(0, node.slice.value)
        node = node.value
    return (node.id, *parts) if isinstance(node, ast.Name) else None


def _record(found: dict[Key, Written], key: Key, value: ast.expr, path: Path, line: int) -> None:
    before = dict(found)  # {**CUSTOMER_SERVICE, …} may spread the very value this replaces
    for old in [k for k in found if k[: len(key)] == key]:  # a new value replaces every key inside the old
        del found[old]
    found[key] = Written(path, line, value.id if isinstance(value, ast.Name) else None)
    if not isinstance(value, ast.Dict):
        return
    for name, item in zip(value.keys, value.values, strict=True):
        if name is None and isinstance(item, ast.Name):  # {**CUSTOMER_SERVICE, "phone": …} keeps the others
            for old, written in before.items():
                if old[0] == item.id and len(old) > 1:
                    found[(*key, *old[1:])] = written
        elif isinstance(name, ast.Constant) and isinstance(name.value, str):
            _record(found, (*key, name.value), item, path, item.lineno)


def value_lines(settings_file: Path, found: dict[Key, Written] | None = None) -> dict[Key, Written]:
    """Every top-level setting and every literal dict key inside it, with the line that writes it."""
    found = {} if found is None else found
    try:
        tree = ast.parse(settings_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return found
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any(a.name == "*" for a in node.names):
            imported = _imported(settings_file, node.module)
            if imported:
                value_lines(imported, found)
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            for name in target.elts if isinstance(target, ast.Tuple) else [target]:
                key = _subscript_key(name)
                if key:
                    _record(found, key, value, settings_file, node.lineno)
    return found


def where(found: dict[Key, Written], key: Key) -> Written | None:
    """The line of the key, else of the nearest enclosing setting that is written (a dict built by code)."""
    for length in range(len(key), 0, -1):
        if key[:length] in found:
            return found[key[:length]]
    return None

"""Plugins talk to each other only through their public modules, the ones docs/architecture.md names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
ARCHITECTURE = PLUGINS.parent / "docs" / "architecture.md"
SHARED = "portal"  # a library every plugin may use, not a plugin


def plugin_names() -> set[str]:
    return {path.parent.name for path in PLUGINS.glob("*/__init__.py")} - {SHARED}


def cross_plugin_imports() -> dict[str, set[str]]:
    """Imported module → the plugins importing it, for every import of one plugin's module by another."""
    names, found = plugin_names(), {}
    for path in PLUGINS.glob("*/*.py"):
        importer = path.parent.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in filter(None, modules):
                owner = module.split(".")[0]
                if owner in names and owner != importer:
                    found.setdefault(module, set()).add(importer)
    return found


def documented_public_modules() -> set[str]:
    """The modules in the 'public modules' column of the table under 'Imports between plugins'."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("### Imports between plugins", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([a-z0-9_]+\.[a-z0-9_]+)`", row[3])}


def test_plugins_import_each_other_only_through_documented_public_modules() -> None:
    documented = documented_public_modules()
    undocumented = {
        module: sorted(users) for module, users in cross_plugin_imports().items() if module not in documented
    }
    assert not undocumented, f"not named as public in docs/architecture.md: {undocumented}"


def test_every_plugin_init_is_wiring_only() -> None:
    """An __init__.py imports, defines get_generators/register and small adapters, and holds no work."""
    for init in PLUGINS.glob("*/__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
        assert {f.name for f in functions} <= {"register", "get_generators", "plan_packs"}, init
        assert all(len(f.body) <= 6 for f in functions), init

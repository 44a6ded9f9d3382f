"""Run Pagefind over the finished site, reusing the last index when no page changed.

Pagefind reads only what templates mark with `data-pagefind-body` (article and page bodies),
and files them under `data-pagefind-filter` values (topic, audience). Its output is
deterministic: the same pages give byte-identical index files, so the cache below is safe and
two builds of the same content publish the same search index.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pagefind_bin_extended

BUNDLE_DIR = "pagefind"
# Pagefind also writes its ready-made interfaces; search.js uses the small JS API instead.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


class IndexingFailed(Exception):
    pass


def pagefind_executable() -> Path:
    # The extended build segments Chinese (and Japanese) text into words.
    return pagefind_bin_extended.get_executable()


def pagefind_command(site: Path, bundle_dir: str = BUNDLE_DIR) -> list[str]:
    return [str(pagefind_executable()), "--site", str(site), "--output-subdir", bundle_dir, "--silent"]


def html_files(site: Path, bundle_dir: str = BUNDLE_DIR) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != bundle_dir)


def index_key(site: Path, files: Iterable[Path], tool_identity: str) -> str:
    """A fingerprint of everything the index depends on: the pages, their paths and the tool."""
    digest = hashlib.sha256(tool_identity.encode())
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tool_identity(bundle_dir: str) -> str:
    executable = pagefind_executable()
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, check=True).stdout
    return f"{version.strip()}|{bundle_dir}|{' '.join(UNUSED_BUNDLE_FILES)}"


def run_pagefind(site: Path, bundle_dir: str = BUNDLE_DIR) -> None:
    done = subprocess.run(pagefind_command(site, bundle_dir), capture_output=True, text=True)
    if done.returncode != 0:
        raise IndexingFailed(f"Pagefind could not index the site:\n{done.stderr.strip() or done.stdout.strip()}")
    for name in UNUSED_BUNDLE_FILES:
        (site / bundle_dir / name).unlink(missing_ok=True)


def build_search_index(site: Path, cache_root: Path | None, bundle_dir: str = BUNDLE_DIR) -> bool:
    """Writes site/<bundle_dir>/. Returns True when Pagefind ran, False when the cached index was reused."""
    target = site / bundle_dir
    if target.exists():
        shutil.rmtree(target)
    if cache_root is None:
        run_pagefind(site, bundle_dir)
        return True
    key = index_key(site, html_files(site, bundle_dir), tool_identity(bundle_dir))
    cached = cache_root / key
    if cached.is_dir():
        shutil.copytree(cached, target)
        return False
    run_pagefind(site, bundle_dir)
    # Keep only the newest index: the cache answers "did anything change since the last build?"
    if cache_root.exists():
        shutil.rmtree(cache_root)
    shutil.copytree(target, cached)
    return True

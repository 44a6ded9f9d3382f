"""Run Pagefind over the finished site, in shards, re-indexing only the shards whose pages changed.

Pagefind reads only what templates mark with `data-pagefind-body` (article and page bodies),
and files them under `data-pagefind-filter` values (topic, audience). Pagefind has no incremental
mode, so a big site is split into shards of about SEARCH_PAGES_PER_SHARD pages (by a hash of
each page's path, so a page stays in its shard): the first shard is the bundle at pagefind/,
the others are pagefind/more/<n>/, listed in pagefind/shards.json, and search.js merges them
(Pagefind's mergeIndex). After editing one article, one shard is indexed again and the others
are copied from the cache. Uncached shards are indexed side by side, one Pagefind per core.
A site of up to SEARCH_PAGES_PER_SHARD pages has one bundle, as if it were never sharded.

Pagefind's output is deterministic: the same pages give byte-identical index files, so the
cache is safe and two builds of the same content publish the same search index.

The cache is not trusted: each cached shard folder `<key>/` holds `.sha256.json`, the SHA-256
of every other file in it, and a shard whose files do not match exactly (one damaged, missing or
added) is dropped and indexed again. The verified bytes are written into the site (a copy, not
a hard link: damage to a cache file after the build must not reach the published index).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pagefind_bin_extended

logger = logging.getLogger(__name__)
BUNDLE_DIR = "pagefind"
SHARD_DIR = "more"  # pagefind/more/<n>/: the shards after the first
DIGESTS = ".sha256.json"  # in a cached shard folder: its files' digests (never published)
LATEST = "latest.json"  # in the cache: the shard count and each shard's key, as the last full index left them
MANIFEST = "shards.json"  # the other shards' folders, relative to the bundle, for search.js
BODY_MARK = b"data-pagefind-body"
PLAIN_PATH = re.compile(r"^[\w./-]+$")  # site paths that are safe to list in a glob as they are
PAGES_PER_SHARD = 150  # Pagefind indexes 150 article pages in about half a second
MAX_SHARDS = 8  # each shard costs a browser a few small requests per search
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


@dataclass(frozen=True)
class Shard:
    number: int
    pages: tuple[Path, ...]

    def folder(self, bundle_dir: str) -> str:
        """Where the shard's bundle goes, relative to the site."""
        return bundle_dir if self.number == 0 else f"{bundle_dir}/{SHARD_DIR}/{self.number}"


def pagefind_executable() -> Path:
    # The extended build segments Chinese (and Japanese) text into words.
    return pagefind_bin_extended.get_executable()


def pagefind_command(site: Path, output: Path) -> list[str]:
    return [str(pagefind_executable()), "--site", str(site), "--output-path", str(output), "--silent"]


def html_files(site: Path, bundle_dir: str = BUNDLE_DIR) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != bundle_dir)


def page_digests(site: Path, bundle_dir: str = BUNDLE_DIR) -> dict[Path, bytes]:
    """{page: digest of its bytes} of the pages Pagefind indexes: those with a data-pagefind-body
    or, as Pagefind does, every page when none has one. Each page is read once."""
    marked: dict[Path, bytes] = {}
    every: dict[Path, bytes] = {}
    for path in html_files(site, bundle_dir):
        page = path.read_bytes()
        every[path] = hashlib.sha256(page).digest()
        if BODY_MARK in page:
            marked[path] = every[path]
    return marked or every


def pages_to_index(site: Path, bundle_dir: str = BUNDLE_DIR) -> list[Path]:
    return list(page_digests(site, bundle_dir))


def shard_count(pages: int, per_shard: int = PAGES_PER_SHARD, most: int = MAX_SHARDS) -> int:
    return max(1, min(most, math.ceil(pages / per_shard)))


def shard_of(site_path: str, count: int) -> int:
    return int(hashlib.sha256(site_path.encode()).hexdigest()[:8], 16) % count


def split_into_shards(site: Path, pages: list[Path], count: int) -> list[Shard]:
    groups: dict[int, list[Path]] = {number: [] for number in range(count)}
    for page in pages:
        groups[shard_of(page.relative_to(site).as_posix(), count)].append(page)
    # Number the non-empty groups 0, 1, …: the first one is the bundle search.js loads.
    filled = [group for _, group in sorted(groups.items()) if group]
    return [Shard(number, tuple(group)) for number, group in enumerate(filled)]


def index_key(site: Path, pages: Iterable[Path], digests: Mapping[Path, bytes], tool_identity: str) -> str:
    """A fingerprint of everything a shard's index depends on: its pages, their paths and the tool."""
    digest = hashlib.sha256(tool_identity.encode())
    for path in pages:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + digests[path])
    return digest.hexdigest()


@functools.cache  # per process: the preview asks at every save, and the tool does not change under it
def tool_identity(bundle_dir: str) -> str:
    executable = pagefind_executable()
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, check=True).stdout
    return f"{version.strip()}|{bundle_dir}|{' '.join(UNUSED_BUNDLE_FILES)}"


def link_pages(site: Path, pages: Iterable[Path], into: Path) -> None:
    """A copy of the site holding only these pages (hard links: no bytes are copied)."""
    for page in pages:
        target = into / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)


def glob_of(site: Path, pages: Iterable[Path]) -> str | None:
    """A Pagefind --glob naming exactly these pages, or None when a path has glob syntax in it."""
    paths = [page.relative_to(site).as_posix() for page in pages]
    if not all(PLAIN_PATH.match(path) for path in paths):
        return None
    return "{" + ",".join(paths) + "}"


def run_pagefind(site: Path, pages: Iterable[Path], output: Path) -> None:
    """Indexes these pages of the site into the bundle folder `output`."""
    pages = list(pages)
    glob = glob_of(site, pages)
    if glob is not None:
        done = subprocess.run([*pagefind_command(site, output), "--glob", glob], capture_output=True, text=True)
    else:  # unusual file names: index a linked copy holding only these pages
        with tempfile.TemporaryDirectory(prefix=".pagefind-pages-", dir=site.parent) as scratch:
            link_pages(site, pages, Path(scratch))
            done = subprocess.run(pagefind_command(Path(scratch), output), capture_output=True, text=True)
    if done.returncode != 0:
        raise IndexingFailed(f"Pagefind could not index the site:\n{done.stderr.strip() or done.stdout.strip()}")
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)


Bundle = dict[str, bytes]  # a shard's files: path inside the bundle folder → bytes


def read_bundle(folder: Path) -> Bundle:
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() and p != folder / DIGESTS)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def bundle_digests(bundle: Bundle) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in bundle.items()}


def cached_bundle(cache_root: Path, key: str) -> Bundle | None:
    """A cached shard's files when they are exactly the ones its digest list names; else None."""
    folder = cache_root / key
    listing = folder / DIGESTS
    if not folder.is_dir():
        return None
    try:
        expected = json.loads(listing.read_text(encoding="utf-8"))
        bundle = read_bundle(folder)
        digests = bundle_digests(bundle)
        valid = isinstance(expected, dict) and sorted(expected) == sorted(digests)
        valid = valid and all(hmac.compare_digest(str(expected[name]), digests[name]) for name in digests)
    except (OSError, ValueError):
        valid = False
    if not valid:
        logger.warning("cache entry %s was corrupt; rebuilt", folder)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return bundle


def keep_bundle(cache_root: Path, key: str, built: Path) -> Bundle:
    """Moves a freshly indexed shard into the cache, its digest list last (then it counts as complete)."""
    bundle = read_bundle(built)
    cache_root.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(cache_root / key, ignore_errors=True)
    shutil.move(built, cache_root / key)
    listing = cache_root / key / DIGESTS
    partial = cache_root / f".{key}{DIGESTS}.{os.getpid()}"
    partial.write_text(json.dumps(bundle_digests(bundle), sort_keys=True), encoding="utf-8")
    os.replace(partial, listing)
    return bundle


def write_bundle(bundle: Bundle, folder: Path) -> None:
    for name, data in bundle.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def build_search_index(
    site: Path,
    cache_root: Path | None,
    bundle_dir: str = BUNDLE_DIR,
    per_shard: int = PAGES_PER_SHARD,
    stale_ok: bool = False,
) -> tuple[int, int, int]:
    """Writes site/<bundle_dir>/ (and its shards). Returns (shards, shards Pagefind indexed, stale shards).

    stale_ok (the preview's pages-first build): a changed shard takes the last full index's bundle of
    that shard instead of waiting for Pagefind; the build after it indexes it and forgets the stale one."""
    target = site / bundle_dir
    if target.exists():
        shutil.rmtree(target)
    digests = page_digests(site, bundle_dir)
    pages = list(digests)
    shards = split_into_shards(site, pages, shard_count(len(pages), per_shard))
    identity = tool_identity(bundle_dir)
    keys = {shard.number: index_key(site, shard.pages, digests, identity) for shard in shards}
    bundles: dict[int, Bundle] = {}
    if cache_root is not None:
        for shard in shards:
            found = cached_bundle(cache_root, keys[shard.number])
            if found is not None:
                bundles[shard.number] = found
    stale = stale_bundles(cache_root, [s for s in shards if s.number not in bundles], len(shards)) if stale_ok else {}
    bundles.update(stale)
    todo = [shard for shard in shards if shard.number not in bundles]
    # Indexed shards go to scratch folders first: the first shard's bundle contains the others.
    with tempfile.TemporaryDirectory(prefix=".pagefind-shards-", dir=site.parent) as scratch:
        built = {shard.number: Path(scratch) / str(shard.number) for shard in todo}
        with ThreadPoolExecutor(max(1, min(len(todo), os.cpu_count() or 1))) as pool:
            list(pool.map(lambda shard: run_pagefind(site, shard.pages, built[shard.number]), todo))
        for shard in todo:
            folder = built[shard.number]
            bundles[shard.number] = (
                read_bundle(folder) if cache_root is None else keep_bundle(cache_root, keys[shard.number], folder)
            )
    for shard in shards:
        write_bundle(bundles[shard.number], site / shard.folder(bundle_dir))
    target.mkdir(parents=True, exist_ok=True)
    others = [f"{SHARD_DIR}/{shard.number}/" for shard in shards[1:]]
    (target / MANIFEST).write_text(json.dumps(others) + "\n", encoding="utf-8")
    if cache_root is not None and not stale:
        (cache_root / LATEST).write_text(json.dumps({"shards": len(shards), "keys": list(keys.values())}))
        forget_other_shards(cache_root, {*keys.values(), LATEST})
    return len(shards), len(todo), len(stale)


def stale_bundles(cache_root: Path | None, changed: list[Shard], count: int) -> dict[int, Bundle]:
    """The last full index's bundles of the changed shards, when it had as many shards (else a shard's
    pages would differ, not just be older) and has every one of them; else none."""
    if cache_root is None or not changed:
        return {}
    try:
        latest = json.loads((cache_root / LATEST).read_text(encoding="utf-8"))
        keys = [str(key) for key in latest["keys"]] if latest["shards"] == count else []
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if len(keys) != count:
        return {}
    found = {shard.number: cached_bundle(cache_root, keys[shard.number]) for shard in changed}
    complete = {number: bundle for number, bundle in found.items() if bundle is not None}
    return complete if len(complete) == len(changed) else {}


def forget_other_shards(cache_root: Path, keep: set[str]) -> None:
    """The cache answers "did this shard change since the last build?": older indexes are dropped."""
    for entry in cache_root.iterdir() if cache_root.is_dir() else ():
        if entry.name in keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)

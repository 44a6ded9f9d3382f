"""The build cache is verified, not trusted: a damaged or planted cache never changes what is published.

Every kind of cached file is damaged after a build (rendered pages truncated, bytes flipped in
leaflet PDFs and search shards, a pickle that runs code written over every pickle-like file);
the next `check` and `build` must run no code from the cache, succeed, and publish exactly what
a build with an empty cache publishes. An edit that keeps the file's modification time is seen.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_content, run_site

LEAFLET_SITE = FIXTURES / "leaflets" / "site"
SMALL_SITE = FIXTURES / "small-site"
PLAIN_ARTICLE = Path("articles/credit/credit-report.md")


class Planted:
    """Unpickling this creates the marker file: proof that the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


@pytest.fixture(autouse=True)
def cache_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A secret of the test's own, outside every cache root (the builds inherit the variable)."""
    secret = tmp_path / "state" / "cache-secret"
    monkeypatch.setenv("PORTAL_CACHE_SECRET_FILE", str(secret))
    return secret


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def flip(path: Path) -> None:
    """Changes bytes in place (same inode, as a bad disk or a careless editor would)."""
    data = bytearray(path.read_bytes())
    for index in {0, len(data) // 2, len(data) - 1} if data else ():
        data[index] ^= 0xFF
    with path.open("r+b") as handle:
        handle.write(data or b"x")


def damage_cache(cache: Path, payload: bytes) -> dict[str, int]:
    """Damages every cached file; returns how many of each kind, so the test knows each kind existed."""
    counts = {"pages": 0, "pdfs": 0, "search": 0, "pickles": 0}
    for path in sorted(p for p in cache.rglob("*") if p.is_file()):
        parts = path.relative_to(cache).parts
        if "rendered-pages" in parts:
            with path.open("r+b") as handle:
                handle.truncate(path.stat().st_size // 2)
            counts["pages"] += 1
        elif path.suffix == ".pdf":
            flip(path)
            counts["pdfs"] += 1
        elif "search-index" in parts:
            flip(path)
            counts["search"] += 1
        elif parts[0].startswith("pelican-") and len(parts) == 2 and path.suffix != ".hmac":
            # Pelican's content caches and the content-check memo: whatever their format, a planted pickle.
            path.write_bytes(payload)
            counts["pickles"] += 1
    return counts


def test_a_damaged_cache_runs_no_code_and_publishes_what_a_cold_build_does(tmp_path: Path) -> None:
    content = copy_content(LEAFLET_SITE, tmp_path / "content")
    cache = tmp_path / "cache"
    marker = tmp_path / "code-from-the-cache-ran"
    payload = pickle.dumps(Planted(marker))
    pickle.loads(payload)  # the payload works: unpickled, it creates the marker
    assert marker.exists()
    marker.unlink()

    first = run_site("build", content, tmp_path / "first", cache_root=cache)
    assert first.returncode == 0, first.stderr
    counts = damage_cache(cache, payload)
    assert all(counts.values()), f"every kind of cached file should exist after a build: {counts}"

    checked = run_site("check", content, tmp_path / "checked", cache_root=cache)
    assert checked.returncode == 0, checked.stderr
    assert not marker.exists(), "`check` unpickled a planted file"
    damage_cache(cache, payload)  # `check` rewrote the memo: plant it again for the build

    rebuilt = run_site("build", content, tmp_path / "rebuilt", cache_root=cache)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not marker.exists(), "the build unpickled a planted file"
    assert "was corrupt" in rebuilt.stderr

    cold = run_site("build", content, tmp_path / "cold", cache_root=tmp_path / "empty-cache")
    assert cold.returncode == 0, cold.stderr
    published, expected = tree(rebuilt.output), tree(cold.output)
    assert published.keys() == expected.keys()
    differing = [name for name in expected if published[name] != expected[name]]
    assert differing == [], "files differing from a cold build's"

    # The cache was repaired: the next build finds nothing to complain about and still agrees.
    again = run_site("build", content, tmp_path / "again", cache_root=cache)
    assert again.returncode == 0, again.stderr
    assert "was corrupt" not in again.stderr
    assert tree(again.output) == expected

    # Nothing published shares its bytes with a cache file (a hard link would let later damage through).
    cached_inodes = {(p.stat().st_dev, p.stat().st_ino) for p in cache.rglob("*") if p.is_file()}
    published_inodes = {(p.stat().st_dev, p.stat().st_ino) for p in again.output.rglob("*") if p.is_file()}
    assert not cached_inodes & published_inodes


def test_an_edit_that_keeps_the_modification_time_is_published(tmp_path: Path) -> None:
    content = copy_content(SMALL_SITE, tmp_path / "content")
    first = run_site("build", content, tmp_path / "output", cache_root=tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    source = content / PLAIN_ARTICLE
    before = source.stat()
    source.write_text(source.read_text(encoding="utf-8") + "\nA sentence with the old timestamp.\n", encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))

    result = run_site("build", content, tmp_path / "output", cache_root=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert "A sentence with the old timestamp." in result.page("credit/credit-report/").get_text()


def test_pelicans_cache_is_unpickled_only_when_sealed_here(tmp_path: Path) -> None:
    from content_contract.cache_seal import load_pelican_cache, seal

    marker = tmp_path / "ran"
    folder = tmp_path / "pelican-cache"
    folder.mkdir()
    planted = folder / "ArticlesGenerator-Readers"
    planted.write_bytes(pickle.dumps(Planted(marker)))
    assert load_pelican_cache(planted, gzipped=False) == {}
    assert not marker.exists()

    genuine = folder / "PagesGenerator-Readers"
    genuine.write_bytes(pickle.dumps({"a.md": (b"stamp", "data")}))
    assert seal(genuine)
    assert load_pelican_cache(genuine, gzipped=False) == {"a.md": (b"stamp", "data")}
    # A sealed file copied into another cache folder, or edited after sealing, is not loaded.
    elsewhere = tmp_path / "other-cache" / genuine.name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(genuine.read_bytes())
    (elsewhere.parent / f"{genuine.name}.hmac").write_bytes((folder / f"{genuine.name}.hmac").read_bytes())
    assert load_pelican_cache(elsewhere, gzipped=False) == {}
    genuine.write_bytes(genuine.read_bytes() + b"\x00")
    assert load_pelican_cache(genuine, gzipped=False) == {}

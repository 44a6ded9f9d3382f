"""The same content builds to the same bytes: two publish builds into different folders with different,
empty caches, and a third that reuses the first one's cache, are identical file by file (pages, feeds,
sitemap, search index, PDFs, precompressed copies — whatever the build writes)."""

from __future__ import annotations

import gzip
import hashlib
from collections import Counter
from pathlib import Path

from tests.quality.gates import PROJECT, PublishedBuilds

TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".css", ".js", ".csv", ".ics", ".geojson", ".svg"}


def fingerprints(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def first_difference(a: Path, b: Path) -> str:
    """Where two versions of a file part (for text files: the first differing line)."""
    left, right = a.read_bytes(), b.read_bytes()
    if a.suffix == ".gz":
        header = "gzip header (time stamp or name) differs" if left[:10] != right[:10] else "gzip body differs"
        if gzip.decompress(left) == gzip.decompress(right):
            return header + " — same content"
    if a.suffix in TEXT_SUFFIXES:
        for number, (x, y) in enumerate(zip(left.splitlines(), right.splitlines(), strict=False), 1):
            if x != y:
                return f"line {number}: {x[:160]!r} != {y[:160]!r}"
    offset = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    return f"byte {offset}: {left[offset : offset + 40]!r} != {right[offset : offset + 40]!r}"


def compare(one: Path, other: Path) -> list[str]:
    left, right = fingerprints(one), fingerprints(other)
    problems = [f"only in {one.parent.name}: {name}" for name in sorted(left.keys() - right.keys())]
    problems += [f"only in {other.parent.name}: {name}" for name in sorted(right.keys() - left.keys())]
    for name in sorted(left.keys() & right.keys()):
        if left[name] != right[name]:
            problems.append(f"{name}: {first_difference(one / name, other / name)}")
    return problems


def test_two_clean_builds_are_byte_identical(published_builds: PublishedBuilds) -> None:
    files = fingerprints(published_builds.first.output)
    kinds = Counter(Path(name).suffix or Path(name).name for name in files)
    print(f"reproducible: {len(files)} files compared: {dict(sorted(kinds.items()))}")
    for expected in (".html", ".xml", ".pdf", ".gz"):
        assert kinds[expected], f"the published build wrote no {expected} file: the comparison would prove little"
    problems = compare(published_builds.first.output, published_builds.second.output)
    assert problems == [], "\n".join(problems[:40])


def test_a_build_that_reuses_its_cache_is_byte_identical(published_builds: PublishedBuilds) -> None:
    problems = compare(published_builds.first.output, published_builds.warm.output)
    assert problems == [], "\n".join(problems[:40])


def test_no_file_names_the_machine_it_was_built_on(published_builds: PublishedBuilds) -> None:
    build = published_builds.first.output
    leaks = [str(PROJECT), str(build), str(build.parent.parent)]
    problems = []
    for path in sorted(build.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += [f"{path.relative_to(build)} names {leak}" for leak in leaks if leak in text]
    assert problems == [], "\n".join(problems)


def test_the_comparison_notices_a_changed_byte(tmp_path: Path) -> None:
    for name, text in (("a", "<p>same</p>\n<p>built 10:00</p>\n"), ("b", "<p>same</p>\n<p>built 10:01</p>\n")):
        (tmp_path / name / "output").mkdir(parents=True)
        (tmp_path / name / "output" / "index.html").write_text(text, encoding="utf-8")
    problems = compare(tmp_path / "a" / "output", tmp_path / "b" / "output")
    assert problems == ["index.html: line 2: b'<p>built 10:00</p>' != b'<p>built 10:01</p>'"]

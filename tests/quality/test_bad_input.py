"""Bad input never loses work: each case in tests/fixtures/bad-input/ breaks a copy of the small fixture site
(articles, pages, outlets.csv, outlet-closures.csv) or the settings, and the build must refuse it with the
expected `path:line: message`, exit non-zero, and leave the previous good output byte for byte as it was.

A case is a folder with case.toml (`expect`, optional `settings` and `remove`) and a content/ folder whose
files replace or join those of tests/fixtures/small-site.
"""

from __future__ import annotations

import hashlib
import shutil
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.quality.gates import PROJECT

CASES = PROJECT / "tests" / "fixtures" / "bad-input"
SMALL_SITE = PROJECT / "tests" / "fixtures" / "small-site"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if (path / "case.toml").is_file())
KEPT_BESIDE_OUTPUT = {"output", ".output.versions", ".output.lock"}


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's content hash and modification time: 'untouched' means both."""
    return {
        path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass
class Outcome:
    case: dict[str, Any]
    result: Any
    before: dict[str, tuple[str, int]]
    after: dict[str, tuple[str, int]]
    leftovers: list[str]


def prepare(name: str, work: Path) -> tuple[dict[str, Any], Path, str]:
    folder = CASES / name
    case = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    content = work / "content"
    shutil.copytree(SMALL_SITE, content)
    if (folder / "content").is_dir():
        shutil.copytree(folder / "content", content, dirs_exist_ok=True)
    for relative in case.get("remove", []):
        (content / relative).unlink()
    settings = str(folder / case["settings"]) if "settings" in case else "pelicanconf.py"
    return case, content, settings


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture site, built once: the 'last good site' every bad build must leave alone."""
    from conftest import run_site

    root = tmp_path_factory.mktemp("good")
    result = run_site("build", SMALL_SITE, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result.output


@pytest.fixture(scope="module")
def outcomes(good_output: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case built once, two at a time (each build is its own process)."""
    from conftest import run_site

    def attempt(name: str) -> Outcome:
        work = tmp_path_factory.mktemp(name)
        case, content, settings = prepare(name, work)
        # The good build's own layout: OUTPUT is a link into .output.versions/ (sitebuild/staging.py);
        # copytree keeps the relative link and the modification times.
        shutil.copytree(good_output.parent, work / "site", symlinks=True, ignore=shutil.ignore_patterns("cache"))
        output = work / "site" / "output"
        before = snapshot(output)
        versions_before = sorted(p.name for p in (output.parent / ".output.versions").iterdir())
        result = run_site("build", content, output, settings=settings, cache_root=work / "cache")
        # The lock file stays by design; the versions folder must hold exactly what it held before.
        leftovers = sorted(p.name for p in output.parent.iterdir() if p.name not in KEPT_BESIDE_OUTPUT)
        versions = sorted(p.name for p in (output.parent / ".output.versions").iterdir())
        leftovers += [f".output.versions/{name}" for name in sorted(set(versions) ^ set(versions_before))]
        return Outcome(case, result, before, snapshot(output), leftovers)

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(CASE_NAMES, pool.map(attempt, CASE_NAMES), strict=True))


def test_the_corpus_covers_every_kind_of_input() -> None:
    assert len(CASE_NAMES) >= 25
    for prefix in ("article-", "page-", "outlets-", "closures-", "settings-"):
        assert any(name.startswith(prefix) for name in CASE_NAMES), prefix


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_is_refused_with_its_message_and_the_last_good_site_survives(
    name: str, outcomes: dict[str, Outcome], good_output: Path
) -> None:
    outcome = outcomes[name]
    expected, stderr = outcome.case["expect"], outcome.result.stderr
    if outcome.result.returncode == 0:
        pytest.fail(f"{name}: the build accepted bad input\n{stderr}")
    if expected not in stderr:
        pytest.fail(f"{name}: expected {expected!r} in:\n{stderr}")
    assert "Traceback" not in stderr, stderr
    assert "nothing was published" in stderr
    if outcome.after != outcome.before:
        changed = sorted(set(outcome.after.items()) ^ set(outcome.before.items()))[:10]
        pytest.fail(f"{name}: the previous good output was changed: {changed}")
    assert {k: h for k, (h, _) in outcome.before.items()} == {k: h for k, (h, _) in snapshot(good_output).items()}
    assert outcome.leftovers == [], f"{name}: staging folders left behind: {outcome.leftovers}"


def test_the_small_site_itself_builds(good_output: Path) -> None:
    """The corpus proves something only if the unbroken site builds: each case then differs by one mistake."""
    assert (good_output / "index.html").is_file()
    assert (good_output / "fraud" / "fake-police-call" / "index.html").is_file()

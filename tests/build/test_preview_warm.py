"""The preview builds in one warm process, save after save, pages first and print files in the build after
(sitebuild/preview.py): what it serves in the end must be byte for byte what a fresh `make build` writes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_content, run_python, run_site

EPOCH = "1794009600"  # one fixed "today" for both builds

WARM_BUILDS = """
import sys
from pathlib import Path
from sitebuild.build import build
from sitebuild.settings import PROJECT_ROOT, load_settings

content, output = sys.argv[1], sys.argv[2]
article = Path(content) / "articles/fraud/fake-police-call.md"

def save(old, new):
    article.write_text(article.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

def build_once(print_later=None):
    settings = load_settings(str(PROJECT_ROOT / "pelicanconf.py"), content, output, None, False)
    if print_later is not None:
        settings["PRINT_LATER"] = print_later
    code = build(settings)
    assert code == 0, code

def build_as_the_preview_does():
    later = []
    build_once(later)  # pages first: the edited leaflet's PDFs and packs are left for the next build
    assert later, "a leaflet article was edited: its print files should have waited"
    build_once()

build_once()
save("The caller says", "The caller always says")  # a body edit of a leaflet article
build_as_the_preview_does()
save("Title: ", "Title: Warning: ")  # a title edit: lists and menus show it too
build_as_the_preview_does()
"""


def digests(folder: Path) -> dict[str, str]:
    root = folder.resolve()
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_a_warm_process_building_save_after_save_writes_what_a_fresh_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_content(FIXTURES / "bilingual", tmp_path / "content")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PORTAL_CACHE_ROOT=str(tmp_path / "warm-cache"))
    warm = run_python(["-c", WARM_BUILDS, str(content), str(tmp_path / "warm")], env)
    assert warm.returncode == 0, warm.stderr[-3000:]

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    cold = run_site("build", content, tmp_path / "cold", cache_root=tmp_path / "cold-cache")
    assert cold.returncode == 0, cold.stderr

    warm_files, cold_files = digests(tmp_path / "warm"), digests(tmp_path / "cold")
    assert "Warning: " in (tmp_path / "cold" / "index.html").read_text(encoding="utf-8")
    assert sorted(warm_files) == sorted(cold_files)
    assert [name for name in warm_files if warm_files[name] != cold_files[name]] == []
    served_only = [p for p in (tmp_path / "warm").resolve().rglob("*.html") if b"__preview" in p.read_bytes()]
    assert served_only == []  # the reload script is added while serving, never written into the site

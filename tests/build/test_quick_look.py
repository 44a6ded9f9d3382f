"""The preview's quick look (sitebuild/quicklook.py): a save that changes only an article's or page's text
rewrites that page in the served site at once. What it writes must be what the full build after it writes
for that page, byte for byte, in either language; a save it cannot show alone writes nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import FIXTURES, copy_content, run_python

EPOCH = "1794009600"  # one fixed "today" for every build of the script

QUICK_LOOKS = """
import json, sys
from pathlib import Path
from sitebuild.build import build
from sitebuild.quicklook import LastBuild, quick_look
from sitebuild.settings import PROJECT_ROOT, load_settings

content, output = Path(sys.argv[1]), Path(sys.argv[2])
last = LastBuild()

def settings():
    return load_settings(str(PROJECT_ROOT / "pelicanconf.py"), str(content), str(output), None, False)

def full_build():
    last.start()
    code = build(settings())
    last.finish(code == 0)
    return code

def served(page):
    return (output / page).read_text(encoding="utf-8")

def save(name, old, new):
    path = content / name
    if old is None:  # a new file
        path.write_text(new, encoding="utf-8")
        return path
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path

results = {}
assert full_build() == 0
for case, name, old, new, visible in json.loads(sys.argv[3]):
    path = save(name, old, new)
    pages = quick_look(last, {path}, settings())
    quick = {page: served(page) for page in pages or []}
    built = full_build() == 0
    same = {page: text == served(page) for page, text in quick.items()}
    shows = {page: visible in text for page, text in quick.items()}
    results[case] = {"built": built, "pages": pages, "same": same, "shows": shows}
print(json.dumps(results))
"""

SAVES = [
    # (case, file, old text, new text, what the page then shows)
    ("body", "articles/fraud/fake-police-call.md", "The caller says", "The caller always says", "always says"),
    ("title", "articles/fraud/fake-police-call.md", "Title: ", "Title: Warning: ", "<h1>Warning: "),
    ("chinese body", "articles/fraud/fake-police-call.zh.md", "。", "！", "！"),
    ("chinese page", "pages/how-to-complain.zh.md", "您可以到任何一个网点", "您可以到我们任何一个网点", "我们任何"),
    (
        "an old review date (a warning)",
        "articles/credit/credit-report.md",
        "Reviewed: 2026-09-02",
        "Reviewed: 2024-01-02",
        'datetime="2024-01-02"',
    ),
    ("broken header", "articles/credit/credit-report.md", "Title: ", "Date: 2026-13-45\nTitle: ", ""),
    ("new article", "articles/fraud/new.md", None, "Title: New\nSummary: New.\nReviewed: 2026-09-03\n\nText.\n", ""),
]


def run_saves(tmp_path: Path, saves: list[tuple[str, str, str | None, str, str]]) -> dict:
    content = copy_content(FIXTURES / "bilingual", tmp_path / "content")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PORTAL_CACHE_ROOT=str(tmp_path / "cache"))
    result = run_python(["-c", QUICK_LOOKS, str(content), str(tmp_path / "out"), json.dumps(saves)], env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_quick_look_writes_the_page_the_full_build_then_writes(tmp_path: Path) -> None:
    results = run_saves(tmp_path, SAVES[:5])
    assert results["body"]["pages"] == ["fraud/fake-police-call/index.html"]
    assert results["title"]["pages"] == ["fraud/fake-police-call/index.html"]
    assert results["chinese body"]["pages"] == ["zh/fraud/fake-police-call/index.html"]
    assert results["chinese page"]["pages"] == ["zh/how-to-complain/index.html"]
    assert results["an old review date (a warning)"]["pages"] == ["credit/credit-report/index.html"]
    for case, result in results.items():
        assert result["built"], case
        assert all(result["shows"].values()), f"{case}: the quick look did not show the edit"
        assert all(result["same"].values()), f"{case}: the full build wrote a different page"


def test_a_save_with_a_problem_or_a_new_file_gets_no_quick_look(tmp_path: Path) -> None:
    results = run_saves(tmp_path, SAVES[5:])
    assert results["broken header"] == {"built": False, "pages": None, "same": {}, "shows": {}}
    assert results["new article"]["pages"] is None  # its lists, menus and address come with the full build

"""Each content mistake gives path:line, a clear message, exit 1, and the last good site untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_site


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(small_content: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    output = tmp_path / "output"
    first = run_site("build", small_content, output)
    assert first.returncode == 0, first.stderr
    return small_content, output, snapshot(output)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


POLICE = "articles/fraud/fake-police-call.md"
CREDIT = "articles/credit/credit-report.md"

CASES = {
    "missing summary": (
        POLICE,
        "Summary: Real police never ask you to transfer money over the phone; hang up and call 110.\n",
        "",
        f"{POLICE}:1: Summary is missing — add a header line 'Summary:",
    ),
    "unknown topic": (
        POLICE,
        "Topic: fraud",
        "Topic: scams",
        f"{POLICE}:3: Topic 'scams' is not one of the site's topics — use one of: fraud, credit, rights",
    ),
    "misspelt topic": (POLICE, "Topic: fraud", "Topic: frad", "did you mean 'fraud'?"),
    "impossible date": (
        POLICE,
        "Date: 2026-02-03",
        "Date: 2026-02-30",
        f"{POLICE}:2: Date '2026-02-30' is not a real date: February 2026 has 28 days",
    ),
    "date in the wrong order": (POLICE, "Date: 2026-02-03", "Date: 03/02/2026", "is not written as YYYY-MM-DD"),
    "link to a missing file": (
        POLICE,
        "{filename}/articles/credit/credit-report.md",
        "{filename}/articles/credit/credit-reprot.md",
        f"{POLICE}:20: the link {{filename}}/articles/credit/credit-reprot.md points to a file that does not exist",
    ),
    "unknown audience": (
        POLICE,
        "Audience: older-people",
        "Audience: elderly",
        "Audience 'elderly' is not known — use a comma list of: everyone, older-people",
    ),
    "summary too long": (
        CREDIT,
        "Summary: You can",
        "Summary: " + "very " * 40 + "You can",
        f"{CREDIT}:4: Summary is 326 characters long; the limit is 200",
    ),
    "level-one heading": (
        CREDIT,
        "Your credit report lists",
        "# Heading\n\nYour credit report lists",
        f"{CREDIT}:7: a level-1 heading makes a second main title",
    ),
    "leaflet not yes or no": (POLICE, "Leaflet: yes", "Leaflet: perhaps", "Leaflet 'perhaps' is neither yes nor no"),
    "empty callout": (
        POLICE,
        "    Real police never ask",
        "Real police never ask",
        f"{POLICE}:12: this callout box is empty: its text is not indented",
    ),
    "script in the body": (
        CREDIT,
        "Your credit report lists",
        "<script>alert(1)</script>\nYour credit report lists",
        f"{CREDIT}:7: raw HTML <script> is not allowed",
    ),
    "header line without a colon": (
        POLICE,
        "Tags: phone scams",
        "Tags phone scams",
        f"{POLICE}:7: this line is neither a 'Key: value' header line",
    ),
    "misspelt field": (POLICE, "Reviewed: 2026-09-01", "Reviwed: 2026-09-01", "unknown field 'Reviwed'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_content_error_is_reported_and_output_kept(case: str, built: tuple[Path, Path, dict[str, str]]) -> None:
    content, output, before = built
    file, old, new, expected = CASES[case]
    edit(content / file, old, new)
    result = run_site("build", content, output)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "the last good site is unchanged" in result.stderr
    assert snapshot(output) == before


def test_every_problem_in_every_file_is_reported_at_once(built: tuple[Path, Path, dict[str, str]]) -> None:
    content, output, before = built
    edit(content / POLICE, "Topic: fraud", "Topic: scams")
    edit(content / POLICE, "Date: 2026-02-03", "Date: 2026-02-30")
    edit(content / CREDIT, "Reviewed: 2026-09-02\n", "")
    result = run_site("build", content, output)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ".md:" in line]
    assert len(lines) == 3, result.stderr
    assert "3 error(s)" in result.stderr
    assert snapshot(output) == before


def test_duplicate_slug_names_both_files(built: tuple[Path, Path, dict[str, str]]) -> None:
    content, output, before = built
    copy = content / "articles/rights/fake-police-call.md"
    copy.write_text((content / POLICE).read_text(encoding="utf-8").replace("Topic: fraud", "Topic: rights"))
    result = run_site("build", content, output)
    assert result.returncode == 1
    assert "fake-police-call.md" in result.stderr and "has the same Slug 'fake-police-call'" in result.stderr
    assert snapshot(output) == before


def test_file_not_saved_as_utf8(built: tuple[Path, Path, dict[str, str]]) -> None:
    content, output, before = built
    (content / "articles/fraud/gbk.md").write_bytes(
        "Title: 电话诈骗\nDate: 2026-01-01\nTopic: fraud\nSummary: 挂断电话。\nReviewed: 2026-01-02\n\n正文\n".encode(
            "gb18030"
        )
    )
    result = run_site("build", content, output)
    assert result.returncode == 1
    assert "articles/fraud/gbk.md:1: the file is not saved as UTF-8 text" in result.stderr
    assert snapshot(output) == before


def test_old_review_date_warns_but_builds(small_content: Path, tmp_path: Path) -> None:
    edit(small_content / CREDIT, "Reviewed: 2026-09-02", "Reviewed: 2020-01-01")
    result = run_site("build", small_content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"{CREDIT}:5: warning: the facts were last reviewed" in result.stderr


def test_check_reports_without_writing(small_content: Path, tmp_path: Path) -> None:
    edit(small_content / POLICE, "Topic: fraud", "Topic: scams")
    result = run_site("check", small_content, tmp_path / "never-written")
    assert result.returncode == 1
    assert "Topic 'scams'" in result.stderr
    assert not (tmp_path / "never-written").exists()
    edit(small_content / POLICE, "Topic: scams", "Topic: fraud")
    assert run_site("check", small_content, tmp_path / "never-written").returncode == 0
    assert not (tmp_path / "never-written").exists()


def test_a_folder_the_project_has_never_seen_builds_through_make(small_content: Path, tmp_path: Path) -> None:
    import subprocess

    from conftest import PROJECT

    output = tmp_path / "made"
    done = subprocess.run(
        ["make", "--no-print-directory", "build", f"CONTENT={small_content}", f"OUTPUT={output}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert (output / "fraud/fake-police-call/index.html").is_file()
    assert (output / "how-to-complain/index.html").is_file()


def test_header_text_is_shown_as_text_never_as_markup(small_content: Path, tmp_path: Path) -> None:
    edit(small_content / POLICE, "Title: A call", "Title: <b>Bold</b> & <script>x()</script> A call")
    result = run_site("build", small_content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = result.page("/fraud/fake-police-call/")
    assert (
        page.h1.get_text() == '<b>Bold</b> & <script>x()</script> A call from "the police" asking for money is a scam'
    )
    assert not page.select("h1 b") and not page.select("h1 script")

"""Bounded cost for any input (issue 13, part 5): hostile text that would make Python-Markdown or the
checks take minutes, or fail with Pelican's bare "Could not process", is refused before anything is
rendered, with `path:line`, a non-zero exit and a bounded number of lines printed.

Wall time is not asserted (the test machine's speed varies); the bounded output and the early refusal
are what keep the time bounded. The big inputs are generated here, not committed as fixtures.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, run_site

from sitebuild.progress import still_working

HEADER = """Title: A hostile article
Date: 2026-02-03
Topic: fraud
Summary: Text no editor writes by hand.
Reviewed: 2026-09-01
Audience: older-people

"""
BODY_START = HEADER.count("\n") + 1  # the line the first body line is on


def hostile_site(tmp_path: Path, body: str) -> Path:
    """A copy of the small fixture site with one more article whose text is `body`."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small-site", content)
    (content / "articles" / "fraud" / "hostile.md").write_text(HEADER + body + "\n", encoding="utf-8")
    return content


def problem_lines(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.search(rf"{re.escape(name)}:\d+: ", line)]


def refused(tmp_path: Path, body: str, command: str = "check") -> list[str]:
    content = hostile_site(tmp_path, body)
    result = run_site(command, content, tmp_path / "output")
    assert result.returncode != 0, result.stderr
    lines = problem_lines(result.stderr, "hostile.md")
    assert lines, result.stderr
    return lines


def test_forty_kilobytes_of_brackets_are_refused_with_the_line(tmp_path: Path) -> None:
    lines = refused(tmp_path, "[" * 40_000, command="build")
    assert lines == [
        f"{tmp_path}/content/articles/fraud/hostile.md:{BODY_START}: this paragraph has more than 200 '[' "
        "(links or brackets) — split it into shorter paragraphs with blank lines, "
        "or write a bracket that is text as \\["
    ]
    assert not (tmp_path / "output").exists()  # refused before Pelican ran


def test_unclosed_brackets_name_the_first_one(tmp_path: Path) -> None:
    body = "Fine text.\n\nA [first\nthen [[[[[[[[ many more"
    lines = refused(tmp_path, body)
    assert len(lines) == 1
    assert f"hostile.md:{BODY_START + 2}: this paragraph has 9 '[' that are never closed" in lines[0]


def test_every_paragraph_over_the_limit_prints_a_bounded_report(tmp_path: Path) -> None:
    lines = refused(tmp_path, "\n\n".join("[" * 30 for _ in range(2_000)))
    assert len(lines) == 21  # 20 problems, then one line for the rest
    assert f"hostile.md:{BODY_START}: this paragraph has 30 '['" in lines[0]
    assert "…and 1,980 more places in this file over the same limits" in lines[-1]


@pytest.mark.parametrize(
    ("body", "offset", "deepest"),  # offset: body lines before the first one nested too deep
    [
        ("\n".join("    " * level + "- item" for level in range(200)), 9, 9),
        ("\n".join(">" * level + " quoted" for level in range(1, 200)), 8, 9),
        ("> " * 5_000 + "quoted", 0, 5_000),
        ("\n".join("\t" * level + "- item" for level in range(50)), 9, 9),
    ],
    ids=["list", "quote", "quote-one-line", "list-tabs"],
)
def test_deep_nesting_is_refused_with_the_line(tmp_path: Path, body: str, offset: int, deepest: int) -> None:
    lines = refused(tmp_path, body)
    first_too_deep = BODY_START + offset
    assert len(lines) == 1
    assert (
        f"hostile.md:{first_too_deep}: lists or quotes are nested {deepest} levels deep here (at most 8)" in (lines[0])
    )


def test_thousands_of_unfinished_tags_are_refused(tmp_path: Path) -> None:
    body = "\n\n".join("<a x" for _ in range(6_000))
    lines = refused(tmp_path, body)
    assert len(lines) == 1
    # the 21st unfinished tag, two lines per paragraph
    assert f"hostile.md:{BODY_START + 40}: more than 20 '<' in this file start an HTML tag" in lines[0]


@pytest.mark.parametrize(
    "body",
    [
        "*" * 40_000,
        "_" * 40_000,
        "`" * 40_000,
        "&" * 40_000,
        "<" * 40_000,
        "]" * 40_000,
        "\\[" * 20_000,  # escaped brackets are text and cost nothing
        "*a " * 13_000,
        "word " * 8_000,
    ],
    ids=["stars", "underscores", "backticks", "ampersands", "less-than", "closing-brackets", "escaped", "emph", "long"],
)
def test_long_runs_that_render_fast_are_not_limited(tmp_path: Path, body: str) -> None:
    content = hostile_site(tmp_path, body)
    result = run_site("check", content, tmp_path / "output")
    assert not problem_lines(result.stderr, "hostile.md"), result.stderr


def test_two_thousand_closures_for_unknown_outlets_print_a_summary(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small-site", content)
    shutil.copy(PROJECT / "content" / "outlets.csv", content / "outlets.csv")
    rows = [f"2027-03-{day % 28 + 1:02d},no-such-outlet-{day},Maintenance" for day in range(2_000)]
    (content / "outlet-closures.csv").write_text("date,outlet,reason\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run_site("check", content, tmp_path / "output")
    assert result.returncode != 0
    lines = problem_lines(result.stderr, "outlet-closures.csv")
    assert len(lines) == 21, result.stderr
    assert "outlet-closures.csv:2: outlet: no outlet in outlets.csv has the id 'no-such-outlet-0'" in lines[0]
    assert lines[-1].startswith(f"{content}/outlet-closures.csv:22: outlet: …and 1,980 more rows from this one on")


def test_a_campaign_text_has_the_same_limits(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    campaign = content / "campaigns" / "consumer-rights-day-2027.md"
    text = campaign.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    campaign.write_text(text + "[" * 40_000 + "\n", encoding="utf-8")
    result = run_site("check", content, tmp_path / "output")
    assert result.returncode != 0
    lines = problem_lines(result.stderr, "consumer-rights-day-2027.md")
    assert len(lines) == 1, result.stderr
    assert f"consumer-rights-day-2027.md:{text.count(chr(10)) + 1}: this paragraph has more than 200 '['" in lines[0]


def test_a_long_step_says_it_is_still_working() -> None:
    quick, slow = io.StringIO(), io.StringIO()
    with still_working("checking the content", every=0.05, stream=quick):
        pass
    with still_working("checking the content", every=0.05, stream=slow):
        time.sleep(0.3)
    assert quick.getvalue() == ""  # a fast step prints nothing, as before
    assert slow.getvalue().startswith("… still checking the content (")


def test_a_summary_full_of_brackets_is_refused_with_its_line(tmp_path: Path) -> None:
    content = hostile_site(tmp_path, "Plain text.")
    article = content / "articles" / "fraud" / "hostile.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Summary: ", "Summary: " + "[" * 40_000), "utf-8")
    result = run_site("check", content, tmp_path / "output")
    assert result.returncode != 0
    lines = problem_lines(result.stderr, "hostile.md")
    assert len(lines) == 2, result.stderr  # and the Summary's own length limit
    assert any("hostile.md:4: this paragraph has more than 200 '['" in line for line in lines)

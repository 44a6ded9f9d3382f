"""`make check` ends with one line saying what was read and how it went."""

from __future__ import annotations

import io
from pathlib import Path

from portal.problems import Problem, warning

from sitebuild.checks import content_summary, report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLUGINS = ["content_contract", "outlets", "campaigns"]


def settings_for(folder: Path) -> dict:
    return {"PATH": str(folder), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": ["pages"], "PLUGINS": PLUGINS}


def printed(problems: list[Problem], checked: str) -> tuple[int, str]:
    stream = io.StringIO()
    errors = report(problems, stream, checked)
    return errors, stream.getvalue()


def test_the_summary_counts_articles_pages_outlets_and_campaigns() -> None:
    assert content_summary(settings_for(FIXTURES / "bilingual")) == "6 articles, 2 pages, 3 outlets, 0 campaigns"
    assert content_summary(settings_for(FIXTURES / "small-site")) == "3 articles, 1 page, 0 outlets, 0 campaigns"


def test_all_well_warnings_only_and_errors_each_end_with_one_line() -> None:
    assert printed([], "3 articles, 1 page") == (0, "3 articles, 1 page: no problems\n")
    errors, text = printed([warning("a.md", 2, "x"), warning("b.md", 1, "y")], "3 articles")
    assert errors == 0 and text.splitlines()[-1] == "3 articles: 0 errors, 2 warnings"
    errors, text = printed([Problem("a.md", 2, "x"), warning("b.md", 1, "y")], "3 articles")
    assert errors == 1
    assert text.splitlines()[-1] == (
        "1 error(s), 1 warning(s): nothing was published; the last good site is unchanged."
    )

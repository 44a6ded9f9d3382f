"""What a leaflet is made of: which articles, which addresses, which opening hours, which packs."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import segno
from hypothesis import given
from hypothesis import strategies as st
from leaflets.checks import budget_problem, glyph_problems, imprint_problems, page_budget
from leaflets.model import (
    DEFAULTS,
    absolute_links,
    imprint_for,
    leaflets_from_articles,
    plan_packs,
    printed_hours,
    public_url,
    without_decorative_pictures,
)
from leaflets.qr import QUIET_ZONE, make_code, qr_image, qr_pdf_operators
from outlets.hours import parse_opening_hours
from outlets.model import DAY_KEYS, OpeningHours, Outlet, TimeRange
from portal.problems import Problem

SETTINGS = {"SITEURL": "", "PUBLIC_SITEURL": "https://portal.example.org", "DEFAULT_LANG": "en"}


@dataclass
class FakeArticle:
    slug: str
    lang: str = "en"
    title: str = "A title"
    summary: str = "<p>A summary &amp; more</p>"
    content: str = "<p>Body</p>"
    topic: str = "fraud"
    source_path: str = "content/articles/fraud/x.md"
    date: dt.datetime = dt.datetime(2026, 1, 12, 0, 0)
    reviewed: dt.date | None = dt.date(2026, 10, 15)
    is_leaflet: bool = True

    @property
    def url(self) -> str:
        return f"{self.lang + '/' if self.lang != 'en' else ''}{self.topic}/{self.slug}/"


def outlet(outlet_id: str, name: str, hours: str = "", line: int = 2) -> Outlet:
    return Outlet(
        outlet_id, name, "Beijing", "Xicheng", "8 Financial Street", postcode="100033", phone="010-6655 0002",
        hours=parse_opening_hours(hours)[0], line=line,
    )  # fmt: skip


def test_only_articles_marked_as_leaflets_become_leaflets() -> None:
    articles = [FakeArticle("b-leaflet"), FakeArticle("not-one", is_leaflet=False), FakeArticle("a-leaflet")]
    leaflets = leaflets_from_articles(articles, SETTINGS)
    assert [leaflet.slug for leaflet in leaflets] == ["a-leaflet", "b-leaflet"]


def test_the_qr_address_is_the_public_one_even_when_the_build_has_no_siteurl() -> None:
    (leaflet,) = leaflets_from_articles([FakeArticle("safe-account")], SETTINGS)
    assert leaflet.article_url == "https://portal.example.org/fraud/safe-account/"
    assert leaflet.a4.save_as == "leaflets/safe-account.pdf"
    assert leaflet.a5.save_as == "leaflets/safe-account.print.pdf"
    assert leaflet.summary == "A summary & more"  # words for paper, not HTML


def test_translations_get_their_own_folder_so_slugs_never_collide() -> None:
    (english, chinese) = leaflets_from_articles([FakeArticle("x"), FakeArticle("x", lang="zh")], SETTINGS)
    assert english.a4.url == "leaflets/x.pdf"
    assert chinese.a4.url == "zh/leaflets/x.pdf"
    assert chinese.a5.url == "zh/leaflets/x.print.pdf"
    assert chinese.article_url == "https://portal.example.org/zh/fraud/x/"


def test_site_links_become_public_addresses_for_paper() -> None:
    body = '<a href="/fraud/other/">other</a> <a href="https://example.com/">out</a> <a href="#top">top</a>'
    assert absolute_links(body, SETTINGS) == (
        '<a href="https://portal.example.org/fraud/other/">other</a> '
        '<a href="https://example.com/">out</a> <a href="#top">top</a>'
    )
    published = dict(SETTINGS, SITEURL="https://portal.example.org")
    assert 'href="https://portal.example.org/x/"' in absolute_links(
        '<a href="https://portal.example.org/x/">', published
    )
    assert public_url({"PUBLIC_SITEURL": "https://a.example/"}, "/b/") == "https://a.example/b/"
    chinese_run = {"SITEURL": "/zh", "PUBLIC_SITEURL": "https://portal.example.org/zh"}
    assert absolute_links('<a href="/zh/../fraud/x/">', chinese_run) == '<a href="https://portal.example.org/fraud/x/">'
    assert (
        absolute_links('<a href="/zh/credit/y/">', chinese_run) == '<a href="https://portal.example.org/zh/credit/y/">'
    )


def test_opening_hours_print_as_runs_of_days_with_door_sign_times() -> None:
    runs = printed_hours(parse_opening_hours("Mo-Fr 09:00-17:30; Sa 09:00-12:00,13:00-16:00; Su off")[0])
    assert [(r.first_day, r.last_day, r.spans) for r in runs] == [
        ("mo", "fr", ("9:00–17:30",)),
        ("sa", "sa", ("9:00–12:00", "13:00–16:00")),
        ("su", "su", ()),
    ]
    assert runs[1].single_day and not runs[0].single_day


@given(st.lists(st.sampled_from([(), (TimeRange(540, 720),), (TimeRange(0, 1440),)]), min_size=7, max_size=7))
def test_runs_cover_the_week_in_order_and_neighbours_differ(week: list[tuple[TimeRange, ...]]) -> None:
    runs = printed_hours(OpeningHours(text="x", days=dict(zip(DAY_KEYS, week, strict=True))))
    assert runs[0].first_day == "mo" and runs[-1].last_day == "su"
    assert all(earlier.spans != later.spans for earlier, later in itertools.pairwise(runs))


def test_an_imprint_carries_the_outlets_public_address() -> None:
    imprint = imprint_for(outlet("bj-xicheng", "Financial Street Branch", "Mo 09:00-17:00"), SETTINGS)
    assert imprint.outlet_url == "https://portal.example.org/outlets/bj-xicheng/"
    assert imprint.address_line == "8 Financial Street, 100033 Beijing"
    assert imprint.hours[0].spans == ("9:00–17:00",)


def test_packs_hold_the_leaflets_of_the_sites_language_only() -> None:
    leaflets = leaflets_from_articles([FakeArticle("x"), FakeArticle("x", lang="zh"), FakeArticle("y")], SETTINGS)
    packs = plan_packs([outlet("b", "B"), outlet("a", "A")], leaflets, SETTINGS)
    assert [pack.outlet_id for pack in packs] == ["a", "b"]
    assert [leaflet.slug for leaflet in packs[0].leaflets] == ["x", "y"]
    assert packs[0].file.save_as == "leaflets/outlets/a.pdf"
    assert plan_packs([outlet("a", "A")], [], SETTINGS) == []


def test_qr_codes_use_level_q_and_the_size_asked_for() -> None:
    url = "https://portal.example.org/fraud/safe-account-scam/"
    code = make_code(url)
    assert code.error == "Q" and not code.is_micro
    image = qr_image(url, 28.0)
    assert image.symbol_mm == 28.0
    assert abs(image.width_mm - 28.0 * (image.modules + 2 * QUIET_ZONE) / image.modules) < 1e-9
    svg = unquote(image.data_uri)
    width = re.search(r"width='([\d.]+)mm'", svg)
    assert width is not None and abs(float(width.group(1)) - image.width_mm) < 0.01


def test_qr_pdf_operators_draw_one_rectangle_run_per_dark_stretch() -> None:
    url = "https://portal.example.org/outlets/a/"
    operators = qr_pdf_operators(url, 100.0, 100.0, 20.0).decode()
    dark_runs = 0
    for row in segno.make(url, error="q", boost_error=False, micro=False).matrix:
        dark_runs += sum(1 for i, cell in enumerate(row) if cell and (i == 0 or not row[i - 1]))
    assert operators.count(" re\n") == dark_runs
    assert operators.count(" re f\n") == 1


def test_a_leaflet_over_its_page_budget_names_the_page_count() -> None:
    assert budget_problem("content/x.md", "a4", 2, 2) is None
    problem = budget_problem("content/x.md", "a4", 3, 2)
    assert isinstance(problem, Problem) and problem.is_error
    assert "has 3 pages; it may have at most 2, so it is 1 page too long" in str(problem)
    assert "2 pages too long" in str(budget_problem("content/x.md", "large", 8, 6))
    assert page_budget({}, "a5", DEFAULTS["LEAFLET_PAGE_BUDGET"]) == 8
    assert page_budget({"LEAFLET_PAGE_BUDGET": {"a5": 3}}, "a5", DEFAULTS["LEAFLET_PAGE_BUDGET"]) == 3


def test_a_missing_glyph_points_at_its_line(tmp_path: Any) -> None:
    source = tmp_path / "x.md"
    source.write_text("Title: x\n\nFine text\nA private \ue000 sign\n", encoding="utf-8")
    (problem,) = glyph_problems(str(source), ["\ue000"])
    assert problem.line == 4
    assert "U+E000" in problem.what and "empty box" in problem.what


def test_an_imprint_that_does_not_fit_is_reported_on_its_outlets_row() -> None:
    problems = imprint_problems("content", outlet("a", "A", line=7), ["\ue000"], 2)
    assert [p.line for p in problems] == [7, 7]
    assert problems[0].path.endswith("outlets.csv")
    assert "do not fit" in problems[0].what and "U+E000" in problems[1].what


def test_a_decorative_picture_is_left_off_paper_and_a_described_one_is_kept() -> None:
    body = (
        '<p>Text</p><picture><source type="image/webp" srcset="/images/a.webp 480w">'
        '<img alt="" src="/images/line.png" width="10" height="2"></picture>'
        '<p><img src="/images/note.svg" alt="Where to look on a note" width="600" height="300"></p>'
        '<img src="/images/dots.svg" alt="" width="10" height="10">'
    )
    kept = without_decorative_pictures(body)
    assert "line.png" not in kept and "a.webp" not in kept and "dots.svg" not in kept
    assert 'alt="Where to look on a note"' in kept and kept.startswith("<p>Text</p>")

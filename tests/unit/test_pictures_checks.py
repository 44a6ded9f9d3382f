"""Pure picture checks: print sharpness on the A4 leaflet, SVG safety, variant names."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_contract.check import closest_files_fix
from pictures.checks import PRINT_WIDTH_MM, print_dpi, sharpness_problem
from pictures.model import Picture, svg_size, variants
from pictures.svg import svg_problems


def test_the_leaflet_column_is_a4_less_its_margins() -> None:
    assert PRINT_WIDTH_MM == 178


@pytest.mark.parametrize(
    ("width_px", "printed_mm", "dpi"),
    [
        (600, 158.75, 96.0),  # narrower than the column: one pixel per CSS pixel, 96 dpi
        (1051, 178.0, 149.98),  # just below 150 dpi at the full column width
        (1052, 178.0, 150.12),
        (2400, 178.0, 342.47),
    ],
)
def test_print_dpi(width_px: int, printed_mm: float, dpi: float) -> None:
    assert print_dpi(width_px) == pytest.approx((printed_mm, dpi), abs=0.01)


def test_sharpness_warning_below_150_dpi_only() -> None:
    problem = sharpness_problem("a.md", 7, "images/x.jpg", 800)
    assert problem is not None and not problem.is_error
    assert str(problem).startswith("a.md:7: warning: the picture images/x.jpg is 800 px wide")
    assert "at least 1051 px wide" in problem.fix
    assert sharpness_problem("a.md", 7, "images/x.jpg", 1200) is None


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg">\n<script>x()</script></svg>', (2, "<script>")),
        ('<svg xmlns="http://www.w3.org/2000/svg">\n\n<rect onclick="x()"/></svg>', (3, "'onclick'")),
        ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', (1, "<foreignObject>")),
        ('<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#a"/></svg>', (1, "'href' links to")),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://x.org/p)"/></svg>', (1, "url(")),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>', (1, "style loads")),
        ('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"/></svg>', (1, "script or data")),
        ("<svg><rect></svg>", (1, "not well-formed")),
    ],
)
def test_svg_problems(svg: str, expected: tuple[int, str]) -> None:
    found = svg_problems(svg)
    assert any(line == expected[0] and expected[1] in what for line, what in found), found


def test_a_safe_svg_with_fragment_links_passes() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 2">'
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use xlink:href="#g"/></svg>'
    )
    assert svg_problems(svg) == []
    assert svg_size(svg) == (4, 2)


def test_variants_only_below_the_original_width_and_webp_beside_jpeg() -> None:
    found = variants(Picture("images/a/b.jpg", "JPEG", 1000, 500, "f" * 64), (480, 800, 1344))
    assert [(v.format, v.width, v.height) for v in found] == [
        ("JPEG", 480, 240), ("JPEG", 800, 400), ("JPEG", 1000, 500),
        ("WEBP", 480, 240), ("WEBP", 800, 400), ("WEBP", 1000, 500),
    ]  # fmt: skip
    assert found[0].path == "images/a/_sizes/b-480w-ffffffffff.jpg"


def test_a_broken_link_suggests_the_closest_existing_paths(tmp_path: Path) -> None:
    for name in ("articles/credit/credit-report.md", "articles/fraud/fake-police-call.md", "images/notes/thread.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    wanted = tmp_path / "articles" / "credit" / "credit-reprot.md"
    expected = "did you mean {filename}/articles/credit/credit-report.md?"
    assert closest_files_fix(tmp_path, "filename", wanted) == expected
    picture = tmp_path / "images" / "thread.png"  # the right name in the wrong folder
    assert closest_files_fix(tmp_path, "static", picture) == "did you mean {static}/images/notes/thread.png?"
    nothing = closest_files_fix(tmp_path, "filename", tmp_path / "zzzz.md")
    assert nothing.startswith("check the spelling")

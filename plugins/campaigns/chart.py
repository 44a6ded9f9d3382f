"""A horizontal bar chart laid out at build time, for an inline SVG with no JavaScript.

This module only does the geometry (where each label line, bar and value goes, in SVG user units);
the theme's `components/campaign_chart.html` draws it, so every word on it comes from the template
(translatable) or from the content. Each outlet's name sits on its own line(s) above its bar, so long
names and Chinese names never collide with the bars on a narrow phone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 340  # user units; the stylesheet scales the SVG to the column, about 1 unit = 1 px on a phone
FONT_SIZE = 18  # ≥ 18px text on a phone, like the rest of the site
LINE_HEIGHT = 22
BAR_HEIGHT = 24
GAP_AFTER_LABEL = 4
GAP_AFTER_BAR = 16
VALUE_GAP = 6
PADDING = 2
BOLD_DIGITS = 1.25  # bold digits are drawn about this much wider than text_width's estimate


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A generous estimate of how wide `text` is drawn: wide (CJK) characters 1 em, others 0.6 em."""
    return sum(font_size * (1.0 if _is_wide(ch) else 0.6) for ch in text)


def wrap(text: str, width: float, font_size: float = FONT_SIZE) -> list[str]:
    """Lines no wider than `width`: break at spaces, and between wide characters when needed."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        candidate = f"{current}{word}" if current else word.lstrip()
        if current and text_width(candidate.rstrip(), font_size) > width:
            lines.append(current.rstrip())
            candidate = word.lstrip()
        while text_width(candidate.rstrip(), font_size) > width and len(candidate) > 1:  # one very long word
            cut = len(candidate)
            while cut > 1 and text_width(candidate[:cut], font_size) > width:
                cut -= 1
            lines.append(candidate[:cut])
            candidate = candidate[cut:]
        current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _words(text: str) -> list[str]:
    """Words with their leading space; each wide character is a word of its own."""
    words: list[str] = []
    for ch in " ".join(text.split()):
        if ch == " ":
            words.append(ch)
        elif words and words[-1] == " ":
            words[-1] += ch
        elif _is_wide(ch) or not words or _is_wide(words[-1][-1]):
            words.append(ch)
        else:
            words[-1] += ch
    return words


def number_text(value: int) -> str:
    return f"{value:,}"


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float  # baseline


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    label_lines: tuple[LabelLine, ...]
    y: float
    width: float
    value_text: str
    value_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    """A chart of one figure, one bar per row; `width`/`height` make the SVG's viewBox."""

    figure: str  # the figure's key (e.g. "people_reached"); the template names it in words
    bars: tuple[Bar, ...]
    width: float
    height: float
    bar_height: float = BAR_HEIGHT
    font_size: float = FONT_SIZE

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def largest(self) -> Bar | None:
        return max(self.bars, key=lambda bar: bar.value) if self.bars else None


def bar_chart(figure: str, rows: Sequence[tuple[str, int]], width: float = WIDTH) -> BarChart:
    """Lay out one bar per (label, value), in the order given, the longest bar for the largest value."""
    # Values are bold digits, wider than the text estimate: keep room so the largest never runs off the edge.
    values_room = max((text_width(number_text(v)) * BOLD_DIGITS for _, v in rows), default=0) + VALUE_GAP + PADDING
    longest = width - PADDING - values_room
    largest = max((v for _, v in rows), default=0)
    bars: list[Bar] = []
    y = PADDING
    for label, value in rows:
        lines = []
        for text in wrap(label, width - 2 * PADDING):
            y += LINE_HEIGHT
            lines.append(LabelLine(text, round(y - (LINE_HEIGHT - FONT_SIZE) / 2 - 2, 1)))
        y += GAP_AFTER_LABEL
        bar_width = round(longest * value / largest, 1) if largest else 0.0
        bars.append(
            Bar(
                label=label,
                value=value,
                label_lines=tuple(lines),
                y=round(y, 1),
                width=bar_width,
                value_text=number_text(value),
                value_x=round(PADDING + bar_width + VALUE_GAP, 1),
                value_y=round(y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35, 1),
            )
        )
        y += BAR_HEIGHT + GAP_AFTER_BAR
    height = y - GAP_AFTER_BAR + PADDING if bars else PADDING * 2
    return BarChart(figure=figure, bars=tuple(bars), width=width, height=round(height, 1))

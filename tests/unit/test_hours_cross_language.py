"""'Open now' in Python (OpeningHours / Outlet.is_open) and in the browser (LocatorCore) give the same answers.

Opening hours and closures are generated as an editor types them into outlets.csv and outlet-closures.csv
(docs/editors-guide.md, plugins/outlets/hours.py), read by the build's own reader, and published the way the
site publishes them: the /outlets/ row through the theme's `outlet_row` component (data-h, data-x), the shared
closures as the outlets generator writes data-closures, the outlet page's data-x from its upcoming closures.
Then Python and locator-core.js (through tests/js/open_now_cli.js, one `node` process for the module) are
asked about the same moments from the build day on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import jinja2
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from outlets.model import DAY_KEYS, Outlet, compact_closures
from outlets.reader import read_outlets
from pelican.settings import read_settings

PROJECT = Path(__file__).resolve().parent.parent.parent
THEME = PROJECT / "theme" / "templates"
CLI = PROJECT / "tests" / "js" / "open_now_cli.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed, so locator-core.js cannot be run")

FIRST_DAY = dt.date(2026, 9, 28)  # a Monday; closures and moments fall in the weeks after it
DAYS = 21
OUTLET_IDS = ("sh-one", "sh-two", "bj-three")
FULL_WIDTH = str.maketrans({**{str(d): chr(0xFF10 + d) for d in range(10)}, ":": "："})

# --- What an editor writes -------------------------------------------------------------------------


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


day_names = st.sampled_from(DAY_KEYS).flatmap(
    lambda key: st.sampled_from([key.title(), key, key.upper(), full_width(key.title())])
)
dashes = st.sampled_from(["-", "-", "–", "—", "~", "～", "〜"])
commas = st.sampled_from([",", ", ", "，"])


@st.composite
def day_selectors(draw: st.DrawFn) -> str:
    """'', 'Mo', 'Mo-Fr', 'Sa-Mo' (wraps), 'Mo,We,Fr', 'PH', 'Sa, Su, PH' …"""
    if draw(st.integers(0, 9)) == 0:
        return ""  # no days: every day
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["day", "range", "range", "ph"]))
        if kind == "day":
            parts.append(draw(day_names))
        elif kind == "range":
            parts.append(draw(day_names) + draw(dashes) + draw(day_names))
        else:
            parts.append(draw(st.sampled_from(["PH", "ph"])))
    return draw(commas).join(parts)


def time_text(minute: int, *, short_hour: bool, wide: bool) -> str:
    hours, minutes = divmod(minute, 60)
    text = f"{hours:d}:{minutes:02d}" if short_hour else f"{hours:02d}:{minutes:02d}"
    return text.translate(FULL_WIDTH) if wide else text


@st.composite
def periods(draw: st.DrawFn) -> str:
    """'09:00-12:00,13:30-17:00' and spreadsheet variants: 9:00, full-width digits, en dashes, '~', 24:00."""
    edges = sorted(draw(st.lists(st.integers(0, 1440), min_size=2, max_size=6, unique=True)))
    edges = edges[: len(edges) // 2 * 2]
    wide = draw(st.booleans())
    texts = [
        time_text(opening, short_hour=draw(st.booleans()), wide=wide)
        + draw(dashes)
        + time_text(closing, short_hour=draw(st.booleans()), wide=wide)
        for opening, closing in zip(edges[::2], edges[1::2], strict=True)
    ]
    return draw(commas).join(texts)


@st.composite
def rules(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 14)) == 0:
        return "24/7"
    value = draw(st.one_of(periods(), st.sampled_from(["off", "Off", "OFF", "closed", "Closed"])))
    selector = draw(day_selectors())
    return f"{selector}{draw(st.sampled_from([' ', '  ']))}{value}" if selector else value


@st.composite
def opening_hours(draw: st.DrawFn) -> str:
    """A whole opening_hours cell: rules separated by ';' (later rules win), or empty (hours not known)."""
    if draw(st.integers(0, 12)) == 0:
        return ""
    separator = draw(st.sampled_from(["; ", ";", " ; ", "；"]))
    text = separator.join(draw(st.lists(rules(), min_size=1, max_size=4)))
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", ";", " "]))


@st.composite
def closure_rows(draw: st.DrawFn, ids: list[str]) -> list[tuple[str, str]]:
    """(date, outlet) rows of outlet-closures.csv: '2026-10-01' or '2026-10-01..2026-10-07'; ids, 'a;b' or '*'."""
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        start = FIRST_DAY + dt.timedelta(days=draw(st.integers(0, DAYS - 1)))
        end = start + dt.timedelta(days=draw(st.integers(0, 6)))
        date = start.isoformat() if start == end and draw(st.booleans()) else f"{start}..{end}"
        targets = draw(st.one_of(st.just(["*"]), st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)))
        rows.append((date, ";".join(targets)))
    return rows


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_as_the_build_does(hours: list[str], closures: list[tuple[str, str]]) -> list[Outlet]:
    """outlets.csv and outlet-closures.csv with these cells, read by the build's reader."""
    header = ["id", "name", "city", "district", "address", "opening_hours"]
    ids = OUTLET_IDS[: len(hours)]
    place = ["上海", "黄浦区", "人民大道 1 号"]
    rows = [[oid, f"Outlet {oid}", *place, text] for oid, text in zip(ids, hours, strict=True)]
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "outlets.csv").write_bytes(csv_bytes(header, rows))
        if closures:
            rows = [[date, target, "holiday"] for date, target in closures]
            Path(folder, "outlet-closures.csv").write_bytes(csv_bytes(["date", "outlet", "reason"], rows))
        outlets, problems = read_outlets(Path(folder))
    errors = [problem for problem in problems if problem.is_error]
    assert not errors, f"the generated spreadsheet should be valid: {errors}"
    return outlets


# --- What the site publishes ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outlet_row() -> jinja2.Template:
    """The theme's /outlets/ row, with the project's Jinja options (as in test_outlets_export.py)."""
    options = read_settings(str(PROJECT / "pelicanconf.py"))["JINJA_ENVIRONMENT"]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME), **options)
    env.install_null_translations(newstyle=True)
    return env.from_string('{% from "components/outlet_card.html" import outlet_row %}{{ outlet_row(o, today) }}')


def list_row_data(template: jinja2.Template, outlet: Outlet, today: dt.date) -> dict[str, str | None]:
    """data-h and data-x of the outlet's row on /outlets/, as the browser reads them (entities decoded)."""
    row = BeautifulSoup(template.render(o=outlet, today=today, SITEURL=""), "html.parser").select_one("li.o")
    assert row is not None
    return {"h": row.get("data-h"), "x": row.get("data-x") or ""}


def shared_closures(outlets: list[Outlet], today: dt.date) -> str:
    """/outlets/'s data-closures: closures of every outlet ('*') still to come (OutletsGenerator.generate_output)."""
    everywhere = {c for o in outlets for c in o.closures if c.outlet == "*" and c.end >= today}
    return compact_closures(sorted(everywhere, key=lambda c: (c.start, c.end)))


# --- The browser's answers --------------------------------------------------------------------------


class NodeOpenNow:
    """One `node tests/js/open_now_cli.js` for the whole module: a JSON line of cases in, a line of answers out."""

    def __init__(self, errors: IO[bytes]) -> None:
        assert NODE is not None
        self.errors = errors
        self.process = subprocess.Popen(
            [NODE, str(CLI)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def ask(self, cases: list[dict[str, Any]]) -> list[bool]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(cases, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.errors.seek(0)
            raise AssertionError(f"open_now_cli.js stopped: {self.errors.read().decode('utf-8', 'replace')}")
        return json.loads(line)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def node_open_now() -> Iterator[NodeOpenNow]:
    with tempfile.TemporaryFile() as errors:
        node = NodeOpenNow(errors)
        yield node
        node.close()


# --- The property -----------------------------------------------------------------------------------


def edge_minutes(outlets: list[Outlet]) -> list[int]:
    """Minutes where an answer changes: each opening and closing minute and the one before it."""
    edges = {0, 1439}
    for outlet in outlets:
        for _day, ranges in outlet.hours.week():
            for period in ranges:
                edges |= {period.open, period.open - 1, period.close, period.close - 1}
    return sorted(minute for minute in edges if 0 <= minute < 1440)


@settings(max_examples=150, deadline=None)
@given(hours=st.lists(opening_hours(), min_size=1, max_size=len(OUTLET_IDS)), data=st.data())
def test_open_now_agrees_with_python(
    outlet_row: jinja2.Template, node_open_now: NodeOpenNow, hours: list[str], data: st.DataObject
) -> None:
    closures = data.draw(closure_rows(list(OUTLET_IDS[: len(hours)])), label="outlet-closures.csv")
    outlets = read_as_the_build_does(hours, closures)
    today = FIRST_DAY + dt.timedelta(days=data.draw(st.integers(0, DAYS - 1), label="build day"))
    minutes = st.one_of(st.integers(0, 1439), st.sampled_from(edge_minutes(outlets)))
    offsets = st.integers(0, FIRST_DAY.toordinal() + DAYS + 7 - today.toordinal())
    moments = data.draw(st.lists(st.tuples(offsets, minutes), min_size=1, max_size=25), label="moments")
    cases, expected, where = published_cases(outlet_row, outlets, today, moments)

    answers = node_open_now.ask(cases)
    assert len(answers) == len(cases)
    differences = [
        f"{place}: Python {'open' if py else 'closed'}, JavaScript {'open' if js else 'closed'} ({case})"
        for place, case, py, js in zip(where, cases, expected, answers, strict=True)
        if py != js
    ]
    assert not differences, "\n".join(differences[:10])


def published_cases(
    template: jinja2.Template, outlets: list[Outlet], today: dt.date, moments: list[tuple[int, int]]
) -> tuple[list[dict[str, Any]], list[bool], list[str]]:
    """For each outlet and moment (days after `today`, minute): what the browser gets and Python's answer,
    for the /outlets/ row (own closures + shared ones), the outlet's page, and the week without closures."""
    shared = shared_closures(outlets, today)
    cases: list[dict[str, Any]] = []
    expected: list[bool] = []
    where: list[str] = []
    for outlet in outlets:
        row = list_row_data(template, outlet, today)
        page_closures = compact_closures(outlet.upcoming_closures(today))  # OutletPage.closures_compact
        page_hours = outlet.hours.compact() if outlet.hours.known else None  # outlet.html's data-h
        for offset, minute in moments:
            day = today + dt.timedelta(days=offset)
            moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
            when = {"date": day.isoformat(), "weekday": day.weekday(), "minute": minute}
            published = [
                ("/outlets/ row", {"h": row["h"], "x": row["x"], "shared": shared}, outlet.is_open(moment)),
                ("outlet page", {"h": page_hours, "x": page_closures, "shared": ""}, outlet.is_open(moment)),
                ("hours only", {"h": row["h"], "x": "", "shared": ""}, outlet.hours.is_open(moment)),
            ]
            for page, attributes, answer in published:
                cases.append({**attributes, **when})
                expected.append(answer)
                where.append(f"{page} of {outlet.id} ({outlet.hours.text!r}) on {moment:%a %Y-%m-%d %H:%M}")
    return cases, expected, where


def test_a_known_week_gives_the_known_answers(outlet_row: jinja2.Template, node_open_now: NodeOpenNow) -> None:
    """The pipeline itself, on the editors' guide example, a closure for every outlet and one of its own."""
    outlets = read_as_the_build_does(
        ["Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; Su off; PH off", "Fr ２０：００～24:00; Sa 00:00-02:00"],
        [("2026-10-01..2026-10-02", "*"), ("2026-10-05", "sh-one")],
    )
    today = FIRST_DAY  # Monday 2026-09-28
    moments = [(0, 9 * 60), (0, 12 * 60), (3, 10 * 60), (4, 23 * 60), (5, 60), (7, 10 * 60), (8, 10 * 60)]
    cases, expected, _where = published_cases(outlet_row, outlets, today, moments)
    assert node_open_now.ask(cases) == expected
    by_moment = [expected[i * 3] for i in range(len(moments))]
    assert by_moment == [True, False, False, False, False, False, True]  # sh-one's /outlets/ row
    late = [expected[(len(moments) + i) * 3] for i in range(len(moments))]  # sh-two's /outlets/ row
    assert late == [False, False, False, False, True, False, False]

"""Read one campaign's files into typed values, each problem with its file and line; nothing raised.

- `<slug>.md`: a header (Title, Start, End, Summary, Leaflets, optional Lang) and a Markdown body, read
  with the content contract's own header reader so line numbers match what editors see.
- `<slug>.events.csv`: `date,start,end,outlet,activity`, one event a row.
- `<slug>.reports.csv` (optional): `outlet,materials_distributed,people_reached,consultations,surveys_collected`.

The CSV files come from Excel like outlets.csv does, so they are read by the same forgiving reader
(portal.tables.read_table) and their values parsed by portal.values. This module checks each value on its
own; what files must agree on (known outlets, dates inside the campaign, leaflet articles) is in checks.py.
Messages read `<slug>.events.csv:LINE: column: what is wrong — how to fix it`; the header is line 1.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content_contract.public import (
    LANGS,
    SourceFile,
    check_bounds,
    check_date_field,
    check_header_shape,
    check_rendered,
    internal_links,
    parse_source,
    unfenced_lines,
)
from portal.problems import Problem, cell_problem, quote
from portal.run import main_language
from portal.tables import Columns, read_table
from portal.values import SLUG_SHAPE, parse_cell_date, parse_count, parse_time, split_list

from .model import FIGURES, Campaign, CampaignEvent, Figures, OutletReport

CAMPAIGN_FIELDS = ("title", "start", "end", "summary", "leaflets", "lang")
REQUIRED_FIELDS = {
    "title": "Title: the campaign's name, e.g. Consumer Rights Day 2027",
    "start": "Start: YYYY-MM-DD (the first day)",
    "end": "End: YYYY-MM-DD (the last day; the same as Start for a one-day campaign)",
    "summary": "Summary: one plain sentence saying what the campaign is about",
}
EVENT_COLUMNS = ("date", "start", "end", "outlet", "activity")
REPORT_COLUMNS = ("outlet", *FIGURES)
EVENTS_SUFFIX = ".events.csv"
REPORTS_SUFFIX = ".reports.csv"

EVENT_TABLE = Columns(EVENT_COLUMNS, extra_values_checked=False)
REPORT_TABLE = Columns(REPORT_COLUMNS, extra_values_checked=False)

COPY_OUTLET_ID = "copy the outlet's id from the 'id' column of outlets.csv"
WRITE_TIME = "write the time as HH:MM on the 24-hour clock, e.g. 14:30"


def outlet_id_problem(text: str) -> str | None:
    if not text:
        return "this value is empty"
    if not re.fullmatch(r"[a-z0-9-]+", text):
        return f"{quote(text)} is not written like an outlet id"
    return None


# --- The campaign file ----------------------------------------------------------------------------


def read_header(path: Path, settings: Mapping[str, Any]) -> tuple[Campaign | None, list[Problem]]:
    """The campaign described by `<slug>.md` (without events or reports), or None and why not."""
    source = parse_source(str(path), path.read_bytes())
    if source.decode_error:
        line = int(source.decode_error.split()[-1])
        return None, [
            Problem(str(path), line, "the file is not saved as UTF-8 text", "save it with the encoding 'UTF-8'")
        ]
    problems = check_header_shape(source, CAMPAIGN_FIELDS)
    slug = path.name[: -len(".md")]
    if not SLUG_SHAPE.fullmatch(slug):
        problems.append(
            Problem(
                str(path),
                None,
                f"the file name '{path.name}' cannot be a web address",
                "rename it with lower-case letters, digits and '-' only, e.g. consumer-rights-day-2027.md",
            )
        )
    for key, example in REQUIRED_FIELDS.items():
        if not (source.get(key) or "").strip():
            state = "is empty" if key in source.fields else "is missing"
            problems.append(
                Problem(str(path), source.line_of(key), f"{key.capitalize()} {state}", f"add a header line '{example}'")
            )
    start, found = check_date_field(source, "start", "Start")
    problems += found
    end, found = check_date_field(source, "end", "End")
    problems += found
    if start and end and end < start:
        problems.append(
            Problem(
                str(path),
                source.line_of("end"),
                f"End {end.isoformat()} is before Start {start.isoformat()}",
                "check both dates; for a one-day campaign write the same date twice",
            )
        )
    # No Lang: means the main language, also while another language's run reads the file.
    lang = (source.get("lang") or main_language(settings)).strip()
    if source.get("lang") is not None and lang not in LANGS:
        problems.append(
            Problem(str(path), source.line_of("lang"), f"Lang '{lang}' is not one of {', '.join(LANGS)}", "")
        )
    leaflets = tuple(split_list(source.get("leaflets") or ""))
    problems += leaflet_shape_problems(source, leaflets)
    # The body becomes the campaign page; text over the Markdown limits (bounds.py) is not rendered at all.
    problems += check_bounds(source) or check_rendered(source, settings, header_fields=False)
    problems += body_links_problems(source)
    if any(p.is_error for p in problems) or start is None or end is None:
        return None, problems
    campaign = Campaign(
        slug=slug,
        title=(source.get("title") or "").strip(),
        start=start,
        end=end,
        summary=(source.get("summary") or "").strip(),
        body=source.body_text,
        leaflet_slugs=leaflets,
        lang=lang,
        source_path=str(path),
        leaflets_line=source.line_of("leaflets"),
    )
    return campaign, problems


_PICTURE = re.compile(r"!\[|<img\b", re.I)


def body_links_problems(source: SourceFile) -> list[Problem]:
    """A campaign page is written by the campaigns plugin, not by Pelican: `{filename}`/`{static}` links would
    reach readers as written, and a picture would get neither its sizes nor its clean copies."""
    problems = [
        Problem(
            source.path,
            line,
            "pictures are not shown in campaign text",
            'put the picture in an article (see "Pictures" in the editors\' guide) and link to that article',
        )
        for line, text in unfenced_lines(source)
        if _PICTURE.search(text)
    ]
    blamed = {problem.line for problem in problems}
    problems += [
        Problem(
            source.path,
            line,
            f"a {{{kind}}} link does not work in campaign text",
            "link to the article's address instead, e.g. [safe accounts](/fraud/safe-account-scam/); "
            "the campaign's Leaflets: line links its leaflets",
        )
        for line, kind, _ in internal_links(source)
        if line not in blamed
    ]
    return problems


def leaflet_shape_problems(source: SourceFile, slugs: tuple[str, ...]) -> list[Problem]:
    problems = []
    for slug in slugs:
        if not SLUG_SHAPE.fullmatch(slug):
            problems.append(
                Problem(
                    source.path,
                    source.line_of("leaflets"),
                    f"Leaflets: {quote(slug)} is not an article's slug",
                    "list the file names of leaflet articles without '.md', separated by commas, "
                    "e.g. Leaflets: safe-account-scam, counterfeit-banknotes",
                )
            )
    return problems


# --- The schedule ---------------------------------------------------------------------------------


def read_events(path: Path) -> tuple[list[CampaignEvent], list[Problem]]:
    """Every well-formed event of `<slug>.events.csv` and every problem in it."""
    return read_table(path, EVENT_TABLE, lambda line, row: event_from_row(path, line, _stripped(row)))


def _stripped(row: Mapping[str, str]) -> dict[str, str]:
    return {key: value.strip() for key, value in row.items()}


def event_from_row(path: Path, line: int, row: Mapping[str, str]) -> tuple[CampaignEvent | None, list[Problem]]:
    problems: list[Problem] = []
    date, what = parse_cell_date(row.get("date", ""))
    if what:
        problems.append(cell_problem(path, line, "date", what, "write the day as YYYY-MM-DD, e.g. 2027-03-15"))
    times: dict[str, dt.time | None] = {}
    for column in ("start", "end"):
        times[column], what = parse_time(row.get(column, ""))
        if what:
            problems.append(cell_problem(path, line, column, what, WRITE_TIME))
    start, end = times["start"], times["end"]
    if start and end and end <= start:
        problems.append(
            cell_problem(
                path,
                line,
                "end",
                f"{end:%H:%M} is not after the start time {start:%H:%M}",
                "check both times; write them on the 24-hour clock, e.g. 14:00 for 2 pm",
            )
        )
    outlet_id = unicodedata.normalize("NFKC", row.get("outlet", "")).strip()
    what = outlet_id_problem(outlet_id)
    if what:
        problems.append(cell_problem(path, line, "outlet", what, COPY_OUTLET_ID))
    activity = " ".join(row.get("activity", "").split())
    if not activity:
        problems.append(
            cell_problem(path, line, "activity", "this value is empty", "say what happens, e.g. Publicity desk")
        )
    if problems or date is None or start is None or end is None:
        return None, problems
    return CampaignEvent(date=date, start=start, end=end, outlet_id=outlet_id, activity=activity, line=line), []


# --- The results ----------------------------------------------------------------------------------


def read_reports(path: Path) -> tuple[list[OutletReport], list[Problem]]:
    """Every well-formed row of `<slug>.reports.csv` and every problem in it."""
    return read_table(path, REPORT_TABLE, lambda line, row: report_from_row(path, line, _stripped(row)))


def report_from_row(path: Path, line: int, row: Mapping[str, str]) -> tuple[OutletReport | None, list[Problem]]:
    problems: list[Problem] = []
    outlet_id = unicodedata.normalize("NFKC", row.get("outlet", "")).strip()
    what = outlet_id_problem(outlet_id)
    if what:
        problems.append(cell_problem(path, line, "outlet", what, COPY_OUTLET_ID))
    counts: dict[str, int] = {}
    for column in FIGURES:
        value, what = parse_count(row.get(column, ""))
        if what:
            fix = "write a count of 0 or more in digits only, e.g. 120 (0 for none)"
            problems.append(cell_problem(path, line, column, what, fix))
        else:
            counts[column] = value or 0
    if problems:
        return None, problems
    return OutletReport(outlet_id=outlet_id, figures=Figures(**counts), line=line), []


# --- A whole campaign -------------------------------------------------------------------------------


def read_campaign(path: Path, settings: Mapping[str, Any]) -> tuple[Campaign | None, list[Problem]]:
    """`<slug>.md` with its schedule and reports beside it; each file's own problems."""
    campaign, problems = read_header(path, settings)
    stem = path.with_name(path.name[: -len(".md")])
    events_path = stem.with_name(stem.name + EVENTS_SUFFIX)
    reports_path = stem.with_name(stem.name + REPORTS_SUFFIX)
    events: list[CampaignEvent] = []
    reports: list[OutletReport] | None = None
    if events_path.is_file():
        events, found = read_events(events_path)
        problems += found
    if reports_path.is_file():
        reports, found = read_reports(reports_path)
        problems += found
    if campaign is not None:
        campaign.events = sorted(events, key=lambda e: e.sort_key)
        campaign.reports = reports
    return campaign, problems

"""What a campaign is once its files have been read and checked: plain dataclasses, no files, no HTML.

A campaign is one Markdown file (`content/campaigns/<slug>.md`) with a schedule
(`<slug>.events.csv`) and, after the event, what each outlet reports (`<slug>.reports.csv`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from outlets.model import DAY_KEYS, Outlet

CAMPAIGNS_URL = "campaigns/"
# The four figures every outlet reports, in the order of the reports file's columns.
FIGURES: tuple[str, ...] = ("materials_distributed", "people_reached", "consultations", "surveys_collected")


@dataclass(frozen=True)
class Figures:
    """The counts one outlet (or a group of outlets) reports; adding two gives their sum."""

    materials_distributed: int = 0
    people_reached: int = 0
    consultations: int = 0
    surveys_collected: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in FIGURES)

    def items(self) -> list[tuple[str, int]]:
        """(figure key, count) in column order; templates turn the key into words."""
        return list(zip(FIGURES, self.values(), strict=True))


def total(figures: list[Figures]) -> Figures:
    result = Figures()
    for item in figures:
        result = result + item
    return result


@dataclass(frozen=True)
class CampaignEvent:
    """One row of `<slug>.events.csv`: an activity at an outlet on a day, from `start` to `end`."""

    date: dt.date
    start: dt.time
    end: dt.time
    outlet_id: str
    activity: str
    line: int = 0  # the row's line in the file, for messages

    def starts_at(self, timezone: dt.tzinfo) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start, tzinfo=timezone)

    def ends_at(self, timezone: dt.tzinfo) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end, tzinfo=timezone)

    @property
    def start_text(self) -> str:
        return f"{self.start:%H:%M}"

    @property
    def end_text(self) -> str:
        return f"{self.end:%H:%M}"

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, dt.time, str, str]:
        return (self.date, self.start, self.end, self.outlet_id, self.activity)


@dataclass(frozen=True)
class OutletReport:
    """One row of `<slug>.reports.csv`: what one outlet did during the campaign."""

    outlet_id: str
    figures: Figures
    line: int = 0


@dataclass
class Campaign:
    """One campaign: its header, its Markdown body, its schedule and (once reported) its results."""

    slug: str
    title: str
    start: dt.date
    end: dt.date
    summary: str
    body: str  # Markdown, rendered by the generator with the site's Markdown settings
    leaflet_slugs: tuple[str, ...] = ()
    lang: str = "en"
    source_path: str = ""
    leaflets_line: int = 1  # where `Leaflets:` is in the campaign file, for messages
    events: list[CampaignEvent] = field(default_factory=list)
    reports: list[OutletReport] | None = None  # None: no reports file yet

    @property
    def url(self) -> str:
        return f"{CAMPAIGNS_URL}{self.slug}/"

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"

    @property
    def ics_url(self) -> str:
        return f"{self.url}{self.slug}.ics"

    @property
    def results_csv_url(self) -> str:
        return f"{self.url}results.csv"

    def pack_url(self, outlet_id: str) -> str:
        return f"{self.url}packs/{outlet_id}.pdf"

    @property
    def single_day(self) -> bool:
        return self.start == self.end

    @property
    def has_reports(self) -> bool:
        return bool(self.reports)

    @property
    def outlet_ids(self) -> list[str]:
        """Outlets with at least one event, in the order they first appear in the schedule."""
        return list(dict.fromkeys(event.outlet_id for event in sorted(self.events, key=lambda e: e.sort_key)))

    def status(self, today: dt.date) -> str:
        """'upcoming', 'running' or 'past', seen from `today` (in the site's timezone)."""
        if today < self.start:
            return "upcoming"
        return "running" if today <= self.end else "past"


def campaign_for_home(campaigns: list[Campaign], today: dt.date) -> Campaign | None:
    """The campaign the home page shows first: one running today, else the next to start; None when neither."""
    running = [c for c in campaigns if c.status(today) == "running"]
    if running:
        return min(running, key=lambda c: (c.end, c.start, c.slug))  # the one ending soonest needs notice most
    upcoming = [c for c in campaigns if c.status(today) == "upcoming"]
    return min(upcoming, key=lambda c: (c.start, c.slug)) if upcoming else None


# --- Views handed to templates ------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledEvent:
    """An event with its outlet looked up, ready for the schedule, the calendar and the outlet page."""

    campaign: Campaign
    event: CampaignEvent
    outlet: Outlet

    @property
    def date(self) -> dt.date:
        return self.event.date

    @property
    def day_key(self) -> str:
        """'mo' … 'su': the theme names the day of the week (outlet_labels.html)."""
        return DAY_KEYS[self.event.date.weekday()]

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (*self.event.sort_key[:3], self.outlet.name, self.event.activity)


@dataclass(frozen=True)
class ScheduleDay:
    """One date of a campaign's schedule and everything happening on it, earliest first."""

    date: dt.date
    events: tuple[ScheduledEvent, ...]

    @property
    def day_key(self) -> str:
        """'mo' … 'su': the theme names the day of the week (outlet_labels.html)."""
        return DAY_KEYS[self.date.weekday()]


def schedule_by_day(events: list[ScheduledEvent]) -> list[ScheduleDay]:
    days: dict[dt.date, list[ScheduledEvent]] = {}
    for item in sorted(events, key=lambda e: e.sort_key):
        days.setdefault(item.date, []).append(item)
    return [ScheduleDay(date, tuple(items)) for date, items in days.items()]

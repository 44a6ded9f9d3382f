"""A campaign's schedule as an iCalendar file (RFC 5545) readers can add to their phone's calendar.

One VEVENT per event, in the site's timezone (with its VTIMEZONE), at the outlet's address.
Nothing depends on the day of the build: DTSTAMP is the campaign's first day, so building twice gives
the same bytes, and each UID is made from the campaign, the day, the outlet and the event's place in
that outlet's day, so correcting a time or an activity updates the event people already saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from outlets.model import Outlet
from portal.run import address, public_url

from .model import Campaign, ScheduledEvent


def uid_domain(settings: Mapping[str, Any]) -> str:
    return urlsplit(address(public_url(settings), "")).hostname or "localhost"


def event_uids(campaign: Campaign, events: Sequence[ScheduledEvent], domain: str) -> list[str]:
    """A UID per event, in the order given: `<campaign>-<YYYYMMDD>-<outlet>-<n>@<domain>`."""
    seen: dict[tuple[dt.date, str], int] = {}
    uids = []
    for item in events:
        key = (item.event.date, item.event.outlet_id)
        seen[key] = seen.get(key, 0) + 1
        uids.append(f"{campaign.slug}-{item.event.date:%Y%m%d}-{item.event.outlet_id}-{seen[key]}@{domain}")
    return uids


def full_address(outlet: Outlet) -> str:
    """What a map app needs to find the outlet: street address, district, city (and postcode)."""
    parts = [outlet.address, outlet.district, " ".join(p for p in (outlet.postcode, outlet.city) if p)]
    return ", ".join(part for part in parts if part)


# Calendars already made in this process, by everything they are made from: the preview builds every
# campaign's calendar at each save, and the time zone rules alone take longer than the rest of a build step.
_made: dict[str, bytes] = {}
_MADE_MOST = 64


def campaign_calendar(campaign: Campaign, events: Sequence[ScheduledEvent], settings: Mapping[str, Any]) -> bytes:
    used = [settings.get(name) for name in ("TIMEZONE", "ORGANISATION", "SITENAME")]
    key = hashlib.sha256(repr((campaign, list(events), used, public_url(settings))).encode()).hexdigest()
    if key not in _made:
        if len(_made) >= _MADE_MOST:
            _made.clear()
        _made[key] = make_calendar(campaign, events, settings)
    return _made[key]


def make_calendar(campaign: Campaign, events: Sequence[ScheduledEvent], settings: Mapping[str, Any]) -> bytes:
    timezone_name = settings.get("TIMEZONE") or "UTC"
    timezone = ZoneInfo(timezone_name)
    ordered = sorted(events, key=lambda item: item.event.sort_key)
    stamp = dt.datetime.combine(campaign.start, dt.time(0, 0), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.get('ORGANISATION') or settings.get('SITENAME', '')}//Campaigns//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", campaign.title)
    calendar.add("x-wr-timezone", timezone_name)
    site = public_url(settings)
    page = address(site, campaign.url)
    for item, uid in zip(ordered, event_uids(campaign, ordered, uid_domain(settings)), strict=True):
        outlet = item.outlet
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.event.starts_at(timezone))
        event.add("dtend", item.event.ends_at(timezone))
        event.add("summary", f"{item.event.activity} — {outlet.name}")
        event.add("location", full_address(outlet))
        details = [campaign.title, campaign.summary]
        if outlet.phone:
            details.append(f"{outlet.name}: {outlet.phone}")
        details.append(address(site, outlet.url))
        event.add("description", "\n".join(details))
        event.add("url", page)
        calendar.add_component(event)
    if ordered:
        # The zone's rules around the campaign only: a few lines instead of every change since 1970.
        calendar.add_missing_timezones(first_date=campaign.start, last_date=campaign.end + dt.timedelta(days=1))
    return calendar.to_ical()

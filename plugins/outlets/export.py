"""Outlets as data for machines: outlets.json, outlets.geojson (RFC 7946) and schema.org JSON-LD.

Pure functions returning plain dicts and strings; generator.py writes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from .model import DAY_KEYS, Closure, OpeningHours, Outlet
from .reader import FUTURE_COLUMNS

SCHEMA_DAYS = dict(
    zip(DAY_KEYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
COORDINATE_DECIMALS = 6  # about 10 cm; RFC 7946 suggests no more


def hours_record(hours: OpeningHours) -> dict[str, Any]:
    def periods(ranges: Sequence[Any]) -> list[list[str]]:
        return [[r.open_text, r.close_text] for r in ranges]

    return {
        "text": hours.text,
        "known": hours.known,
        "week": {day: periods(ranges) for day, ranges in hours.week()},
        "public_holidays": None if hours.public_holidays is None else periods(hours.public_holidays),
    }


def closure_record(closure: Closure) -> dict[str, Any]:
    return {
        "start": closure.start.isoformat(),
        "end": closure.end.isoformat(),
        "reason": closure.reason,
        "all_outlets": closure.outlet == "*",
    }


def public_extra(outlet: Outlet) -> dict[str, str]:
    return {key: value for key, value in outlet.extra.items() if key in FUTURE_COLUMNS and value.strip()}


def outlet_record(outlet: Outlet, siteurl: str) -> dict[str, Any]:
    """Every field, with hours parsed, for outlets.json."""
    return {
        "id": outlet.id,
        "name": outlet.name,
        "province": outlet.province,
        "city": outlet.city,
        "district": outlet.district,
        "address": outlet.address,
        "postcode": outlet.postcode,
        "phone": outlet.phone,
        "latitude": outlet.latitude,
        "longitude": outlet.longitude,
        "url": f"{siteurl}/{outlet.url}",
        "hours": hours_record(outlet.hours),
        "services": outlet.services,
        "accessibility": outlet.accessibility,
        "notes": outlet.notes,
        "closures": [closure_record(c) for c in outlet.closures],
        # An allow-list: the translated columns only, whatever else Outlet.extra may come to hold.
        **({"extra": extra} if (extra := public_extra(outlet)) else {}),
    }


def outlets_json(outlets: Sequence[Outlet], siteurl: str, timezone: str, built: dt.date) -> dict[str, Any]:
    return {
        "timezone": timezone,
        "built": built.isoformat(),
        "count": len(outlets),
        "outlets": [outlet_record(o, siteurl) for o in outlets],
    }


def geojson(outlets: Sequence[Outlet], siteurl: str) -> dict[str, Any]:
    """A FeatureCollection of the outlets that have a position; coordinates are [longitude, latitude]."""
    features = []
    for outlet in outlets:
        if outlet.latitude is None or outlet.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": outlet.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(outlet.longitude, COORDINATE_DECIMALS),
                        round(outlet.latitude, COORDINATE_DECIMALS),
                    ],
                },
                "properties": {
                    "name": outlet.name,
                    "province": outlet.province,
                    "city": outlet.city,
                    "district": outlet.district,
                    "address": outlet.address,
                    "phone": outlet.phone,
                    "opening_hours": outlet.hours.text,
                    "services": outlet.services,
                    "accessibility": outlet.accessibility,
                    "url": f"{siteurl}/{outlet.url}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def opening_hours_specification(hours: OpeningHours) -> list[dict[str, Any]]:
    """schema.org OpeningHoursSpecification: one entry per distinct period, listing its days."""
    by_period: dict[tuple[str, str], list[str]] = {}
    for day, ranges in hours.week():
        for period in ranges:
            by_period.setdefault((period.open_text, period.close_text), []).append(SCHEMA_DAYS[day])
    specification = []
    for (opens, closes), days in by_period.items():
        specification.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"https://schema.org/{day}" for day in days],
                "opens": opens,
                # schema.org writes "open until midnight" as 23:59.
                "closes": "23:59" if closes == "24:00" else closes,
            }
        )
    return specification


def json_ld(outlet: Outlet, siteurl: str, country: str, today: dt.date) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BankOrCreditUnion",
        "@id": f"{siteurl}/{outlet.url}",
        "url": f"{siteurl}/{outlet.url}",
        "name": outlet.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": outlet.address,
            "addressLocality": outlet.city,  # schema.org's locality is the city, its region the province
            **({"addressRegion": outlet.province} if outlet.province else {}),
            **({"postalCode": outlet.postcode} if outlet.postcode else {}),
            "addressCountry": country,
        },
    }
    if outlet.phone:
        data["telephone"] = outlet.phone
    if outlet.latitude is not None and outlet.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": outlet.latitude, "longitude": outlet.longitude}
    if outlet.hours.known:
        data["openingHoursSpecification"] = opening_hours_specification(outlet.hours)
    upcoming = outlet.upcoming_closures(today)
    if upcoming:
        # schema.org's way to say "closed on these days": opens and closes at 00:00.
        data["specialOpeningHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": c.start.isoformat(),
                "validThrough": c.end.isoformat(),
                "opens": "00:00",
                "closes": "00:00",
            }
            for c in upcoming
        ]
    return data


def script_json(data: Any) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' escaped, so '</script>' in a note cannot end the block."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- Directions links -------------------------------------------------------------------------


def osm_url(outlet: Outlet) -> str:
    """OpenStreetMap at the outlet, or a search for its address when it has no position."""
    if outlet.latitude is not None and outlet.longitude is not None:
        lat, lon = f"{outlet.latitude:.6f}", f"{outlet.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?" + urlencode({"query": f"{outlet.address}, {outlet.city}"})


def osm_directions_url(outlet: Outlet) -> str | None:
    if outlet.latitude is None or outlet.longitude is None:
        return None
    return f"https://www.openstreetmap.org/directions?route=%3B{outlet.latitude:.6f}%2C{outlet.longitude:.6f}"


def geo_uri(outlet: Outlet) -> str:
    """RFC 5870 geo: URI that phone map apps open; without a position, the address as a query (Android)."""
    if outlet.latitude is not None and outlet.longitude is not None:
        lat, lon = f"{outlet.latitude:.6f}", f"{outlet.longitude:.6f}"
        return f"geo:{lat},{lon}?q={lat},{lon}({quote(outlet.name, safe='')})"
    return f"geo:0,0?q={quote(outlet.address + ', ' + outlet.city, safe='')}"

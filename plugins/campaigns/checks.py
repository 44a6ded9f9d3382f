"""What a campaign's files must agree on with each other and with the rest of the content.

- every outlet named in the schedule or the reports is an id of outlets.csv;
- every event falls between the campaign's Start and End;
- an outlet reports once;
- every slug in `Leaflets:` is a published article marked `Leaflet: yes`, in the campaign's language;
- nothing in content/campaigns/ is left unused by mistake (a schedule without its campaign file).

`load_campaigns` reads and checks the whole folder; the same function serves `check_content` (before
the build) and the generator (inside Pelican), so both always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content_contract.public import find_content_files
from portal.problems import Problem, suggestion, warning
from portal.values import parse_yes_no

from .model import Campaign
from .reader import EVENTS_SUFFIX, REPORTS_SUFFIX, read_campaign

CAMPAIGNS_FOLDER = "campaigns"
UNPUBLISHED = ("draft", "hidden")


@dataclass(frozen=True)
class ArticleInfo:
    """What the Leaflets check needs to know about one article."""

    slug: str
    lang: str
    is_leaflet: bool
    published: bool


# Articles by (slug, lang).
ArticleIndex = Mapping[tuple[str, str], ArticleInfo]


def campaigns_folder(settings: Mapping[str, Any]) -> Path:
    return Path(settings["PATH"]) / settings.get("CAMPAIGNS_FOLDER", CAMPAIGNS_FOLDER)


def article_index_from_files(settings: Mapping[str, Any]) -> dict[tuple[str, str], ArticleInfo]:
    """Every article's slug, language and `Leaflet:` value, read from the article headers."""
    files, _problems = find_content_files(settings)  # the content contract reports its own problems
    index: dict[tuple[str, str], ArticleInfo] = {}
    for item in files:
        if item.kind != "article" or item.source.decode_error:
            continue
        is_leaflet, _ = parse_yes_no(item.source.get("leaflet") or "no")
        status = (item.source.get("status") or "published").strip().lower()
        info = ArticleInfo(item.slug(settings), item.lang(settings), bool(is_leaflet), status not in UNPUBLISHED)
        index[(info.slug, info.lang)] = info
    return index


def article_index_from_articles(articles: list[Any]) -> dict[tuple[str, str], ArticleInfo]:
    """The same index from Pelican's published articles (inside the build)."""
    return {
        (a.slug, a.lang): ArticleInfo(a.slug, a.lang, bool(getattr(a, "is_leaflet", False)), True) for a in articles
    }


def check_leaflets(campaign: Campaign, articles: ArticleIndex, line: int) -> list[Problem]:
    problems: list[Problem] = []
    slugs_in_lang = sorted(slug for slug, lang in articles if lang == campaign.lang)
    leaflet_slugs = sorted(i.slug for i in articles.values() if i.lang == campaign.lang and i.is_leaflet)
    for slug in campaign.leaflet_slugs:
        info = articles.get((slug, campaign.lang))
        if info is None:
            hint = suggestion(slug, slugs_in_lang)
            problems.append(
                Problem(
                    campaign.source_path,
                    line,
                    f"Leaflets: '{slug}' is not an article of this site (language '{campaign.lang}')",
                    f"{hint}use the file name of a leaflet article without '.md'; leaflet articles are: "
                    f"{', '.join(leaflet_slugs) or 'none yet'}",
                )
            )
        elif not info.is_leaflet:
            problems.append(
                Problem(
                    campaign.source_path,
                    line,
                    f"Leaflets: the article '{slug}' is not a leaflet",
                    "add the line 'Leaflet: yes' to that article's header, or remove it from Leaflets",
                )
            )
        elif not info.published:
            problems.append(
                Problem(
                    campaign.source_path,
                    line,
                    f"Leaflets: the article '{slug}' is not published (it is a draft or hidden)",
                    "publish the article first, or remove it from Leaflets",
                )
            )
    return problems


def events_file(campaign: Campaign) -> str:
    return str(Path(campaign.source_path).with_name(campaign.slug + EVENTS_SUFFIX))


def reports_file(campaign: Campaign) -> str:
    return str(Path(campaign.source_path).with_name(campaign.slug + REPORTS_SUFFIX))


def unknown_outlet(path: str, line: int, outlet_id: str, outlet_ids: set[str]) -> Problem:
    hint = suggestion(outlet_id, sorted(outlet_ids))
    fix = f"{hint}use an id from the 'id' column of outlets.csv"
    if not outlet_ids:
        fix = "add the outlet to outlets.csv first"
    return Problem(path, line, f"outlet: '{outlet_id}' is not an outlet in outlets.csv", fix)


def check_campaign(campaign: Campaign, outlet_ids: set[str] | None, articles: ArticleIndex | None) -> list[Problem]:
    """Problems between this campaign's files and the rest of the content.

    `outlet_ids` None: outlets.csv has errors of its own (reported by the outlets plugin), so ids are
    not checked this time; `articles` None: leaflets are not checked.
    """
    problems: list[Problem] = []
    events_path = events_file(campaign)
    for event in campaign.events:
        if not campaign.start <= event.date <= campaign.end:
            span = campaign.start.isoformat()
            if not campaign.single_day:
                span += f" to {campaign.end.isoformat()}"
            problems.append(
                Problem(
                    events_path,
                    event.line,
                    f"date: {event.date.isoformat()} is outside the campaign ({span})",
                    f"correct the date, or change Start/End in {Path(campaign.source_path).name}",
                )
            )
        if outlet_ids is not None and event.outlet_id not in outlet_ids:
            problems.append(unknown_outlet(events_path, event.line, event.outlet_id, outlet_ids))
    reports_path = reports_file(campaign)
    first_row: dict[str, int] = {}
    for report in campaign.reports or []:
        if outlet_ids is not None and report.outlet_id not in outlet_ids:
            problems.append(unknown_outlet(reports_path, report.line, report.outlet_id, outlet_ids))
        if report.outlet_id in first_row:
            problems.append(
                Problem(
                    reports_path,
                    report.line,
                    f"outlet: '{report.outlet_id}' already reported on line {first_row[report.outlet_id]}",
                    "add the two rows' figures together into one row and delete the other",
                )
            )
        else:
            first_row[report.outlet_id] = report.line
    if articles is not None:
        problems += check_leaflets(campaign, articles, campaign.leaflets_line)
    return problems


def find_campaign_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The campaign files (`*.md`) of the folder; schedules or reports without one are problems."""
    if not folder.is_dir():
        return [], []
    problems: list[Problem] = []
    campaigns: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        name = path.name
        if name.endswith(".md"):
            campaigns.append(path)
        elif name.endswith((EVENTS_SUFFIX, REPORTS_SUFFIX)):
            suffix = EVENTS_SUFFIX if name.endswith(EVENTS_SUFFIX) else REPORTS_SUFFIX
            owner = folder / (name[: -len(suffix)] + ".md")
            if not owner.is_file():
                problems.append(
                    Problem(
                        str(path),
                        None,
                        f"there is no campaign file {owner.name} for this file",
                        f"name it after its campaign: <campaign file name without .md>{suffix}",
                    )
                )
        else:
            problems.append(
                warning(
                    str(path),
                    None,
                    "this file is not used",
                    "campaign folders hold <slug>.md, <slug>.events.csv and <slug>.reports.csv only",
                )
            )
    return campaigns, problems


def load_campaigns(
    settings: Mapping[str, Any], outlet_ids: set[str] | None, articles: ArticleIndex | None
) -> tuple[list[Campaign], list[Problem]]:
    """Every campaign of the content folder, newest first, and every problem; no folder → ([], [])."""
    paths, problems = find_campaign_files(campaigns_folder(settings))
    campaigns: list[Campaign] = []
    for path in paths:
        campaign, found = read_campaign(path, settings)
        problems += found
        if campaign is not None:
            problems += check_campaign(campaign, outlet_ids, articles)
            campaigns.append(campaign)
    return sorted(campaigns, key=lambda c: (c.start, c.end, c.slug), reverse=True), problems

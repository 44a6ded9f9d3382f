"""Writes /campaigns/, /campaigns/<slug>/ with its calendar (.ics) and results (.csv), and hands the
outlet pages and the home page what they show about campaigns.

`generate_context` reads and checks (refusing content with errors, as check_content would) and puts
into Pelican's context:
- `campaigns`: every campaign in this run's language, newest first;
- `campaigns_elsewhere`: the site's other languages that have campaigns (CampaignsElsewhere). The nav shows
  "Campaigns" when either is non-empty, and /campaigns/ is then written: this language's campaigns, or a
  plain "none in this language" with links to the other languages' campaign pages;
- `campaign_events_by_outlet`: {outlet id: [ScheduledEvent, …] by date} for the outlet pages;
- `current_campaign` / `current_campaign_status`: the campaign running on the day of the build in the
  site's timezone, else the next one to start (None when neither), for the home page.
`generate_output` writes. Nothing is written when the content folder has no campaigns/ folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content_contract.public import clean
from i18n.elsewhere import OTHER_LANGUAGES_KEY
from markdown import Markdown
from markupsafe import Markup
from outlets.model import Outlet
from pelican.generators import Generator
from portal import run
from portal.problems import ContentProblems
from portal.run import site_today

from .chart import BarChart, bar_chart
from .checks import article_index_from_articles, article_index_from_files, campaigns_folder, load_campaigns
from .ics import campaign_calendar
from .model import CAMPAIGNS_URL, Campaign, ScheduleDay, ScheduledEvent, campaign_for_home, schedule_by_day
from .results import Results, campaign_results, results_csv

CHART_FIGURE = "people_reached"  # the figure the results chart shows, outlet by outlet


@dataclass(frozen=True)
class LeafletLink:
    """One of the campaign's leaflets: its article, and its printable PDF when the leaflet plugin makes one."""

    article: Any
    pdf_url: str | None


@dataclass(frozen=True)
class PackLink:
    outlet: Outlet
    url: str


@dataclass(frozen=True)
class CampaignsElsewhere:
    """Another language's campaigns: where /campaigns/ of a language with none of its own links to."""

    lang: str  # as in Lang: (en, zh)
    html_lang: str  # for hreflang on the link
    url: str  # that language's /campaigns/, from this language's root ('../campaigns/', 'zh/campaigns/')
    campaigns: tuple[Campaign, ...]


def campaigns_elsewhere(campaigns: list[Campaign], others: list[Any]) -> list[CampaignsElsewhere]:
    """The other languages (as the i18n plugin lists them, main language first) that have campaigns."""
    found = []
    for other in others:
        theirs = tuple(c for c in campaigns if c.lang == other.code)
        if theirs:
            found.append(CampaignsElsewhere(other.code, other.html_lang, other.root + CAMPAIGNS_URL, theirs))
    return found


@dataclass(frozen=True)
class CampaignPage:
    """Everything /campaigns/<slug>/ shows that is worked out rather than read."""

    campaign: Campaign
    body_html: Markup
    days: list[ScheduleDay]
    leaflets: list[LeafletLink]
    packs: list[PackLink]
    results: Results | None
    chart: BarChart | None
    status: str  # upcoming, running or past on the day of the build


def markdown_to_html(text: str, settings: dict[str, Any]) -> Markup:
    """The campaign's body with the same Markdown extensions as articles."""
    config = dict(settings.get("MARKDOWN") or {})
    extension_configs = dict(config.pop("extension_configs", {}) or {})
    extensions = list(dict.fromkeys([*extension_configs, *(config.pop("extensions", []) or [])]))
    converter = Markdown(extensions=extensions, extension_configs=extension_configs, **config)
    # The reader has refused a body the sanitiser would take anything out of; cleaning again means nothing
    # it missed reaches the page (for the project's content a no-op: pages stay byte for byte the same).
    return Markup(clean(converter.convert(text)))


def all_articles(context: dict[str, Any]) -> Iterator[Any]:
    """Published articles and their translations (a Chinese leaflet is a translation of an English one)."""
    for article in context.get("articles", []):
        yield article
        yield from getattr(article, "translations", [])


def leaflet_pdf_url(settings: dict[str, Any], article: Any) -> str | None:
    if "leaflets" not in [getattr(p, "__name__", p) for p in settings.get("PLUGINS", [])]:
        return None
    from leaflets.packs import pdf_url

    return pdf_url(settings, article.slug, article.lang)


class CampaignsGenerator(Generator):
    """Campaign pages and files, from content/campaigns/."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.autoescape = True  # CSV text (activities, outlet names) is always shown as text
        self.campaigns: list[Campaign] = []
        self.outlets_by_id: dict[str, Outlet] = {}
        self.scheduled: dict[str, list[ScheduledEvent]] = {}
        self.elsewhere: list[CampaignsElsewhere] = []

    def generate_context(self) -> None:
        self.context.setdefault("campaigns", [])
        self.context.setdefault("campaigns_elsewhere", [])
        self.context.setdefault("campaign_events_by_outlet", {})
        self.context.setdefault("current_campaign", None)
        self.context.setdefault("current_campaign_status", None)
        if not campaigns_folder(self.settings).is_dir():
            return
        self.outlets_by_id = self._outlets_by_id()
        # This run's context holds only its own language's articles; a campaign in another language
        # is checked against the headers of every article, as the checks before the build do.
        main_run = {**self.settings, "DEFAULT_LANG": run.main_language(self.settings)}
        articles = {
            **article_index_from_files(main_run),
            **article_index_from_articles(list(all_articles(self.context))),
        }
        campaigns, problems = load_campaigns(self.settings, set(self.outlets_by_id), articles)
        if any(problem.is_error for problem in problems):
            raise ContentProblems(problems)
        # Each language run writes only its own language's campaigns (no Lang: → the main language).
        every_language = campaigns
        campaigns = [c for c in campaigns if c.lang == run.language(self.settings)]
        self.campaigns = campaigns
        self.elsewhere = campaigns_elsewhere(every_language, list(self.context.get(OTHER_LANGUAGES_KEY, [])))
        by_outlet: dict[str, list[ScheduledEvent]] = {}
        for campaign in campaigns:
            self.scheduled[campaign.slug] = [
                ScheduledEvent(campaign, event, self.outlets_by_id[event.outlet_id]) for event in campaign.events
            ]
            for item in self.scheduled[campaign.slug]:
                by_outlet.setdefault(item.outlet.id, []).append(item)
        today = site_today(self.settings)
        current = campaign_for_home(campaigns, today)
        self.context.update(
            campaigns=campaigns,
            campaigns_elsewhere=self.elsewhere,
            campaign_events_by_outlet={
                outlet_id: sorted(items, key=lambda item: (item.sort_key, item.campaign.slug))
                for outlet_id, items in sorted(by_outlet.items())
            },
            current_campaign=current,
            current_campaign_status=current.status(today) if current else None,
        )

    def _outlets_by_id(self) -> dict[str, Outlet]:
        """The outlets plugin's outlets; read here when that plugin is not enabled."""
        if "outlets_by_id" in self.context:
            return dict(self.context["outlets_by_id"])
        from outlets.reader import read_outlets

        outlets, problems = read_outlets(Path(self.settings["PATH"]), self.settings)
        if any(problem.is_error for problem in problems):
            raise ContentProblems(problems)
        return {outlet.id: outlet for outlet in outlets}

    def campaign_page(self, campaign: Campaign, today: dt.date) -> CampaignPage:
        articles = {(a.slug, a.lang): a for a in all_articles(self.context)}
        chosen = [articles[(s, campaign.lang)] for s in campaign.leaflet_slugs if (s, campaign.lang) in articles]
        leaflets = [LeafletLink(article, leaflet_pdf_url(self.settings, article)) for article in chosen]
        results = campaign_results(campaign, self.outlets_by_id)
        chart = None
        if results:
            rows = [(row.outlet.name, getattr(row.figures, CHART_FIGURE)) for row in results.outlets]
            chart = bar_chart(CHART_FIGURE, rows)
        packs = [PackLink(self.outlets_by_id[i], campaign.pack_url(i)) for i in campaign.outlet_ids]
        if not self.packs_enabled():
            packs = []
        return CampaignPage(
            campaign=campaign,
            body_html=markdown_to_html(campaign.body, self.settings),
            days=schedule_by_day(self.scheduled.get(campaign.slug, [])),
            leaflets=leaflets,
            packs=packs,
            results=results,
            chart=chart,
            status=campaign.status(today),
        )

    def packs_enabled(self) -> bool:
        """Packs reuse the leaflet plugin's PDFs, so they are made only when that plugin runs."""
        return "leaflets" in [getattr(p, "__name__", p) for p in self.settings.get("PLUGINS", [])]

    def generate_output(self, writer: Any) -> None:
        if not self.campaigns and not self.elsewhere:
            return
        today = site_today(self.settings)
        shared = {"relative_urls": self.settings["RELATIVE_URLS"], "today": today}
        writer.write_file(
            f"{CAMPAIGNS_URL}index.html",
            self.get_template("campaigns/index"),
            self.context,
            page_name=CAMPAIGNS_URL,
            url=CAMPAIGNS_URL,
            **shared,
        )
        template = self.get_template("campaigns/campaign")
        output = Path(self.output_path)
        for campaign in self.campaigns:
            page = self.campaign_page(campaign, today)
            writer.write_file(
                campaign.save_as,
                template,
                self.context,
                campaign=campaign,
                campaign_page=page,
                page_name=campaign.url,
                url=campaign.url,
                **shared,
            )
            folder = output / campaign.url
            folder.mkdir(parents=True, exist_ok=True)
            (output / campaign.ics_url).write_bytes(
                campaign_calendar(campaign, self.scheduled.get(campaign.slug, []), self.settings)
            )
            if page.results:
                # A byte-order mark so Excel opens Chinese names correctly; CRLF as Excel writes CSV.
                (output / campaign.results_csv_url).write_text(results_csv(page.results), encoding="utf-8-sig")
        if self.packs_enabled():
            self.write_packs(output)

    def write_packs(self, output: Path) -> None:
        """Every participating outlet's pack: a desk poster and the campaign's leaflets with its imprint."""
        from .packs import CampaignPacks  # needs WeasyPrint and pypdf, like the leaflet plugin

        def render_template(name: str, **values: Any) -> str:
            return self.get_template(name).render(self.context, **values)

        articles = list(all_articles(self.context))
        packs = CampaignPacks(self.settings, self.theme, render_template, articles, output)
        later = run.print_later(self.settings)  # the preview: pages first, print files in the build after
        if later is not None and packs.unprinted(self.campaigns):
            later.append("campaign packs (their leaflets first)")
            return
        planned = [pack for c in self.campaigns for pack in packs.plan(c, self.scheduled.get(c.slug, []))]
        if later is not None and packs.missing(planned):
            later.append(f"{packs.missing(planned)} campaign pack(s)")
            return
        stats = packs.make(planned, None)
        packs.prune()
        print(
            f"Campaign packs: {stats.made} made, {stats.reused} reused, "
            f"{stats.posters_rendered} poster(s) rendered ({stats.seconds:.1f} s)."
        )

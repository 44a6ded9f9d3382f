"""Campaign packs: for each outlet in a campaign's schedule, one PDF with a desk poster and the
campaign's leaflets, all carrying that outlet's imprint.

This module holds what is the campaign's own: the poster, and the grouping of events by outlet. The rest
is the leaflets plugin's public pack API (`leaflets.packs`), the same as its outlet packs use:
- the poster renders on leaflet.css's A4 page (`PrintSetup`), so it has the same blank "Your outlet" box
  as the leaflets;
- the campaign's A4 leaflets come from the leaflets cache (`printed_leaflets`, which renders them there
  when the leaflets generator has not yet: the order of PLUGINS does not matter);
- the poster and the leaflets are joined into a tagged pack base (`join_pack_base`) drawn with one font
  program per face: a campaign's posters, leaflets and an imprint sample are laid out once more together
  (`font_donor`), and every part of every pack of the campaign uses that render's fonts;
- the outlet's imprint (`imprint_page`, from `leaflets/imprint.html`) is stamped into the box of every
  page (`stamp_packs`).
Every piece is kept in a cache keyed by a hash of what shapes it, in a folder of its own
(`pack_cache_folder`): a warm build renders and stamps nothing, it only copies cached packs into the output.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from leaflets.packs import (
    BasePart,
    CachedPdf,
    FontDonorJob,
    Leaflet,
    PackJob,
    PdfCache,
    PrintedLeaflet,
    PrintSetup,
    RenderJob,
    cache_key,
    code_version,
    first_pages,
    font_donor,
    imprint_blocks,
    imprint_for,
    imprint_page,
    imprint_problems,
    join_pack_base,
    leaflets_from_articles,
    pack_cache_folder,
    printed_leaflets,
    public_url,
    publish,
    qr_image,
    render_all,
    render_font_donors,
    stamp_packs,
    unprinted_leaflets,
)
from outlets.model import Outlet
from portal.problems import ContentProblems, Problem

from .model import Campaign, ScheduledEvent

PLUGIN_DIR = Path(__file__).resolve().parent
POSTER_CSS = Path("static") / "css" / "campaign-poster.css"  # inside the theme
POSTER_QR_MM = 30.0


def cache_folder(settings: Mapping[str, Any]) -> Path:
    """This content folder's campaign-pack cache, beside (not inside) the leaflet plugin's own."""
    return pack_cache_folder(settings, "campaign-packs")


@dataclass
class PlannedPack:
    campaign: Campaign
    outlet: Outlet
    events: list[ScheduledEvent]
    poster_html: str
    poster_key: str
    imprint_html: str
    imprint_key: str
    base_key: str
    pack_key: str
    save_as: str
    donor: FontDonorJob | None = None  # the campaign's shared-font render (None: every part keeps its own)
    donor_key: str = ""


@dataclass
class PackStats:
    made: int = 0
    reused: int = 0
    posters_rendered: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)


def events_by_outlet(events: Sequence[ScheduledEvent]) -> dict[str, list[ScheduledEvent]]:
    """Outlet id → its events of the campaign, by date: one pack (and poster) each."""
    by_outlet: dict[str, list[ScheduledEvent]] = {}
    for item in sorted(events, key=lambda e: e.sort_key):
        by_outlet.setdefault(item.outlet.id, []).append(item)
    return by_outlet


class CampaignPacks:
    """Plans, makes and publishes every campaign pack of one build."""

    def __init__(
        self,
        settings: dict[str, Any],
        theme: str,
        render_template: Callable[..., str],
        articles: Sequence[Any],
        output: Path,
    ) -> None:
        self.settings = settings
        self.theme = Path(theme)
        self.setup = PrintSetup(settings, theme)
        self.render_template = render_template  # (template name, **values) → text, with the site's context
        self.output = output
        self.cache = PdfCache(cache_folder(settings))
        self.author = str(settings.get("ORGANISATION", ""))
        self.leaflets = {(item.slug, item.lang): item for item in leaflets_from_articles(articles, settings)}
        self._versions: tuple[str, ...] | None = None
        self._printed: dict[str, list[PrintedLeaflet]] = {}  # campaign slug → its leaflets' A4 files

    # --- keys ------------------------------------------------------------------------------

    def versions(self) -> tuple[str, ...]:
        """What shapes every piece besides its own HTML: the leaflets' key parts, the poster's stylesheet
        and this plugin's code."""
        if self._versions is None:
            poster_css = (self.theme / POSTER_CSS).read_bytes().decode()
            self._versions = (*self.setup.key_parts(), poster_css, code_version(PLUGIN_DIR))
        return self._versions

    def campaign_leaflets(self, campaign: Campaign) -> list[Leaflet]:
        # checks.py has refused leaflet slugs that are not leaflet articles
        found = (self.leaflets.get((slug, campaign.lang)) for slug in campaign.leaflet_slugs)
        return [leaflet for leaflet in found if leaflet is not None]

    def unprinted(self, campaigns: Sequence[Campaign]) -> int:
        """How many of these campaigns' leaflets have no A4 file in the leaflets cache yet."""
        leaflets = [leaflet for campaign in campaigns for leaflet in self.campaign_leaflets(campaign)]
        return unprinted_leaflets(self.setup, self.render_template, leaflets)

    def missing(self, planned: Sequence[PlannedPack]) -> int:
        return sum(self.cache.get(pack.pack_key) is None for pack in planned)

    def leaflet_pdfs(self, campaign: Campaign, workers: int | None = None) -> list[PrintedLeaflet]:
        """The campaign's A4 leaflets, the files the leaflet plugin publishes (from its cache)."""
        if campaign.slug not in self._printed:
            leaflets = self.campaign_leaflets(campaign)
            self._printed[campaign.slug] = printed_leaflets(
                self.setup, self.render_template, leaflets, self.workers(workers)
            )
        return self._printed[campaign.slug]

    def plan(self, campaign: Campaign, events: Sequence[ScheduledEvent]) -> list[PlannedPack]:
        leaflets = self.leaflet_pdfs(campaign)
        leaflet_hashes = [hashlib.sha256(printed.pdf.read_bytes()).hexdigest() for printed in leaflets]
        campaign_url = public_url(self.settings, campaign.url)
        poster_css_url = public_url(self.settings, "theme/css/campaign-poster.css")
        qr = qr_image(campaign_url, POSTER_QR_MM)
        by_outlet = events_by_outlet(events)
        planned = []
        for outlet_id in campaign.outlet_ids:
            outlet_events = by_outlet[outlet_id]
            outlet = outlet_events[0].outlet
            poster_html = self.render_template(
                "campaigns/poster",
                campaign=campaign,
                outlet=outlet,
                events=outlet_events,
                qr=qr,
                campaign_url=campaign_url,
                poster_css_url=poster_css_url,
            )
            # The pack's title is its imprint's <title> (the leaflet plugin's rule): name the campaign in it.
            imprint_html = imprint_page(
                self.render_template,
                imprint_for(outlet, self.settings),
                campaign.lang,
                title=f"{campaign.title} — {outlet.name}",
            )
            poster_key = cache_key("campaign-poster", poster_html, *self.versions())
            imprint_key = cache_key("campaign-imprint", imprint_html, *self.versions())
            base_key = cache_key("campaign-base", poster_key, campaign.lang, self.author, *leaflet_hashes)
            planned.append(
                PlannedPack(
                    campaign=campaign,
                    outlet=outlet,
                    events=outlet_events,
                    poster_html=poster_html,
                    poster_key=poster_key,
                    imprint_html=imprint_html,
                    imprint_key=imprint_key,
                    base_key=base_key,
                    pack_key=cache_key("campaign-pack", base_key, imprint_key),
                    save_as=campaign.pack_url(outlet_id),
                )
            )
        return self.with_shared_fonts(campaign, planned)

    def with_shared_fonts(self, campaign: Campaign, planned: list[PlannedPack]) -> list[PlannedPack]:
        """Every pack of the campaign drawn with the fonts of one render of all its posters, its leaflets
        and a sample of its imprints' characters (keys change with any of them)."""
        if not planned:
            return planned
        parts = (*(self.poster_job(p) for p in planned), *(printed.job for printed in self.leaflet_pdfs(campaign)))
        blocks = imprint_blocks(p.imprint_html for p in planned)
        donor = font_donor(self.setup, self.render_template, parts, blocks, campaign.lang)
        donor_key = cache_key("campaign-donor", *(job.key for job in donor.leaflets), donor.sample.key)
        shared = []
        for pack in planned:
            base_key = cache_key("campaign-base", pack.base_key, donor_key)
            pack_key = cache_key("campaign-pack", base_key, pack.imprint_key)
            shared.append(replace(pack, base_key=base_key, pack_key=pack_key, donor=donor, donor_key=donor_key))
        return shared

    def poster_job(self, pack: PlannedPack) -> RenderJob:
        # Tagged (PDF/UA), so the pack keeps its structure when joined; only the theme's files.
        return self.setup.job(
            pack.poster_key, pack.poster_html, public_url(self.settings, pack.campaign.url), True, content=False
        )

    # --- making ----------------------------------------------------------------------------

    def make(self, planned: list[PlannedPack], workers: int | None) -> PackStats:
        """Make what the cache lacks, then link every pack into the output. Raises ContentProblems."""
        started = time.perf_counter()
        stats = PackStats()
        missing = [p for p in planned if self.cache.get(p.pack_key) is None]
        stats.reused = len(planned) - len(missing)
        for pack in planned:
            if pack not in missing:  # keep the pieces of reused packs from being pruned
                self.cache.used.update({pack.poster_key, pack.imprint_key, pack.base_key})
        stats.posters_rendered = self.render_posters(missing, workers, stats.problems)
        if stats.problems:
            raise ContentProblems(stats.problems)
        jobs = []
        donors = self.render_donors(missing, workers)
        for pack in missing:
            base = self.cache.get(pack.base_key) or self.make_base(pack, donors.get(pack.donor_key))
            job = PackJob(
                key=pack.pack_key,
                outlet_id=pack.outlet.id,
                outlet_url=public_url(self.settings, pack.outlet.url),
                base_path=str(base.path),
                first_pages=tuple(base.meta["first_pages"]),
                target=str(self.cache.pdf_path(pack.pack_key)),
                author=self.author,
                lang=pack.campaign.lang,
            )
            imprint = self.cache.get(pack.imprint_key)
            if imprint is None:
                render_job = self.setup.job(pack.imprint_key, pack.imprint_html, job.outlet_url, False, content=False)
                jobs.append(replace(job, imprint=render_job))
            else:
                jobs.append(replace(job, imprint_path=str(imprint.path)))
        by_key = {pack.pack_key: pack for pack in missing}
        for result in stamp_packs(jobs, self.workers(workers)):
            pack = by_key[result.key]
            if result.imprint is not None:
                meta: dict[str, Any] = {"pages": result.imprint.pages, "missing": list(result.imprint.missing)}
                self.cache.put(result.imprint.key, result.imprint.pdf, meta)
                if not result.made:
                    stats.problems += imprint_problems(
                        self.settings["PATH"], pack.outlet, meta["missing"], int(meta["pages"])
                    )
            if result.made:
                self.cache.adopt(result.key, {"outlet": pack.outlet.id, "campaign": pack.campaign.slug})
        if stats.problems:
            raise ContentProblems(stats.problems)
        stats.made = len(jobs)
        for pack in planned:
            publish(self.cache.pdf_path(pack.pack_key), self.output, pack.save_as)
        stats.seconds = time.perf_counter() - started
        return stats

    def render_donors(self, packs: list[PlannedPack], workers: int | None) -> dict[str, bytes]:
        """Donor key → its PDF, for the campaigns with a pack base to make: one render each, side by side."""
        wanted = {p.donor_key: p.donor for p in packs if p.donor is not None and self.cache.get(p.base_key) is None}
        return render_font_donors(wanted, self.workers(workers))

    def workers(self, given: int | None) -> int | None:
        return given if given is not None else self.setup.workers

    def render_posters(self, packs: list[PlannedPack], workers: int | None, problems: list[Problem]) -> int:
        jobs = {p.poster_key: self.poster_job(p) for p in packs if self.cache.get(p.poster_key) is None}
        for result in render_all(list(jobs.values()), self.workers(workers)):
            self.cache.put(result.key, result.pdf, {"pages": result.pages, "missing": list(result.missing)})
        for pack in packs:
            entry = self.cache.get(pack.poster_key)
            if entry is None:
                continue
            problems += poster_problems(pack, entry.meta)
        return len(jobs)

    def make_base(self, pack: PlannedPack, fonts: bytes | None = None) -> CachedPdf:
        """The poster followed by the campaign's leaflets, joined into one tagged PDF (cached), drawn with
        the fonts of `fonts` (the campaign's donor render) where they cover each part's."""
        title = f"{pack.campaign.title} — {pack.outlet.name}"
        poster = self.cache.get(pack.poster_key)
        if poster is None:
            raise RuntimeError(f"campaign poster {pack.poster_key} vanished during the build")
        parts = [BasePart(poster.path, int(poster.meta["pages"]), title, pack.campaign.lang)]
        parts += [
            BasePart(printed.pdf, printed.pages, printed.leaflet.title, printed.leaflet.lang)
            for printed in self.leaflet_pdfs(pack.campaign)
        ]
        data = join_pack_base(parts, title=title, author=self.author, lang=pack.campaign.lang, fonts=fonts)
        return self.cache.put(pack.base_key, data, {"first_pages": list(first_pages(parts))})

    def prune(self) -> int:
        return self.cache.prune()


def poster_problems(pack: PlannedPack, meta: Mapping[str, Any]) -> list[Problem]:
    """A poster must fit one A4 page and use only characters the installed fonts can print."""
    problems = []
    source = pack.campaign.source_path
    if int(meta.get("pages", 1)) != 1:
        problems.append(
            Problem(
                source,
                None,
                f"the desk poster for {pack.outlet.name} needs {meta['pages']} A4 pages instead of one",
                "shorten the Title, the Summary or the activity texts of this outlet's events",
            )
        )
    missing = meta.get("missing") or []
    if missing:
        problems.append(
            Problem(
                source,
                None,
                f"the desk poster for {pack.outlet.name} has characters no installed font can print: "
                + " ".join(missing),
                "replace them (e.g. emoji) with words, or install a font that has them",
            )
        )
    return problems

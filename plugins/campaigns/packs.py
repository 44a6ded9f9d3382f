"""Campaign packs: for each outlet in a campaign's schedule, one PDF with a desk poster and the
campaign's leaflets, all carrying that outlet's imprint.

Made with the leaflet plugin's own machinery, nothing new in it:
- the poster is rendered by its WeasyPrint helper (`leaflets.render`) on leaflet.css's A4 page, so the
  poster has the same blank "Your outlet" box as the leaflets;
- `leaflets.imprint.join_leaflets` joins the poster and the campaign's A4 leaflet PDFs (as the leaflet
  generator has just published them) into a tagged pack base, drawn with one font program per face: a
  campaign's posters, leaflets and an imprint sample are laid out once more together
  (`leaflets.pack_fonts`), and every part of every pack of the campaign uses that render's fonts;
- `leaflets.imprint.make_pack` stamps the outlet's imprint (rendered from `leaflets/imprint.html`)
  into the box of every page.
Every piece is kept in a cache keyed by a hash of what shapes it (`leaflets.cache`), in a folder of
its own: a warm build renders and stamps nothing, it only links cached packs into the output.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
from content_contract.problems import ContentProblems, Problem
from leaflets.cache import PdfCache, code_version, digest, fonts_fingerprint, publish
from leaflets.checks import imprint_problems
from leaflets.imprint import PackJob, PartInfo, join_leaflets, make_pack
from leaflets.model import Leaflet, imprint_for, leaflets_from_articles, public_url
from leaflets.pack_fonts import FontDonorJob, imprint_sample_page, render_font_donor
from leaflets.qr import qr_image
from leaflets.render import RenderJob, render, run_all, weasyprint_version, worker_count

from .model import Campaign, ScheduledEvent

PLUGIN_DIR = Path(__file__).resolve().parent
LEAFLET_CSS = Path("static") / "css" / "leaflet.css"  # inside the theme: the A4 page and its outlet box
POSTER_CSS = Path("static") / "css" / "campaign-poster.css"
POSTER_QR_MM = 30.0
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


@cache
def own_code_version() -> str:
    return digest(*(p.read_bytes() for p in sorted(PLUGIN_DIR.glob("*.py"))))


def cache_folder(settings: Mapping[str, Any]) -> Path:
    """This content folder's campaign-pack cache, beside (not inside) the leaflet plugin's own."""
    base = settings.get("PORTAL_CACHE_ROOT") or settings.get("CACHE_PATH") or "cache"
    site = digest(str(Path(settings["PATH"]).resolve()))[:16]
    return Path(base) / "campaign-packs" / site


@dataclass
class PlannedPack:
    campaign: Campaign
    outlet: Any
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


class CampaignPacks:
    """Plans, makes and publishes every campaign pack of one build."""

    def __init__(
        self,
        settings: dict[str, Any],
        theme: str,
        render_template: Callable[..., str],
        articles: Sequence[Any],
        output: Path,
        leaflet_jobs: Mapping[str, RenderJob] | None = None,
    ) -> None:
        self.settings = settings
        self.theme = Path(theme)
        self.render_template = render_template  # (template name, **values) → text, with the site's context
        self.output = output
        self.cache = PdfCache(cache_folder(settings))
        self.author = str(settings.get("ORGANISATION", ""))
        self.leaflets = {(item.slug, item.lang): item for item in leaflets_from_articles(articles, settings)}
        # Slug → how the leaflet generator rendered the A4 leaflet (its context's leaflet_a4_jobs).
        self.leaflet_jobs = dict(leaflet_jobs or {})
        self._versions: tuple[str, ...] | None = None

    # --- keys ------------------------------------------------------------------------------

    def versions(self) -> tuple[str, ...]:
        """What shapes every piece besides its own HTML: stylesheets, fonts, libraries, code."""
        if self._versions is None:
            self._versions = (
                (self.theme / LEAFLET_CSS).read_bytes().decode(),
                (self.theme / POSTER_CSS).read_bytes().decode(),
                fonts_fingerprint(),
                code_version(),
                own_code_version(),
                weasyprint_version(),
                pypdf.__version__,
            )
        return self._versions

    def local_roots(self) -> tuple[tuple[str, str], ...]:
        """Site URLs the poster may load from disk (the theme's files); never the network."""
        static = str(self.theme / "static")
        bases = {public_url(self.settings, ""), str(self.settings.get("SITEURL") or "").rstrip("/") + "/"}
        return tuple(sorted(((base + "theme/", static) for base in bases if base != "/"), key=lambda r: -len(r[0])))

    def leaflet_pdfs(self, campaign: Campaign) -> list[tuple[Leaflet, Path]]:
        """The campaign's A4 leaflets as the leaflet generator published them into this build's output."""
        found = []
        for slug in campaign.leaflet_slugs:
            leaflet = self.leaflets.get((slug, campaign.lang))
            if leaflet is None:
                continue  # checks.py has refused leaflet slugs that are not leaflet articles
            path = self.output / leaflet.a4.save_as
            if not path.is_file():
                raise RuntimeError(
                    f"the leaflet {leaflet.a4.save_as} is missing; the leaflets plugin must come before "
                    "campaigns in PLUGINS"
                )
            found.append((leaflet, path))
        return found

    def plan(self, campaign: Campaign, events: Sequence[ScheduledEvent]) -> list[PlannedPack]:
        leaflets = self.leaflet_pdfs(campaign)
        leaflet_hashes = [hashlib.sha256(path.read_bytes()).hexdigest() for _, path in leaflets]
        campaign_url = public_url(self.settings, campaign.url)
        poster_css_url = public_url(self.settings, "theme/css/campaign-poster.css")
        qr = qr_image(campaign_url, POSTER_QR_MM)
        by_outlet: dict[str, list[ScheduledEvent]] = {}
        for item in sorted(events, key=lambda e: e.sort_key):
            by_outlet.setdefault(item.outlet.id, []).append(item)
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
            imprint = imprint_for(outlet, self.settings)
            imprint_html = self.render_template("leaflets/imprint", imprint=imprint, lang=campaign.lang)
            # The pack's title is its imprint's <title> (the leaflet plugin's rule): name the campaign in it.
            title = f"<title>{_escape(campaign.title)} — {_escape(outlet.name)}</title>"
            imprint_html = _TITLE.sub(title.replace("\\", "\\\\"), imprint_html, count=1)
            poster_key = digest("campaign-poster", poster_html, *self.versions())
            imprint_key = digest("campaign-imprint", imprint_html, *self.versions())
            base_key = digest("campaign-base", poster_key, campaign.lang, self.author, *leaflet_hashes)
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
                    pack_key=digest("campaign-pack", base_key, imprint_key),
                    save_as=campaign.pack_url(outlet_id),
                )
            )
        return self.with_shared_fonts(campaign, planned, len(leaflets))

    def with_shared_fonts(self, campaign: Campaign, planned: list[PlannedPack], leaflets: int) -> list[PlannedPack]:
        """Every pack of the campaign drawn with the fonts of one render of all its posters, its `leaflets`
        leaflets and a sample of its imprints' characters (keys change with any of them)."""
        leaflet_jobs = [self.leaflet_jobs[slug] for slug in campaign.leaflet_slugs if slug in self.leaflet_jobs]
        if not planned or len(leaflet_jobs) != leaflets:
            return planned  # leaflets not rendered in this run: parts keep their own fonts
        bodies = [found.group(1) for p in planned if (found := _BODY.search(p.imprint_html))]
        empty_page = self.render_template("leaflets/imprints", imprints=[], lang=campaign.lang)
        sample_html = imprint_sample_page(empty_page, bodies)
        css = str(self.theme / LEAFLET_CSS)
        donor = FontDonorJob(
            leaflets=(*(self.poster_job(p) for p in planned), *leaflet_jobs),
            sample=RenderJob(digest("campaign-sample", sample_html), sample_html, public_url(self.settings, ""), css,
                             False, self.local_roots()),
        )  # fmt: skip
        donor_key = digest("campaign-donor", *(job.key for job in donor.leaflets), donor.sample.key)
        shared = []
        for pack in planned:
            base_key = digest("campaign-base", pack.base_key, donor_key)
            pack_key = digest("campaign-pack", base_key, pack.imprint_key)
            shared.append(replace(pack, base_key=base_key, pack_key=pack_key, donor=donor, donor_key=donor_key))
        return shared

    def poster_job(self, pack: PlannedPack) -> RenderJob:
        return RenderJob(
            pack.poster_key,
            pack.poster_html,
            public_url(self.settings, pack.campaign.url),
            str(self.theme / LEAFLET_CSS),
            True,  # tagged (PDF/UA), so the pack keeps its structure when joined
            self.local_roots(),
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
                render_job = RenderJob(
                    pack.imprint_key,
                    pack.imprint_html,
                    job.outlet_url,
                    str(self.theme / LEAFLET_CSS),
                    False,
                    self.local_roots(),
                )
                jobs.append(replace(job, imprint=render_job))
            else:
                jobs.append(replace(job, imprint_path=str(imprint.path)))
        by_key = {pack.pack_key: pack for pack in missing}
        for result in run_all(make_pack, jobs, worker_count(self.workers(workers), len(jobs))):
            pack = by_key[result.key]
            if result.imprint is not None:
                meta = {"pages": result.imprint.pages, "missing": list(result.imprint.missing)}
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
        jobs = list(wanted.items())  # run_all yields them as they finish: each result carries its key
        return dict(run_all(_keyed_donor, jobs, worker_count(self.workers(workers), len(jobs))))

    def workers(self, given: int | None) -> int | None:
        return given if given is not None else self.settings.get("LEAFLET_WORKERS")

    def render_posters(self, packs: list[PlannedPack], workers: int | None, problems: list[Problem]) -> int:
        jobs = {p.poster_key: self.poster_job(p) for p in packs if self.cache.get(p.poster_key) is None}
        for result in run_all(render, list(jobs.values()), worker_count(self.workers(workers), len(jobs))):
            self.cache.put(result.key, result.pdf, {"pages": result.pages, "missing": list(result.missing)})
        for pack in packs:
            entry = self.cache.get(pack.poster_key)
            if entry is None:
                continue
            problems += poster_problems(pack, entry.meta)
        return len(jobs)

    def make_base(self, pack: PlannedPack, fonts: bytes | None = None) -> Any:
        """The poster followed by the campaign's leaflets, joined into one tagged PDF (cached), drawn with
        the fonts of `fonts` (the campaign's donor render) where they cover each part's."""
        leaflets = self.leaflet_pdfs(pack.campaign)
        poster = self.cache.pdf_path(pack.poster_key).read_bytes()
        pdfs = [poster] + [path.read_bytes() for _, path in leaflets]
        first_pages, page = [], 0
        for data in pdfs:
            first_pages.append(page)
            page += len(pypdf.PdfReader(io.BytesIO(data)).pages)
        parts = [PartInfo(f"{pack.campaign.title} — {pack.outlet.name}", pack.campaign.lang)]
        parts += [PartInfo(leaflet.title, leaflet.lang) for leaflet, _ in leaflets]
        title = f"{pack.campaign.title} — {pack.outlet.name}"
        data = join_leaflets(pdfs, parts, title=title, author=self.author, lang=pack.campaign.lang, fonts=fonts)
        return self.cache.put(pack.base_key, data, {"first_pages": first_pages})

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


def _keyed_donor(item: tuple[str, FontDonorJob]) -> tuple[str, bytes]:
    key, job = item
    return key, render_font_donor(job)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

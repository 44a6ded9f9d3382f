"""Inside Pelican: leaflet PDFs, outlet packs and the /leaflets/ catalogue.

generate_context: which articles are leaflets (templates link to their PDFs).
all_generators_finalized → plan_packs: one pack per outlet, once the outlets plugin has read them.
generate_output: render what the cache lacks, check page budgets and fonts, publish PDFs,
stamp outlet packs, write the catalogue.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from outlets.model import Outlet
from outlets.reader import read_outlets
from pelican.generators import Generator
from portal import run
from portal.problems import ContentProblems, Problem

from .booklet import impose_booklet
from .cache import CachedPdf, PdfCache, cache_root, digest, publish, write_atomically
from .checks import budget_problem, glyph_problems, imprint_problems, page_budget
from .imprint import PackBatchJob, PackOrder, make_pack_batch, pack_prefix, render_pack_batch
from .model import (
    DEFAULTS,
    FORMATS,
    CatalogueEntry,
    Leaflet,
    Pack,
    PackLink,
    PdfFile,
    leaflets_from_articles,
    pack_base_file,
    paper_body,
    plain_text,
    plan_packs,
    public_url,
    setting,
    whole_packs,
)
from .pack_fonts import FontDonorJob, PackBasePlan
from .packs import (
    BasePart,
    LeafletDocument,
    PrintSetup,
    first_pages,
    font_donor,
    join_pack_base,
    leaflet_document,
    leaflet_job,
    render_all,
)
from .render import Progress, RenderJob, RenderResult, run_all, worker_count

logger = logging.getLogger(__name__)


def read_outlets_if_available(settings: dict[str, Any]) -> list[Outlet]:
    """Outlets from the outlets plugin's reader, when its generator did not put them in the context."""
    outlets, _problems = read_outlets(settings["PATH"], settings)  # its own checks report the problems
    return list(outlets)


BATCH_MOST = 50  # imprints per WeasyPrint render: beyond this, a bigger batch saves almost nothing


def batches(items: list, workers: int | None) -> list[list]:
    """Items split into batches: big enough to share a render, enough of them to keep every core busy."""
    if not items:
        return []
    size = max(1, min(BATCH_MOST, math.ceil(len(items) / (4 * worker_count(workers, len(items))))))
    return [items[start : start + size] for start in range(0, len(items), size)]


def write_published(output: Path, save_as: str, data: bytes) -> None:
    target = output / save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)


class StageReport:
    """Progress on a terminal (count and time left, redrawn in place); nothing extra otherwise."""

    def __init__(self, label: str, verb: str) -> None:
        self.label, self.verb = label, verb
        self.live = sys.stdout.isatty()

    def __call__(self, done: int, total: int, left: float | None) -> None:
        if not self.live or not total:
            return
        eta = f", about {left:.0f} s left" if left is not None and done < total else ""
        sys.stdout.write(f"\r{self.label}: {done}/{total} {self.verb}{eta}\033[K")
        sys.stdout.flush()

    def finish(self, total: int) -> None:
        if self.live and total:
            sys.stdout.write("\r\033[K")
            sys.stdout.flush()


class LeafletGenerator(Generator):
    """Writes /leaflets/<slug>.pdf (A4), /leaflets/<slug>.print.pdf (A5), outlet packs and /leaflets/."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.leaflets: list[Leaflet] = []
        self.packs: list[Pack] = []
        self.pack_keys: dict[str, str] = {}  # outlet id → its pack's cache key
        self.outlets_by_id: dict[str, Outlet] = {}
        self.a4_jobs: dict[str, RenderJob] = {}  # slug → how its A4 leaflet is rendered (for the pack base)
        # Packs in parts (more outlets than OUTLET_PACKS_WHOLE_UP_TO): the shared base's file and its key,
        # known when outlet pages are written (they link to it), and the imprint blocks that key covers.
        self.base_file: PdfFile | None = None
        self.planned_base_key = ""
        self.planned_blocks: list[str] | None = None
        self.setup = PrintSetup(self.settings, self.theme, self.path)

    # --- context ---------------------------------------------------------------------

    def generate_context(self) -> None:
        # sitebuild runs Pelican once per language (DEFAULT_LANG is the run's language, OUTPUT_PATH and
        # PUBLIC_SITEURL carry its /<code>/): each run makes the leaflets and packs of its own language.
        lang = run.language(self.settings)
        articles = [a for a in self.context.get("articles", []) if getattr(a, "lang", lang) == lang]
        self.leaflets = leaflets_from_articles(articles, self.settings, with_body=False)
        self.leaflet_articles = {article.source_path: article for article in articles}
        by_source = {leaflet.source_path: leaflet for leaflet in self.leaflets}
        for article in articles:
            article.leaflet = by_source.get(article.source_path)
        self.context["leaflets"] = self.leaflets
        self.context["leaflet_catalogue_url"] = setting(self.settings, "LEAFLET_CATALOGUE_URL")
        # Outlet id → pack URL, for outlet pages; filled in plan_packs once outlets are known.
        self.context["leaflet_packs"] = {}

    def plan_packs(self) -> None:
        outlets = self.context.get("outlets")
        if outlets is None:
            outlets = read_outlets_if_available(self.settings)
        self.outlets_by_id = {str(outlet.id): outlet for outlet in outlets}
        self.packs = plan_packs(outlets, self.leaflets, self.settings)
        if not self.packs or whole_packs(self.settings, len(self.packs)):
            links = {pack.outlet_id: PackLink(pack.file.url) for pack in self.packs}
        else:
            self.plan_pack_base()
            assert self.base_file is not None
            links = {
                pack.outlet_id: PackLink(self.base_file.url, pack.part.url if pack.part else None, pack.download_name)
                for pack in self.packs
            }
        self.context["leaflet_packs"].update(links)

    def plan_pack_base(self) -> None:
        """The shared base's name, before any page is written: after its key, which covers everything that
        shapes its bytes (so a name is never reused for other bytes and the host may keep it for good). Every
        context is complete by now, so the leaflets' bodies and the imprints are what generate_output sees."""
        members = [self.with_body(leaflet) for leaflet in self.packs[0].leaflets]
        a4_jobs = [leaflet_job(self.setup, self.document(member, "a4")) for member in members]
        self.planned_blocks = self.imprint_blocks()
        self.planned_base_key = self.base_key_and_donor(a4_jobs, self.planned_blocks, in_parts=True)[0]
        self.base_file = pack_base_file(self.settings, self.planned_base_key[:12])

    # --- output ----------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        started = time.perf_counter()
        output = Path(self.output_path)
        cache = PdfCache(cache_root(self.settings))
        workers = setting(self.settings, "LEAFLET_WORKERS")
        self.leaflets = [self.with_body(leaflet) for leaflet in self.leaflets]
        documents = [self.document(leaflet, format_key) for leaflet in self.leaflets for format_key in FORMATS]
        if self.left_for_later(sum(cache.get(doc.key) is None for doc in documents), "PDF(s) and the packs"):
            return
        rendered = self.render_missing(cache, documents, workers)
        entries = self.check_and_publish(cache, documents, output)
        # How each A4 leaflet was rendered: the outlet packs lay them out again, together, for their shared fonts.
        self.a4_jobs = {doc.leaflet.slug: leaflet_job(self.setup, doc) for doc in documents if doc.format == "a4"}
        packs_made, packs_reused = self.make_packs(cache, entries, output, workers)
        self.write_catalogue(writer, entries)
        cache.prune()
        summary = f"{self.stage_label()}: {rendered} PDF(s) rendered, {len(documents) - rendered} reused"
        if self.packs:
            summary += f"; outlet packs: {packs_made} made, {packs_reused} reused"
        print(f"{summary} ({time.perf_counter() - started:.1f} s).")

    def left_for_later(self, count: int, what: str) -> bool:
        """In the preview, print files the caches lack wait for the build that follows at once."""
        later = run.print_later(self.settings)
        if later is None or not count:
            return False
        later.append(f"{self.stage_label()}: {count} {what}")
        print(f"{self.stage_label()}: {count} {what} follow in the next build (the preview shows pages first).")
        return True

    def with_body(self, leaflet: Leaflet) -> Leaflet:
        """Every context is built by now, pictures included, so the article's links all resolve."""
        body = self.leaflet_articles[leaflet.source_path].content
        return replace(leaflet, body_html=paper_body(body, self.settings))

    def stage_label(self) -> str:
        """ "Leaflets" for the main language's run, "Leaflets (zh)" for another language's."""
        lang = run.language(self.settings)
        return "Leaflets" if run.is_main_language(self.settings) else f"Leaflets ({lang})"

    def render_template(self, name: str, **values: Any) -> str:
        return self.get_template(name).render(self.context, **values)

    def document(self, leaflet: Leaflet, format_key: str) -> LeafletDocument:
        planned = self.planned_pages() if format_key == "a5" else ()
        return leaflet_document(self.setup, self.render_template, leaflet, format_key, planned)

    def planned_pages(self) -> tuple[str, ...]:
        """The pages an A5 leaflet may get before its back page: a form first, then notes pages."""
        if getattr(self, "_planned_pages", None) is None:
            pages = self.get_template("leaflets/planned_pages").make_module(vars=dict(self.context))
            self._planned_pages = (str(pages.write_it_down()), str(pages.notes()))
        return self._planned_pages

    def render_missing(self, cache: PdfCache, documents: list[LeafletDocument], workers: int | None) -> int:
        missing = {doc.key: doc for doc in documents if cache.get(doc.key) is None}
        jobs = [leaflet_job(self.setup, doc) for doc in missing.values()]
        report = StageReport(self.stage_label(), "rendered")
        progress = Progress(len(jobs), report)
        report(0, len(jobs), None)
        result: RenderResult
        for result in render_all(jobs, workers, progress):
            for message in result.messages:
                logger.warning("%s: %s", missing[result.key].leaflet.source_path, message)
            cache.put(result.key, result.pdf, {"pages": result.pages, "missing": list(result.missing)})
        report.finish(len(jobs))
        return len(jobs)

    def check_and_publish(
        self, cache: PdfCache, documents: list[LeafletDocument], output: Path
    ) -> list[CatalogueEntry]:
        problems: list[Problem] = []
        pages: dict[str, dict[str, int]] = {}
        missing: dict[str, dict[str, None]] = {}
        for doc in documents:
            meta = self.cached(cache, doc.key).meta
            pages.setdefault(doc.leaflet.source_path, {})[doc.format] = int(meta["pages"])
            missing.setdefault(doc.leaflet.source_path, {}).update(dict.fromkeys(meta.get("missing", [])))
            budget = page_budget(self.settings, doc.format, DEFAULTS["LEAFLET_PAGE_BUDGET"])
            problem = budget_problem(doc.leaflet.source_path, doc.format, int(meta["pages"]), budget)
            if problem:
                problems.append(problem)
        for path, characters in missing.items():
            problems += glyph_problems(path, characters)
        if problems:
            raise ContentProblems(problems)
        for doc in documents:
            publish(cache.pdf_path(doc.key), output, doc.leaflet.files[doc.format].save_as)
            if doc.format == "a5":
                booklet = self.booklet(cache, doc.key)
                publish(booklet.path, output, doc.leaflet.booklet.save_as)
        return [CatalogueEntry(leaflet, pages[leaflet.source_path]) for leaflet in self.leaflets]

    @staticmethod
    def booklet(cache: PdfCache, a5_key: str) -> CachedPdf:
        """The A5 file imposed as a fold-and-staple booklet, cached beside it (the A5 key holds the code)."""
        key = digest("booklet", a5_key)
        return cache.get(key) or cache.put(key, impose_booklet(cache.pdf_path(a5_key).read_bytes()), {})

    @staticmethod
    def cached(cache: PdfCache, key: str) -> CachedPdf:
        entry = cache.get(key)
        if entry is None:
            raise RuntimeError(f"leaflet cache entry {key} vanished during the build")
        return entry

    # --- outlet packs ------------------------------------------------------------------

    def imprint_blocks(self) -> list[str]:
        parts = self.get_template("leaflets/imprint_parts").make_module(vars=dict(self.context))
        return [str(parts.imprint_block(pack.imprint)) for pack in self.packs]

    def base_key_and_donor(
        self, a4_jobs: list[RenderJob], imprint_blocks: list[str], in_parts: bool
    ) -> tuple[str, FontDonorJob]:
        lang = run.language(self.settings)
        author = str(self.settings.get("ORGANISATION", ""))
        donor = font_donor(self.setup, self.render_template, a4_jobs, imprint_blocks, lang)
        sample_html = donor.sample.html  # the imprints' characters: an edit with no new character keeps the key
        kind = "pack-base-shared" if in_parts else "pack-base"  # a shared base also holds imprint-only faces
        key = digest(kind, *(job.key for job in a4_jobs), author, lang, sample_html, *self.setup.key_parts())
        return key, donor

    def pack_base(self, cache: PdfCache, entries: list[CatalogueEntry], imprint_blocks: list[str]) -> PackBasePlan:
        """All A4 leaflets of the site's language in one tagged PDF, cached like the leaflets, drawn with
        one font program per face whose glyphs also cover the imprints' characters (pack_fonts)."""
        members = self.packs[0].leaflets
        a4_jobs = [self.a4_jobs[member.slug] for member in members]
        page_counts = {entry.leaflet.source_path: entry.a4_pages for entry in entries}
        lang = run.language(self.settings)
        author = str(self.settings.get("ORGANISATION", ""))
        in_parts = self.base_file is not None
        key, donor = self.base_key_and_donor(a4_jobs, imprint_blocks, in_parts)
        parts = [
            BasePart(cache.pdf_path(job.key), page_counts[member.source_path], member.title, member.lang)
            for job, member in zip(a4_jobs, members, strict=True)
        ]

        def join(fonts: bytes) -> bytes:
            # As every pack begins: each pack is these bytes and its update (packs in parts rely on it).
            joined = join_pack_base(parts, title=author, author=author, lang=lang, fonts=fonts, imprint_faces=in_parts)
            return pack_prefix(joined)

        return PackBasePlan(key, first_pages(parts), donor, join)

    def make_packs(
        self, cache: PdfCache, entries: list[CatalogueEntry], output: Path, workers: int | None
    ) -> tuple[int, int]:
        """Every outlet's pack: reused when its key is cached, else stamped from a batch of imprints. The cache
        keeps each pack's update only (the pack is the base and it); they are published joined, or, past
        OUTLET_PACKS_WHOLE_UP_TO outlets, as they are beside the base (`publish_packs`)."""
        if not self.packs:
            return 0, 0
        parts = self.get_template("leaflets/imprint_parts").make_module(vars=dict(self.context))
        blocks = self.planned_blocks if self.planned_blocks is not None else self.imprint_blocks()
        plan = self.pack_base(cache, entries, blocks)
        if self.base_file is not None and plan.key != self.planned_base_key:
            # Outlet pages already link to the planned name; other bytes under it would break every pack.
            raise RuntimeError("the outlet packs' base changed between planning and making the packs")
        base = cache.get(plan.key)
        missing: list[tuple[Pack, PackOrder]] = []
        for pack, block in zip(self.packs, blocks, strict=True):
            title = plain_text(str(parts.pack_title(pack.imprint)))
            key = digest("pack-update", plan.key, block, title, *self.setup.key_parts())
            order = PackOrder(key, pack.outlet_id, pack.imprint.outlet_url, title, plain_text(block), "")
            if cache.get(key) is None:
                missing.append((pack, replace(order, target=str(cache.pdf_path(key)))))
            self.pack_keys[pack.outlet_id] = key
        if self.left_for_later(len(missing) + (base is None), "outlet pack(s)"):
            return 0, 0
        base_path = str(cache.pdf_path(plan.key))
        jobs = [self.batch_job(batch, base_path, plan.first_pages) for batch in batches(missing, workers)]
        if base is None:  # the donor and the imprints render side by side; the stamps wait for the base
            prepared = list(run_all(render_pack_batch, [plan.donor, *jobs], worker_count(workers, len(jobs) + 1)))
            donor = next(item for item in prepared if isinstance(item, bytes))
            jobs = [item for item in prepared if isinstance(item, PackBatchJob)]
            cache.put(plan.key, plan.join(donor), {"first_pages": list(plan.first_pages)})
        report = StageReport(f"{self.stage_label()}, outlet packs", "made")
        progress = Progress(len(missing), report)
        report(0, len(missing), None)
        problems: list[Problem] = []
        for result in run_all(make_pack_batch, jobs, worker_count(workers, len(jobs))):
            for key in result.made:
                cache.adopt(key, {})
            for face in result.unshared:  # correct, but the pack is larger than it needs to be
                logger.info("outlet packs: some imprints bring %s again (glyphs the pack base lacks)", face)
            for unfit in result.unfit:
                outlet = self.outlets_by_id[unfit.outlet_id]
                problems += imprint_problems(str(self.path), outlet, unfit.missing, unfit.pages)
            progress.step(len(result.made) + len(result.unfit))
        report.finish(len(missing))
        if problems:
            raise ContentProblems(problems)
        self.publish_packs(cache, cache.pdf_path(plan.key), output)
        return len(missing), len(self.packs) - len(missing)

    def publish_packs(self, cache: PdfCache, base_path: Path, output: Path) -> None:
        """Each pack whole (base + update), or the base once and each outlet's update beside it."""
        base = pack_prefix(base_path.read_bytes())
        if self.base_file is None:
            for pack in self.packs:
                update = cache.pdf_path(self.pack_keys[pack.outlet_id]).read_bytes()
                write_published(output, pack.file.save_as, base + update)
            return
        write_published(output, self.base_file.save_as, base)
        for pack in self.packs:
            assert pack.part is not None
            publish(cache.pdf_path(self.pack_keys[pack.outlet_id]), output, pack.part.save_as)

    def batch_job(
        self, batch: list[tuple[Pack, PackOrder]], base_path: str, first_pages: tuple[int, ...]
    ) -> PackBatchJob:
        lang = run.language(self.settings)
        html = self.get_template("leaflets/imprints").render(
            self.context, imprints=[pack.imprint for pack, _order in batch], lang=lang
        )
        return PackBatchJob(
            imprints=self.setup.job(digest("imprints", html), html, public_url(self.settings, ""), tagged=False),
            orders=tuple(order for _pack, order in batch),
            base_path=base_path,
            first_pages=first_pages,
            author=str(self.settings.get("ORGANISATION", "")),
            lang=lang,
            updates_only=True,
        )

    # --- catalogue ---------------------------------------------------------------------

    def write_catalogue(self, writer: Any, entries: list[CatalogueEntry]) -> None:
        url = setting(self.settings, "LEAFLET_CATALOGUE_URL")
        writer.write_file(
            setting(self.settings, "LEAFLET_CATALOGUE_SAVE_AS"),
            self.get_template("leaflets/catalogue"),
            self.context,
            entries=entries,
            packs=self.packs,
            pack_base=self.base_file,  # packs in parts: the catalogue links the base and the outlets' pages
            page_name=url,
            url=url,
            relative_urls=self.settings["RELATIVE_URLS"],
        )

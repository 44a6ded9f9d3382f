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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pypdf
from content_contract.problems import ContentProblems, Problem
from markupsafe import Markup
from pelican.generators import Generator

from .booklet import impose_booklet
from .cache import CachedPdf, PdfCache, cache_root, code_version, digest, fonts_fingerprint, publish
from .checks import budget_problem, glyph_problems, imprint_problems, page_budget
from .imprint import PackBatchJob, PackOrder, PartInfo, join_leaflets, make_pack_batch, render_pack_batch
from .model import (
    DEFAULTS,
    FORMATS,
    CatalogueEntry,
    Leaflet,
    Pack,
    leaflets_from_articles,
    paper_body,
    plain_text,
    plan_packs,
    public_url,
    setting,
)
from .pack_fonts import FontDonorJob, PackBasePlan, imprint_sample_page
from .qr import qr_image
from .render import (
    FILL_MARKER,
    Progress,
    RenderJob,
    RenderResult,
    render,
    run_all,
    weasyprint_version,
    worker_count,
)

logger = logging.getLogger(__name__)

STYLESHEET = Path("static") / "css" / "leaflet.css"  # inside the theme
# At least 25 mm on A4 and 20 mm on A5, without the quiet zone; larger on large print.
QR_SYMBOL_MM = {"a4": 28.0, "a5": 22.0, "large": 32.0}


@dataclass(frozen=True)
class Document:
    """One leaflet PDF to publish: which leaflet, which format, and its cache key."""

    leaflet: Leaflet
    format: str
    key: str
    html: str
    planned_pages: tuple[str, ...] = ()  # A5: pages the worker may add before the back page


def read_outlets_if_available(settings: dict[str, Any]) -> list[Any]:
    """Outlets from the outlets plugin's reader, when its generator did not put them in the context."""
    try:
        from outlets.reader import read_outlets  # type: ignore[import-not-found]
    except ImportError:
        return []
    outlets, _problems = read_outlets(settings["PATH"], settings)  # its own checks report the problems
    return list(outlets)


BATCH_MOST = 50  # imprints per WeasyPrint render: beyond this, a bigger batch saves almost nothing


def batches(items: list, workers: int | None) -> list[list]:
    """Items split into batches: big enough to share a render, enough of them to keep every core busy."""
    if not items:
        return []
    size = max(1, min(BATCH_MOST, math.ceil(len(items) / (4 * worker_count(workers, len(items))))))
    return [items[start : start + size] for start in range(0, len(items), size)]


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
        if hasattr(self.env, "install_null_translations") and "gettext" not in self.env.globals:
            self.env.install_null_translations(newstyle=True)
        self.leaflets: list[Leaflet] = []
        self.packs: list[Pack] = []
        self.pack_keys: dict[str, str] = {}  # outlet id → its pack's cache key
        self.outlets_by_id: dict[str, Any] = {}

    # --- context ---------------------------------------------------------------------

    def generate_context(self) -> None:
        # sitebuild runs Pelican once per language (DEFAULT_LANG is the run's language, OUTPUT_PATH and
        # PUBLIC_SITEURL carry its /<code>/): each run makes the leaflets and packs of its own language.
        lang = self.settings.get("DEFAULT_LANG", "en")
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
        self.context["leaflet_packs"].update({pack.outlet_id: pack.file.url for pack in self.packs})

    # --- output ----------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        started = time.perf_counter()
        output = Path(self.output_path)
        cache = PdfCache(cache_root(self.settings))
        workers = setting(self.settings, "LEAFLET_WORKERS")
        self.leaflets = [self.with_body(leaflet) for leaflet in self.leaflets]
        documents = [self.document(leaflet, format_key) for leaflet in self.leaflets for format_key in FORMATS]
        rendered = self.render_missing(cache, documents, workers)
        entries = self.check_and_publish(cache, documents, output)
        # How each A4 leaflet was rendered: packs lay them out again, together, for their shared fonts
        # (the outlet packs here, campaign packs in their own plugin).
        self.context["leaflet_a4_jobs"] = {
            doc.leaflet.slug: self.render_job(doc.key, doc.html, doc.leaflet.article_url)
            for doc in documents
            if doc.format == "a4"
        }
        packs_made, packs_reused = self.make_packs(cache, entries, output, workers)
        self.write_catalogue(writer, entries)
        cache.prune()
        summary = f"{self.stage_label()}: {rendered} PDF(s) rendered, {len(documents) - rendered} reused"
        if self.packs:
            summary += f"; outlet packs: {packs_made} made, {packs_reused} reused"
        print(f"{summary} ({time.perf_counter() - started:.1f} s).")

    def with_body(self, leaflet: Leaflet) -> Leaflet:
        """Every context is built by now, pictures included, so the article's links all resolve."""
        body = self.leaflet_articles[leaflet.source_path].content
        return replace(leaflet, body_html=paper_body(body, self.settings))

    def stage_label(self) -> str:
        """ "Leaflets" for the main language's run, "Leaflets (zh)" for another language's."""
        lang = self.settings.get("DEFAULT_LANG", "en")
        return "Leaflets" if lang == self.settings.get("MAIN_LANG", lang) else f"Leaflets ({lang})"

    def stylesheet(self) -> Path:
        return Path(self.theme) / STYLESHEET

    def key_parts(self) -> tuple[str, ...]:
        """What shapes every PDF besides its own HTML."""
        if getattr(self, "_key_parts", None) is None:
            self._key_parts = self._compute_key_parts()
        return self._key_parts

    def _compute_key_parts(self) -> tuple[str, ...]:
        profile = Path(str(setting(self.settings, "LEAFLET_OUTPUT_PROFILE")))
        return (
            self.stylesheet().read_bytes().decode(),
            fonts_fingerprint(),
            code_version(),
            weasyprint_version(),
            pypdf.__version__,
            digest(profile.read_bytes() if profile.is_file() else b""),  # the print files' output intent
        )

    def local_roots(self) -> tuple[tuple[str, str], ...]:
        """Site URLs a leaflet may load from disk (images, theme files); never the network."""
        theme_static = str(Path(self.theme) / "static")
        content = str(self.path)
        roots = []
        bases = {public_url(self.settings, "")}
        for name in ("SITEURL", "ROOT_SITEURL", "ROOT_PUBLIC_SITEURL"):  # ROOT_*: a language run's site root
            if name in self.settings:
                bases.add(str(self.settings.get(name) or "").rstrip("/") + "/")
        for base in sorted(bases):
            if base != "/":
                roots += [(base + "theme/", theme_static), (base, content)]
        return tuple(sorted(roots, key=lambda root: -len(root[0])))

    def document(self, leaflet: Leaflet, format_key: str) -> Document:
        html = self.get_template("leaflets/leaflet").render(
            self.context,
            leaflet=leaflet,
            format=format_key,
            qr=qr_image(leaflet.article_url, QR_SYMBOL_MM[format_key]),
            FILL_MARKER=Markup(FILL_MARKER),
        )
        planned = self.planned_pages() if format_key == "a5" else ()
        key = digest("leaflet", format_key, html, *planned, *self.key_parts())
        return Document(leaflet, format_key, key, html, planned)

    def planned_pages(self) -> tuple[str, ...]:
        """The pages an A5 leaflet may get before its back page: a form first, then notes pages."""
        if getattr(self, "_planned_pages", None) is None:
            pages = self.get_template("leaflets/planned_pages").make_module(vars=dict(self.context))
            self._planned_pages = (str(pages.write_it_down()), str(pages.notes()))
        return self._planned_pages

    def render_job(
        self, key: str, html: str, base_url: str, tagged: bool = True, planned_pages: tuple[str, ...] = ()
    ) -> RenderJob:
        profile = str(setting(self.settings, "LEAFLET_OUTPUT_PROFILE"))
        return RenderJob(
            key, html, base_url, str(self.stylesheet()), tagged, self.local_roots(), planned_pages, profile
        )

    def render_missing(self, cache: PdfCache, documents: list[Document], workers: int | None) -> int:
        missing = {doc.key: doc for doc in documents if cache.get(doc.key) is None}
        jobs = [
            self.render_job(doc.key, doc.html, doc.leaflet.article_url, planned_pages=doc.planned_pages)
            for doc in missing.values()
        ]
        report = StageReport(self.stage_label(), "rendered")
        progress = Progress(len(jobs), report)
        report(0, len(jobs), None)
        result: RenderResult
        for result in run_all(render, jobs, worker_count(workers, len(jobs)), progress):
            for message in result.messages:
                logger.warning("%s: %s", missing[result.key].leaflet.source_path, message)
            cache.put(result.key, result.pdf, {"pages": result.pages, "missing": list(result.missing)})
        report.finish(len(jobs))
        return len(jobs)

    def check_and_publish(self, cache: PdfCache, documents: list[Document], output: Path) -> list[CatalogueEntry]:
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

    def pack_base(self, cache: PdfCache, entries: list[CatalogueEntry], imprint_blocks: list[str]) -> PackBasePlan:
        """All A4 leaflets of the site's language in one tagged PDF, cached like the leaflets, drawn with
        one font program per face whose glyphs also cover the imprints' characters (pack_fonts)."""
        members = self.packs[0].leaflets
        a4_jobs = [self.context["leaflet_a4_jobs"][member.slug] for member in members]
        page_counts = {entry.leaflet.source_path: entry.a4_pages for entry in entries}
        lang = self.settings.get("DEFAULT_LANG", "en")
        author = str(self.settings.get("ORGANISATION", ""))
        # The imprints' characters, not their words: an address edited with no new character keeps the base.
        empty_page = self.get_template("leaflets/imprints").render(self.context, imprints=[], lang=lang)
        sample_html = imprint_sample_page(empty_page, imprint_blocks)
        key = digest("pack-base", *(job.key for job in a4_jobs), author, lang, sample_html, *self.key_parts())
        donor = FontDonorJob(
            leaflets=tuple(a4_jobs),
            sample=self.render_job(digest("imprint-sample", sample_html), sample_html, public_url(self.settings, "")),
        )
        first_pages, page = [], 0
        for member in members:
            first_pages.append(page)
            page += page_counts[member.source_path]

        def join(fonts: bytes) -> bytes:
            return join_leaflets(
                [cache.pdf_path(job.key).read_bytes() for job in a4_jobs],
                [PartInfo(m.title, m.lang) for m in members],
                title=author,
                author=author,
                lang=lang,
                fonts=fonts,
            )

        return PackBasePlan(key, tuple(first_pages), donor, join)

    def make_packs(
        self, cache: PdfCache, entries: list[CatalogueEntry], output: Path, workers: int | None
    ) -> tuple[int, int]:
        """Every outlet's pack: reused when its key is cached, else stamped from a batch of imprints."""
        if not self.packs:
            return 0, 0
        parts = self.get_template("leaflets/imprint_parts").make_module(vars=dict(self.context))
        blocks = [str(parts.imprint_block(pack.imprint)) for pack in self.packs]
        plan = self.pack_base(cache, entries, blocks)
        base = cache.get(plan.key)
        missing: list[tuple[Pack, PackOrder]] = []
        for pack, block in zip(self.packs, blocks, strict=True):
            title = plain_text(str(parts.pack_title(pack.imprint)))
            key = digest("pack", plan.key, block, title, *self.key_parts())
            order = PackOrder(key, pack.outlet_id, pack.imprint.outlet_url, title, plain_text(block), "")
            if cache.get(key) is None:
                missing.append((pack, replace(order, target=str(cache.pdf_path(key)))))
            self.pack_keys[pack.outlet_id] = key
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
        for pack in self.packs:
            publish(cache.pdf_path(self.pack_keys[pack.outlet_id]), output, pack.file.save_as)
        return len(missing), len(self.packs) - len(missing)

    def batch_job(
        self, batch: list[tuple[Pack, PackOrder]], base_path: str, first_pages: tuple[int, ...]
    ) -> PackBatchJob:
        lang = self.settings.get("DEFAULT_LANG", "en")
        html = self.get_template("leaflets/imprints").render(
            self.context, imprints=[pack.imprint for pack, _order in batch], lang=lang
        )
        return PackBatchJob(
            imprints=self.render_job(digest("imprints", html), html, public_url(self.settings, ""), tagged=False),
            orders=tuple(order for _pack, order in batch),
            base_path=base_path,
            first_pages=first_pages,
            author=str(self.settings.get("ORGANISATION", "")),
            lang=lang,
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
            page_name=url,
            url=url,
            relative_urls=self.settings["RELATIVE_URLS"],
        )

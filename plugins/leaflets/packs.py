"""The leaflets plugin's public API: everything a pack maker needs, and the one leaflets module other
plugins import (besides leaflets.filters, the template filters portal_context installs).

A pack is one PDF for a desk: A4 parts (the site's leaflets, a campaign's desk poster) joined into a
tagged *pack base* drawn with one font program per face, and an *imprint* (an outlet's or an event's
details, from leaflets/imprint.html) stamped into the "Your outlet" box of every page. The leaflets
plugin makes its outlet packs with these functions; the campaigns plugin its campaign packs.

Nothing here depends on the order of PLUGINS or on what the leaflets generator has done in this run:
`printed_leaflets` takes a leaflet's A4 file from the leaflets cache, rendering it into the cache first
when it is not there, with the very job the leaflets generator renders and publishes it with.

- How pages render: `PrintSetup` (the theme's leaflet.css, the output profile, the asset roots, the
  key parts every PDF's cache key holds, render jobs) and `render_all`;
- leaflets: `Leaflet`, `leaflets_from_articles`, `leaflet_document`, `leaflet_job`, `printed_leaflets`,
  `pdf_url`, `public_url`, `qr_image`;
- pack bases: `BasePart`, `first_pages`, `join_pack_base`, `font_donor`, `render_font_donors`;
- imprints: `imprint_for`, `imprint_page`, `imprint_blocks`, `PackJob`, `stamp_packs`, `imprint_problems`,
  `pack_code_module_mm` and `MIN_MODULE_MM` (whether the imprint's QR code to an outlet's page scans);
- the cache: `PdfCache`, `CachedPdf`, `cache_key`, `code_version`, `pack_cache_folder`, `publish`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
from markupsafe import Markup
from portal import run

from .cache import (
    CachedPdf,
    PdfCache,
    build_cache,
    cache_root,
    digest,
    folder_code_version,
    fonts_fingerprint,
    publish,
)
from .cache import code_version as leaflets_code_version
from .checks import imprint_problems
from .imprint import PackJob, PackResult, PartInfo, imprint_qr_mm, join_leaflets, make_pack
from .model import Imprint, Leaflet, imprint_for, leaflets_from_articles, pdf_file, public_url, setting
from .pack_fonts import FontDonorJob, imprint_sample_page, render_font_donor
from .qr import MIN_MODULE_MM, QrImage, make_code, qr_image
from .render import FILL_MARKER, Progress, RenderJob, RenderResult, render, run_all, weasyprint_version, worker_count

__all__ = [
    "MIN_MODULE_MM",
    "QR_SYMBOL_MM",
    "STYLESHEET",
    "BasePart",
    "CachedPdf",
    "FontDonorJob",
    "Imprint",
    "Leaflet",
    "LeafletDocument",
    "PackJob",
    "PackResult",
    "PdfCache",
    "PrintSetup",
    "PrintedLeaflet",
    "QrImage",
    "RenderJob",
    "RenderResult",
    "Templates",
    "cache_key",
    "code_version",
    "first_pages",
    "font_donor",
    "imprint_blocks",
    "imprint_for",
    "imprint_page",
    "imprint_problems",
    "join_pack_base",
    "leaflet_document",
    "leaflet_job",
    "leaflets_from_articles",
    "pack_cache_folder",
    "pack_code_module_mm",
    "pdf_url",
    "printed_leaflets",
    "public_url",
    "publish",
    "qr_image",
    "render_all",
    "render_font_donors",
    "stamp_packs",
    "unprinted_leaflets",
]

logger = logging.getLogger(__name__)

STYLESHEET = Path("static") / "css" / "leaflet.css"  # inside the theme: the A4 page and its outlet box
# At least 25 mm on A4 and 20 mm on A5, without the quiet zone; larger on large print.
QR_SYMBOL_MM = {"a4": 28.0, "a5": 22.0, "large": 32.0}
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)

Templates = Callable[..., str]  # (template name, **values) → the template rendered with the site's context


# --- The cache ------------------------------------------------------------------------------------------


def cache_key(*parts: str | bytes) -> str:
    """A cache key: the SHA-256 of the parts, each length-prefixed (("ab", "c") and ("a", "bc") differ)."""
    return digest(*parts)


def code_version(folder: Path | None = None) -> str:
    """The Python code of a plugin folder (the leaflets plugin's when None), for cache keys."""
    return leaflets_code_version() if folder is None else folder_code_version(Path(folder).resolve())


def pack_cache_folder(settings: Mapping[str, Any], name: str) -> Path:
    """A pack maker's own cache folder `name` for this content folder and language run, in the build cache
    beside (not inside) the leaflets' own. One per language: each run prunes what it did not use, so a
    shared folder would lose one language's packs to the other's run."""
    site = digest(str(Path(settings["PATH"]).resolve()), run.language(settings))[:16]
    return build_cache(settings) / name / site


# --- How pages render -----------------------------------------------------------------------------------


class PrintSetup:
    """How this Pelican run renders pages the leaflet way: with the theme's leaflet.css (the A4 page and
    its blank outlet box), the print files' output profile, loading only the site's own files (the theme's,
    and the content folder's: PATH unless `content_folder` is given)."""

    def __init__(
        self, settings: Mapping[str, Any], theme: str | Path, content_folder: str | Path | None = None
    ) -> None:
        self.settings = settings
        self.theme = Path(theme)
        self.content_folder = str(settings["PATH"] if content_folder is None else content_folder)
        self._key_parts: tuple[str, ...] | None = None

    @property
    def stylesheet(self) -> Path:
        return self.theme / STYLESHEET

    @property
    def output_profile(self) -> str:
        """The print-shop file's output intent (LEAFLET_OUTPUT_PROFILE)."""
        return str(setting(self.settings, "LEAFLET_OUTPUT_PROFILE"))

    @property
    def workers(self) -> int | None:
        """Parallel WeasyPrint processes (LEAFLET_WORKERS; None: one per core)."""
        return setting(self.settings, "LEAFLET_WORKERS")

    def key_parts(self) -> tuple[str, ...]:
        """What shapes every PDF besides its own HTML: the stylesheet, the installed fonts, the leaflets
        plugin's code, WeasyPrint's and pypdf's versions and the output profile. Part of every cache key."""
        if self._key_parts is None:
            profile = Path(self.output_profile)
            self._key_parts = (
                self.stylesheet.read_bytes().decode(),
                fonts_fingerprint(),
                code_version(),
                weasyprint_version(),
                pypdf.__version__,
                digest(profile.read_bytes() if profile.is_file() else b""),  # the print files' output intent
            )
        return self._key_parts

    def asset_roots(self, content: bool = True) -> tuple[tuple[str, str], ...]:
        """Site URLs a page may load from disk, longest first: the theme's files and, with `content`, the
        content folder's (an article's pictures); never the network."""
        theme_static = str(self.theme / "static")
        roots = []
        bases = {public_url(self.settings, "")}
        for name in ("SITEURL", "ROOT_SITEURL", "ROOT_PUBLIC_SITEURL"):  # ROOT_*: a language run's site root
            if name in self.settings:
                bases.add(str(self.settings.get(name) or "").rstrip("/") + "/")
        for base in sorted(bases):
            if base != "/":
                roots.append((base + "theme/", theme_static))
                if content:
                    roots.append((base, self.content_folder))
        return tuple(sorted(roots, key=lambda root: -len(root[0])))

    def job(
        self,
        key: str,
        html: str,
        base_url: str,
        tagged: bool = True,
        planned_pages: tuple[str, ...] = (),
        content: bool = True,
    ) -> RenderJob:
        """A render of this HTML on leaflet.css; `tagged` for a PDF/UA part of a pack, untagged for an
        imprint (its words are tagged where it is stamped); `content`: may load the content's files."""
        return RenderJob(
            key,
            html,
            base_url,
            str(self.stylesheet),
            tagged,
            self.asset_roots(content),
            planned_pages,
            self.output_profile,
        )


def render_all(
    jobs: Sequence[RenderJob], workers: int | None, progress: Progress | None = None
) -> Iterator[RenderResult]:
    """Every job rendered, side by side in worker processes, results as they finish."""
    return run_all(render, jobs, worker_count(workers, len(jobs)), progress)


# --- Leaflets -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeafletDocument:
    """One leaflet PDF to render: which leaflet, which format, its cache key and HTML."""

    leaflet: Leaflet
    format: str
    key: str
    html: str
    planned_pages: tuple[str, ...] = ()  # A5: pages the worker may add before the back page


def leaflet_document(
    setup: PrintSetup,
    render_template: Templates,
    leaflet: Leaflet,
    format_key: str,
    planned_pages: tuple[str, ...] = (),
) -> LeafletDocument:
    """The leaflet's HTML in one format (leaflets/leaflet.html) and its key. `leaflet` needs its body
    (leaflets_from_articles with_body=True, once every context is built)."""
    html = render_template(
        "leaflets/leaflet",
        leaflet=leaflet,
        format=format_key,
        qr=qr_image(leaflet.article_url, QR_SYMBOL_MM[format_key]),
        FILL_MARKER=Markup(FILL_MARKER),
    )
    key = digest("leaflet", format_key, html, *planned_pages, *setup.key_parts())
    return LeafletDocument(leaflet, format_key, key, html, planned_pages)


def leaflet_job(setup: PrintSetup, document: LeafletDocument) -> RenderJob:
    """How the leaflet is rendered: the job its file is published from, which a pack's font donor lays
    out again."""
    return setup.job(document.key, document.html, document.leaflet.article_url, planned_pages=document.planned_pages)


@dataclass(frozen=True)
class PrintedLeaflet:
    """A leaflet's A4 office file as the leaflets plugin publishes it, in the leaflets cache."""

    leaflet: Leaflet
    job: RenderJob  # how it is rendered
    pdf: Path  # the file in the leaflets cache (the published file is a copy of it)
    pages: int


def unprinted_leaflets(setup: PrintSetup, render_template: Templates, leaflets: Sequence[Leaflet]) -> int:
    """How many of these leaflets' A4 files the leaflets cache lacks (printed_leaflets would render them)."""
    cache = PdfCache(cache_root(setup.settings))
    documents = [leaflet_document(setup, render_template, leaflet, "a4") for leaflet in leaflets]
    return sum(cache.get(leaflet_job(setup, document).key) is None for document in documents)


def printed_leaflets(
    setup: PrintSetup, render_template: Templates, leaflets: Sequence[Leaflet], workers: int | None = None
) -> list[PrintedLeaflet]:
    """The A4 files of these leaflets of this run's language, from the leaflets cache; those it lacks are
    rendered into it first (then the leaflets generator finds them there, whenever it runs). The leaflets
    generator checks them (page budget, characters) before it publishes: a build with a leaflet it refuses
    fails whichever plugin rendered it."""
    cache = PdfCache(cache_root(setup.settings))
    documents = [leaflet_document(setup, render_template, leaflet, "a4") for leaflet in leaflets]
    jobs = [leaflet_job(setup, document) for document in documents]
    missing = {job.key: (job, document) for job, document in zip(jobs, documents, strict=True)}
    missing = {key: item for key, item in missing.items() if cache.get(key) is None}
    for result in render_all([job for job, _document in missing.values()], workers):
        for message in result.messages:
            logger.warning("%s: %s", missing[result.key][1].leaflet.source_path, message)
        cache.put(result.key, result.pdf, {"pages": result.pages, "missing": list(result.missing)})
    printed = []
    for job, document in zip(jobs, documents, strict=True):
        entry = cache.get(job.key)
        if entry is None:
            raise RuntimeError(f"leaflet cache entry {job.key} vanished during the build")
        printed.append(PrintedLeaflet(document.leaflet, job, entry.path, int(entry.meta["pages"])))
    return printed


def pdf_url(settings: Mapping[str, Any], slug: str, lang: str, format_key: str = "a4") -> str:
    """The site path of a leaflet's file (format a4, a5, large or booklet), for links to it."""
    return pdf_file(settings, format_key, slug, lang).url


# --- Pack bases -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasePart:
    """A part of a pack base: a tagged A4 PDF, its number of pages, and its bookmark's title and language."""

    pdf: Path
    pages: int
    title: str
    lang: str


def first_pages(parts: Iterable[BasePart]) -> tuple[int, ...]:
    """Where each part starts in the pack base (page indexes from 0): where an imprint is tagged."""
    starts, page = [], 0
    for part in parts:
        starts.append(page)
        page += part.pages
    return tuple(starts)


def join_pack_base(
    parts: Sequence[BasePart],
    title: str,
    author: str,
    lang: str,
    fonts: bytes | None = None,
    imprint_faces: bool = False,
) -> bytes:
    """The parts joined into one tagged PDF, the base imprints are stamped on; drawn with the fonts of
    `fonts` (a font donor's render, `render_font_donors`) where they cover each part's. `imprint_faces`:
    the donor's faces only imprints use are in the base too (for a base published once, shared by
    every outlet's update)."""
    return join_leaflets(
        [part.pdf.read_bytes() for part in parts],
        [PartInfo(part.title, part.lang) for part in parts],
        title=title,
        author=author,
        lang=lang,
        fonts=fonts,
        imprint_faces=imprint_faces,
    )


def font_donor(
    setup: PrintSetup, render_template: Templates, parts: Iterable[RenderJob], imprint_blocks: Iterable[str], lang: str
) -> FontDonorJob:
    """The render whose fonts every part and imprint of a pack draws with: the parts (their render jobs)
    and a sample of the imprints' characters (not their words: an address edited with no new character
    keeps the sample, `donor.sample.html`, and the base's key)."""
    empty_page = render_template("leaflets/imprints", imprints=[], lang=lang)
    sample_html = imprint_sample_page(empty_page, imprint_blocks)
    sample = setup.job(digest("imprint-sample", sample_html), sample_html, public_url(setup.settings, ""), False)
    return FontDonorJob(leaflets=tuple(parts), sample=sample)


def render_font_donors(donors: Mapping[str, FontDonorJob], workers: int | None) -> dict[str, bytes]:
    """Key → the donor's PDF (only its fonts are used), every donor rendered side by side."""
    jobs = list(donors.items())
    return dict(run_all(_keyed_donor, jobs, worker_count(workers, len(jobs))))


def _keyed_donor(item: tuple[str, FontDonorJob]) -> tuple[str, bytes]:
    key, job = item
    return key, render_font_donor(job)


# --- Imprints -------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def imprint_page(render_template: Templates, imprint: Imprint, lang: str, title: str | None = None) -> str:
    """One imprint on a page of its own (leaflets/imprint.html), to render for a `PackJob`. Its <title>
    becomes the pack's title: `title` (plain text) instead of the outlet's, when given."""
    html = render_template("leaflets/imprint", imprint=imprint, lang=lang)
    if title is None:
        return html
    replacement = f"<title>{_escape(title)}</title>"
    return _TITLE.sub(replacement.replace("\\", "\\\\"), html, count=1)


def imprint_blocks(pages: Iterable[str]) -> list[str]:
    """The imprint blocks (what `font_donor` samples) of imprint pages made by `imprint_page`."""
    return [found.group(1) for page in pages if (found := _BODY.search(page))]


def stamp_packs(jobs: Sequence[PackJob], workers: int | None) -> Iterator[PackResult]:
    """Every pack job in worker processes, results as they finish: the imprint rendered (in the first type
    step at which it fits the box, unless the job has it already) and stamped on every page of the base.
    A result with `made` False has an imprint that does not fit or has characters no font has
    (`imprint_problems` words it)."""
    return run_all(make_pack, jobs, worker_count(workers, len(jobs)))


def pack_code_module_mm(address: str) -> float:
    """The module size (mm) of the QR code an imprint draws for this address (an outlet's page), as large
    as the outlet box allows: under MIN_MODULE_MM phones stop reading it."""
    code = make_code(address)
    return imprint_qr_mm(code)[0] / code.symbol_size(border=0)[0]

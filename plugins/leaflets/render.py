"""HTML → PDF with WeasyPrint, in worker processes, loading only the site's own files.

A render returns the PDF with what the build must judge: its page count, and every character
that no installed font could draw (WeasyPrint would print an empty box, ".notdef", for it).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

from .model import DEFAULTS

PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged, with document language and title shown: PDF/UA-1
    "pdf_tags": True,
}
# A document whose pages have a bleed is for a print shop: PDF/X-4 (output intent, version in the XMP),
# tagged like the office file, and still declaring PDF/UA-1 beside PDF/X-4 (the two standards combine).
PRINT_OPTIONS = {"pdf_variant": "pdf/x-4", "pdf_tags": True}
# Where planned pages may go in a print-shop leaflet (before its back page): see `planned_pages`.
FILL_MARKER = "<!-- planned pages -->"
# What the print shop may print beyond the trim, declared as each page's BleedBox. The CSS bleed of
# the print page (leaflet.css) is wider: WeasyPrint draws crop marks from its edge to half its width
# from the trim, so a 10 mm CSS bleed puts them 5-10 mm from the trim, outside this BleedBox.
PRINT_BLEED_MM = 3.0
PT_PER_MM = 72 / 25.4
PDFUA_XMP = b'<rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="" pdfuaid:part="1" />'


@dataclass(frozen=True)
class RenderJob:
    """One document to render. `local_roots` maps URL prefixes to folders: the only files it may load."""

    key: str
    html: str
    base_url: str
    stylesheet: str  # file path
    tagged: bool = True
    local_roots: tuple[tuple[str, str], ...] = ()
    # Print-shop leaflets: the pages that may fill FILL_MARKER (the first once, then the last repeated)
    # and the output intent, an ICC output profile (the LEAFLET_OUTPUT_PROFILE setting).
    planned_pages: tuple[str, ...] = ()
    output_profile: str = ""


@dataclass(frozen=True)
class RenderResult:
    key: str
    pdf: bytes
    pages: int
    missing: tuple[str, ...] = ()  # characters no font has, by code point
    messages: tuple[str, ...] = ()  # WeasyPrint's warnings (other than the missing characters)
    seconds: float = 0.0
    anchors: tuple[tuple[str, int], ...] = ()  # (element id, page index) of every id in the document


# The only kinds of file a leaflet may load: pictures, styles, fonts. Anything else (an article's .md,
# outlets.csv) would be embedded in the public PDF by a link with rel="attachment".
LOADABLE_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".css", ".woff", ".woff2", ".ttf", ".otf",
)  # fmt: skip
# Pictures a PDF embeds as they are read (a JPEG's EXIF, GPS included, would ride along): loaded cleaned.
PICTURES_CLEANED = (".png", ".jpg", ".jpeg", ".webp")


def local_path(url: str, local_roots: Sequence[tuple[str, str]]) -> Path | None:
    """The file behind a site URL, or None when the URL is not one of the site's own or not loadable."""
    for prefix, folder in local_roots:
        if prefix and url.startswith(prefix):
            relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0].lstrip("/")
            candidate = (Path(folder) / relative).resolve()
            loadable = candidate.suffix.lower() in LOADABLE_SUFFIXES
            if loadable and candidate.is_relative_to(Path(folder).resolve()) and candidate.is_file():
                return candidate
    return None


def _fetcher(local_roots: Sequence[tuple[str, str]]):
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Data URIs and the site's own files; never the network (a build must not depend on it)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = local_path(url, local_roots)
            if path is None:
                raise ValueError(f"leaflets only load the site's own files, not {url}")
            if path.suffix.lower() in PICTURES_CLEANED:  # the published copy: no location data in the PDF
                from pictures.variants import clean_original
                from weasyprint.urls import URLFetcherResponse

                return URLFetcherResponse(path.as_uri(), clean_original(path.read_bytes()))
            return super().fetch(path.as_uri(), headers)

    return LocalOnlyFetcher()


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_STYLES: dict[tuple[str, int], Any] = {}


def _stylesheet_and_fonts(path: str) -> Any:
    """The parsed stylesheet and font configuration, kept per worker process (parsing costs more
    than laying out a small imprint)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    key = (path, Path(path).stat().st_mtime_ns)
    if key not in _STYLES:
        fonts = FontConfiguration()
        _STYLES[key] = (weasyprint.CSS(filename=path, font_config=fonts), fonts)
    return _STYLES[key]


def pages_to_add(pages: int) -> int:
    """How many planned pages make a print-shop count: 2, or a multiple of 4 (sheets folded in half)."""
    target = 2 if pages <= 2 else -(-pages // 4) * 4
    return target - pages


def planned_pages(choices: Sequence[str], count: int) -> str:
    return "".join(choices[min(index, len(choices) - 1)] for index in range(count))


def render(job: RenderJob) -> RenderResult:
    """Render one job (runs in a worker process)."""
    import weasyprint

    started = time.perf_counter()
    stylesheet, fonts = _stylesheet_and_fonts(job.stylesheet)
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False

    def laid_out(html: str) -> Any:
        return weasyprint.HTML(string=html, base_url=job.base_url, url_fetcher=_fetcher(job.local_roots)).render(
            stylesheets=[stylesheet], font_config=fonts
        )

    try:
        document = laid_out(job.html)
        # Each planned page is one page before the back page, so one more layout gives the count.
        missing_pages = pages_to_add(len(document.pages)) if job.planned_pages else 0
        if missing_pages:
            document = laid_out(job.html.replace(FILL_MARKER, planned_pages(job.planned_pages, missing_pages), 1))
        if job.tagged and is_print_shop(document):
            profile = job.output_profile or DEFAULTS["LEAFLET_OUTPUT_PROFILE"]
            document.color_profiles.update(output_profiles(profile))
            finisher = partial(finish_print_file, identity=document_identity(job), profile_path=profile)
            pdf = document.write_pdf(finisher=finisher, **PRINT_OPTIONS)
        else:
            pdf = document.write_pdf(**(PDF_OPTIONS if job.tagged else {}))
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
    missing: dict[int, None] = {}
    for font in document.fonts.values():
        for codepoint in getattr(font, "missing", {}):
            missing[codepoint] = None
    messages = tuple(m for m in collector.messages if ".notdef glyph" not in m)
    return RenderResult(
        key=job.key,
        pdf=pdf,
        pages=len(document.pages),
        missing=tuple(chr(c) for c in sorted(missing)),
        messages=messages,
        seconds=time.perf_counter() - started,
        anchors=tuple((name, index) for index, page in enumerate(document.pages) for name in sorted(page.anchors)),
    )


def is_print_shop(document: Any) -> bool:
    """Pages with a bleed (only the print page of leaflet.css has one) are for a print shop."""
    return any(value > 0 for page in document.pages for value in page.bleed.values())


@cache
def output_profiles(profile_path: str) -> dict[str, Any]:
    """The print-shop output intent, as WeasyPrint reads an `@color-profile device-cmyk` rule
    (parsed once per worker process; the profile is not the site's, so not through its fetcher)."""
    import weasyprint

    path = Path(profile_path)
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: install Debian's libgs-common (scripts/system-packages.txt)")
    profiles: dict[str, Any] = {}
    rule = f'@color-profile device-cmyk {{ src: url("{path.as_uri()}"); components: c, m, y, k }}'
    weasyprint.CSS(string=rule, color_profiles=profiles)
    if "device-cmyk" not in profiles:
        raise RuntimeError(f"{path} is not an ICC profile WeasyPrint can read")
    return profiles


def document_identity(job: RenderJob) -> str:
    """What shapes a print file (its HTML, stylesheet and output profile), not the cache key, which also
    names the code version: a change of code that leaves the file the same keeps its DocumentID."""
    parts = (job.html.encode(), Path(job.stylesheet).read_bytes(), job.output_profile.encode())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def finish_print_file(document: Any, pdf: Any, identity: str, profile_path: str) -> None:
    """Before the PDF is written: each page's BleedBox at PRINT_BLEED_MM around its TrimBox (WeasyPrint
    sets it 10 pt out, or less) and its ArtBox on the TrimBox; sRGB as DefaultRGB; the output profile
    and the XMP the same on every build, the XMP also declaring PDF/UA-1."""
    import pydyf

    bleed = PRINT_BLEED_MM * PT_PER_MM
    for page in pdf.objects:
        if isinstance(page, dict) and page.get("Type") == "/Page" and "TrimBox" in page:
            (left, bottom, right, top), media = page["TrimBox"], page["MediaBox"]
            page["BleedBox"] = type(page["TrimBox"])([
                max(media[0], left - bleed), max(media[1], bottom - bleed),
                min(media[2], right + bleed), min(media[3], top + bleed),
            ])  # fmt: skip
            # Preflight wants the artwork inside the trim; WeasyPrint sets the ArtBox to the whole sheet.
            page["ArtBox"] = page["TrimBox"]
    profile = output_profiles(profile_path)["device-cmyk"].pdf_reference
    # Colours are CSS sRGB, written as DeviceRGB, which PDF/X forbids beside a CMYK output intent: a
    # DefaultRGB colour space (sRGB, the profile WeasyPrint ships) makes them device-independent.
    srgb = pydyf.Stream([(resources.files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()], {"N": 3}, True)
    pdf.add_object(srgb)
    for stream in pdf.objects:
        if isinstance(stream, dict) and "lab-d50" in stream:  # the colour spaces every content stream shares
            stream["DefaultRGB"] = pydyf.Array(("/ICCBased", srgb.reference))
        if getattr(stream, "reference", None) == profile:
            # The profile as Debian ships it: WeasyPrint's copy, re-saved by LittleCMS, differs on each render.
            stream.stream = [Path(profile_path).read_bytes()]
        if getattr(stream, "extra", {}).get("Type") == "/Metadata":
            xmp = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)
            # WeasyPrint draws xmpMM:DocumentID at random: derive it from what shapes the document instead.
            document_id = uuid.UUID(bytes=bytes.fromhex(identity)[:16], version=4)
            xmp = re.sub(rb"xmp\.did:[0-9a-f-]+", f"xmp.did:{document_id}".encode(), xmp)
            stream.stream = [xmp.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>", 1)]


def worker_count(setting: int | None, jobs: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs, setting or cores))


@dataclass
class Progress:
    """Counts finished renders and estimates the time left from the average so far."""

    total: int
    report: Callable[[int, int, float | None], None] | None = None
    done: int = 0
    started: float = field(default_factory=time.perf_counter)

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.report:
            elapsed = time.perf_counter() - self.started
            left = elapsed / self.done * (self.total - self.done) if self.done else None
            self.report(self.done, self.total, left)


def run_all(
    work: Callable[[Any], Any], jobs: Sequence[Any], workers: int, progress: Progress | None = None
) -> Iterator[Any]:
    """`work(job)` for every job, results as they finish: in-line for one worker, else in processes."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            result = work(job)
            if progress:
                progress.step()
            yield result
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(work, job) for job in jobs]
        for future in as_completed(futures):
            result = future.result()
            if progress:
                progress.step()
            yield result


def weasyprint_version() -> str:
    # From the package metadata: importing WeasyPrint just for its version costs a second.
    return importlib.metadata.version("weasyprint")

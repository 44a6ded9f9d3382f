"""HTML → PDF with WeasyPrint, in worker processes, loading only the site's own files.

A render returns the PDF with what the build must judge: its page count, and every character
that no installed font could draw (WeasyPrint would print an empty box, ".notdef", for it).
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged, with document language and title shown: PDF/UA-1
    "pdf_tags": True,
}


@dataclass(frozen=True)
class RenderJob:
    """One document to render. `local_roots` maps URL prefixes to folders: the only files it may load."""

    key: str
    html: str
    base_url: str
    stylesheet: str  # file path
    tagged: bool = True
    local_roots: tuple[tuple[str, str], ...] = ()


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


def render(job: RenderJob) -> RenderResult:
    """Render one job (runs in a worker process)."""
    import weasyprint

    started = time.perf_counter()
    stylesheet, fonts = _stylesheet_and_fonts(job.stylesheet)
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        document = weasyprint.HTML(
            string=job.html, base_url=job.base_url, url_fetcher=_fetcher(job.local_roots)
        ).render(stylesheets=[stylesheet], font_config=fonts)
        options = PDF_OPTIONS if job.tagged else {}
        pdf = document.write_pdf(**options)
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

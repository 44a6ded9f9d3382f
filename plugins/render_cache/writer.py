"""A Pelican writer that copies a page from the last build when nothing it depends on changed, and renders
the others on every core once the generators are done.

Rendering on every core: Pelican's own write_file still runs for every page (its pagination, context and
overwrite rules stay Pelican's), but with a stand-in template that files the page's context instead of
rendering it (an empty file marks the place). finish() then renders the filed pages in forked worker
processes (portal.workers), each writing its pages; the workers inherit the contexts, so nothing is
pickled but the warnings they log. Every generator has finished writing by then, so a page sees the
context it would have seen rendered at once (tests/build/test_parallel_build.py: byte-identical).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer
from portal.workers import build_workers, in_workers

from .fingerprint import page_key, site_fingerprint
from .store import RenderStore

logger = logging.getLogger(__name__)
STORE_FOLDER = "rendered-pages"


@dataclass
class FiledPage:
    path: str
    template: Any  # a Jinja template
    context: dict[str, Any]  # the page's own context, as Pelican made it for this page
    key: str | None  # its render-cache key; None: not kept


def render_filed_page(page: FiledPage) -> None:
    Path(page.path).write_text(page.template.render(page.context), encoding="utf-8")


class FilingTemplate:
    """Stands in for a template in Pelican's write_file: files each page's context with the writer."""

    def __init__(self, template: Any, writer: ReusingWriter, key: str | None, override: bool) -> None:
        self.template, self.writer, self.key, self.override = template, writer, key, override
        self.name = template.name

    def render(self, context: dict[str, Any]) -> str:
        path = sanitised_join(self.writer.output_path, context["output_file"])
        if path in self.writer._overridden_files and not self.override:
            return ""  # Pelican skips this write: the page that overrode it stays
        self.writer.filed.pop(path, None)  # a page written again replaces the first (Pelican's override rule)
        self.writer.filed[path] = FiledPage(path, self.template, context, self.key)
        return ""


class ReusingWriter(Writer):
    """Renders a template only when the page's key (fingerprint.py) has no stored page."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        cache = (settings or {}).get("CACHE_PATH")
        self.store = RenderStore(Path(cache) / STORE_FOLDER) if cache else None
        self.fingerprint: str | None = None
        self.reused = 0
        self.rendered = 0
        self.filed: dict[str, FiledPage] = {}  # pages to render in finish(), by output path

    def _paginates(self, template_name: str | None, paginated: dict | None, kwargs: dict[str, Any]) -> bool:
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        return bool(paginated) and template_name in self.settings.get("PAGINATED_TEMPLATES", {})

    def write_file(  # Pelican's signature
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        arguments = (context, relative_urls, paginated, template_name, override_output, url)
        if not name or self.store is None or relative_urls or self._paginates(template_name, paginated, kwargs):
            # Relative URLs change the shared context page by page: those pages are rendered at once.
            filing = template if relative_urls else FilingTemplate(template, self, None, override_output)
            super().write_file(name, filing, *arguments, **kwargs)
            return
        if self.fingerprint is None:
            self.fingerprint = site_fingerprint(self.settings, context)
        key = page_key(self.fingerprint, name, template.name or "", relative_urls, kwargs)
        path = sanitised_join(self.output_path, name)
        stored = self.store.get(key)
        if stored is None:
            super().write_file(name, FilingTemplate(template, self, key, override_output), *arguments, **kwargs)
            return
        if path not in self._overridden_files or override_output:
            self.filed.pop(path, None)  # this page replaces one filed earlier, as it would have on disk
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with self._open_w(path, "utf-8", override=override_output) as handle:
            handle.write(stored)
        self.reused += 1
        signals.content_written.send(path, context={**context, "output_file": name, **kwargs})

    def finish(self) -> None:
        self.render_filed_pages()
        if self.store is None:
            return
        pruned = self.store.prune()
        logger.info(
            "Pages: %d rendered, %d reused from the last build, %d stale removed", self.rendered, self.reused, pruned
        )

    def render_filed_pages(self) -> None:
        pages, self.filed = list(self.filed.values()), {}
        in_workers(render_filed_page, pages, build_workers(self.settings))
        for page in pages:
            if page.key is not None and self.store is not None:
                self.store.put(page.key, Path(page.path))
                self.rendered += 1

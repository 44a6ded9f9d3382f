"""A Pelican writer that copies a page from the last build when nothing it depends on changed."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .fingerprint import page_key, site_fingerprint
from .store import RenderStore

logger = logging.getLogger(__name__)
STORE_FOLDER = "rendered-pages"


class ReusingWriter(Writer):
    """Renders a template only when the page's key (fingerprint.py) has no stored page."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        cache = (settings or {}).get("CACHE_PATH")
        self.store = RenderStore(Path(cache) / STORE_FOLDER) if cache else None
        self.fingerprint: str | None = None
        self.reused = 0
        self.rendered = 0

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
        arguments = (name, template, context, relative_urls, paginated, template_name, override_output, url)
        if not name or self.store is None or relative_urls or self._paginates(template_name, paginated, kwargs):
            super().write_file(*arguments, **kwargs)
            return
        if self.fingerprint is None:
            self.fingerprint = site_fingerprint(self.settings, context)
        key = page_key(self.fingerprint, name, template.name or "", relative_urls, kwargs)
        path = sanitised_join(self.output_path, name)
        stored = self.store.get(key)
        if stored is None:
            super().write_file(*arguments, **kwargs)
            self.store.put(key, Path(path))
            self.rendered += 1
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with self._open_w(path, "utf-8", override=override_output) as handle:
            handle.write(stored)
        self.reused += 1
        signals.content_written.send(path, context={**context, "output_file": name, **kwargs})

    def finish(self) -> None:
        if self.store is None:
            return
        pruned = self.store.prune()
        logger.info(
            "Pages: %d rendered, %d reused from the last build, %d stale removed", self.rendered, self.reused, pruned
        )

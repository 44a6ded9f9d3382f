"""Writes the /search/ page; the index itself is built after the build (see indexer.py)."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from .model import search_pages


class SearchPageGenerator(Generator):
    def generate_context(self) -> None:
        self.context["search_pages"] = search_pages(self.settings)

    def generate_output(self, writer: Any) -> None:
        for page in self.context["search_pages"]:
            writer.write_file(
                page.save_as,
                self.get_template("search"),
                self.context,
                search_page=page,
                page_name=page.url,
                url=page.url,
                relative_urls=self.settings["RELATIVE_URLS"],
            )

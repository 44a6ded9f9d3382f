"""Writes /for/<audience>/ for every audience that has articles (the hubs come from lists.py)."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator


class AudiencePagesGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        for hub in self.context.get("audience_hubs", []):
            writer.write_file(
                hub.save_as,
                self.get_template("audience"),
                self.context,
                hub=hub,
                articles=hub.articles,
                page_name=hub.url,
                url=hub.url,
                relative_urls=self.settings["RELATIVE_URLS"],
            )

"""A Python-Markdown extension: after raw HTML is put back, external links get rel="noopener noreferrer"."""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .links import add_safe_rel, host_of


class SafeLinksPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, own_hosts: set[str]) -> None:
        super().__init__(md)
        self.own_hosts = own_hosts

    def run(self, text: str) -> str:
        return add_safe_rel(text, self.own_hosts)


class SafeLinksExtension(Extension):
    def __init__(self, own_sites: list[str] | None = None) -> None:
        super().__init__()
        self.own_hosts = {host_of(url) for url in own_sites or []} - {""}

    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 10 runs after the raw-HTML postprocessor (30), so inline HTML links are covered too.
        md.postprocessors.register(SafeLinksPostprocessor(md, self.own_hosts), "safe_links", 10)

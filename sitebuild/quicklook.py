"""The preview's quick look: a save that changes only the text of an article or page already built shows in
the served site within a fraction of a second, before the full rebuild that follows it (preview.py).

The last full build's Pelican generators stay in memory (LastBuild). A quick look re-reads the saved file
through its generator's readers, so every plugin's reading hooks run as in a build; checks it on its own
(content_contract.public.check_one_file); renders its page with the generator's template and context; fills
its language links (i18n.steps.link_page); and swaps the page into the served version folder with one rename.
Anything else waits for the full build: a new, moved or deleted file, a changed address, language or status,
a spreadsheet, a picture, a template, a file with a problem. So do the other pages that show the file (lists,
feeds, search), which the full build brings up to date a few seconds later.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.writers import Writer

MARKDOWN = {".md", ".markdown", ".mdown", ".mkd"}
# The lists a generator keeps its content in; a quick look replaces the old object in whichever holds it.
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")


@dataclass
class Found:
    generator: Any  # Pelican's ArticlesGenerator or PagesGenerator of one language run
    old: Content
    lists: tuple[str, ...]


@dataclass
class Reread:
    found: Found
    new: Content


class LastBuild:
    """The generators of every language run of the last build that succeeded, main language first."""

    def __init__(self) -> None:
        self.runs: list[list[Any]] = []
        self._building: list[list[Any]] = []
        signals.all_generators_finalized.connect(self._collect, weak=False)

    def _collect(self, generators: list[Any]) -> None:
        self._building.append(generators)

    def start(self) -> None:
        self._building = []

    def finish(self, succeeded: bool) -> None:
        self.runs, self._building = (self._building if succeeded else []), []

    def holding(self, path: Path) -> Iterator[Found]:
        """Where the last build has the file at `path`: one Found per language run that wrote it."""
        wanted = os.path.abspath(path)
        for generators in self.runs:
            for generator in generators:
                lists = ARTICLE_LISTS if hasattr(generator, "articles") else PAGE_LISTS
                if not hasattr(generator, "articles") and not hasattr(generator, "pages"):
                    continue
                for item in chain.from_iterable(getattr(generator, name, ()) for name in lists):
                    if os.path.abspath(item.source_path) == wanted:
                        yield Found(generator, item, lists)


def quick_look(last: LastBuild, changed: Iterable[Path], check_settings: dict[str, Any]) -> list[str] | None:
    """Rewrite the pages of the saved files in the served site; the pages written (paths under the site), or
    None when this save is not one for a quick look (nothing is written then)."""
    from content_contract.public import check_one_file

    # An editor's save also creates and removes scratch files (sed -i, Vim's swap file…): a vanished file
    # matters only if the last build read it, and then the full build alone can show its removal.
    gone = [path for path in changed if not path.exists()]
    changed = sorted({path for path in changed if path.exists()})
    if not last.runs or not changed or any(any(last.holding(path)) for path in gone):
        return None
    if any(path.suffix.lower() not in MARKDOWN or not path.is_file() for path in changed):
        return None
    found = {path: list(last.holding(path)) for path in changed}
    if not all(found.values()):
        return None  # a file the last build did not write: a new article, or one it left out
    for path, places in found.items():
        kind = "article" if hasattr(places[0].generator, "articles") else "page"
        if any(problem.is_error for problem in check_one_file(check_settings, path, kind)):
            return None  # the full build reports it, and the preview shows the problem page (warnings: both)
    rereads = [Reread(place, reread(place)) for places in found.values() for place in places]
    if any(not same_place(r.found.old, r.new) for r in rereads):
        return None
    root = Path(last.runs[0][0].output_path)
    written = []
    for r in rereads:
        replace_in_lists(r)
        written.append(write_page(r, root, last.runs[0][0].settings))
    return written


def reread(place: Found) -> Content:
    generator, old = place.generator, place.old
    is_article = hasattr(generator, "articles")
    kind = "article" if is_article else "page"
    new = generator.readers.read_file(
        base_path=generator.path,
        path=os.path.relpath(old.source_path, generator.path),
        content_class=Article if is_article else Page,
        context=generator.context,
        preread_signal=getattr(signals, f"{kind}_generator_preread"),
        preread_sender=generator,
        context_signal=getattr(signals, f"{kind}_generator_context"),
        context_sender=generator,
    )
    # What the generators and plugins made of the file after reading (its translations, related lists, a
    # header field turned into an object, such as `Leaflet: yes`) stays as the build made it while that
    # header field is unchanged; the full build recomputes the rest.
    header_before, header_now = old.metadata, new.metadata
    for name, value in vars(old).items():
        if name not in vars(new) or (name in header_now and header_before.get(name) == header_now[name]):
            setattr(new, name, value)
    new.translations = old.translations
    return new


def same_place(old: Content, new: Content) -> bool:
    """The saved file still makes the same page: same address, language and status."""
    return (old.save_as, old.url, old.lang, old.status) == (new.save_as, new.url, new.lang, new.status)


def replace_in_lists(r: Reread) -> None:
    for name in r.found.lists:
        items = getattr(r.found.generator, name, None)
        if isinstance(items, list):
            items[:] = [r.new if item is r.found.old else item for item in items]


def write_page(r: Reread, root: Path, main_settings: dict[str, Any]) -> str:
    """Render the page into a scratch folder, fill its language links and rename it over the served one."""
    from i18n.steps import link_page

    generator, new = r.found.generator, r.new
    target = Path(generator.output_path) / new.save_as
    relative = target.relative_to(root).as_posix()
    with tempfile.TemporaryDirectory(dir=root.parent, prefix=".quick-look-") as scratch:
        writer = Writer(scratch, settings=generator.settings)
        template = generator.get_template(new.template)
        if hasattr(generator, "articles"):
            writer.write_file(
                new.save_as,
                template,
                generator.context,
                article=new,
                category=getattr(new, "category", None),
                override_output=hasattr(new, "override_save_as"),
                url=new.url,
                blog=True,
            )
        else:
            writer.write_file(
                new.save_as,
                template,
                generator.context,
                page=new,
                relative_urls=generator.settings["RELATIVE_URLS"],
                override_output=hasattr(new, "override_save_as"),
                url=new.url,
            )
        page = Path(scratch) / new.save_as
        page.write_text(link_page(main_settings, root, relative, page.read_text(encoding="utf-8")), encoding="utf-8")
        os.replace(page, target)
    return relative

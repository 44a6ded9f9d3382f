"""The build, step by step, in the order it runs. Read this first: every step a build takes is listed here.

    make check / make build
      0. SETTINGS_STEPS              what plugins add to the settings of every run (sitebuild.settings)
      1. settings check              content_contract.settings_check (before anything else reads settings)
      2. CONTENT_CHECKS              each enabled plugin reads and checks its own files; every problem at once
      3. go-live check               content_contract.golive (placeholders refused by a publish build)
      4. one Pelican run per language  sitebuild.languages; plugins join in through Pelican's signals
      5. POST_BUILD_STEPS            work on the finished pages in the staging folder, then the swap

A step belongs to a plugin and runs only when PLUGINS names that plugin. Steps are named as
"module:function" and imported when they run, so a check-only run never imports what writes the site.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.problems import Problem


@dataclass(frozen=True)
class Step:
    plugin: str  # the PLUGINS entry that enables the step
    target: str  # "module:function"
    what: str  # for people: progress and failure messages name the step by this
    after: tuple[str, ...] = ()  # post-build: the plugins whose steps must finish first (the others run beside)

    def function(self) -> Callable[..., Any]:
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)


SettingsStep = Callable[[dict[str, Any]], None]
ContentCheck = Callable[[Mapping[str, Any]], list[Problem]]
PostBuild = Callable[[dict[str, Any], Path], None]

# As the settings load, before any check: (settings) -> None. What a plugin adds to the settings of
# every Pelican run (at Pelican's `initialized`) that the checks must see as well.
SETTINGS_STEPS = (
    # The content check and the reader then render Markdown alike, and share one rendering per file.
    Step("safe_links", "safe_links.hooks:add_to_settings", "links that leave the site"),
    # A publish build allowed to keep the spreadsheets' sample rows says "Preview" on every page.
    Step("contacts", "contacts.steps:show_preview_notice_for_sample_rows", "sample rows"),
)

# Before the build: (settings) -> problems. Their problems are sorted together, so the order here is
# only the order they are read in.
CONTENT_CHECKS = (
    Step("content_contract", "content_contract.public:check_content_folder", "articles, pages and pictures"),
    Step("public_only", "public_only.checks:check_public_only", "nothing private is published"),
    Step("outlets", "outlets.steps:check_outlets", "outlets.csv and the map settings"),
    Step("contacts", "contacts.steps:check_contacts", "official-contacts.csv and warnings.csv"),
    Step("leaflets", "leaflets.checks:settings_problems", "leaflet settings"),
    Step("campaigns", "campaigns.steps:check_campaigns", "campaign files"),
)

# After every language's pages are written: (settings of the main-language run, staging folder) -> None.
# A step starts once the steps it comes `after` are done, beside any others (sitebuild/postbuild.py):
# pictures, the sitemap and the search index each read the linked pages and write only their own files.
POST_BUILD_STEPS = (
    Step("i18n", "i18n.steps:link_languages", "language links"),  # first: later steps read the linked pages
    Step("pictures", "pictures.publish:post_build", "published pictures", after=("i18n",)),
    Step("discovery", "discovery.steps:write_sitemap", "sitemap and robots.txt", after=("i18n",)),
    Step("search", "search.steps:index_site", "search index", after=("i18n",)),
    # Last: it fingerprints and compresses every file, pictures, sitemap and index included.
    Step("publish", "publish.steps:optimise", "publishing", after=("i18n", "pictures", "discovery", "search")),
)


def enabled(steps: tuple[Step, ...], settings: Mapping[str, Any]) -> Iterator[Step]:
    """The steps whose plugin is in PLUGINS, in the order above (not PLUGINS' order)."""
    plugins = {name if isinstance(name, str) else getattr(name, "__name__", "") for name in settings.get("PLUGINS", [])}
    return (step for step in steps if step.plugin in plugins)

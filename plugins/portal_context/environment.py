"""The one place the Jinja environment is set up: every filter, global and the theme text's language.

Pelican makes an environment per generator from JINJA_ENVIRONMENT (pelicanconf.py: autoescape on,
the i18n extension); `configure_environment` runs on each (generator_init) before any template is loaded.
What it installs comes from the plugins' public modules named below.
"""

from __future__ import annotations

from pathlib import Path

from discovery.head import head_meta
from i18n.catalog import translations_for
from i18n.dates import human_date_for
from i18n.languages import html_lang
from jinja2 import BytecodeCache, pass_context
from jinja2.bccache import Bucket
from leaflets.filters import address_pieces
from pelican.generators import Generator
from portal.run import language

from .filters import print_targets


class SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for every environment of this process. Pelican makes an
    environment per generator and per language run, and each would compile the same templates again;
    a bucket is reused only while its template's source is unchanged (Jinja checks a checksum)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


SHARED_BYTECODE = SharedBytecode()  # in memory only: nothing compiled is ever read back from disk


def configure_environment(generator: Generator) -> None:
    env, settings = generator.env, generator.settings
    env.bytecode_cache = SHARED_BYTECODE
    lang = language(settings)  # the language of this Pelican run (sitebuild/languages.py)
    env.install_gettext_translations(translations_for(Path(settings["THEME"]) / "translations", lang), newstyle=True)
    env.filters.update(
        human_date=human_date_for(lang),
        html_lang=lambda code: html_lang(settings, code),
        print_targets=print_targets,
        address_pieces=address_pieces,
    )
    env.globals.update(
        HTML_LANG=html_lang(settings, lang),
        head_meta=pass_context(head_meta),
        # Components imported without context (`{% from … import macro %}`) see only globals: without this
        # their links would be root-relative in published builds instead of absolute.
        SITEURL=env.globals.get("SITEURL", settings.get("SITEURL", "")),
    )

"""Incremental page writing: a page is rendered again only when something it shows has changed.

Pelican renders every template on every build. This plugin's writer files each rendered page
in the cache under a key made of everything the page depends on (fingerprint.py); the next build
copies the page when its key is unchanged. Editing one article's text re-renders that article's
page; editing a title, a summary, outlets.csv, the theme, a plugin or a setting re-renders all
pages, because lists and menus everywhere may show it. Feeds and the files plugins write
themselves are always written afresh.

Nothing in the cache is taken on trust: a stored page is checked against its digest (store.py),
and Pelican's own content cache (pickles) is loaded only with a valid seal (content_contract's
cache_seal.py, installed here because Pelican has no hook for it).

Wiring only: the writer is in writer.py and hooks.py.
"""

from __future__ import annotations

from content_contract.public import install_pelican_seal
from pelican import signals

from .hooks import finish_writers, get_writer


def register() -> None:
    install_pelican_seal()  # before any generator loads its cache
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish_writers)

"""Template filters of leaflets (a public module: portal_context/environment.py installs them)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .model import address_markup


def address_pieces(url: str) -> Markup:
    """For leaflets/address.html, used by leaflets and campaign posters: the same unbreakable pieces that
    links in the text get."""
    return Markup(address_markup(str(escape(url))))

"""Outlet ids too long for the QR code on the outlet's leaflet packs: a warning when outlets.csv is checked.

The code in a pack's outlet box carries the outlet page's public address, so a longer id means more modules
in a code that cannot grow past the box's height: its modules shrink below qr.MIN_MODULE_MM and phones stop
reading it. Sizes come from the leaflets plugin, which draws the code (leaflets.imprint.imprint_qr_mm).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from portal.problems import Problem, warning
from portal.run import address, main_language, public_url

from .model import Outlet


def pack_languages(settings: Mapping[str, Any]) -> set[str]:
    """The languages whose runs make outlet packs: those with an article marked `Leaflet: yes` (a run
    packs the leaflets of its own language; leaflets/model.py plan_packs)."""
    from content_contract.public import find_content_files
    from portal.values import parse_yes_no

    files, _problems = find_content_files(settings)
    return {
        item.lang(settings)
        for item in files
        if item.kind == "article"
        and not item.source.decode_error
        and parse_yes_no(item.source.get("leaflet") or "no")[0]
    }


def public_roots(settings: Mapping[str, Any], languages: Iterable[str] | None = None) -> list[str]:
    """The PUBLIC_SITEURL of each language's run (of `languages`, or of every language the site has), as
    sitebuild/languages.py sets them: the main language's, and /<code> under it for each other one."""
    root = public_url(settings)
    main = main_language(settings)
    codes = [main, *(code for code in settings.get("LANGUAGES", {}) if code != main)]
    wanted = set(codes if languages is None else languages)
    return [root if code == main else f"{root}/{code}" for code in codes if code in wanted]


def pack_module_mm() -> Callable[[str], float]:
    """The module size (mm) of the pack code for an address, as leaflets/imprint.py draws it.

    An id is a-z, 0-9 and '-', so the address is coded in byte mode and the code's size depends only on
    the address's length: each length is worked out once (choosing a code's mask takes about 10 ms)."""
    from leaflets.packs import pack_code_module_mm  # only when the leaflets plugin is used

    by_length: dict[int, float] = {}

    def module_mm(address: str) -> float:
        length = len(address.encode())
        if length not in by_length:
            by_length[length] = pack_code_module_mm(address)
        return by_length[length]

    return module_mm


def long_id_problems(outlets: Iterable[Outlet], settings: Mapping[str, Any], path: Path) -> list[Problem]:
    """A warning for each outlet whose pack code, in the language with packs and the longest address, would
    have modules under qr.MIN_MODULE_MM. None when the leaflets plugin (which makes the packs) is not used."""
    plugins = {name if isinstance(name, str) else getattr(name, "__name__", "") for name in settings.get("PLUGINS", [])}
    if "leaflets" not in plugins:
        return []
    from leaflets.packs import MIN_MODULE_MM

    module_mm = pack_module_mm()

    def size_for(outlet: Outlet, root: str) -> float:
        return module_mm(address(root, outlet.url))

    outlets = list(outlets)
    longest = max(public_roots(settings), key=len)
    if all(size_for(outlet, longest) >= MIN_MODULE_MM for outlet in outlets):
        return []  # the usual case, decided without reading the articles
    roots = public_roots(settings, pack_languages(settings))
    if not roots:
        return []  # no leaflets, no packs
    longest = max(roots, key=len)
    problems = []
    for outlet in outlets:
        size = size_for(outlet, longest)
        if size >= MIN_MODULE_MM:
            continue
        at_most = len(outlet.id) - 1
        while at_most > 1 and size_for(dataclasses.replace(outlet, id="a" * at_most), longest) < MIN_MODULE_MM:
            at_most -= 1
        shown = math.floor(size * 100) / 100  # never rounded up to the smallest size that scans
        problems.append(
            warning(
                str(path),
                outlet.line or None,
                f"outlet id '{outlet.id}' is {len(outlet.id)} characters long, so the QR code on its leaflets "
                f"would have modules of {shown:.2f} mm (at least {MIN_MODULE_MM:g} mm scans reliably)",
                f"use a shorter id (at most {at_most} characters)",
            )
        )
    return problems

"""Inside Pelican: each article's and page's <img> gets its size, its variants and its loading hints.

An `<img>` of a raster picture becomes `<picture>` with a WebP `<source>` and the original format's
`srcset`; every `<img>` gets width and height (no layout shift), decoding="async", and loading="lazy"
after the first picture of the page. A picture alone in its paragraph with an italic line under it
becomes a `<figure>` with that line as its caption.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from content_contract.public import resolve_link

from .model import DECORATIVE_ALT, DEFAULT_SIZES, Picture, Variant, read_picture, widths_setting
from .publish import cache_root
from .variants import VariantCache, offered

IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r'([^\s=/>]+)(?:\s*=\s*"([^"]*)")?')
# The caption pattern editors write: `![alt](…)` then, on the next line, `*Caption*`.
FIGURE = re.compile(r"<p>\s*(<img\b[^>]*>)\s*(?:<br\s*/?>\s*)?<em>((?:(?!</?em>|</?p>).)*)</em>\s*</p>", re.S | re.I)
LOCAL = re.compile(r"^\{(static|attach)\}")


def attributes(tag: str) -> dict[str, str]:
    inner = tag[4:].rstrip(">").rstrip("/")
    return {name.lower(): html.unescape(value or "") for name, value in ATTRIBUTE.findall(inner)}


def tag(name: str, attrs: Mapping[str, str]) -> str:
    written = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in attrs.items())
    return f"<{name}{written}>"


Found = tuple[Picture, tuple[Variant, ...]] | None


@lru_cache(maxsize=512)
def _picture_at(path: str, _mtime_ns: int, _size: int, root: str, cache_root: str, widths: tuple[int, ...]) -> Found:
    data = Path(path).read_bytes()
    picture = read_picture(Path(root), Path(path).relative_to(root).as_posix(), data)
    if picture is None or not picture.raster:
        return (picture, ()) if picture else None
    _copies, kept = offered(VariantCache(Path(cache_root)), picture, data, widths)
    return picture, tuple(kept)


def picture_for(src: str, root: Path, source_path: Path, settings: Mapping[str, Any]) -> Found:
    """The content folder's picture an `{static}` address names and the variants it offers, or None."""
    if not LOCAL.match(src):
        return None
    target = resolve_link(root, source_path, LOCAL.sub("", src)).resolve()
    if not target.is_file() or not target.is_relative_to(root.resolve()):
        return None
    stat = target.stat()
    cache = str(cache_root(settings))
    return _picture_at(
        str(target), stat.st_mtime_ns, stat.st_size, str(root.resolve()), cache, widths_setting(settings)
    )


def picture_markup(attrs: dict[str, str], found: Found, settings: Mapping[str, Any], first: bool) -> str:
    picture, made = found if found else (None, ())
    if attrs.get("alt", "").strip() == DECORATIVE_ALT:
        attrs["alt"] = ""  # decorative: screen readers skip it
    if picture is not None and not ("width" in attrs and "height" in attrs):
        attrs["width"], attrs["height"] = str(picture.width), str(picture.height)
    attrs["loading"] = "eager" if first else "lazy"
    attrs["decoding"] = "async"
    if picture is None or not picture.raster:
        return tag("img", attrs)
    base = str(settings.get("ROOT_SITEURL", settings.get("SITEURL", "")) or "").rstrip("/")
    sizes = str(settings.get("PICTURE_SIZES", DEFAULT_SIZES))

    def srcset(fmt: str) -> str:
        return ", ".join(f"{base}/{v.path} {v.width}w" for v in made if v.format == fmt)

    if any(v.format == picture.format for v in made):
        attrs["srcset"], attrs["sizes"] = srcset(picture.format), sizes
    img = tag("img", attrs)
    if picture.format == "WEBP" or not any(v.format == "WEBP" for v in made):
        return img
    source = tag("source", {"type": "image/webp", "srcset": srcset("WEBP"), "sizes": sizes})
    return f"<picture>{source}{img}</picture>"


def rewrite_html(markup: str, settings: Mapping[str, Any], source_path: Path) -> str:
    root = Path(settings["PATH"])
    markup = FIGURE.sub(lambda m: f"<figure>{m[1]}<figcaption>{m[2]}</figcaption></figure>", markup)
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        attrs = attributes(match[0])
        found = picture_for(attrs.get("src", ""), root, source_path, settings)
        count += 1
        return picture_markup(attrs, found, settings, first=count == 1)

    return IMG.sub(one, markup)


def rewrite_content(content: Any) -> None:
    """content_object_init: after the content contract has sanitised the HTML."""
    markup = getattr(content, "_content", None)
    if not isinstance(markup, str) or "<img" not in markup:
        return
    content._content = rewrite_html(markup, content.settings, Path(content.source_path))

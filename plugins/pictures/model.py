"""What the build knows about one picture file: its kind, its size as shown, and where its variants go.

Pure functions of the file's bytes, shared by the checks (before the build), the HTML rewrite (inside
Pelican) and the step that writes the variants (after it), so all three agree on every name and size.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, ImageOps

RASTER_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
PICTURE_SUFFIXES = (*RASTER_SUFFIXES, ".svg")
# Widths (in pixels) made for phones and desktops: the article column is 42rem (672 px), 1344 for sharp screens.
DEFAULT_WIDTHS = (480, 800, 1344)
DEFAULT_SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"  # how wide the column is, for the browser
VARIANT_FOLDER = "_sizes"  # a folder beside each picture; editors' own names are not expected to start with "_"
DECORATIVE_ALT = "-"  # what an editor writes as alternative text for a picture that carries no information
FORMAT_VERSION = "1"  # bump when variants are made differently: every cached variant is made again


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # Pillow's name: JPEG, PNG, WEBP
    path: str  # relative to the output root, with '/'


@dataclass(frozen=True)
class Picture:
    """One picture of the content folder, as published."""

    relative: str  # inside the content folder, with '/', e.g. images/notes/watermark.png
    format: str  # JPEG, PNG, WEBP or SVG
    width: int  # as shown: after EXIF orientation
    height: int
    digest: str  # sha256 of the file's bytes

    @property
    def raster(self) -> bool:
        return self.format != "SVG"


def widths_setting(settings: Mapping[str, Any]) -> tuple[int, ...]:
    return tuple(int(w) for w in settings.get("PICTURE_WIDTHS", DEFAULT_WIDTHS))


def variants(picture: Picture, widths: tuple[int, ...]) -> list[Variant]:
    """Every resized copy of a raster picture: each width below its own, and its own width, in the
    original format and in WebP (a WebP original gets WebP only)."""
    if not picture.raster:
        return []
    sizes = sorted({w for w in widths if w < picture.width} | {picture.width})
    formats = [picture.format] if picture.format == "WEBP" else [picture.format, "WEBP"]
    original = PurePosixPath(picture.relative)
    stem = original.parent / VARIANT_FOLDER / original.stem  # images/_sizes/photo-480w-….jpg
    found = []
    for fmt in formats:
        suffix = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt]
        for width in sizes:
            height = max(1, round(picture.height * width / picture.width))
            name = f"{stem}-{width}w-{picture.digest[:10]}{suffix}"
            found.append(Variant(width, height, fmt, name))
    return found


SVG_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def svg_size(text: str) -> tuple[int, int] | None:
    """The size an SVG asks for: its width and height in px, else its viewBox; None when it says neither."""
    root = re.search(r"<svg\b[^>]*>", text, re.S)
    if root is None:
        return None
    attributes = dict(re.findall(r'([\w:-]+)\s*=\s*["\']([^"\']*)["\']', root[0]))
    width, height = SVG_LENGTH.match(attributes.get("width", "")), SVG_LENGTH.match(attributes.get("height", ""))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = attributes.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            return None
    return None


def read_picture(root: Path, relative: str, data: bytes | None = None) -> Picture | None:
    """The picture at content/<relative>, or None when it cannot be read as one."""
    path = root / relative
    data = path.read_bytes() if data is None else data
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".svg":
        size = svg_size(data.decode("utf-8", errors="replace"))
        return Picture(relative, "SVG", *size, digest) if size else None
    if suffix not in RASTER_SUFFIXES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown the other way round
        width, height = height, width
    return Picture(relative, RASTER_SUFFIXES[suffix], width, height, digest)


def upright(image: Image.Image) -> Image.Image:
    """The image as a camera meant it to be seen (EXIF orientation applied), before metadata goes."""
    return ImageOps.exif_transpose(image) or image

"""Published copies of a raster picture: the original without its metadata, and resized variants.

Every copy is written without EXIF, XMP or text chunks (a phone's photo carries where it was taken);
only the colour profile is kept. Copies are cached between builds under a key of the picture's bytes
and this module's code; each cached file's SHA-256 is checked before it is used.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from PIL import Image

from .model import FORMAT_VERSION, Picture, Variant, upright, variants

JPEG_QUALITY = 85  # variants: small, no visible loss at screen size
WEBP_QUALITY = 80
ORIGINAL_JPEG_QUALITY = 92  # an original that had to be turned upright is encoded again, close to its quality
MANIFEST = "manifest.json"


def _save(image: Image.Image, fmt: str, icc: bytes | None, **options: Any) -> bytes:
    if fmt == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")  # JPEG has no transparency
    image.info = {}  # Pillow would carry EXIF, XMP and PNG text over from here; nothing but the profile goes
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    image.save(buffer, fmt, **extra, **options)  # no exif=, no xmp=: Pillow then writes none
    return buffer.getvalue()


def _options(fmt: str, original: bool = False) -> dict[str, Any]:
    if fmt == "JPEG":
        return {"quality": ORIGINAL_JPEG_QUALITY if original else JPEG_QUALITY, "optimize": True, "progressive": True}
    if fmt == "WEBP":
        return {"quality": WEBP_QUALITY, "method": 4}
    return {"optimize": True}


def clean_original(data: bytes) -> bytes:
    """The picture upright and without metadata. A JPEG that needs no turning keeps its own
    quantisation tables (Pillow's quality='keep'), so it loses as little as possible."""
    with Image.open(io.BytesIO(data)) as image:
        fmt = image.format or "PNG"
        icc = image.info.get("icc_profile")
        turned = image.getexif().get(0x0112, 1) not in (0, 1)
        shown = upright(image)
        if fmt == "JPEG" and not turned:
            return _save(image, "JPEG", icc, quality="keep", optimize=True)
        if fmt == "WEBP" and image.info.get("lossless"):
            return _save(shown, "WEBP", icc, lossless=True)
        return _save(shown, fmt, icc, **_options(fmt, original=True))


def make_variant(data: bytes, variant: Variant) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        icc = image.info.get("icc_profile")
        drawing = image.format == "PNG"  # screenshots and drawings: lossless WebP is far smaller than lossy
        shown = upright(image)
        if shown.size != (variant.width, variant.height):
            shown = shown.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        if drawing and variant.format == "WEBP":
            return _save(shown, "WEBP", icc, lossless=True, method=4)
        return _save(shown, variant.format, icc, **_options(variant.format))


def worth_offering(candidates: list[Variant], copies: dict[str, bytes]) -> list[Variant]:
    """The variants a browser gains from: each smaller in bytes than every wider one of its format
    (a flat drawing can grow when scaled down), and WebP only when it beats the original format."""
    kept: list[Variant] = []
    for fmt in dict.fromkeys(v.format for v in candidates):
        smallest = None
        for variant in sorted((v for v in candidates if v.format == fmt), key=lambda v: -v.width):
            size = len(copies[variant.path])
            if smallest is None or size < smallest:
                kept.append(variant)
                smallest = size
    webp = [v for v in kept if v.format == "WEBP"]
    other = [v for v in kept if v.format != "WEBP"]
    if webp and other:
        widest_webp, widest_other = (max(group, key=lambda v: v.width) for group in (webp, other))
        if len(copies[widest_webp.path]) >= len(copies[widest_other.path]):
            kept = other
    return sorted(kept, key=lambda v: (v.format, v.width))


@cache
def code_version() -> str:
    """This module's code: a change to how copies are made makes them again."""
    return hashlib.sha256(Path(__file__).read_bytes() + FORMAT_VERSION.encode()).hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Never half a file, and never through a hard link into the content folder: a new file is renamed over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class VariantCache:
    """A folder per picture key holding its copies and a manifest of their SHA-256."""

    made_here: ClassVar[set[Path]] = set()  # made in this process (the HTML rewrite makes them)

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made = 0  # pictures made this build (the rest came from the cache)
        self.reused = 0
        self.used: set[Path] = set()

    def folder(self, picture: Picture, widths: Iterable[int]) -> Path:
        key = _digest(f"{picture.digest}|{sorted(widths)}|{code_version()}".encode())
        return self.root / key[:2] / key

    def copies(self, picture: Picture, data: bytes, wanted: list[Variant], widths: Iterable[int]) -> dict[str, bytes]:
        """'original' and each variant's path → its bytes, from the cache when every file checks out."""
        folder = self.folder(picture, widths)
        self.used.add(folder)
        names = ["original", *(v.path for v in wanted)]
        found = self._load(folder, names)
        if found is not None:
            if folder in VariantCache.made_here:
                self.made += 1
            else:
                self.reused += 1
            return found
        made = {"original": clean_original(data)}
        made.update({v.path: make_variant(data, v) for v in wanted})
        self._store(folder, made)
        VariantCache.made_here.add(folder)
        self.made += 1
        return made

    def prune(self) -> None:
        """Remove the copies of pictures this build did not publish, so the cache does not grow forever."""
        for manifest in self.root.glob(f"*/*/{MANIFEST}"):
            if manifest.parent not in self.used:
                shutil.rmtree(manifest.parent, ignore_errors=True)

    def _load(self, folder: Path, names: list[str]) -> dict[str, bytes] | None:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            found = {}
            for index, name in enumerate(names):
                data = (folder / f"{index}.bin").read_bytes()
                if not hmac.compare_digest(manifest[name], _digest(data)):
                    return None  # damaged: made again
                found[name] = data
            return found
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _store(self, folder: Path, made: dict[str, bytes]) -> None:
        for index, data in enumerate(made.values()):
            write_atomically(folder / f"{index}.bin", data)
        manifest = {name: _digest(data) for name, data in made.items()}
        write_atomically(folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode())  # last: marks it done


def offered(
    cache: VariantCache, picture: Picture, data: bytes, widths: tuple[int, ...]
) -> tuple[dict[str, bytes], list[Variant]]:
    """The picture's published copies, and the variants its pages offer (see worth_offering)."""
    candidates = variants(picture, widths)
    copies = cache.copies(picture, data, candidates, widths)
    return copies, worth_offering(candidates, copies)

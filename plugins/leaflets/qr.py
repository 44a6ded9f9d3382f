"""QR codes for paper: error correction Q, a 4-module quiet zone, sized in millimetres.

`qr_image` gives an SVG for the leaflet HTML (WeasyPrint draws it as vector paths);
`qr_pdf_operators` draws the same code straight into a PDF content stream (for imprints,
which are stamped onto pages without another WeasyPrint render).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
MM_TO_PT = 72 / 25.4
# Smallest module on paper: 0.75 mm is 4.4 pixels of a 150 dpi scan, which zbar and ZXing both read even
# slightly blurred (at 0.54-0.65 mm zbar lost blurred A4 pages). A longer address has more modules, so
# its code is drawn larger rather than with smaller modules (tests/build/test_qr_codes.py measures it).
MIN_MODULE_MM = 0.75
MIN_SYMBOL_MM = 20.0  # and never smaller than this, whatever the address


def symbol_mm_for(code: segno.QRCode, at_least_mm: float) -> float:
    """The printed width of the code (without quiet zone): `at_least_mm`, or larger for a long address."""
    return max(at_least_mm, MIN_SYMBOL_MM, code.symbol_size(border=0)[0] * MIN_MODULE_MM)


@lru_cache(maxsize=4096)  # choosing a code's mask takes ~10 ms; a preview or a build asks for the same codes again
def make_code(data: str) -> segno.QRCode:
    # Exactly level Q (25 % of the code may be damaged or stamped over); never a Micro QR.
    return segno.make(data, error="q", boost_error=False, micro=False)


@dataclass(frozen=True)
class QrImage:
    """An SVG data URI whose printed size is fixed: the symbol (without quiet zone) is `symbol_mm` wide
    (at least the size asked for, larger when the address needs more modules: `symbol_mm_for`)."""

    data: str
    data_uri: str
    symbol_mm: float
    width_mm: float  # with the quiet zone
    modules: int


@lru_cache(maxsize=1024)
def qr_image(data: str, symbol_mm: float) -> QrImage:
    code = make_code(data)
    modules = int(code.symbol_size(border=0)[0])
    symbol_mm = symbol_mm_for(code, symbol_mm)
    module_mm = symbol_mm / modules
    uri = code.svg_data_uri(scale=module_mm, border=QUIET_ZONE, unit="mm", dark="#000", light="#fff")
    return QrImage(data, uri, symbol_mm, module_mm * (modules + 2 * QUIET_ZONE), modules)


def qr_pdf_operators(data: str, x_pt: float, y_pt: float, symbol_mm: float, code: segno.QRCode | None = None) -> bytes:
    """PDF drawing operators for the code; (x_pt, y_pt) is the symbol's bottom-left corner (quiet zone outside).

    The quiet zone is painted white too, so the code stays readable over any background.
    Horizontal runs of dark modules are merged into one rectangle each to keep the stream short.
    Pass `code` when it is made already: choosing a code's mask is the slow part.
    """
    matrix = (code or make_code(data)).matrix
    modules = len(matrix)
    module = symbol_mm * MM_TO_PT / modules
    quiet = QUIET_ZONE * module
    size = modules * module
    outer = size + 2 * quiet
    ops = [b"q", b"1 g", f"{x_pt - quiet:.3f} {y_pt - quiet:.3f} {outer:.3f} {outer:.3f} re f".encode(), b"0 g"]
    for row_index, row in enumerate(matrix):
        top = y_pt + size - (row_index + 1) * module
        column = 0
        while column < modules:
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                left, width = x_pt + start * module, (column - start) * module
                ops.append(f"{left:.3f} {top:.3f} {width:.3f} {module:.3f} re".encode())
            else:
                column += 1
    ops += [b"f", b"Q"]
    return b"\n".join(ops) + b"\n"

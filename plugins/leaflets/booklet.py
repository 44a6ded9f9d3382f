"""The A5 leaflet as a booklet an office printer can make: its pages two-up on A4 landscape sheets in
saddle-stitch order (print on both sides, flip on the short edge, fold in the middle, staple).

Each A5 page is taken from the print-shop file cut to its TrimBox, so the bleed and the crop marks stay
off the sheet. A dashed fold mark at the top and bottom of each sheet shows where to fold. Pages the
booklet needs beyond the leaflet's own (a booklet has a multiple of 4) are left blank at the end.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, NameObject, TextStringObject

from .imprint import pt

SHEET_MM = (297.0, 210.0)  # A4 landscape: two A5 pages side by side
FOLD_MARK_MM = 6.0  # length of the dashed fold mark at the top and the bottom edge of each sheet

Side = tuple[int | None, int | None]  # (left page, right page), 0-based; None is a blank page


def saddle_stitch_sides(pages: int) -> list[Side]:
    """The sides of the sheets in printing order: sheet 1 front, sheet 1 back, sheet 2 front, …

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5), written 1-based; the outermost sheet carries the
    first and the last page, and each sheet's back mirrors its front.
    """
    total = max(4, -(-pages // 4) * 4)

    def page(number: int) -> int | None:
        return number if number < pages else None

    sides: list[Side] = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 1 - 2 * sheet, 2 * sheet
        sides.append((page(outer_left), page(outer_right)))
        sides.append((page(outer_right + 1), page(outer_left - 1)))
    return sides


def _fold_marks(width: float, height: float) -> bytes:
    middle, mark = width / 2, pt(FOLD_MARK_MM)
    return (
        f"q 0.5 w [3 2] 0 d 0 0 0 RG {middle:.2f} {height:.2f} m {middle:.2f} {height - mark:.2f} l S "
        f"{middle:.2f} 0 m {middle:.2f} {mark:.2f} l S Q\n"
    ).encode()


def impose_booklet(print_pdf: bytes) -> bytes:
    """The booklet PDF made from the A5 print file's bytes, with its title, author, dates and language."""
    reader = PdfReader(io.BytesIO(print_pdf))
    width, height = pt(SHEET_MM[0]), pt(SHEET_MM[1])
    writer = PdfWriter()
    for left, right in saddle_stitch_sides(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=width, height=height)
        for slot, number in enumerate((left, right)):
            if number is None:
                continue
            page = reader.pages[number]
            trim = page.trimbox
            page.cropbox = trim  # what the merge keeps: the page as cut, without bleed or marks
            scale = min((width / 2) / float(trim.width), height / float(trim.height))
            x = slot * width / 2 + ((width / 2) - float(trim.width) * scale) / 2
            y = (height - float(trim.height) * scale) / 2
            move = Transformation().translate(-float(trim.left), -float(trim.bottom)).scale(scale).translate(x, y)
            sheet.merge_transformed_page(page, move)
        written = writer.add_page(sheet)  # attached to the writer, its contents can be replaced
        contents = written.get_contents()
        marked = ContentStream(None, writer)
        marked.set_data((contents.get_data() if contents is not None else b"") + _fold_marks(width, height))
        written.replace_contents(marked)
    writer.add_metadata({str(key): str(value) for key, value in (reader.metadata or {}).items()})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    writer.compress_identical_objects()  # each merged page brought its own copy of the shared fonts
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

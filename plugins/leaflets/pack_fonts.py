"""One embedded font program per face in an outlet pack.

Each leaflet PDF embeds its own subset of every face it uses, and each imprint another, so a pack
joined from them would carry a face once per leaflet plus once for its imprint (a Chinese subset of
Noto Sans CJK is some 200 KB even for a few glyphs: WeasyPrint keeps glyph ids, so every glyph up
to the highest used costs an entry). Instead:

- `render_font_donor` lays out every leaflet of the pack, and a sample of every character the run's
  imprints use in each of the imprint's styles, and writes them as ONE WeasyPrint PDF: its fonts hold,
  per face, one subset with every glyph any of them needs. That PDF is scratch: only its fonts are used.
- `join_leaflets(..., fonts=donor)` points each leaflet's font resources at the donor's font of the
  same face, when that covers it (`covers`); the leaflets' own subsets are then never copied.
- When stamping (`PackBase.stamp_page`), the imprint's fonts are the base's of the same face when
  those cover the imprint's glyphs, else copied in as before (correct, but the face is embedded twice).

WeasyPrint subsets with the glyph ids kept, so one subset of a font file serves content drawn with any
other subset of that file: a glyph id means the same glyph in each.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from .render import RenderJob, _fetcher, _stylesheet_and_fonts

# Two renders of one glyph may round its advance (in 1/1000 em) to neighbouring integers when the face
# was first used at different sizes; a 1/1000 em difference cannot be seen, anything more is refused.
WIDTH_TOLERANCE = 1.0
SUBSET_TAG = re.compile(r"^/?[A-Z]{6}\+")
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
VOID_ELEMENTS = {"br", "wbr", "img", "hr", "input", "meta", "link", "col", "area", "base", "embed", "source"}


def face_name(base_font: object) -> str:
    """A font's face as pdffonts names it, without the subset tag: "/ABCDEF+Noto-Sans" → "Noto-Sans"."""
    return SUBSET_TAG.sub("", str(base_font)).lstrip("/")


@dataclass(frozen=True)
class FontUse:
    """What a Type0 font dictionary draws: glyph id → advance (1/1000 em) and glyph id → text."""

    face: str
    kind: str  # the descendant's subtype (/CIDFontType0 or /CIDFontType2)
    widths: dict[int, float]
    text: dict[int, str]


def _widths(array: Sequence[PdfObject]) -> dict[int, float]:
    """A CIDFont's /W array as glyph id → width, in both of its forms (c [w …] and c_first c_last w)."""
    widths: dict[int, float] = {}
    items = [item.get_object() for item in array]
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], ArrayObject):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for glyph in range(first, int(items[index + 1]) + 1):
                widths[glyph] = float(items[index + 2])
            index += 3
    return widths


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """The bfchar entries of a ToUnicode CMap (WeasyPrint writes only those)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data()
    return {
        int(glyph, 16): bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
        for glyph, text in BFCHAR.findall(data)
    }


def font_use(font: DictionaryObject) -> FontUse | None:
    """A Type0 font drawn with Identity-H (all WeasyPrint writes for vector fonts); None for any other."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendant = font["/DescendantFonts"][0].get_object()
    if descendant.get("/CIDToGIDMap", "/Identity") != "/Identity":
        return None
    return FontUse(
        face_name(font["/BaseFont"]), str(descendant["/Subtype"]), _widths(descendant.get("/W", [])), _to_unicode(font)
    )


def covers(shared: FontUse, own: FontUse) -> bool:
    """Whether text drawn with `own` draws the same with `shared`: every glyph it uses is there, as wide
    (to WIDTH_TOLERANCE) and read as the same text."""
    if (shared.face, shared.kind) != (own.face, own.kind):
        return False
    for glyph, width in own.widths.items():
        if glyph not in shared.widths or abs(shared.widths[glyph] - width) > WIDTH_TOLERANCE:
            return False
    return all(shared.text.get(glyph) == text for glyph, text in own.text.items())


class SharedFonts:
    """The fonts of one PDF, by face, that others may draw with instead of their own."""

    def __init__(self) -> None:
        self.by_face: dict[str, list[tuple[IndirectObject, FontUse]]] = {}

    def add(self, reference: IndirectObject) -> None:
        use = font_use(reference.get_object())
        if use is not None and all(known != reference for known, _ in self.by_face.get(use.face, [])):
            self.by_face.setdefault(use.face, []).append((reference, use))

    def add_resources(self, resources: PdfObject | None) -> None:
        for _fonts, _name, reference in font_entries(resources):
            self.add(reference)

    def match(self, reference: PdfObject) -> IndirectObject | None:
        """The shared font that can stand in for this one, if any."""
        use = font_use(reference.get_object())
        if use is None:
            return None
        return next((shared for shared, known in self.by_face.get(use.face, []) if covers(known, use)), None)

    @classmethod
    def of_pdf(cls, reader: PdfReader) -> SharedFonts:
        shared = cls()
        for page in reader.pages:
            shared.add_resources(page.get("/Resources"))
        return shared


def font_entries(resources: PdfObject | None) -> Iterator[tuple[DictionaryObject, NameObject, IndirectObject]]:
    """(its /Font dictionary, resource name, font reference) for every font in these resources and in
    the form XObjects and patterns they use, each dictionary once."""
    seen: set[int] = set()
    pending = [resources]
    while pending:
        current = pending.pop()
        if current is None:
            continue
        current = current.get_object()
        if id(current) in seen or not isinstance(current, DictionaryObject):
            continue
        seen.add(id(current))
        fonts = current.get("/Font")
        if fonts is not None:
            fonts = fonts.get_object()
            for name, reference in list(fonts.items()):
                if isinstance(reference, IndirectObject):
                    yield fonts, NameObject(name), reference
        for kind in ("/XObject", "/Pattern"):
            for child in (current.get(kind) or DictionaryObject()).get_object().values():
                child = child.get_object()
                if isinstance(child, DictionaryObject) and "/Resources" in child:
                    pending.append(child["/Resources"])


def share_fonts(resources: PdfObject | None, shared: SharedFonts) -> None:
    """Point every font of these resources that a shared font covers at it (in memory)."""
    for fonts, name, reference in list(font_entries(resources)):
        stand_in = shared.match(reference)
        if stand_in is not None:
            fonts[name] = stand_in


# --- The donor: one WeasyPrint PDF with every glyph of the pack ------------------------------------


@dataclass(frozen=True)
class FontDonorJob:
    """The pack's leaflets (their A4 render jobs) and the imprint sample, laid out into one PDF."""

    leaflets: tuple[RenderJob, ...]
    sample: RenderJob


def render_font_donor(job: FontDonorJob) -> bytes:
    """One write of all the pages, so WeasyPrint embeds each face once with the glyphs of all of them."""
    import weasyprint

    # The leaflets' renders reported WeasyPrint's warnings already, and the imprints' renders will.
    logger = logging.getLogger("weasyprint")
    propagate, logger.propagate = logger.propagate, False
    try:
        documents = []
        for part in (*job.leaflets, job.sample):
            stylesheet, fonts = _stylesheet_and_fonts(part.stylesheet)
            html = weasyprint.HTML(string=part.html, base_url=part.base_url, url_fetcher=_fetcher(part.local_roots))
            documents.append(html.render(stylesheets=[stylesheet], font_config=fonts))
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf()  # untagged: only its fonts are kept
    finally:
        logger.propagate = propagate


class _TextContexts(HTMLParser):
    """The characters of some HTML, by the chain of elements (as written) each text is inside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.contexts: dict[tuple[tuple[str, str], ...], set[str]] = {}
        self.pieces: dict[tuple[tuple[str, str], ...], set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        written = "".join(f" {name}={quoteattr(value or '')}" for name, value in attrs)
        self.stack.append((tag, written))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        characters = {character for character in data if not character.isspace()}
        if characters:
            self.contexts.setdefault(tuple(self.stack), set()).update(characters)
            pieces = self.pieces.setdefault(tuple(self.stack), set())
            for run in LATIN_RUN.findall(data):  # where a ligature (fi, ffl) may join letters
                pieces.update(run[start : start + size] for size in (2, 3) for start in range(len(run) - size + 1))


SAMPLE_LINE = 24  # characters per word of the sample, so that it wraps
LATIN_RUN = re.compile(r"[A-Za-z]{2,}")


def imprint_sample(blocks: Iterable[str]) -> str:
    """HTML for inside an imprint's element: every character of these imprint blocks, once in each
    chain of elements it appears in (so in the same face), and every two and three letters in a row
    (for the ligatures). It changes only when one of those or a style is new, not with every edit of an
    address."""
    parser = _TextContexts()
    for block in blocks:
        parser.feed(block)
        parser.close()
        parser.reset()
        parser.stack = []
    lines = []
    for chain in sorted(parser.contexts):
        characters = "".join(sorted(parser.contexts[chain]))
        words = " ".join(
            [characters[start : start + SAMPLE_LINE] for start in range(0, len(characters), SAMPLE_LINE)]
            + sorted(parser.pieces.get(chain, ()))
        )
        opening = "".join(f"<{tag}{attrs}>" for tag, attrs in chain)
        closing = "".join(f"</{tag}>" for tag, _attrs in reversed(chain))
        lines.append(f"{opening}{escape(words)}{closing}")
    return "\n".join(lines)


def imprint_sample_page(empty_page: str, blocks: Iterable[str]) -> str:
    """An imprint page (leaflets/imprints.html rendered with no imprints) holding the sample of these
    imprints' HTML, in the imprint's normal type."""
    sample = f'<div class="imprint" data-fit="normal">{imprint_sample(blocks)}</div>'
    return empty_page.replace("</body>", sample + "</body>", 1)


@dataclass(frozen=True)
class PackBasePlan:
    """A pack base to make: its cache key and leaflets' first pages (known before it exists, so the
    imprints can render while the donor does), the donor to render, and the join given the donor."""

    key: str
    first_pages: tuple[int, ...]
    donor: FontDonorJob
    join: Callable[[bytes], bytes]

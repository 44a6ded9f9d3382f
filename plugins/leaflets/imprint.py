"""Outlet packs without re-rendering: join the A4 leaflets once, then stamp each outlet's imprint on.

WeasyPrint renders each leaflet once (with a blank "Your outlet" box at the foot of every A4 page)
and each outlet's imprint once (a small PDF of just the box's text). Then, with pypdf:

- `join_leaflets` puts the leaflets into one tagged PDF, the pack base, merging their structure
  trees so every leaflet keeps its tags, language and bookmark, and drawing them all with one font
  program per face (pack_fonts.py), which the imprints then draw with too;
- `PackBase.stamp` adds one outlet's imprint to every page as an *incremental update*: the base's
  bytes stay as they are and a short section is appended that draws the imprint (a form XObject)
  and a QR code to the outlet's page into the box. The leaflets' content, text layer and tags are
  untouched, and a pack costs little more than copying the base.

On the first page of each leaflet the imprint is tagged (a Sect in that leaflet's part of the
structure tree). Its repeats on later pages are pagination artifacts, as running footers are, and
the QR codes are artifacts too: the address they carry is printed beside them in words.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from .cache import write_atomically
from .pack_fonts import FontDonorJob, SharedFonts, font_entries, font_use, render_font_donor, share_fonts
from .qr import MM_TO_PT, QUIET_ZONE, make_code, qr_pdf_operators, symbol_mm_for
from .render import RenderJob, RenderResult, render

# The box left blank at the foot of every A4 page (theme/static/css/leaflet.css draws its frame).
BOX_LEFT_MM = 16.0
BOX_BOTTOM_MM = 10.0
BOX_WIDTH_MM = 178.0
BOX_HEIGHT_MM = 36.0
BOX_LABEL_MM = 5.0  # the "Your outlet:" label along the box's top edge
BOX_PADDING_MM = 3.0
BOX_BORDER_MM = 0.3  # the frame's line (0.75 pt), which the code's white quiet zone must not cover
# The imprint's text area inside the box, left of the QR code: the imprint page has this size
# (`@page imprint` in leaflet.css). It ends where the largest code's quiet zone begins (box height wide).
IMPRINT_TEXT_WIDTH_MM = 139.0
IMPRINT_TEXT_HEIGHT_MM = BOX_HEIGHT_MM - BOX_LABEL_MM - BOX_PADDING_MM
IMPRINT_QR_MM = 20.0  # the symbol, without its quiet zone, at the least (qr.symbol_mm_for makes it larger)
XOBJECT_NAME = "/OutletImprint"


def pt(mm: float) -> float:
    return mm * MM_TO_PT


@dataclass(frozen=True)
class PartInfo:
    """A leaflet inside a pack: its title (the bookmark) and language."""

    title: str
    lang: str


def _stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode() if len(data) > 200 else stream


def xmp_metadata(title: str, author: str, lang: str) -> bytes:
    """XMP metadata as PDF/UA asks for it: the part number, title, creator and language."""
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


def _metadata_stream(title: str, author: str, lang: str) -> StreamObject:
    stream = DecodedStreamObject()  # left uncompressed, as XMP should be
    stream.set_data(xmp_metadata(title, author, lang))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


DATES = ("/CreationDate", "/ModDate")


def _info(title: str, author: str, dates: dict[str, str] | None = None) -> DictionaryObject:
    info = DictionaryObject(
        {
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Author"): TextStringObject(author),
            NameObject("/Producer"): TextStringObject("WeasyPrint and pypdf"),
        }
    )
    for key, value in (dates or {}).items():
        info[NameObject(key)] = TextStringObject(value)
    return info


def _date_key(value: str) -> str:
    """A PDF date ("D:20260506", "D:20260506120000Z") as digits to compare, to the second."""
    return re.sub(r"\D", "", value)[:14].ljust(14, "0")


def pack_dates(parts_info: Sequence[dict[str, str]]) -> dict[str, str]:
    """A pack's dates from its parts' (their Info /CreationDate and /ModDate): created with its oldest
    part, modified with its newest change, so ModDate is never before CreationDate. Taken from the parts,
    never the clock: identical inputs give identical bytes."""
    created = [info["/CreationDate"] for info in parts_info if info.get("/CreationDate")]
    changed = [info.get("/ModDate") or info.get("/CreationDate") for info in parts_info]
    changed = [value for value in changed if value]
    dates: dict[str, str] = {}
    if created:
        dates["/CreationDate"] = min(created, key=_date_key)
    if changed:
        dates["/ModDate"] = max(changed + created, key=_date_key)
    return dates


def _dates_of(reader: PdfReader) -> dict[str, str]:
    info = reader.metadata or {}
    return {key: str(info[key]) for key in DATES if info.get(key)}


def _parent_tree_pairs(tree: DictionaryObject) -> list[tuple[int, PdfObject]]:
    """(key, value) pairs of a number tree, flat or with kids; values as stored (often references)."""
    pairs: list[tuple[int, PdfObject]] = []
    nums = tree.get("/Nums")
    if nums is not None:
        items = list(nums.get_object())
        pairs += [(int(items[i]), items[i + 1]) for i in range(0, len(items) - 1, 2)]
    for kid in tree.get("/Kids", []) or []:
        pairs += _parent_tree_pairs(kid.get_object())
    return pairs


def join_leaflets(
    pdfs: Sequence[bytes],
    parts: Sequence[PartInfo],
    title: str,
    author: str,
    lang: str,
    fonts: bytes | None = None,
    imprint_faces: bool = False,
) -> bytes:
    """One tagged PDF from many tagged leaflet PDFs: the base every outlet's pack is stamped on.

    Each leaflet's Document element becomes a Part of the pack's Document (with its Lang and
    title); structure-parent keys are renumbered so they stay unique. Every page's content is
    wrapped in q … Q so an imprint appended later starts from the page's own coordinates.
    `fonts`: a PDF whose fonts the leaflets draw with instead of their own where those cover them
    (pack_fonts.render_font_donor), so that each face is embedded once. `imprint_faces`: the donor's faces
    only imprints use join the base too (`_keep_imprint_only_faces`).
    """
    writer = PdfWriter()
    shared = SharedFonts.of_pdf(PdfReader(io.BytesIO(fonts))) if fonts is not None else None
    tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_ref = writer._add_object(tree)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): tree_ref,
            NameObject("/K"): ArrayObject(),
            NameObject("/Lang"): TextStringObject(lang),
        }
    )
    document_ref = writer._add_object(document)
    nums = ArrayObject()
    next_key = 0
    parts_info = []
    save_state, restore_state = writer._add_object(_stream(b"q\n")), writer._add_object(_stream(b"Q\n"))
    for data, part in zip(pdfs, parts, strict=True):
        reader = PdfReader(io.BytesIO(data))
        parts_info.append(_dates_of(reader))
        source_tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
        offset = next_key
        first_page = len(writer.pages)
        for page in reader.pages:
            if shared is not None:
                share_fonts(page.get("/Resources"), shared)  # before the copy, so the own fonts stay out
            added = writer.add_page(page)
            if "/StructParents" in page:
                added[NameObject("/StructParents")] = NumberObject(int(page["/StructParents"]) + offset)
            contents = added.raw_get("/Contents")
            contents = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
            added[NameObject("/Contents")] = ArrayObject([save_state, *contents, restore_state])
            for annotation in added.get("/Annots", []) or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        for element_ref in source_tree.get("/K", []):
            element = element_ref.get_object()
            del element[NameObject("/P")]  # in memory only: the clone must not copy the old tree root
            cloned = element_ref.clone(writer).get_object()
            cloned[NameObject("/S")] = NameObject("/Part")
            cloned[NameObject("/P")] = document_ref
            cloned[NameObject("/Lang")] = TextStringObject(part.lang)
            cloned[NameObject("/T")] = TextStringObject(part.title)
            document["/K"].append(cloned.indirect_reference)
        highest = -1
        for key, value in _parent_tree_pairs(source_tree["/ParentTree"].get_object()):
            cloned_value = value.clone(writer)
            # Each page's list on its own, so a pack's update rewrites only the lists it extends.
            reference = cloned_value if isinstance(cloned_value, IndirectObject) else writer._add_object(cloned_value)
            nums += [NumberObject(key + offset), reference]
            highest = max(highest, key)
        next_key = offset + highest + 1
        writer.add_outline_item(title=part.title, page_number=first_page)
    if imprint_faces and shared is not None and writer.pages:
        _keep_imprint_only_faces(writer, shared)
    tree[NameObject("/K")] = ArrayObject([document_ref])
    tree[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    root = writer.root_object
    root[NameObject("/StructTreeRoot")] = tree_ref
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/Lang")] = TextStringObject(lang)
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    root[NameObject("/Metadata")] = writer._add_object(_metadata_stream(title, author, lang))
    writer.add_metadata(dict(_info(title, author, pack_dates(parts_info))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _keep_imprint_only_faces(writer: PdfWriter, shared: SharedFonts) -> None:
    """The donor's faces no leaflet draws with (those only the imprints use: a Chinese outlet name on
    English leaflets) join the base too, listed among its first page's fonts, which never draws with
    them. Each imprint then shares them (PackBase.share_fonts_with) instead of bringing its own copy.
    Worth it only when the base is published once (packs in parts): a CJK subset is some 100 KB, which
    every outlet's update would bring otherwise, but which a whole pack whose imprint does not use it
    would carry for nothing."""
    used = set()
    for page in writer.pages:
        for _fonts, _name, reference in font_entries(page.get("/Resources")):
            use = font_use(reference.get_object())
            if use is not None:
                used.add(use.face)
    extra = [ref for face, found in sorted(shared.by_face.items()) if face not in used for ref, _use in found]
    if not extra:
        return
    resources = writer.pages[0]["/Resources"].get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = resources[NameObject("/Font")] = DictionaryObject()
    fonts = fonts.get_object()
    for number, reference in enumerate(extra):
        fonts[NameObject(f"/PackImprintFont{number}")] = reference.clone(writer)


def imprint_operators(outlet_url: str) -> tuple[bytes, bytes]:
    """PDF operators that draw the imprint form, and its QR code, into the box of an A4 page."""
    text_left, text_bottom = pt(BOX_LEFT_MM + BOX_PADDING_MM), pt(BOX_BOTTOM_MM + BOX_PADDING_MM / 2)
    place = f"q 1 0 0 1 {text_left:.3f} {text_bottom:.3f} cm {XOBJECT_NAME} Do Q\n".encode()
    code = make_code(outlet_url)
    symbol_mm, quiet_mm = imprint_qr_mm(code)
    # In the box's right-hand end, its quiet zone against the frame, centred on the box's height
    # (beside the label strip, which is empty on the right): the leaflet's own code is on the left.
    qr_x = pt(BOX_LEFT_MM + BOX_WIDTH_MM - BOX_BORDER_MM - quiet_mm - symbol_mm)
    qr_y = pt(BOX_BOTTOM_MM + (BOX_HEIGHT_MM - symbol_mm) / 2)
    return place, qr_pdf_operators(outlet_url, qr_x, qr_y, symbol_mm, code)


def imprint_qr_mm(code: segno.QRCode) -> tuple[float, float]:
    """(symbol, quiet zone) widths of the outlet's code: modules of qr.MIN_MODULE_MM, or as large as the
    box's inside height allows with the quiet zone (a very long address only)."""
    modules = code.symbol_size(border=0)[0]
    inside_mm = BOX_HEIGHT_MM - 2 * BOX_BORDER_MM
    symbol_mm = min(symbol_mm_for(code, IMPRINT_QR_MM), inside_mm * modules / (modules + 2 * QUIET_ZONE))
    return symbol_mm, QUIET_ZONE * symbol_mm / modules


class _Update:
    """New and changed objects of one incremental update, numbered after the base's last object."""

    def __init__(self, first_free: int) -> None:
        self.next_number = first_free
        self.objects: dict[int, PdfObject] = {}

    def add(self, obj: PdfObject) -> IndirectObject:
        number = self.next_number
        self.next_number += 1
        self.objects[number] = obj
        return IndirectObject(number, 0, None)  # type: ignore[arg-type]

    def replace(self, reference: IndirectObject, obj: PdfObject) -> None:
        self.objects[reference.idnum] = obj

    def copy_in(self, obj: PdfObject, numbers: dict[int, IndirectObject]) -> PdfObject:
        """A copy of an object from another PDF, with every object it refers to copied in too."""
        if isinstance(obj, IndirectObject):
            if obj.idnum not in numbers:
                numbers[obj.idnum] = placeholder = self.add(NumberObject(0))
                self.objects[placeholder.idnum] = self.copy_in(obj.get_object(), numbers)
            return numbers[obj.idnum]
        if isinstance(obj, StreamObject):
            stream = StreamObject()
            stream._data = obj._data
            for key, value in obj.items():
                if key != "/Length":
                    stream[NameObject(key)] = self.copy_in(value, numbers)
            return stream
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({NameObject(k): self.copy_in(v, numbers) for k, v in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy_in(item, numbers) for item in obj)
        return obj

    def write(self, out: io.BytesIO, trailer: DictionaryObject, previous_xref: int, start: int = 0) -> None:
        """The update written to `out`, which begins `start` bytes into the file (after the base)."""
        offsets: dict[int, int] = {}
        for number in sorted(self.objects):
            offsets[number] = start + out.tell()
            out.write(f"{number} 0 obj\n".encode())
            self.objects[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        xref_at = start + out.tell()
        out.write(b"xref\n")
        numbers = sorted(offsets)
        start = 0
        while start < len(numbers):
            end = start
            while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
                end += 1
            out.write(f"{numbers[start]} {end - start + 1}\n".encode())
            for number in numbers[start : end + 1]:
                out.write(f"{offsets[number]:010d} 00000 n \n".encode())
            start = end + 1
        trailer[NameObject("/Size")] = NumberObject(self.next_number)
        trailer[NameObject("/Prev")] = NumberObject(previous_xref)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{xref_at}\n%%EOF\n".encode())


STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def pack_prefix(base: bytes) -> bytes:
    """The base's bytes exactly as every pack stamped on it begins (an update starts on a new line)."""
    return base if base.endswith(b"\n") else base + b"\n"


class PackBase:
    """A joined pack base, parsed once, onto which any number of outlet imprints are stamped."""

    def __init__(self, data: bytes, first_pages: Sequence[int]) -> None:
        self.data = pack_prefix(data)
        self.reader = PdfReader(io.BytesIO(self.data))
        found = STARTXREF.search(self.data[-64:])
        if found is None:
            raise ValueError("the pack base has no startxref")
        self.previous_xref = int(found.group(1))
        self.first_pages = list(first_pages)
        trailer = self.reader.trailer
        self.size = int(trailer["/Size"])
        self.root_ref = trailer.raw_get("/Root")
        self.info_ref = trailer.raw_get("/Info")
        self.dates = _dates_of(self.reader)  # the base's, from its leaflets (join_leaflets); kept by stamps
        root = self.reader.trailer["/Root"]
        self.metadata_ref = root.raw_get("/Metadata")
        tree = root["/StructTreeRoot"]
        self.parent_lists = dict(_parent_tree_pairs(tree["/ParentTree"].get_object()))
        self.parts = [ref for ref in tree["/K"][0].get_object()["/K"]]
        self.pages = list(self.reader.pages)
        self.fonts = SharedFonts.of_pdf(self.reader)  # what imprints draw with when these cover them
        self.unshared: tuple[str, ...] = ()  # faces the last stamp's imprint brought again

    def stamp(self, imprint_pdf: bytes, outlet_url: str, author: str, lang: str) -> bytes:
        """This base with one outlet's imprint (a one-page PDF whose /Title is the pack's) on every page."""
        imprint = PdfReader(io.BytesIO(imprint_pdf))
        title = str((imprint.metadata or {}).get("/Title", "")) or "Leaflets"
        return self.stamp_page(imprint.pages[0], title, outlet_url, author, lang)

    def stamp_page(self, imprint_page: PageObject, title: str, outlet_url: str, author: str, lang: str) -> bytes:
        """This base with the imprint page (from any PDF) in the box of every page, as an incremental update."""
        return self.data + self.update_page(imprint_page, title, outlet_url, author, lang)

    def update_page(self, imprint_page: PageObject, title: str, outlet_url: str, author: str, lang: str) -> bytes:
        """Only the incremental update `stamp_page` appends: the pack is exactly `self.data` + these bytes
        (the offsets in it count from the start of the base), so a site can publish the base once and
        each outlet's update on its own."""
        update = _Update(self.size)
        numbers: dict[int, IndirectObject] = {}
        form = StreamObject()
        contents = imprint_page.get_contents()
        form._data = contents.get_data() if contents is not None else b""
        form = form.flate_encode()
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject([NumberObject(0), NumberObject(0), *imprint_page.mediabox[2:]])
        resources = imprint_page.raw_get("/Resources")
        self.unshared = self.share_fonts_with(resources, numbers)
        form[NameObject("/Resources")] = update.copy_in(resources, numbers)
        form_ref = update.add(form)
        place, qr_ops = imprint_operators(outlet_url)
        repeat_ref = update.add(
            _stream(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n" + place + qr_ops + b"EMC\n")
        )
        for index, page in enumerate(self.pages):
            changed = DictionaryObject(page)
            resources = DictionaryObject(page["/Resources"].get_object())
            xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
            xobjects[NameObject(XOBJECT_NAME)] = form_ref
            resources[NameObject("/XObject")] = xobjects
            changed[NameObject("/Resources")] = resources
            contents_list = ArrayObject(page.raw_get("/Contents").get_object())
            if index in self.first_pages and "/StructParents" in page:
                operators = self._tagged_imprint(update, index, page, lang, place, qr_ops)
                contents_list.append(update.add(_stream(operators)))
            else:
                contents_list.append(repeat_ref)
            changed[NameObject("/Contents")] = contents_list
            update.replace(page.indirect_reference, changed)
        update.replace(self.info_ref, _info(title, author, self.dates))
        if isinstance(self.metadata_ref, IndirectObject):
            update.replace(self.metadata_ref, _metadata_stream(title, author, lang))
        trailer = DictionaryObject({NameObject("/Root"): self.root_ref, NameObject("/Info"): self.info_ref})
        out = io.BytesIO()
        update.write(out, trailer, self.previous_xref, start=len(self.data))
        return out.getvalue()

    def share_fonts_with(self, resources: PdfObject, numbers: dict[int, IndirectObject]) -> tuple[str, ...]:
        """Let the imprint's fonts be the base's where those cover it (its copy then refers to them);
        returns the faces the base has but the imprint must bring again (glyphs the base lacks)."""
        unshared = set()
        for _fonts, _name, reference in font_entries(resources):
            stand_in = self.fonts.match(reference)
            if stand_in is not None:
                numbers[reference.idnum] = IndirectObject(stand_in.idnum, stand_in.generation, None)  # type: ignore[arg-type]
            else:
                use = font_use(reference.get_object())
                if use is not None and use.face in self.fonts.by_face:
                    unshared.add(use.face)
        return tuple(sorted(unshared))

    def _tagged_imprint(
        self, update: _Update, index: int, page: DictionaryObject, lang: str, place: bytes, qr_ops: bytes
    ) -> bytes:
        """Operators for the imprint on a leaflet's first page, and its Sect in the structure tree."""
        part_number = self.first_pages.index(index)
        part_ref = self.parts[part_number]
        key = int(page["/StructParents"])
        list_ref = self.parent_lists[key]
        marked = ArrayObject(list_ref.get_object())
        mcid = len(marked)
        section_ref = update.add(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Sect"),
                    NameObject("/P"): part_ref,
                    NameObject("/Pg"): page.indirect_reference,
                    NameObject("/K"): NumberObject(mcid),
                    NameObject("/Lang"): TextStringObject(lang),
                }
            )
        )
        marked.append(section_ref)
        update.replace(list_ref, marked)
        part = DictionaryObject(part_ref.get_object())
        kids = part.get("/K")
        kids = ArrayObject(kids) if isinstance(kids, ArrayObject) else ArrayObject([kids] if kids is not None else [])
        kids.append(section_ref)
        part[NameObject("/K")] = kids
        update.replace(part_ref, part)
        return f"/Sect <</MCID {mcid}>> BDC\n".encode() + place + b"EMC\n/Artifact BMC\n" + qr_ops + b"EMC\n"


# --- One outlet's pack, as a job for a worker process ---------------------------------


@dataclass(frozen=True)
class PackJob:
    """Make one pack: render the imprint (unless `imprint_path` has it already), stamp it on the base."""

    key: str
    outlet_id: str
    outlet_url: str
    base_path: str
    first_pages: tuple[int, ...]
    target: str  # where the finished pack is written
    author: str
    lang: str
    imprint: RenderJob | None = None
    imprint_path: str | None = None


@dataclass(frozen=True)
class PackResult:
    key: str
    outlet_id: str
    imprint: RenderResult | None  # the imprint when it was rendered now (for the cache and checks)
    made: bool  # False when the imprint cannot be used (too long, or characters no font has)


_BASES: dict[str, PackBase] = {}


# The imprint's type, step by step (leaflet.css .imprint[data-fit=…]): normal; compact, smaller type; tight,
# the same type on closer lines. Every step is at least 9 pt and prints every detail; an imprint that fits
# in none is reported (checks.imprint_problems).
IMPRINT_FITS = ("normal", "compact", "tight")
FIT_STEPS = tuple(itertools.pairwise(IMPRINT_FITS))  # (step, the step after it), in the order tried


def fit_attribute(fit: str) -> str:
    return f'data-fit="{fit}"'


def make_pack(job: PackJob) -> PackResult:
    """Runs in a worker; each worker parses a pack base once and stamps all its packs on it."""
    rendered = fit_imprints(job.imprint)[0] if job.imprint is not None else None
    if rendered is not None and (rendered.pages != 1 or rendered.missing):
        return PackResult(job.key, job.outlet_id, rendered, made=False)
    imprint_pdf = rendered.pdf if rendered is not None else Path(str(job.imprint_path)).read_bytes()
    if job.base_path not in _BASES:
        _BASES.clear()
        _BASES[job.base_path] = PackBase(Path(job.base_path).read_bytes(), job.first_pages)
    pack = _BASES[job.base_path].stamp(imprint_pdf, job.outlet_url, job.author, job.lang)
    target = Path(job.target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, pack)
    return PackResult(job.key, job.outlet_id, rendered, made=True)


# --- Many outlets' packs from one imprint render, as a job for a worker process ------------


@dataclass(frozen=True)
class PackOrder:
    """One pack of a batch: its cache key, the outlet, the pack's title and where to write it."""

    key: str
    outlet_id: str
    outlet_url: str
    title: str
    text: str  # the imprint's words, to tell whose imprint has a character no font has
    target: str


@dataclass(frozen=True)
class PackBatchJob:
    """Render the imprints of several outlets in one document (`leaflets/imprints.html`: page n is
    element "imprint-<n>"), then stamp each onto the pack base. One WeasyPrint render for many
    imprints costs a fraction of one render each."""

    imprints: RenderJob
    orders: tuple[PackOrder, ...]
    base_path: str
    first_pages: tuple[int, ...]
    author: str
    lang: str
    # The imprints already rendered, with each one's (first page, pages): see `render_pack_batch`.
    rendered: tuple[RenderResult, tuple[tuple[int, int], ...]] | None = None
    # Write only each pack's incremental update (the pack is the base's `pack_prefix` + it): what the
    # outlet packs' cache keeps, a few kilobytes an outlet instead of the whole base again.
    updates_only: bool = False


@dataclass(frozen=True)
class UnfitImprint:
    outlet_id: str
    pages: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class PackBatchResult:
    made: tuple[str, ...]  # keys of the packs written
    unfit: tuple[UnfitImprint, ...]  # imprints too long even in the last fit, or with characters no font has
    unshared: tuple[str, ...] = ()  # faces embedded twice in some pack: its base lacked glyphs of the imprint


def imprint_pages(result: RenderResult, count: int) -> list[tuple[int, int]]:
    """(first page, number of pages) of each of `count` imprints, from where their anchors landed."""
    starts: dict[str, int] = {}
    for name, page in result.anchors:  # an element that runs over is listed on each of its pages
        starts.setdefault(name, page)
    spans = []
    for index in range(count):
        first = starts[f"imprint-{index}"]
        following = starts.get(f"imprint-{index + 1}", result.pages)
        spans.append((first, following - first))
    return spans


def fit_imprints(job: RenderJob, count: int | None = None) -> tuple[RenderResult, list[tuple[int, int]]]:
    """The imprints rendered with each in the first step of IMPRINT_FITS at which it fits its one page, and
    each one's (first page, pages). `count=None`: the job is one imprint on its own (leaflets/imprint.html,
    its element the first with data-fit); else `count` imprints in one document (leaflets/imprints.html,
    told apart by their ids). Every imprint that ran over moves to the next step and the document is
    rendered again, until each fits or has had the last step (a render per step some imprint needs)."""

    def spans_of(result: RenderResult) -> list[tuple[int, int]]:
        return [(0, result.pages)] if count is None else imprint_pages(result, count)

    def element(index: int) -> str:
        return "" if count is None else f'id="imprint-{index}" '

    result = render(job)
    spans = spans_of(result)
    html = job.html
    for fit, following in FIT_STEPS:
        too_long = [index for index, (_first, pages) in enumerate(spans) if pages != 1]
        if not too_long:
            break
        stepped = html
        for index in too_long:
            stepped = stepped.replace(element(index) + fit_attribute(fit), element(index) + fit_attribute(following), 1)
        if stepped == html:
            break  # no step left to take: another render would only repeat this one
        html = stepped
        result = render(replace(job, html=html))
        spans = spans_of(result)
    return result, spans


def make_pack_batch(job: PackBatchJob) -> PackBatchResult:
    """Runs in a worker: one imprint render for the batch (unless done), then one stamp per outlet."""
    result, spans = job.rendered if job.rendered is not None else fit_imprints(job.imprints, len(job.orders))
    reader = PdfReader(io.BytesIO(result.pdf))
    if job.base_path not in _BASES:
        _BASES.clear()
        _BASES[job.base_path] = PackBase(Path(job.base_path).read_bytes(), job.first_pages)
    base = _BASES[job.base_path]
    made, unfit, unshared = [], [], set()
    for order, (first, pages) in zip(job.orders, spans, strict=True):
        missing = tuple(character for character in result.missing if character in order.text)
        if pages != 1 or missing:
            unfit.append(UnfitImprint(order.outlet_id, pages, missing))
            continue
        stamp = base.update_page if job.updates_only else base.stamp_page
        pack = stamp(reader.pages[first], order.title, order.outlet_url, job.author, job.lang)
        unshared.update(base.unshared)
        target = Path(order.target)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, pack)
        made.append(order.key)
    return PackBatchResult(tuple(made), tuple(unfit), tuple(sorted(unshared)))


def render_pack_batch(job: PackBatchJob | FontDonorJob) -> PackBatchJob | bytes:
    """Runs in a worker while the pack base is still to be made: a batch's imprints, rendered for
    `make_pack_batch` to stamp later, or the base's font donor (the two share the workers)."""
    if isinstance(job, FontDonorJob):
        return render_font_donor(job)
    result, spans = fit_imprints(job.imprints, len(job.orders))
    return replace(job, rendered=(result, tuple(spans)))

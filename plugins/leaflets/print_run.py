"""A print run: one leaflet imprinted for every outlet (or one city's), as ONE PDF for a central print order.

`python -m sitebuild print-run` (make print-run) builds a language run's context, without writing the site,
and hands its leaflets generator to `make_print_run`. The A4 leaflet comes from the leaflets cache
(`packs.printed_leaflets`, rendered into it first when missing), the imprints are rendered by WeasyPrint in
batches (leaflets/imprints.html, as the outlet packs are), and the file is written as it goes, never held
in memory, so 40,000 outlets cost time and disk, not RAM:

- each leaflet page is ONE form XObject (its content stream and resources, fonts included, stored once);
- each outlet's imprint is one form XObject, and its QR code (to the outlet's page) and the imprint's
  placing one content stream, both stored once per outlet and drawn on each of the leaflet's pages;
- an output page is a dictionary whose contents are `q /LeafletPageN Do Q` (shared by every outlet) and
  that outlet's stream: some hundreds of bytes, plus the outlet's imprint and code once.

Fonts: a font donor (pack_fonts.py) lays out the leaflet and a sample of every imprint's characters once,
and both the leaflet and the imprints draw with its subsets, so each face is embedded once whatever the
number of outlets.

Pages come outlet by outlet (outlet 1's pages 1..n, then outlet 2's…), outlets sorted by province, city,
district and id, so a print shop cutting and bundling by region takes them off the press in that order.
Each outlet has a bookmark (under its city's) and page labels "<outlet id> p.1", "p.2"… The file is not
tagged (PDF/UA): it is for a press, not a reader; the published leaflets and outlet packs are.
"""

from __future__ import annotations

import collections
import hashlib
import io
import math
import os
import re
import tempfile
import time
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import IO, Any

from outlets.model import Outlet
from portal import run
from portal.problems import ContentProblems, Problem
from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from .cache import _file_mode, digest
from .checks import budget_problem, imprint_problems, page_budget
from .imprint import XOBJECT_NAME, fit_imprints, imprint_operators
from .model import DEFAULTS, Imprint, Leaflet, imprint_for, plain_text, public_url
from .pack_fonts import FontDonorJob, SharedFonts, font_entries, render_font_donor, share_fonts
from .packs import font_donor, printed_leaflets
from .render import RenderJob, worker_count

BATCH_MOST = 50  # imprints per WeasyPrint render, as for the outlet packs
GROUP_MOST = 64  # outlets per intermediate /Pages node: a balanced page tree at any size
PAGE_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


class PrintRunRefused(Exception):
    """The print run cannot start: the message says what is wrong and how to fix it ("… — fix …")."""


@dataclass
class PrintRunReport:
    path: Path
    leaflet: Leaflet
    outlets: int
    pages: int
    size: int
    seconds: float
    unshared_faces: tuple[str, ...] = ()  # faces some imprints brought again (glyphs the donor lacked)


# --- Choosing the leaflet and the outlets (pure) ---------------------------------------------------------


def _closest(wanted: str, choices: Sequence[str]) -> str:
    found = get_close_matches(wanted, list(choices), n=1, cutoff=0.5)
    return f' (did you mean "{found[0]}"?)' if found else ""


def choose_leaflet(leaflets: Sequence[Leaflet], slug: str, lang: str) -> Leaflet:
    """The leaflet of this run's language with this slug; refused with the slugs there are."""
    by_slug = {leaflet.slug: leaflet for leaflet in leaflets if leaflet.lang == lang}
    if slug in by_slug:
        return by_slug[slug]
    if not by_slug:
        raise PrintRunRefused(
            f'there is no leaflet in "{lang}" — mark an article of that language `Leaflet: yes`, or choose '
            "another language"
        )
    if not slug:
        raise PrintRunRefused(
            "no leaflet was named — give LEAFLET=<slug> (--leaflet) with one of: " + ", ".join(sorted(by_slug))
        )
    raise PrintRunRefused(
        f'there is no leaflet "{slug}" in "{lang}"{_closest(slug, sorted(by_slug))} — use one of: '
        + ", ".join(sorted(by_slug))
    )


def city_key(name: str) -> str:
    """A city's name as LEAFLET/CITY matching compares it: its Latin letters and digits, lower case
    ("上海 Shanghai" and "shanghai" match), or the whole name, folded, when it has none."""
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    words = re.findall(r"[a-z0-9]+", folded)
    return "-".join(words) or " ".join(folded.split())


def print_order(outlet: Outlet) -> tuple[str, str, str, str]:
    """Pages come in this order: by province, city, district, then outlet id (a print shop sorts by region)."""
    return (outlet.province, outlet.city, outlet.district, outlet.id)


def choose_outlets(outlets: Iterable[Outlet], city: str | None) -> list[Outlet]:
    """Every outlet, or the city's (its name as in outlets.csv, or its Latin words), in print order."""
    everything = sorted(outlets, key=print_order)
    if not everything:
        raise PrintRunRefused("there are no outlets — add rows to outlets.csv")
    if not city:
        return everything
    wanted = city_key(city)
    chosen = [outlet for outlet in everything if city_key(outlet.city) == wanted or outlet.city == city]
    if chosen:
        return chosen
    cities = sorted({outlet.city for outlet in everything})
    hint = get_close_matches(wanted, [city_key(name) for name in cities], n=1, cutoff=0.5)
    suggestion = next((f' (did you mean "{name}"?)' for name in cities if hint and city_key(name) == hint[0]), "")
    raise PrintRunRefused(
        f'no outlet is in the city "{city}"{suggestion} — use one of: ' + ", ".join(cities)
        if len(cities) <= 40
        else f'no outlet is in the city "{city}"{suggestion} — use a city as outlets.csv writes it '
        f"({len(cities)} cities, e.g. {', '.join(cities[:5])})"
    )


def default_name(slug: str, lang: str, main_lang: str, city: str | None) -> str:
    """print-runs/<slug>[.<lang>][-<city>].pdf: the file name the command writes when given none."""
    name = slug + ("" if lang == main_lang else f".{lang}")
    if city:
        key = city_key(city)
        name += "-" + (key if re.fullmatch(r"[a-z0-9-]+", key) else "c" + digest(key)[:8])
    return name + ".pdf"


# --- Writing a PDF as it goes ---------------------------------------------------------------------------


class StreamedPdf:
    """A PDF written object by object to a file: only the offsets (one integer per object) stay in memory.
    Objects from other PDFs are copied with every object they refer to, each once per source."""

    HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.offsets = array("q", [0])  # each object's offset (8 bytes each); object 0 is the free list's head
        self.position = 0
        self.hasher = hashlib.sha256()
        self.sources: dict[int, tuple[PdfReader, dict[int, IndirectObject]]] = {}
        self._write(self.HEADER)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.hasher.update(data)
        self.position += len(data)

    def reserve(self) -> IndirectObject:
        self.offsets.append(-1)
        return IndirectObject(len(self.offsets) - 1, 0, None)  # type: ignore[arg-type]

    def write(self, reference: IndirectObject, obj: PdfObject) -> IndirectObject:
        buffer = io.BytesIO()
        buffer.write(f"{reference.idnum} 0 obj\n".encode())
        obj.write_to_stream(buffer)
        buffer.write(b"\nendobj\n")
        self.offsets[reference.idnum] = self.position
        self._write(buffer.getvalue())
        return reference

    def add(self, obj: PdfObject) -> IndirectObject:
        return self.write(self.reserve(), obj)

    def write_array_object(self, reference: IndirectObject, key: str, items: Iterable[PdfObject]) -> None:
        """`<< key [items…] >>` written item by item (a long /Nums or /Kids is never built in memory)."""
        self.offsets[reference.idnum] = self.position
        self._write(f"{reference.idnum} 0 obj\n<< {key} [".encode())
        for item in items:
            buffer = io.BytesIO()
            buffer.write(b" ")
            item.write_to_stream(buffer)
            self._write(buffer.getvalue())
        self._write(b" ] >>\nendobj\n")

    def keep(self, reader: PdfReader) -> None:
        """Objects copied from this PDF are copied once for the whole file (the leaflet, the font donor)."""
        self.sources[id(reader)] = (reader, {})

    def copy(self, obj: PdfObject, local: dict[int, IndirectObject]) -> PdfObject:
        """A copy of an object of another PDF; `local` numbers a source not kept (one imprint batch)."""
        if isinstance(obj, IndirectObject):
            numbers = self.sources[id(obj.pdf)][1] if id(obj.pdf) in self.sources else local
            if obj.idnum not in numbers:
                numbers[obj.idnum] = reference = self.reserve()
                resolved = obj.get_object()
                self.write(reference, self.copy(NullObject() if resolved is None else resolved, local))
            return numbers[obj.idnum]
        if isinstance(obj, StreamObject):
            stream = StreamObject()
            stream._data = obj._data
            for key, value in obj.items():
                if key != "/Length":
                    stream[NameObject(key)] = self.copy(value, local)
            return stream
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({NameObject(k): self.copy(v, local) for k, v in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(item, local) for item in obj)
        return obj

    def finish(self, root: IndirectObject, info: IndirectObject) -> None:
        for number, offset in enumerate(self.offsets):
            if number and offset < 0:
                raise RuntimeError(f"print run: object {number} was reserved but never written")
        identity = self.hasher.hexdigest()[:32]
        xref_at = self.position
        self._write(f"xref\n0 {len(self.offsets)}\n0000000000 65535 f \n".encode())
        for start in range(1, len(self.offsets), 4096):
            chunk = self.offsets[start : start + 4096].tolist()
            self._write("".join(f"{offset:010d} 00000 n \n" for offset in chunk).encode())
        trailer = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(len(self.offsets)),
                NameObject("/Root"): root,
                NameObject("/Info"): info,
            }
        )
        buffer = io.BytesIO()
        trailer.write_to_stream(buffer)
        trailer_text = buffer.getvalue()[:-2] + f" /ID [<{identity}> <{identity}>] >>".encode()
        self._write(b"trailer\n" + trailer_text + f"\nstartxref\n{xref_at}\n%%EOF\n".encode())


def _stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode() if len(data) > 200 else stream


def page_form(pdf: StreamedPdf, page: PageObject, local: dict[int, IndirectObject]) -> StreamObject:
    """A page as a form XObject: its content and resources, drawn where the page would be."""
    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    encoded = form.flate_encode()
    encoded[NameObject("/Type")] = NameObject("/XObject")
    encoded[NameObject("/Subtype")] = NameObject("/Form")
    encoded[NameObject("/BBox")] = ArrayObject(FloatObject(value) for value in page.mediabox)
    if "/Group" in page:
        encoded[NameObject("/Group")] = pdf.copy(page.raw_get("/Group"), local)
    encoded[NameObject("/Resources")] = pdf.copy(page.raw_get("/Resources"), local)
    return encoded


# --- Rendering in order, a few batches ahead -------------------------------------------------------------


Piece = FontDonorJob | tuple[RenderJob, tuple[str, ...]]  # the donor, or a batch and its outlets' addresses


def render_piece(piece: Piece) -> Any:
    """Runs in a worker: the font donor's PDF, or a batch of imprints fitted to their box (with each one's
    span) and each outlet's operators that place its imprint and draw its QR code (a code's masks cost more
    than the rest of an outlet's pages, so they are made here, side by side, not in the writing process)."""
    if isinstance(piece, FontDonorJob):
        return render_font_donor(piece)
    job, addresses = piece
    result, spans = fit_imprints(job, len(addresses))
    return result, spans, [b"".join(imprint_operators(address)) for address in addresses]


def in_order(work: Callable[[Any], Any], pieces: Iterable[Any], workers: int) -> Iterator[Any]:
    """`work(piece)` for every piece, results in the pieces' order; at most a few pieces ahead are being
    rendered or waiting, so neither the jobs nor their results pile up in memory."""
    if workers <= 1:
        yield from (work(piece) for piece in pieces)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    pending: collections.deque[Future[Any]] = collections.deque()
    try:
        for piece in pieces:
            pending.append(pool.submit(work, piece))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- The print run --------------------------------------------------------------------------------------


@dataclass
class _Bookmark:
    group: tuple[str, str]  # (province, city)
    title: str
    first_page: IndirectObject


@dataclass
class _Tree:
    """The page tree, written as it grows: root → groups of GROUP_MOST outlets → an outlet → its pages."""

    pdf: StreamedPdf
    root: IndirectObject
    groups: list[tuple[IndirectObject, int]] = field(default_factory=list)  # (group, pages in it)
    current: IndirectObject | None = None
    kids: list[IndirectObject] = field(default_factory=list)
    count: int = 0

    def parent_for_outlet(self) -> IndirectObject:
        if self.current is None:
            self.current = self.pdf.reserve()
        return self.current

    def outlet_done(self, node: IndirectObject, pages: int) -> None:
        self.kids.append(node)
        self.count += pages
        if len(self.kids) >= GROUP_MOST:
            self.close_group()

    def close_group(self) -> None:
        if self.current is None:
            return
        self.pdf.write(self.current, _pages_node(self.root, self.kids, self.count))
        self.groups.append((self.current, self.count))
        self.current, self.kids, self.count = None, [], 0

    def finish(self) -> int:
        self.close_group()
        total = sum(count for _node, count in self.groups)
        node = _pages_node(None, [node for node, _count in self.groups], total)
        self.pdf.write(self.root, node)
        return total


def _pages_node(parent: IndirectObject | None, kids: Sequence[IndirectObject], count: int) -> DictionaryObject:
    node = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): ArrayObject(kids),
            NameObject("/Count"): NumberObject(count),
        }
    )
    if parent is not None:
        node[NameObject("/Parent")] = parent
    return node


class PrintRun:
    """One print run of one leaflet for a list of outlets, from a language run's leaflets generator."""

    def __init__(self, generator: Any, leaflet: Leaflet, outlets: Sequence[Outlet], workers: int | None) -> None:
        self.generator = generator
        self.settings = generator.settings
        self.setup = generator.setup
        self.leaflet = generator.with_body(leaflet)
        self.outlets = list(outlets)
        self.lang = run.language(self.settings)
        self.workers = worker_count(workers if workers is not None else self.setup.workers, len(self.outlets) + 1)
        self.problems: list[Problem] = []
        self.printed: list[Outlet] = []  # the outlets with pages, in order
        self.unshared: set[str] = set()

    def render_template(self, name: str, **values: Any) -> str:
        return self.generator.render_template(name, **values)

    def write(self, target: Path, progress: Callable[[int, int], None] | None = None) -> PrintRunReport:
        """The print run into `target`, atomically: a failed or interrupted run leaves no file there
        (and the one it would have replaced as it was). Raises ContentProblems for outlets that do not
        fit their box or have characters no font has."""
        started = time.perf_counter()
        printed = printed_leaflets(self.setup, self.render_template, [self.leaflet], self.setup.workers)[0]
        budget = page_budget(self.settings, "a4", DEFAULTS["LEAFLET_PAGE_BUDGET"])
        over = budget_problem(self.leaflet.source_path, "a4", printed.pages, budget)
        if over is not None:
            raise ContentProblems([over])
        imprints = [imprint_for(outlet, self.settings) for outlet in self.outlets]
        parts = self.generator.get_template("leaflets/imprint_parts").make_module(vars=dict(self.generator.context))
        blocks = [str(parts.imprint_block(imprint)) for imprint in imprints]
        donor = font_donor(self.setup, self.render_template, [printed.job], blocks, self.lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                pages = self._write(StreamedPdf(out), printed.pdf, donor, imprints, blocks, progress)
                out.flush()
                os.fsync(out.fileno())
            if self.problems:
                raise ContentProblems(self.problems)
            os.chmod(temporary, _file_mode())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return PrintRunReport(
            target,
            self.leaflet,
            len(self.outlets),
            pages,
            target.stat().st_size,
            time.perf_counter() - started,
            tuple(sorted(self.unshared)),
        )

    def batches(self, imprints: Sequence[Imprint]) -> list[tuple[int, int]]:
        """(start, end) of each batch of imprints: big enough to share a render, enough to keep cores busy."""
        size = max(1, min(BATCH_MOST, math.ceil(len(imprints) / (4 * self.workers))))
        return [(start, min(start + size, len(imprints))) for start in range(0, len(imprints), size)]

    def pieces(self, donor: FontDonorJob, imprints: Sequence[Imprint], spans: list[tuple[int, int]]) -> Iterator[Piece]:
        yield donor
        template = self.generator.get_template("leaflets/imprints")
        for start, end in spans:  # the HTML of a batch is made only when a worker is about to need it
            html = template.render(self.generator.context, imprints=list(imprints[start:end]), lang=self.lang)
            job = self.setup.job(digest("imprints", html), html, public_url(self.settings, ""), tagged=False)
            yield job, tuple(imprint.outlet_url for imprint in imprints[start:end])

    def _write(
        self,
        pdf: StreamedPdf,
        leaflet_pdf: Path,
        donor: FontDonorJob,
        imprints: Sequence[Imprint],
        blocks: Sequence[str],
        progress: Callable[[int, int], None] | None,
    ) -> int:
        spans = self.batches(imprints)
        results = in_order(render_piece, self.pieces(donor, imprints, spans), self.workers)
        donor_reader = PdfReader(io.BytesIO(next(results)))
        shared = SharedFonts.of_pdf(donor_reader)
        pdf.keep(donor_reader)
        leaflet = PdfReader(leaflet_pdf)
        pdf.keep(leaflet)
        source_pages = list(leaflet.pages)
        forms, draws = [], []
        for number, page in enumerate(source_pages):
            share_fonts(page.get("/Resources"), shared)  # the donor's subsets, which the imprints share
            forms.append(pdf.add(page_form(pdf, page, {})))
            draws.append(pdf.add(_stream(f"q /LeafletPage{number} Do Q\n".encode())))
        boxes = [{name: page[name] for name in PAGE_BOXES if name in page} for page in source_pages]
        root = pdf.reserve()
        tree = _Tree(pdf, root)
        bookmarks: list[_Bookmark] = []
        done = 0
        for (start, end), (result, placed, operators) in zip(spans, results, strict=True):
            reader = PdfReader(io.BytesIO(result.pdf))
            local: dict[int, IndirectObject] = {}
            seen_resources: set[int] = set()
            for index, (first, count) in enumerate(placed):
                outlet = self.outlets[start + index]
                text = plain_text(blocks[start + index])
                missing = tuple(character for character in result.missing if character in text)
                if count != 1 or missing:
                    self.problems += imprint_problems(str(self.settings["PATH"]), outlet, missing, count)
                    continue
                page = reader.pages[first]
                resources = page.get("/Resources")
                if resources is not None and id(resources.get_object()) not in seen_resources:
                    seen_resources.add(id(resources.get_object()))
                    share_fonts(resources, shared)
                    self.unshared.update(self._unshared(resources, donor_reader))
                node = self._outlet(pdf, tree, page, local, operators[index], forms, draws, boxes)
                self.printed.append(outlet)
                bookmarks.append(_Bookmark((outlet.province, outlet.city), self.bookmark(outlet), node))
            done += end - start
            if progress:
                progress(done, len(imprints))
        total = tree.finish()
        outline = self._outline(pdf, bookmarks)
        labels = pdf.reserve()
        pdf.write_array_object(labels, "/Nums", self._labels(len(source_pages)))
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): root,
                NameObject("/PageLabels"): labels,
                NameObject("/Lang"): TextStringObject(self.lang),
                NameObject("/ViewerPreferences"): DictionaryObject(
                    {NameObject("/DisplayDocTitle"): BooleanObject(True)}
                ),
            }
        )
        if outline is not None:
            catalog[NameObject("/Outlines")] = outline
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        info = pdf.add(self._info(leaflet))
        pdf.finish(pdf.add(catalog), info)
        return total

    def _outlet(
        self,
        pdf: StreamedPdf,
        tree: _Tree,
        imprint_page: PageObject,
        local: dict[int, IndirectObject],
        operators: bytes,
        forms: Sequence[IndirectObject],
        draws: Sequence[IndirectObject],
        boxes: Sequence[dict[str, Any]],
    ) -> IndirectObject:
        """One outlet's pages: its imprint form and code once, then a small page per leaflet page."""
        contents = imprint_page.get_contents()
        data = contents.get_data() if contents is not None else b""
        form = _stream(data)
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject([NumberObject(0), NumberObject(0), *imprint_page.mediabox[2:]])
        form[NameObject("/Resources")] = pdf.copy(imprint_page.raw_get("/Resources"), local)
        form_ref = pdf.add(form)
        outlet_ops = pdf.add(_stream(operators))
        xobjects = {NameObject(f"/LeafletPage{number}"): ref for number, ref in enumerate(forms)}
        xobjects[NameObject(XOBJECT_NAME)] = form_ref
        resources = pdf.add(DictionaryObject({NameObject("/XObject"): DictionaryObject(xobjects)}))
        node = pdf.reserve()
        kids = []
        for draw, page_boxes in zip(draws, boxes, strict=True):
            page = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Page"),
                    NameObject("/Parent"): node,
                    NameObject("/Resources"): resources,
                    NameObject("/Contents"): ArrayObject([draw, outlet_ops]),
                }
            )
            for name, box in page_boxes.items():
                page[NameObject(name)] = ArrayObject(FloatObject(value) for value in box)
            kids.append(pdf.add(page))
        pdf.write(node, _pages_node(tree.parent_for_outlet(), kids, len(kids)))
        tree.outlet_done(node, len(kids))
        return kids[0]

    @staticmethod
    def _unshared(resources: PdfObject, donor: PdfReader) -> set[str]:
        """Faces of an imprint batch the donor's fonts do not cover (copied once per batch instead)."""
        faces = set()
        for _fonts, _name, reference in font_entries(resources):
            font = reference.get_object()
            if reference.pdf is not donor and isinstance(font, DictionaryObject):
                faces.add(str(font.get("/BaseFont", "")).split("+")[-1])
        return faces

    @staticmethod
    def bookmark(outlet: Outlet) -> str:
        return f"{outlet.name} ({outlet.id})"

    def _labels(self, pages_per_outlet: int) -> Iterator[PdfObject]:
        for number, outlet in enumerate(self.printed):
            yield NumberObject(number * pages_per_outlet)
            yield DictionaryObject(
                {NameObject("/S"): NameObject("/D"), NameObject("/P"): TextStringObject(f"{outlet.id} p.")}
            )

    def _outline(self, pdf: StreamedPdf, bookmarks: list[_Bookmark]) -> IndirectObject | None:
        """A bookmark per outlet, under one per city ("province — city"), closed: the shop opens a city."""
        if not bookmarks:
            return None
        groups: dict[tuple[str, str], list[_Bookmark]] = {}
        for bookmark in bookmarks:
            groups.setdefault(bookmark.group, []).append(bookmark)
        outline = pdf.reserve()
        group_refs = [pdf.reserve() for _group in groups]
        for position, ((province, city), items) in enumerate(groups.items()):
            item_refs = [pdf.reserve() for _item in items]
            for index, (item, ref) in enumerate(zip(items, item_refs, strict=True)):
                entry = _outline_item(item.title, item.first_page, group_refs[position], item_refs, index)
                pdf.write(ref, entry)
            title = f"{province} — {city}" if province and province != city else city
            group = _outline_item(f"{title} ({len(items)})", items[0].first_page, outline, group_refs, position)
            group[NameObject("/First")], group[NameObject("/Last")] = item_refs[0], item_refs[-1]
            group[NameObject("/Count")] = NumberObject(-len(items))
            pdf.write(group_refs[position], group)
        pdf.write(
            outline,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Outlines"),
                    NameObject("/First"): group_refs[0],
                    NameObject("/Last"): group_refs[-1],
                    NameObject("/Count"): NumberObject(len(group_refs)),
                }
            ),
        )
        return outline

    def _info(self, leaflet: PdfReader) -> DictionaryObject:
        author = str(self.settings.get("ORGANISATION", ""))
        title = f"{self.leaflet.title} — print run, {len(self.printed)} outlets"
        info = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Author"): TextStringObject(author),
                NameObject("/Producer"): TextStringObject("WeasyPrint and pypdf (sitebuild print-run)"),
            }
        )
        for key in ("/CreationDate", "/ModDate"):  # the leaflet's, never the clock: same inputs, same bytes
            value = dict(leaflet.metadata or {}).get(key)
            if value:
                info[NameObject(key)] = TextStringObject(str(value))
        return info


def _outline_item(
    title: str, page: IndirectObject, parent: IndirectObject, siblings: Sequence[IndirectObject], index: int
) -> DictionaryObject:
    item = DictionaryObject(
        {
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Parent"): parent,
            NameObject("/Dest"): ArrayObject([page, NameObject("/Fit")]),
        }
    )
    if index > 0:
        item[NameObject("/Prev")] = siblings[index - 1]
    if index + 1 < len(siblings):
        item[NameObject("/Next")] = siblings[index + 1]
    return item


def leaflet_generator(generators: Iterable[Any]) -> Any:
    """The leaflets generator among a Pelican run's generators (None when the plugin is not used)."""
    from .generator import LeafletGenerator

    return next((generator for generator in generators if isinstance(generator, LeafletGenerator)), None)


def make_print_run(
    generators: Iterable[Any],
    slug: str,
    city: str | None,
    target: Path | None,
    folder: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PrintRunReport:
    """The print run of leaflet `slug` for every outlet (or `city`'s) of this language run, written to
    `target` (default: `folder`/default_name). Raises PrintRunRefused before anything is rendered or
    written, and ContentProblems for an outlet whose imprint cannot be printed."""
    generator = leaflet_generator(generators)
    if generator is None:
        raise PrintRunRefused('the leaflets plugin is not in PLUGINS — add "leaflets" to PLUGINS in the settings')
    lang = run.language(generator.settings)
    leaflet = choose_leaflet(generator.leaflets, slug, lang)
    outlets = list(generator.outlets_by_id.values())
    chosen = choose_outlets(outlets, city)
    if target is None:
        target = folder / default_name(slug, lang, run.main_language(generator.settings), city)
    return PrintRun(generator, leaflet, chosen, workers).write(target, progress)

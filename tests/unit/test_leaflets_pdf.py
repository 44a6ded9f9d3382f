"""PDF plumbing: WeasyPrint renders, joined packs, stamped imprints, the cache (small documents, real PDFs)."""

from __future__ import annotations

import io
import re
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from leaflets.cache import PdfCache, publish
from leaflets.imprint import (
    PackBase,
    PackBatchJob,
    PackOrder,
    PartInfo,
    fit_imprints,
    imprint_pages,
    join_leaflets,
    make_pack_batch,
)
from leaflets.render import RenderJob, local_path, render
from pypdf import PdfReader

PROJECT = Path(__file__).resolve().parents[2]
STYLESHEET = str(PROJECT / "theme" / "static" / "css" / "leaflet.css")
OUTLET_URL = "https://portal.example.org/outlets/bj-xicheng/"


def leaflet_page(title: str, paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {i} of {title}: hang up and call 110.</p>" for i in range(paragraphs))
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title><meta name="author" content="Office"></head>'
        f'<body class="leaflet leaflet-a4"><div class="outlet-box">Your outlet:</div>'
        f"<h1>{title}</h1>{body}</body></html>"
    )


IMPRINT = (
    '<!doctype html><html lang="en"><head><title>Leaflets — Financial Street Branch</title></head>'
    '<body class="imprint"><p class="imprint-name">Financial Street Branch</p><p>Phone: 010-6655 0002</p></body></html>'
)


def rendered(html: str, tagged: bool = True) -> bytes:
    result = render(RenderJob("k", html, "https://portal.example.org/", STYLESHEET, tagged))
    assert result.missing == ()
    return result.pdf


@pytest.fixture(scope="module")
def pack() -> dict[str, object]:
    """Two leaflets (1 and 2 pages) joined, and one outlet's imprint stamped on."""
    first, second = rendered(leaflet_page("First leaflet", 3)), rendered(leaflet_page("Second leaflet", 40))
    pages = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in (first, second)]
    assert pages == [1, 2]
    base = join_leaflets(
        [first, second], [PartInfo("First leaflet", "en"), PartInfo("Second leaflet", "en")], "Office", "Office", "en"
    )
    imprint = rendered(IMPRINT, tagged=False)
    stamper = PackBase(base, [0, 1])
    stamped = stamper.stamp(imprint, OUTLET_URL, "Office", "en")
    return {"base": base, "pack": stamped, "again": stamper.stamp(imprint, OUTLET_URL, "Office", "en")}


def test_stamping_appends_an_update_and_leaves_the_leaflets_bytes_alone(pack: dict) -> None:
    assert pack["pack"].startswith(pack["base"])
    assert pack["pack"] == pack["again"]  # same inputs, same bytes


def test_every_page_carries_the_imprint_text(pack: dict) -> None:
    reader = PdfReader(io.BytesIO(pack["pack"]))
    assert len(reader.pages) == 3
    for page in reader.pages:
        text = page.extract_text()
        assert "Financial Street Branch" in text and "010-6655 0002" in text
    assert reader.metadata.title == "Leaflets — Financial Street Branch"
    # Poppler reads the incremental update too (what printers' drivers and viewers use).
    shown = subprocess.run(["pdftotext", "-", "-"], input=pack["pack"], capture_output=True, check=True)
    assert shown.stdout.count(b"Financial Street Branch") == 3 and b"Second leaflet" in shown.stdout


def test_tags_survive_and_the_imprint_is_tagged_once_per_leaflet(pack: dict) -> None:
    reader = PdfReader(io.BytesIO(pack["pack"]))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    parts = [kid.get_object() for kid in document["/K"]]
    assert [(p["/S"], p["/T"], p["/Lang"]) for p in parts] == [
        ("/Part", "First leaflet", "en"),
        ("/Part", "Second leaflet", "en"),
    ]
    for part, first_page in zip(parts, (0, 1), strict=True):
        section = part["/K"][-1].get_object()
        assert section["/S"] == "/Sect"
        assert section.raw_get("/Pg").idnum == reader.pages[first_page].indirect_reference.idnum
    # Every marked-content id drawn on a page has its structure element in the parent tree.
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    for page in reader.pages:
        contents = b"".join(part.get_object().get_data() for part in page["/Contents"])
        ids = {int(found) for found in re.findall(rb"/MCID (\d+)", contents)}
        assert ids and all(parents[page["/StructParents"]][i] is not None for i in ids)


def test_missing_glyphs_are_reported_not_hidden() -> None:
    result = render(RenderJob("k", leaflet_page("Private \ue000 sign", 1), "https://x.example/", STYLESHEET))
    assert result.missing == ("\ue000",)
    assert all(".notdef" not in message for message in result.messages)


def test_leaflets_load_only_the_sites_own_files(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"x")
    roots = (("https://portal.example.org/", str(tmp_path)),)
    assert local_path("https://portal.example.org/images/a.png?v=1", roots) == (tmp_path / "images" / "a.png")
    assert local_path("https://portal.example.org/../secret", roots) is None
    assert local_path("https://elsewhere.example/images/a.png", roots) is None
    html = '<!doctype html><html lang="en"><body><img src="https://elsewhere.example/x.png" alt="x"></body></html>'
    result = render(RenderJob("k", html, "https://portal.example.org/", STYLESHEET, True, roots))
    assert any("only load the site's own files" in message for message in result.messages)


def test_cache_keeps_what_a_build_used_and_publishes_readable_files(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "cache")
    assert cache.get("ab" * 32) is None
    entry = cache.put("ab" * 32, b"%PDF-1.7 one", {"pages": 1})
    cache.put("cd" * 32, b"%PDF-1.7 two", {"pages": 2})
    target = publish(entry.path, tmp_path / "out", "leaflets/one.pdf")
    assert target.read_bytes() == b"%PDF-1.7 one"
    assert target.stat().st_mode & stat.S_IROTH  # readable by the web server
    later = PdfCache(tmp_path / "cache")
    assert later.get("ab" * 32).meta == {"pages": 1}
    assert later.prune() == 1  # "cd…" was not used by this build
    assert later.get("cd" * 32) is None and target.read_bytes() == b"%PDF-1.7 one"


def imprint_page(lines: int) -> str:
    body = "".join(
        f"<p>Line {i}: https://portal.example.org/outlets/a-rather-long-outlet-identifier/</p>" for i in range(lines)
    )
    return (
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        f'<body class="imprint" data-fit="normal"><p class="imprint-name">人民广场支行</p>{body}</body></html>'
    )


def test_imprints_that_are_a_little_long_switch_to_compact_type() -> None:
    job = RenderJob("k", imprint_page(5), "https://portal.example.org/", STYLESHEET, tagged=False)
    assert render(job).pages == 2  # six lines do not fit in normal type…
    assert fit_imprints(job)[0].pages == 1  # …but do in compact type
    assert fit_imprints(replace(job, html=imprint_page(12)))[0].pages > 1  # too long either way: reported


def imprints_document(line_counts: list[int]) -> str:
    blocks = "".join(
        f'<div class="imprint" id="imprint-{n}" data-fit="normal"><p class="imprint-name">Outlet {n}</p>'
        + "".join(
            f"<p>Line {i} of outlet {n}: https://portal.example.org/outlets/outlet-number-{n}/</p>"
            for i in range(lines)
        )
        + "</div>"
        for n, lines in enumerate(line_counts)
    )
    return f'<!doctype html><html lang="en"><head><title>t</title></head><body class="imprints">{blocks}</body></html>'


def test_one_render_for_many_imprints_finds_each_ones_page(tmp_path: Path, pack: dict) -> None:
    html = imprints_document([2, 5, 12, 3])  # fits, fits only in compact type, never fits, fits
    job = RenderJob("k", html, "https://portal.example.org/", STYLESHEET, tagged=False)
    assert [pages for _first, pages in imprint_pages(render(job), 4)][:2] == [1, 2]  # in normal type
    _result, spans = fit_imprints(job, 4)
    assert [pages for _first, pages in spans] == [1, 1, spans[2][1], 1] and spans[2][1] > 1
    orders = tuple(
        PackOrder(
            f"key-{n}",
            f"outlet-{n}",
            f"https://portal.example.org/outlets/{n}/",
            f"Pack {n}",
            f"Outlet {n}",
            str(tmp_path / f"{n}.pdf"),
        )
        for n in range(4)
    )
    base = tmp_path / "base.pdf"
    base.write_bytes(pack["base"])
    made = make_pack_batch(PackBatchJob(job, orders, str(base), (0, 1), "Office", "en"))
    assert made.made == ("key-0", "key-1", "key-3")
    assert [(u.outlet_id, u.pages > 1) for u in made.unfit] == [("outlet-2", True)]
    third = PdfReader(tmp_path / "3.pdf")
    assert third.metadata.title == "Pack 3"
    assert all("Line 2 of outlet 3" in page.extract_text() for page in third.pages)
    assert not (tmp_path / "2.pdf").exists()

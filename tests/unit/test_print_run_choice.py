"""The print run's pure parts: which leaflet and outlets, in which order, under which name; and the streamed
PDF writer's output read back strictly."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from leaflets.print_run import (
    PrintRunRefused,
    StreamedPdf,
    choose_leaflet,
    choose_outlets,
    default_name,
)
from outlets.model import Outlet
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

OUTLETS = [
    Outlet("sh-2", "Two", "上海 Shanghai", "黄浦区 Huangpu", "2 Road", province=""),
    Outlet("bj-1", "One", "Beijing", "Xicheng", "1 Street", province=""),
    Outlet("hz-9", "Nine", "Hangzhou", "Xihu", "9 Road", province="Zhejiang"),
    Outlet("sh-1", "One East", "上海 Shanghai", "黄浦区 Huangpu", "1 Road", province=""),
]


def test_outlets_come_by_province_city_district_then_id() -> None:
    assert [o.id for o in choose_outlets(OUTLETS, None)] == ["bj-1", "sh-1", "sh-2", "hz-9"]


@pytest.mark.parametrize("city", ["Shanghai", "shanghai", "上海 Shanghai", " SHANGHAI "])
def test_a_city_matches_as_written_or_by_its_latin_words(city: str) -> None:
    assert [o.id for o in choose_outlets(OUTLETS, city)] == ["sh-1", "sh-2"]


def test_an_unknown_city_is_refused_with_the_closest_and_every_city() -> None:
    with pytest.raises(PrintRunRefused) as refused:
        choose_outlets(OUTLETS, "Hangzou")
    assert 'did you mean "Hangzhou"?' in str(refused.value)
    assert "— use one of: Beijing, Hangzhou, 上海 Shanghai" in str(refused.value)


def test_an_unknown_slug_is_refused_with_the_slugs_of_that_language() -> None:
    leaflets = [SimpleNamespace(slug="fake-police-call", lang="en"), SimpleNamespace(slug="only-zh", lang="zh")]
    assert choose_leaflet(leaflets, "fake-police-call", "en").slug == "fake-police-call"  # type: ignore[arg-type]
    with pytest.raises(PrintRunRefused) as refused:
        choose_leaflet(leaflets, "fake-polise-call", "en")  # type: ignore[arg-type]
    assert str(refused.value).endswith('(did you mean "fake-police-call"?) — use one of: fake-police-call')


def test_default_names() -> None:
    assert default_name("scam", "en", "en", None) == "scam.pdf"
    assert default_name("scam", "zh", "en", "上海 Shanghai") == "scam.zh-shanghai.pdf"
    assert default_name("scam", "en", "en", "上海").startswith("scam-c")  # no Latin letters: a short code


@given(st.text(max_size=40))
def test_any_city_name_makes_a_safe_file_name(city: str) -> None:
    name = default_name("scam", "en", "en", city)
    assert "/" not in name and "\0" not in name and name.endswith(".pdf") and not name.startswith(".")


def test_the_streamed_writer_makes_a_pdf_a_strict_reader_accepts() -> None:
    out = io.BytesIO()
    pdf = StreamedPdf(out)
    root, pages = pdf.reserve(), pdf.reserve()
    content = pdf.add(DictionaryObject())  # any object, written before the objects that refer to it
    page = pdf.add(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Page"),
                NameObject("/Parent"): pages,
                NameObject("/MediaBox"): ArrayObject(NumberObject(value) for value in (0, 0, 100, 100)),
                NameObject("/Resources"): content,
            }
        )
    )
    kids = {NameObject("/Type"): NameObject("/Pages"), NameObject("/Kids"): ArrayObject([page])}
    pdf.write(pages, DictionaryObject({**kids, NameObject("/Count"): NumberObject(1)}))
    labels = pdf.reserve()
    pdf.write_array_object(labels, "/Nums", [NumberObject(0), DictionaryObject({NameObject("/S"): NameObject("/D")})])
    pdf.write(
        root,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): pages,
                NameObject("/PageLabels"): labels,
            }
        ),
    )
    pdf.finish(root, pdf.add(DictionaryObject()))
    reader = PdfReader(io.BytesIO(out.getvalue()), strict=True)
    assert len(reader.trailer["/ID"]) == 2 and len(reader.pages) == 1
    assert reader.page_labels == ["1"] and reader.pages[0].mediabox.width == 100

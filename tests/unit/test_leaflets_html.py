"""The HTML a leaflet and an outlet imprint are printed from (rendered with the theme, as Pelican does)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
import pytest
from bs4 import BeautifulSoup
from leaflets.filters import address_pieces
from leaflets.model import HoursRun, Imprint, Leaflet, PdfFile
from leaflets.qr import qr_image
from pelican.settings import read_settings
from portal_context.filters import human_date

PROJECT = Path(__file__).resolve().parents[2]
BODY = """<p>The caller says your account is part of a crime.</p>
<div class="admonition warning"><p class="admonition-title">Hang up</p><p>Real police never ask.</p></div>
<div class="admonition tip"><p class="admonition-title">Answer 96110</p><p>It warns you.</p></div>
<div class="admonition note"><p class="admonition-title">Tell your family</p><p>It helps.</p></div>
<p>See <a href="https://portal.example.org/credit/report/">your report</a>.</p>"""


@pytest.fixture(scope="module")
def settings() -> dict[str, Any]:
    return read_settings(str(PROJECT / "pelicanconf.py"))


@pytest.fixture(scope="module")
def env(settings: dict[str, Any]) -> jinja2.Environment:
    """The theme's templates with Pelican's Jinja options, filters and (null) translations."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PROJECT / "theme" / "templates")), **settings["JINJA_ENVIRONMENT"]
    )
    environment.filters["human_date"] = human_date
    environment.filters["address_pieces"] = address_pieces
    environment.install_null_translations(newstyle=True)
    return environment


def make_leaflet(**changes: Any) -> Leaflet:
    values: dict[str, Any] = {
        "slug": "fake-police-call",
        "lang": "en",
        "title": 'A call from "the police" <asking> for money & more',
        "summary": "Real police never ask you to transfer money; hang up & call 110.",
        "body_html": BODY,
        "date": dt.date(2026, 2, 3),
        "reviewed": dt.date(2026, 9, 1),
        "source_path": "content/articles/fraud/fake-police-call.md",
        "url": "fraud/fake-police-call/",
        "article_url": "https://portal.example.org/fraud/fake-police-call/",
        "a4": PdfFile("leaflets/fake-police-call.pdf", "leaflets/fake-police-call.pdf"),
        "a5": PdfFile("leaflets/fake-police-call.print.pdf", "leaflets/fake-police-call.print.pdf"),
        "large": PdfFile("leaflets/fake-police-call.large.pdf", "leaflets/fake-police-call.large.pdf"),
        "booklet": PdfFile("leaflets/fake-police-call.booklet.pdf", "leaflets/fake-police-call.booklet.pdf"),
    }
    values.update(changes)
    return Leaflet(**values)


def leaflet_html(env: jinja2.Environment, settings: dict[str, Any], format_key: str, **changes: Any) -> BeautifulSoup:
    leaflet = make_leaflet(**changes)
    html = env.get_template("leaflets/leaflet.html").render(
        settings, leaflet=leaflet, format=format_key, qr=qr_image(leaflet.article_url, 28.0)
    )
    return BeautifulSoup(html, "html.parser")


def test_title_summary_and_body_in_reading_order(env: jinja2.Environment, settings: dict[str, Any]) -> None:
    soup = leaflet_html(env, settings, "a4")
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == 'A call from "the police" <asking> for money & more'
    assert soup.h1.get_text() == soup.title.get_text()  # escaped, shown as written
    assert soup.select_one("p.lead").get_text() == "Real police never ask you to transfer money; hang up & call 110."
    assert "part of a crime" in soup.select_one(".leaflet-body").get_text()


def test_callouts_stay_boxes_of_their_kind(env: jinja2.Environment, settings: dict[str, Any]) -> None:
    soup = leaflet_html(env, settings, "a4")
    kinds = {
        kind: soup.select_one(f".leaflet-body div.admonition.{kind} .admonition-title")
        for kind in ("warning", "tip", "note")
    }
    assert {kind: title.get_text() for kind, title in kinds.items()} == {
        "warning": "Hang up",
        "tip": "Answer 96110",
        "note": "Tell your family",
    }
    css = (PROJECT / "theme" / "static" / "css" / "leaflet.css").read_text(encoding="utf-8")
    for selector in (".admonition.warning", ".admonition.tip", ".admonition.note"):
        assert selector in css


def test_where_to_get_help_lists_customer_service_and_every_hotline(
    env: jinja2.Environment, settings: dict[str, Any]
) -> None:
    soup = leaflet_html(env, settings, "a4")
    help_box = soup.select_one("section.help-box")
    assert help_box.h2.get_text() == "Where to get help"
    phones = [a.get_text() for a in help_box.select(".help-phone")]
    assert phones == [settings["CUSTOMER_SERVICE"]["phone"]] + [line["phone"] for line in settings["HOTLINES"]]


def test_the_way_back_online_in_words_and_as_a_qr_code(env: jinja2.Environment, settings: dict[str, Any]) -> None:
    soup = leaflet_html(env, settings, "a4")
    section = soup.select_one("section.read-online")
    assert section.select_one(".url").get_text() == "https://portal.example.org/fraud/fake-police-call/"
    image = section.select_one("img.qr")
    assert image["src"].startswith("data:image/svg+xml")
    assert image["alt"] == "QR code for https://portal.example.org/fraud/fake-police-call/"


def test_organisation_review_date_and_pdf_metadata(env: jinja2.Environment, settings: dict[str, Any]) -> None:
    soup = leaflet_html(env, settings, "a4")
    meta = soup.select_one(".leaflet-meta")
    assert "Last reviewed: 1 September 2026" in " ".join(meta.get_text().split())
    assert settings["ORGANISATION"] in meta.get_text()
    assert soup.find("meta", attrs={"name": "author"})["content"] == settings["ORGANISATION"]
    # Fixed dates from the article (never the build's clock): identical inputs give identical PDFs.
    assert soup.find("meta", attrs={"name": "dcterms.created"})["content"] == "2026-02-03"
    assert soup.find("meta", attrs={"name": "dcterms.modified"})["content"] == "2026-09-01"


def test_only_the_a4_leaflet_keeps_a_box_for_the_outlet(env: jinja2.Environment, settings: dict[str, Any]) -> None:
    a4, a5 = leaflet_html(env, settings, "a4"), leaflet_html(env, settings, "a5")
    assert a4.select_one(".outlet-box").get_text().strip() == "Your outlet:"
    assert a5.select_one(".outlet-box") is None
    assert "leaflet-a4" in a4.body["class"] and "leaflet-a5" in a5.body["class"]


def test_a_chinese_leaflet_is_marked_as_chinese_for_its_fonts(
    env: jinja2.Environment, settings: dict[str, Any]
) -> None:
    soup = leaflet_html(env, settings, "a4", lang="zh", title="自称“警察”打电话要钱，就是诈骗")
    assert soup.html["lang"] == "zh"
    css = (PROJECT / "theme" / "static" / "css" / "leaflet.css").read_text(encoding="utf-8")
    assert ':lang(zh) { font-family: "Noto Sans CJK SC"' in css


def test_an_imprint_has_name_address_phone_hours_and_address_online(
    env: jinja2.Environment, settings: dict[str, Any]
) -> None:
    imprint = Imprint(
        outlet_id="bj-xicheng",
        name="Financial Street <Branch>",
        address="8 Financial Street",
        postcode="100033",
        city="Beijing",
        district="Xicheng",
        phone="010-6655 0002",
        hours=(HoursRun("mo", "fr", ("9:00–17:00",)), HoursRun("sa", "sa", ("9:00–12:00",)), HoursRun("su", "su", ())),
        outlet_url="https://portal.example.org/outlets/bj-xicheng/",
    )
    html = env.get_template("leaflets/imprint.html").render(settings, imprint=imprint, lang="en")
    soup = BeautifulSoup(html, "html.parser")
    text = " ".join(soup.body.get_text().split())
    assert soup.select_one(".imprint-name").get_text() == "Financial Street <Branch>"
    assert "8 Financial Street, 100033 Beijing" in text
    assert "Phone: 010-6655 0002" in text
    assert "Opening hours: Mon–Fri 9:00–17:00; Sat 9:00–12:00; Sun closed" in text
    assert "https://portal.example.org/outlets/bj-xicheng/" in text
    assert soup.title.get_text() == f"Leaflets from {settings['ORGANISATION']} — Financial Street <Branch>"

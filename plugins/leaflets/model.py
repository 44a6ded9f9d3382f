"""What a leaflet and an outlet imprint are made of: plain data built from articles, outlets and settings.

Pure functions only (no WeasyPrint, no files), so templates get everything ready to print and
tests can check the shapes without rendering a PDF.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from outlets.model import OpeningHours, Outlet, address_line
from portal import run
from portal.run import address

# Defaults; a site may override any of them in its settings.
DEFAULTS: dict[str, Any] = {
    "LEAFLET_URL": "leaflets/{slug}.pdf",  # office leaflet, A4
    "LEAFLET_PRINT_URL": "leaflets/{slug}.print.pdf",  # print-shop leaflet, A5 with bleed
    "LEAFLET_LANG_URL": "{lang}/leaflets/{slug}.pdf",
    "LEAFLET_PRINT_LANG_URL": "{lang}/leaflets/{slug}.print.pdf",
    "LEAFLET_LARGE_URL": "leaflets/{slug}.large.pdf",  # large print, A4, body at 16 pt
    "LEAFLET_LARGE_LANG_URL": "{lang}/leaflets/{slug}.large.pdf",
    "LEAFLET_BOOKLET_URL": "leaflets/{slug}.booklet.pdf",  # the A5 pages two-up on A4, to fold (booklet.py)
    "LEAFLET_BOOKLET_LANG_URL": "{lang}/leaflets/{slug}.booklet.pdf",
    "LEAFLET_PACK_URL": "leaflets/outlets/{outlet}.pdf",
    # Past OUTLET_PACKS_WHOLE_UP_TO outlets, a language's packs are published as one shared base, named
    # after its cache key (it never changes under its name), and each outlet's incremental update: the
    # outlet page's script joins the two into that outlet's pack (theme/static/js/outlet-pack.js).
    "OUTLET_PACKS_WHOLE_UP_TO": 200,
    "LEAFLET_PACK_BASE_URL": "leaflets/outlets/pack-base.{version}.pdf",
    "LEAFLET_PACK_PART_URL": "leaflets/outlets/{outlet}.pdfpart",
    "LEAFLET_CATALOGUE_URL": "leaflets/",
    "LEAFLET_CATALOGUE_SAVE_AS": "leaflets/index.html",
    # Longer leaflets fail the build. A5 counts its back page and planned pages (always 2 or 4n).
    "LEAFLET_PAGE_BUDGET": {"a4": 2, "a5": 8, "large": 6},
    "LEAFLET_WORKERS": None,  # parallel WeasyPrint processes; None: one per CPU core
    # The print-shop file's output intent (PDF/X-4): an ICC output profile for the press and paper the
    # print shop uses. The default is Debian's (libgs-common), Artifex's SWOP profile for coated paper;
    # ask the print shop for theirs (FOGRA39 for coated paper in much of the world).
    "LEAFLET_OUTPUT_PROFILE": "/usr/share/color/icc/ghostscript/default_cmyk.icc",
}

# Which print format each file is, and what it is for (the labels are translated in templates).
FORMATS = ("a4", "a5", "large")


class ArticleLike(Protocol):
    slug: str
    lang: str
    title: str
    summary: str
    content: str
    url: str
    source_path: str
    date: dt.datetime
    is_leaflet: bool


def setting(settings: Mapping[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def public_url(settings: Mapping[str, Any], path: str) -> str:
    """The absolute public address of a site path: what a QR code and print carry, also in dev builds."""
    return address(run.public_url(settings), path)


@dataclass(frozen=True)
class PdfFile:
    """Where one PDF is published: `url` for links, `save_as` inside the output folder."""

    url: str
    save_as: str


@dataclass(frozen=True)
class Leaflet:
    """One article as a leaflet: everything both PDFs print, already shaped for templates."""

    slug: str
    lang: str
    title: str  # plain text
    summary: str  # plain text
    body_html: str  # the article's HTML with links made absolute for paper
    date: dt.date  # first published
    reviewed: dt.date | None
    source_path: str
    url: str  # the article's site path, for links on the website
    article_url: str  # absolute public URL: printed in words and carried by the QR codes
    a4: PdfFile
    a5: PdfFile
    large: PdfFile
    booklet: PdfFile  # made from the A5 file, not rendered itself

    @property
    def files(self) -> dict[str, PdfFile]:
        return {"a4": self.a4, "a5": self.a5, "large": self.large}

    @property
    def modified(self) -> dt.date:
        """Last changed: the review date, but never before first publication (a PDF's ModDate must not
        come before its CreationDate; an article may be reviewed before the date it is published)."""
        return max(self.date, self.reviewed) if self.reviewed else self.date

    def address_size_pt(self, format_key: str) -> float:
        """The type size of the article's address on this format's paper, where it has a line of its own."""
        return address_size_pt(self.article_url, ADDRESS_MEASURE_MM[format_key], *ADDRESS_SIZES_PT[format_key])


# --- Addresses on paper ----------------------------------------------------------
# An address a reader must type never breaks inside a word or at one of its hyphens (a reader takes the
# hyphen for a hyphenation, and text extraction drops it). A leaflet prints it on a line of its own, in
# DejaVu Sans Condensed Bold (leaflet.css .printed-address; leaflets/address.html marks it up), at the
# largest size that fits the line; only an address too long even at the smallest size breaks, after a slash.

# The line an address has (leaflet.css .read-online). A4: beside the QR code, 178 mm of text width less the
# code (at most 36 mm with its quiet zone) and the 4 mm gap; A5: its own line, 148 - 2 x 12 mm; large
# print: its own line under the code, the full 178 mm.
ADDRESS_MEASURE_MM = {"a4": 136.0, "a5": 124.0, "large": 178.0}
ADDRESS_SIZES_PT = {"a4": (14.0, 9.0), "a5": (12.0, 9.0), "large": (18.0, 12.0)}  # (largest, smallest)
# Advance widths of DejaVu Sans Condensed Bold in em (its hmtx table), rounded up; anything else 1 em.
_ADDRESS_EM = {
    character: width
    for characters, width in {
        "'ijl/": 0.33, ".,:;IJ": 0.36, "-f![]()": 0.42, "tr_*": 0.47, "?zcs": 0.54, "Lxvy": 0.59,
        "kaeTEFo": 0.62, "0123456789$hnubdgpqSYZPC": 0.66, "BRXAVK": 0.70, "UGDHN~#+=OQ&": 0.79,
        "w": 0.84, "M@%m": 0.94,
    }.items()
    for character in characters
}  # fmt: skip
PT_PER_MM = 72 / 25.4


def address_width_em(text: str) -> float:
    return sum(_ADDRESS_EM.get(character, 1.0) for character in text)


def address_size_pt(url: str, measure_mm: float, largest_pt: float, smallest_pt: float) -> float:
    """The largest size, in steps of 0.5 pt, at which the address fits the line; at least the smallest."""
    fits = measure_mm * PT_PER_MM / max(address_width_em(url), 1.0)
    return max(smallest_pt, min(largest_pt, int(fits * 2) / 2))


def pdf_file(settings: Mapping[str, Any], key: str, slug: str, lang: str) -> PdfFile:
    # Translations live under their language, like ARTICLE_LANG_URL, so slugs never collide.
    is_default_lang = lang == run.language(settings)
    names = {
        "a4": ("LEAFLET_URL", "LEAFLET_LANG_URL"),
        "a5": ("LEAFLET_PRINT_URL", "LEAFLET_PRINT_LANG_URL"),
        "large": ("LEAFLET_LARGE_URL", "LEAFLET_LARGE_LANG_URL"),
        "booklet": ("LEAFLET_BOOKLET_URL", "LEAFLET_BOOKLET_LANG_URL"),
    }
    name = names[key][0 if is_default_lang else 1]
    path = setting(settings, name).format(slug=slug, lang=lang)
    return PdfFile(url=path, save_as=path)


TAG = re.compile(r"<[^>]+>")
# A picture marked decorative (alt="") tells a reader nothing: on paper it only takes room, and PDF/UA
# would need it marked as an artifact, which WeasyPrint cannot do for an <img>.
DECORATIVE_PICTURE = re.compile(
    r"<picture>(?:(?!</picture>).)*?<img\b[^>]*\salt=\"\"[^>]*>\s*</picture>|<img\b[^>]*\salt=\"\"[^>]*>", re.S | re.I
)


def plain_text(fragment: str) -> str:
    """Summaries and titles arrive as HTML fragments; paper gets their words."""
    return html.unescape(TAG.sub("", fragment or "")).strip()


def absolute_links(body_html: str, settings: Mapping[str, Any]) -> str:
    """Site-relative links (href="/…" or href="SITEURL/…") become public absolute addresses.

    On paper a link is only useful as a printed address a reader can type; the PDF keeps it clickable.
    """
    public = public_url(settings, "")
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    prefixes = [f'{attr}="{siteurl}/' for attr in ("href", "src")] if siteurl else []
    prefixes += [f'{attr}="/' for attr in ("href", "src")]
    result = body_html
    for prefix in prefixes:
        attr = prefix.split("=", 1)[0]
        result = re.sub(re.escape(prefix) + r"(?!/)", f'{attr}="{public}', result)
    # A link from /zh/ to an English article is written /zh/../fraud/x/; paper shows the plain address.
    return re.sub(r'((?:href|src)="https?://[^"]*?)/[^/"]+/\.\./', r"\1/", result)


def without_decorative_pictures(body_html: str) -> str:
    return DECORATIVE_PICTURE.sub("", body_html)


OUTSIDE_LINK = re.compile(r'(<a\b[^>]*\shref="(https?://[^"]+)"[^>]*>.*?)(</a>)', re.S | re.I)


def address_markup(url: str) -> str:
    """An address in unbreakable pieces that end after a slash, a line break allowed only between them
    (never inside the scheme's "//"): as theme/templates/leaflets/address.html marks up printed addresses."""
    pieces = url.split("/")
    out, piece = [], ""
    for index, part in enumerate(pieces):
        piece += part + ("/" if index < len(pieces) - 1 else "")
        if index == len(pieces) - 1 or (index >= 2 and pieces[index + 1]):
            out.append(f'<span class="address-piece">{piece}</span>')
            piece = ""
    return "<wbr>".join(out)


def printed_link_addresses(body_html: str) -> str:
    """Paper cannot be clicked: after each link's words, where it goes ("(https://…)"), as one unit that
    moves to the next line when it does not fit (leaflet.css .link-address) and breaks only after a slash
    when it is longer than a line (a CSS ::after could only break it anywhere, hyphens included)."""
    return OUTSIDE_LINK.sub(
        lambda m: f'{m.group(1)} <span class="link-address">({address_markup(m.group(2))})</span>{m.group(3)}',
        body_html,
    )


# WeasyPrint 70 breaks a line after its first word when the words before an inline element (a link, a
# bold phrase) end in a space exactly at the line's end and the element does not fit: "1. If" alone on a
# line. The same space at the start of the element breaks where a reader expects.
SPACE_BEFORE_INLINE = re.compile(r"(?<=\S) (<(?:a|abbr|b|code|em|i|mark|small|span|strong|sub|sup)\b[^>]*>)")


def spaces_into_inline_elements(body_html: str) -> str:
    return SPACE_BEFORE_INLINE.sub(r"\1 ", body_html)


def paper_body(content_html: str, settings: Mapping[str, Any]) -> str:
    """The article's HTML as a leaflet prints it."""
    body = spaces_into_inline_elements(without_decorative_pictures(absolute_links(content_html, settings)))
    return printed_link_addresses(body)


def leaflet_from_article(article: ArticleLike, settings: Mapping[str, Any], with_body: bool = True) -> Leaflet:
    """`with_body=False` while contexts are still being built: Pelican renders an article's content once
    and keeps it, so reading it before the static files are known would leave `{static}` links unresolved
    on the article's own page too."""
    date = article.date.date() if isinstance(article.date, dt.datetime) else article.date
    return Leaflet(
        slug=article.slug,
        lang=article.lang,
        title=plain_text(article.title),
        summary=plain_text(article.summary),
        body_html=paper_body(article.content, settings) if with_body else "",
        date=date,
        reviewed=getattr(article, "reviewed", None),
        source_path=article.source_path,
        url=article.url,
        article_url=public_url(settings, article.url),
        a4=pdf_file(settings, "a4", article.slug, article.lang),
        a5=pdf_file(settings, "a5", article.slug, article.lang),
        large=pdf_file(settings, "large", article.slug, article.lang),
        booklet=pdf_file(settings, "booklet", article.slug, article.lang),
    )


def leaflets_from_articles(
    articles: Iterable[ArticleLike], settings: Mapping[str, Any], with_body: bool = True
) -> list[Leaflet]:
    """Every article marked `Leaflet: yes`, in a stable order (by language, then slug)."""
    chosen = [a for a in articles if getattr(a, "is_leaflet", False)]
    leaflets = (leaflet_from_article(a, settings, with_body) for a in chosen)
    return sorted(leaflets, key=lambda item: (item.lang, item.slug))


# --- Outlet imprints ------------------------------------------------------------


@dataclass(frozen=True)
class HoursRun:
    """Consecutive days with the same opening times, e.g. Monday–Friday 9:00–17:00.

    `first_day`/`last_day` are two-letter day keys ("mo" … "su"); templates turn them into words.
    An empty `spans` means closed on those days.
    """

    first_day: str  # "mo" … "su"
    last_day: str
    spans: tuple[str, ...]

    @property
    def single_day(self) -> bool:
        return self.first_day == self.last_day


def clock(minutes: int) -> str:
    """9:00, 17:30 — a time of day as printed on a door sign, from minutes after midnight."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def printed_hours(hours: OpeningHours) -> tuple[HoursRun, ...]:
    """The outlet model's runs of days with the same hours, with their times as a door sign prints them."""
    return tuple(
        HoursRun(group.first, group.last, tuple(f"{clock(r.open)}–{clock(r.close)}" for r in group.ranges))
        for group in hours.summary()
    )


@dataclass(frozen=True)
class Imprint:
    """What an outlet prints on every page of its pack."""

    outlet_id: str
    name: str
    address: str
    postcode: str
    city: str
    district: str
    phone: str
    hours: tuple[HoursRun, ...]
    outlet_url: str  # absolute public URL of the outlet's page; carried by the imprint's QR code
    lang: str = "en"  # the pack's language: how its address is written

    @property
    def address_line(self) -> str:
        return address_line(self.lang, self.address, self.postcode, self.city, self.district)


def imprint_for(outlet: Outlet, settings: Mapping[str, Any]) -> Imprint:
    return Imprint(
        outlet_id=outlet.id,
        name=outlet.name,
        address=outlet.address,
        postcode=outlet.postcode,
        city=outlet.city,
        district=outlet.district,
        phone=outlet.phone,
        hours=printed_hours(outlet.hours),
        outlet_url=public_url(settings, outlet.url),
        lang=run.language(settings),  # the language run's: each run makes its own packs
    )


@dataclass(frozen=True)
class Pack:
    """One outlet's pack: every leaflet of the site's language with the outlet's imprint. Published as
    `file` (the whole PDF) on a site with few outlets, else as `part`, its update to the shared base."""

    imprint: Imprint
    file: PdfFile
    leaflets: tuple[Leaflet, ...] = field(default=())
    part: PdfFile | None = None

    @property
    def outlet_id(self) -> str:
        return self.imprint.outlet_id

    @property
    def download_name(self) -> str:
        """The file name the joined pack is saved under: the outlet's id, so that packs saved for several
        outlets are told apart in a downloads folder."""
        return f"{self.outlet_id}-leaflets.pdf"


@dataclass(frozen=True)
class PackLink:
    """What an outlet page's pack link needs: `url`, its href (the whole pack; or, when packs come in
    parts, the shared base with its blank outlet box, for readers without JavaScript), and for parts the
    outlet's update and the name the joined PDF is saved under."""

    url: str
    part: str | None = None
    download_name: str = ""


def whole_packs(settings: Mapping[str, Any], count: int) -> bool:
    """Whether `count` packs are published whole (OUTLET_PACKS_WHOLE_UP_TO, or fewer), not in parts."""
    return count <= int(setting(settings, "OUTLET_PACKS_WHOLE_UP_TO"))


def pack_base_file(settings: Mapping[str, Any], version: str) -> PdfFile:
    """Where the shared base of packs in parts is published; `version` names its bytes."""
    path = setting(settings, "LEAFLET_PACK_BASE_URL").format(version=version)
    return PdfFile(url=path, save_as=path)


def plan_packs(outlets: Iterable[Outlet], leaflets: Sequence[Leaflet], settings: Mapping[str, Any]) -> list[Pack]:
    """A pack per outlet with the leaflets in the site's default language; none without leaflets."""
    default_lang = run.language(settings)
    members = tuple(leaflet for leaflet in leaflets if leaflet.lang == default_lang)
    if not members:
        return []
    packs = []
    for outlet in outlets:
        path = setting(settings, "LEAFLET_PACK_URL").format(outlet=outlet.id)
        part = setting(settings, "LEAFLET_PACK_PART_URL").format(outlet=outlet.id)
        packs.append(Pack(imprint_for(outlet, settings), PdfFile(path, path), members, PdfFile(url=part, save_as=part)))
    return sorted(packs, key=lambda pack: pack.outlet_id)


@dataclass(frozen=True)
class CatalogueEntry:
    """A leaflet as the catalogue lists it, with the page counts of its two PDFs."""

    leaflet: Leaflet
    pages: Mapping[str, int]

    @property
    def a4_pages(self) -> int:
        return self.pages.get("a4", 0)

    @property
    def a5_pages(self) -> int:
        return self.pages.get("a5", 0)

    @property
    def large_pages(self) -> int:
        return self.pages.get("large", 0)

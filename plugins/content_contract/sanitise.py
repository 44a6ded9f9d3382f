"""The rendered HTML of every article, page and campaign passes an allow-list before it is published.

The source checks in body.py read Markdown; a browser reads HTML. Whatever the Markdown turns into
(`~~~` that is no fence here, `<!-->`, `--!>`, CDATA, `</x <script>`, attr_list's `{: style=… }`),
nh3 (the ammonia sanitiser, an HTML5 parser like the browser's) keeps only what is listed below.
When it would remove anything, the text is refused with the file and line of the construct rather
than published changed behind the editor's back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown import Markdown
from portal.markdown import Rendering
from portal.problems import Problem

from .source import SourceFile

# What the theme's Markdown (admonition, attr_list, tables, sane_lists, toc) and harmless inline HTML produce.
TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a", "img", "picture", "source", "figure", "figcaption", "details", "summary",
        "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
        "abbr", "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "time",
    }
)  # fmt: skip
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "rel"},  # rel: safe_links adds noopener noreferrer
    "img": {"src", "alt", "width", "height", "title", "loading", "decoding", "srcset", "sizes"},
    "source": {"type", "srcset", "sizes", "media", "width", "height"},  # <picture>: the pictures plugin's WebP sizes
    "abbr": {"title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    **{heading: {"id"} for heading in HEADINGS},  # toc's anchors (and attr_list's `{: #id }` on a heading)
}
# Classes an editor may set with attr_list (`{: .lead }`), documented in docs/editors-guide.md. Only classes
# whose look cannot pass for the site's own boxes: `help-box`, `imprint`, `urgent` would fake a hotline.
EDITOR_CLASSES = frozenset({"lead"})
CALLOUT_CLASSES = frozenset({"admonition", "note", "tip", "warning", "danger"})
CLASSES: dict[str, set[str]] = {
    "div": set(CALLOUT_CLASSES | EDITOR_CLASSES),
    "p": {"admonition-title", *EDITOR_CLASSES},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "cite"})
CONTENT_DROPPED = frozenset({"script", "style"})  # removed with what is inside them, not just the tags


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed (comments and CDATA too)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(CONTENT_DROPPED),
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,  # leave rel as safe_links wrote it
    )


class _Events(HTMLParser):
    """Start tags (attributes sorted), comments, declarations and text: two serialisations of the same
    document give the same events, so only real removals count, never quoting or `<br/>` vs `<br>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[Any, ...]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("tag", tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag

    # End tags are left out: browsers ignore a stray `</script>`, and the sanitiser closes what is open.

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("decl", data))

    handle_decl = handle_pi = unknown_decl  # type: ignore[assignment]  # the same event for every kind of declaration

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# An end tag with more than its name (`</x <script>`): parsers disagree on where it ends, so it can hide a tag.
BROKEN_END_TAG = re.compile(r"</(?P<name>[A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9])\s*[^\s>][^>]*>")


def _events(html: str) -> tuple[list[tuple[Any, ...]], str]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    broken = [("broken-end", found["name"], found[0]) for found in BROKEN_END_TAG.finditer(html)]
    return parser.events + broken, re.sub(r"\s+", " ", "".join(parser.text)).strip()


def removes_something(html: str, cleaned: str | None = None) -> bool:
    """Whether the sanitiser takes anything out of `html` (serialisation differences do not count)."""
    cleaned = clean(html) if cleaned is None else cleaned
    return cleaned != html and _events(cleaned) != _events(html)


@dataclass(frozen=True)
class Removal:
    what: str
    fix: str
    needle: str  # a regular expression that finds the construct in the Markdown source


def _scheme(value: str) -> str | None:
    squeezed = re.sub(r"[\x00-\x20]", "", value)
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", squeezed)
    return found[1].lower() if found and found[1].lower() not in URL_SCHEMES else None


def _describe_tag(tag: str, attrs: tuple[tuple[str, str], ...]) -> list[Removal]:
    if tag not in TAGS:
        fix = "remove it (write &lt; for a '<' sign); ask a developer if a page really needs it"
        return [Removal(f"raw HTML <{tag}> is not allowed", fix, rf"<\s*/?\s*{re.escape(tag)}\b")]
    found = []
    for name, value in attrs:
        needle = rf"\b{re.escape(name)}\s*="
        if name.startswith("on"):
            found.append(Removal(f"the HTML event handler '{name}' would run script", "remove the attribute", needle))
        elif name == "style" and "text-align" in value:
            found.append(
                Removal(
                    "table column alignment is written as an inline style, which the security policy blocks",
                    "remove the ':' from the table's |---| line",
                    r"^\s*\|?\s*:?-+:?\s*\|",
                )
            )
        elif name == "style":
            found.append(
                Removal("inline 'style' attributes are blocked by the site's security policy",
                        "remove it; the theme styles the page", needle)
            )  # fmt: skip
        elif name == "class":
            allowed = CLASSES.get(tag, set())
            for name_ in value.split():
                if name_ not in allowed:
                    found.append(
                        Removal(
                            f"the class '{name_}' is not one editors may set on <{tag}>",
                            f"remove it; classes allowed: {', '.join(sorted(EDITOR_CLASSES))} "
                            "(see docs/editors-guide.md)",
                            rf"\.{re.escape(name_)}\b|\b{re.escape(name_)}\b",
                        )
                    )
        elif name not in ATTRIBUTES.get(tag, set()):
            found.append(Removal(f"the attribute '{name}' on <{tag}> is not allowed", "remove the attribute", needle))
        elif name in URL_ATTRIBUTES and (scheme := _scheme(value)):
            found.append(
                Removal(
                    f"a '{scheme}:' address is not allowed (it may run script or hide a page)",
                    "link to a normal http(s) page address instead",
                    rf"{re.escape(scheme)}\s*:",
                )
            )
    return found


def describe_removals(html: str) -> list[Removal]:
    """What in `html` the sanitiser takes out, worded for an editor; may be empty when only the
    browser's parser sees it (the caller then reports the file as a whole)."""
    events, _ = _events(html)
    found: list[Removal] = []
    for event in events:
        kind = event[0]
        if kind == "tag":
            found += _describe_tag(event[1], event[2])
        elif kind == "broken-end":
            found.append(
                Removal(
                    f"the broken end tag {event[2][:30]!r} can hide HTML from the checks",
                    f"write it as </{event[1]}>, or remove it",
                    rf"</\s*{re.escape(event[1])}\b",
                )
            )
        elif kind == "comment":
            found.append(Removal("HTML comments are not published", "delete the comment ('<!-- … -->')", r"<!"))
        else:
            found.append(Removal("CDATA and '<!…>' or '<?…>' declarations are not allowed", "delete it", r"<[!?]"))
    return found


def render_markdown(text: str, settings: Mapping[str, Any]) -> str:
    """The text rendered with the site's Markdown settings (the extensions Pelican's reader uses)."""
    md = _markdown_for(repr(settings.get("MARKDOWN")), settings)
    md.reset()
    return md.convert(text)


_renderers: dict[str, Markdown] = {}


def _markdown_for(key: str, settings: Mapping[str, Any]) -> Markdown:
    """One Markdown instance per configuration, reset between texts: building one costs more than most
    articles take to convert."""
    if key not in _renderers:
        config = dict(settings.get("MARKDOWN") or {})
        extension_configs = dict(config.pop("extension_configs", {}) or {})
        extensions = list(dict.fromkeys([*extension_configs, *(config.pop("extensions", []) or [])]))
        _renderers[key] = Markdown(extensions=extensions, extension_configs=extension_configs, **config)
    return _renderers[key]


def _line_of(lines: list[tuple[int, str]], needle: str, fallback: int) -> int:
    """The first source line that writes the construct; entities and control characters are read the way
    the browser reads them (`jav&#x61;script:` is `javascript:`)."""
    pattern = re.compile(needle, re.I)
    for number, text in lines:
        if pattern.search(text) or pattern.search(re.sub(r"[\x00-\x1f]", "", unescape(text))):
            return number
    return fallback


def sanitiser_problems(
    path: str, html: str, lines: list[tuple[int, str]], fallback_line: int, label: str = ""
) -> list[Problem]:
    """Problems for what the sanitiser would remove from `html`, at the source line that wrote it."""
    if not removes_something(html):
        return []
    removals = describe_removals(html)
    if not removals:
        cleaned = clean(html)
        start = next((i for i, (a, b) in enumerate(zip(html, cleaned, strict=False)) if a != b), len(cleaned))
        snippet = html[start : start + 30].split("\n")[0]
        return [
            Problem(
                path,
                fallback_line,
                f"{label}this text makes HTML a browser would read differently from what was checked "
                f"(near {snippet!r})",
                "write it as plain Markdown; remove the raw HTML",
            )
        ]
    seen: set[tuple[int, str]] = set()
    problems = []
    for removal in removals:
        line = _line_of(lines, removal.needle, fallback_line)
        if (line, removal.what) not in seen:
            seen.add((line, removal.what))
            problems.append(Problem(path, line, f"{label}{removal.what}", removal.fix))
    return problems


def check_rendered(
    source: SourceFile, settings: Mapping[str, Any], header_fields: bool = True, rendering: Rendering | None = None
) -> list[Problem]:
    """The text and the Summary as Pelican will render them, through the sanitiser: the reader's own
    `rendering` of the file when given, else each part rendered here. Campaigns pass
    `header_fields=False`: their Summary is plain text the templates escape."""
    problems = []
    if source.body_lines:
        html = rendering.html if rendering else render_markdown(source.body_text, settings)
        problems += sanitiser_problems(source.path, html, source.body_lines, source.line_of("title"))
    if not header_fields:
        return problems
    formatted = {key.lower() for key in settings.get("FORMATTED_FIELDS", ["summary"])}
    for key, found in source.fields.items():
        if key in formatted and found.value:
            made = rendering.formatted.get(key) if rendering else None
            html = made if made is not None else render_markdown(found.value, settings)
            problems += sanitiser_problems(source.path, html, [(found.line, found.value)], found.line, f"{found.key}: ")
    return problems


def sanitise_content(content: Any) -> None:
    """Inside Pelican (content_object_init): the HTML actually rendered, safe_links and all. The check
    before the build has refused anything the sanitiser removes, so this normally changes nothing (the
    site stays byte for byte the same); if something slips past, it is logged as an error, which fails
    the build, and only the cleaned text is kept."""
    for attribute in ("_content", "_summary"):
        markup = getattr(content, attribute, None)
        if not isinstance(markup, str):
            continue
        cleaned = clean(markup)
        if cleaned == markup:
            continue
        if removes_something(markup, cleaned):
            what = "; ".join(r.what for r in describe_removals(markup)) or "HTML the sanitiser removes"
            logging.getLogger("pelican.content_contract").error(
                "%s: %s — remove it from the text", getattr(content, "source_path", "?"), what
            )
        # Only the sanitiser's HTML is published, even where the difference is mere spelling of the same tags.
        setattr(content, attribute, cleaned)

"""One key per phone number, text sender or web address, whatever form it is written in.

The check page's script (theme/static/js/contact-keys.js) makes the same keys from what a reader types;
tests/unit/test_contact_keys_agree.py runs both over the same inputs, so change the two together.

- phone_key: '021-95533', '(010) 95533', '+86 10 95533' → '95533'; '+86 138 0013 8000', '0086 13800138000'
  → '13800138000'; '021 6123 4567' → '2161234567' (the national number without its leading 0). A short
  service number (3 to 6 digits starting with 1 or 9) is dialled the same in every city, so an area code in
  front of it is dropped; an ordinary landline keeps its area code (the city is not known without it).
- host_key: any address → its host: no scheme, path, query, fragment, port or 'user@' part, no leading
  'www.', no trailing dot, lower case, xn-- labels decoded to the letters they stand for.
- text_key: a sender ID, WeChat account or app name: case, spaces, 【】 brackets and invisible marks do not count.
"""

from __future__ import annotations

import re
import unicodedata

# Characters nobody sees: C0/C1 controls, soft hyphen, zero-width and direction marks, the byte-order mark.
INVISIBLE = "\x00-\x20\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# What people put between digits: spaces (removed above), dashes, dots, brackets, slashes.
_PHONE_SEPARATORS = re.compile(r"[-.()\[\]/\u2010-\u2015\u2212]")
_PHONE = re.compile(r"\+?[0-9]+")
_SHORT_SERVICE = re.compile(r"[19][0-9]{2,5}")  # 110, 12363, 95533, 96110: the same number in every city
_DOTS = re.compile("[\u3002\uff0e\uff61]")  # 。．｡ that Chinese keyboards type for '.'
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//")
_PORT = re.compile(r":[0-9]*$")
_PUNYCODE_LABEL = re.compile(r"xn--[a-z0-9-]*")
_SENDER_BRACKETS = re.compile(r"[【】\[\]〔〕()（）<>《》]")
MAX_LENGTH = 2000  # longer text is no number or address: cut before the work, so huge input stays quick


def _prepared(text: str) -> str:
    """Full-width forms folded (NFKC), lower case, invisible characters removed."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text[:MAX_LENGTH]).lower())


def phone_key(text: str) -> str | None:
    """The number's digits as dialled inside the country without the trunk 0; None when it is no number."""
    digits = _PHONE_SEPARATORS.sub("", _prepared(text))
    if not _PHONE.fullmatch(digits):
        return None
    national, has_area_code = _national(digits)
    if has_area_code:
        area = 2 if national[:2] == "10" or national[:1] == "2" else 3
        rest = national[area:]
        if (national[:1] != "1" or national[:2] == "10") and _SHORT_SERVICE.fullmatch(rest):
            return rest
    return national or None


def _national(digits: str) -> tuple[str, bool]:
    """(the number without country code and trunk 0, whether an area code may lead it)."""
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            return digits[len(prefix) :].lstrip("0"), True
    if digits.startswith("+"):
        return digits[1:], False  # another country: kept as written
    if digits.startswith("86"):
        rest = digits[2:]
        if 10 <= len(rest) <= 11 or re.fullmatch(r"9[56][0-9]{3}", rest):
            return rest, True
    if digits.startswith("0") and not digits.startswith("00"):
        return digits.lstrip("0"), True
    return digits, False


def host_key(text: str) -> str:
    """The host an address points at, as one comparable string ('' when there is none)."""
    address = _DOTS.sub(".", _prepared(text).replace("\\", "/"))
    address = _SCHEME.sub("", address)
    for end in "/?#":
        address = address.split(end, 1)[0]
    host = _PORT.sub("", address.rsplit("@", 1)[-1]).strip(".")
    labels = [_decoded(label) for label in host.split(".")]
    if labels[:1] == ["www"] and len(labels) > 2:
        labels = labels[1:]
    return ".".join(labels)


def _decoded(label: str) -> str:
    """An xn-- label as the letters it stands for; a label that does not decode is kept as written."""
    if not _PUNYCODE_LABEL.fullmatch(label):
        return label
    try:
        letters = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label
    return unicodedata.normalize("NFKC", letters).lower() if letters else label


def text_key(text: str) -> str:
    """A sender name, account or app name without case, spaces, brackets or invisible marks."""
    return _SENDER_BRACKETS.sub("", _prepared(text))


def address_parts_beyond_host(text: str) -> bool:
    """Does an address say more than its host (a path, a query, 'user@')? A spreadsheet's domain must not."""
    address = _SCHEME.sub("", _prepared(text).replace("\\", "/"))
    return "@" in address or any(mark in address.rstrip("/") for mark in "/?#")


_LABEL = re.compile(r"[^\W_](?:[\w-]{0,61}[^\W_])?")


def is_domain(host: str) -> bool:
    """Two or more labels of letters, digits and inner hyphens; a top-level label that is not all digits."""
    labels = host.split(".")
    return len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) and not labels[-1].isdigit()


def is_within(host: str, domain: str) -> bool:
    """host is the domain or one of its sub-domains (login.examplebank.example within examplebank.example)."""
    return host == domain or host.endswith("." + domain)

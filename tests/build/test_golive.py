"""The go-live check (plugins/content_contract/golive.py): make publish refuses the project's sample settings,
naming the line that writes each one; ALLOW_PLACEHOLDERS=1 builds a preview that says so on every page and
leaflet; a local build is never refused."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, PROJECT, BuildResult, copy_content, run_site, serve_directory
from content_contract.golive import address_problem
from content_contract.setting_lines import value_lines, where
from pypdf import PdfReader

NOTICE = "Preview — not the public site"
REAL_SITEURL = "https://guide.harbourbank.cn"
REAL_SETTINGS = f"""from publishconf import *  # noqa: F403
PUBLIC_SITEURL = SITEURL = {REAL_SITEURL!r}
ORGANISATION = "Consumer Protection Office, Harbour Bank"
CUSTOMER_SERVICE = {{
    **CUSTOMER_SERVICE,  # noqa: F405
    "phone": "95599",
    "complaint_address": "8 Harbour Street, Beijing",
}}
I18N_SETTINGS["zh"]["ORGANISATION"] = "港湾银行消费者权益保护办公室"  # noqa: F405
I18N_SETTINGS["zh"]["CUSTOMER_SERVICE"] = {{**CUSTOMER_SERVICE, "complaint_address": "北京市港湾街8号"}}  # noqa: F405
"""


def written_lines(pattern: str) -> list[int]:
    """Lines of pelicanconf.py matching the pattern: where an editor would fix the value."""
    lines = (PROJECT / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if re.search(pattern, line)]


def expected_placeholder_lines() -> list[int]:
    found = (
        written_lines(r'"phone": "400-000-0000"')  # CUSTOMER_SERVICE and the Chinese copy
        + written_lines(r'^\s*"?ORGANISATION"?\s*[:=].*(Example|示例)')
        + written_lines(r'"complaint_address": ".*(Example|示例)')
        + written_lines(r"^PUBLIC_SITEURL = .*example\.org")
    )
    assert len(found) == 7, found  # the sample values pelicanconf.py ships with
    return sorted(found)


def tree(root: Path) -> dict[str, bytes | str]:
    """Every path below root with its bytes (or link target): equal trees mean nothing was touched."""
    return {
        p.relative_to(root).as_posix(): os.readlink(p) if p.is_symlink() else p.read_bytes() if p.is_file() else ""
        for p in sorted(root.rglob("*"))
    }


def error_lines(result: BuildResult) -> list[str]:
    """The error messages of the settings and the --siteurl option (warnings say "warning: ")."""
    return [
        line for line in result.stderr.splitlines() if re.match(r"^(--siteurl|\S+\.py)(:\d+)?: (?!warning: )", line)
    ]


def notices(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [section.get_text(" ", strip=True) for section in soup.select("section.preview-notice")]


def pdf_text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def real_settings(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / "realconf.py"
    settings.write_text(REAL_SETTINGS, encoding="utf-8")
    return settings


def test_publishing_the_sample_settings_is_refused_with_every_placeholder(tmp_path: Path) -> None:
    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    output = tmp_path / "output"
    assert run_site("build", content, output).returncode == 0  # the last good site
    before, folder_before = tree(output), sorted(p.name for p in tmp_path.iterdir())

    refused = run_site("build", content, output, settings="publishconf.py")

    assert refused.returncode != 0
    errors = error_lines(refused)
    assert [int(line.split(":")[1]) for line in errors] == expected_placeholder_lines(), refused.stderr
    assert all(line.startswith("pelicanconf.py:") and " — " in line for line in errors)
    assert sum("'400-000-0000' is the sample customer-service number" in line for line in errors) == 2
    assert "PUBLIC_SITEURL: 'https://portal.example.org' is a sample address (example.org)" in refused.stderr
    assert "SITEURL and FEED_DOMAIN use it too" in refused.stderr
    assert "I18N_SETTINGS['zh']['ORGANISATION']: '示例银行消费者权益保护办公室'" in refused.stderr
    assert "nothing was published" in refused.stderr and "Built" not in refused.stdout
    assert tree(output) == before and sorted(p.name for p in tmp_path.iterdir()) == folder_before


def test_a_settings_file_that_overrides_a_value_is_named_at_its_own_line(tmp_path: Path) -> None:
    settings = tmp_path / "stagingconf.py"
    settings.write_text(
        "from publishconf import *  # noqa: F403\n\nORGANISATION = 'Example Savings Bank'\n", encoding="utf-8"
    )
    result = run_site("check", FIXTURES / "small-site", tmp_path / "output", settings=str(settings))
    assert result.returncode != 0
    assert f"{settings}:3: ORGANISATION: 'Example Savings Bank' is sample text (it says “Example”)" in result.stderr
    organisation, phone = written_lines("^ORGANISATION = ")[0], written_lines('"phone": "400-000-0000"')[0]
    assert f"pelicanconf.py:{organisation}:" not in result.stderr  # overridden by the file above
    assert f"pelicanconf.py:{phone}: CUSTOMER_SERVICE['phone']" in result.stderr


def test_a_settings_file_with_real_values_publishes(tmp_path: Path) -> None:
    settings = real_settings(tmp_path / "settings")
    content = copy_content(FIXTURES / "bilingual", tmp_path / "content")
    result = run_site("build", content, tmp_path / "output", settings=str(settings))
    assert result.returncode == 0, result.stderr
    assert "sample" not in result.stderr and "ALLOW_PLACEHOLDERS" not in result.stderr
    pages = result.html_files()
    assert pages and not any(notices(page) for page in pages)
    home = result.page("/")
    assert home.select_one(".organisation").get_text(strip=True) == "Consumer Protection Office, Harbour Bank"
    assert "95599" in home.get_text() and "400-000-0000" not in home.get_text()
    assert home.find("link", rel="canonical")["href"] == f"{REAL_SITEURL}/"
    for leaflet in sorted(result.output.rglob("*.pdf")):
        assert not any(NOTICE in text for text in pdf_text(leaflet)), leaflet


@pytest.mark.parametrize("address", ["http://127.0.0.1:8123", "http://[::1]:8123", "https://staging.example.com"])
def test_a_siteurl_given_on_the_command_line_is_checked_and_named(tmp_path: Path, address: str) -> None:
    settings = real_settings(tmp_path / "settings")
    result = run_site("build", FIXTURES / "small-site", tmp_path / "output", settings=str(settings), siteurl=address)
    assert result.returncode != 0
    assert error_lines(result) == [line for line in result.stderr.splitlines() if line.startswith("--siteurl: ")]
    assert len(error_lines(result)) == 1, result.stderr
    assert error_lines(result)[0].startswith(f"--siteurl: '{address}' (make publish SITEURL=…) is ")
    assert " — give the public address: make publish SITEURL=https://…" in error_lines(result)[0]
    assert not (tmp_path / "output").exists()


def test_sample_rows_in_the_spreadsheets_are_refused_or_make_a_preview(tmp_path: Path) -> None:
    """Real settings, but official-contacts.csv still has a sample row: refused, or with ALLOW_PLACEHOLDERS a
    build whose every page says it is a preview."""
    settings = real_settings(tmp_path / "settings")
    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    (content / "official-contacts.csv").write_text(
        "kind,value,label\nphone,95599,Customer service\nwebsite,examplebank.example,Online banking\n", encoding="utf-8"
    )
    refused = run_site("build", content, tmp_path / "output", settings=str(settings))
    assert refused.returncode != 0
    assert "official-contacts.csv:3: value: 'examplebank.example' is a sample address" in refused.stderr
    allowed = run_site("build", content, tmp_path / "output", settings=str(settings), allow_placeholders=True)
    assert allowed.returncode == 0, allowed.stderr
    assert "official-contacts.csv:3: warning: value: 'examplebank.example'" in allowed.stderr
    pages = allowed.html_files()
    assert pages and all(notices(page) == [NOTICE] for page in pages)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """make publish ALLOW_PLACEHOLDERS=1 on a bilingual site with leaflets."""
    root = tmp_path_factory.mktemp("preview")
    content = copy_content(FIXTURES / "bilingual", root / "content")
    return run_site("build", content, root / "output", settings="publishconf.py", allow_placeholders=True)


def test_allowed_placeholders_build_with_the_list_as_warnings(preview: BuildResult) -> None:
    assert preview.returncode == 0, preview.stderr
    assert error_lines(preview) == []
    for line in expected_placeholder_lines():
        assert re.search(rf"^pelicanconf\.py:{line}: warning: \S+: '.+' is .+ — ", preview.stderr, re.M), line
    assert "ALLOW_PLACEHOLDERS: built anyway as a preview" in preview.stderr


def test_every_page_of_a_preview_says_so_near_the_top(preview: BuildResult) -> None:
    pages = preview.html_files()
    assert any("/zh/" in page.as_posix() for page in pages)  # both languages
    for page in pages:
        assert len(notices(page)) == 1 and notices(page)[0], page
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        section = soup.select_one("section.preview-notice")
        # Before the header and the main text, outside anything hidden on paper, named for screen readers.
        assert section.find_next("header") is not None and section.find_previous("main") is None, page
        assert section.find_parent(class_=["site-header", "no-print", "print-only"]) is None
        assert soup.find(id=section["aria-labelledby"]).get_text(strip=True) == notices(page)[0]
    assert notices(preview.output / "index.html") == [NOTICE]


def test_every_leaflet_page_of_a_preview_says_so(preview: BuildResult) -> None:
    leaflets = sorted(preview.output.rglob("leaflets/*.pdf"))
    assert leaflets
    for leaflet in leaflets:
        texts = pdf_text(leaflet)
        assert all("Preview" in text or "预览" in text for text in texts), leaflet


def test_the_notice_is_readable_and_kept_on_paper() -> None:
    """Near-black on yellow, contrast at least 4.5:1 (WCAG AA); the print styles do not hide it."""
    css = (PROJECT / "theme/static/css/site.css").read_text(encoding="utf-8")
    block = css[css.index("/* preview notice") :]
    rule = re.search(r"\.preview-notice \{([^}]*)\}", block)[1]
    colours = [re.search(rf"(?<![-\w]){name}: (#[0-9a-fA-F]{{6}})", rule)[1] for name in ("background", "color")]

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted(map(luminance, colours), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5
    hidden_in_print = re.findall(r"@media print \{(.*?)\n\}", css, re.S)
    assert not any(re.search(r"\.preview-notice[^{]*\{[^}]*display:\s*none", part) for part in hidden_in_print)


def test_a_local_build_is_never_refused_and_has_no_notice(tmp_path: Path) -> None:
    result = run_site("build", FIXTURES / "small-site", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert "400-000-0000" not in result.stderr and "ALLOW_PLACEHOLDERS" not in result.stderr
    assert not any(notices(page) for page in result.html_files())


@pytest.mark.parametrize(("value", "passed"), [("1", True), ("", False), ("0", False)])
def test_make_publish_passes_allow_placeholders_on(value: str, passed: bool) -> None:
    done = subprocess.run(
        ["make", "-n", "publish", f"ALLOW_PLACEHOLDERS={value}", "CONTENT=c", "OUTPUT=o"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    publish = next(line for line in done.stdout.splitlines() if "--settings publishconf.py" in line)
    assert ("--allow-placeholders" in publish) is passed


@pytest.mark.browser
def test_the_notice_is_seen_first_on_a_phone_and_on_paper(browser, tmp_path: Path) -> None:
    """At 360 px: above the header, within the screen, no axe violation; kept when the page is printed."""
    from tests.quality.browser_checks import axe_violations
    from tests.quality.gates import AXE_JS

    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    output = tmp_path / "public"
    output.mkdir()
    with serve_directory(output) as base:
        built = run_site("build", content, output, settings="publishconf.py", siteurl=base, allow_placeholders=True)
        assert built.returncode == 0, built.stderr
        # The injected axe script is inline, which the site's policy blocks: bypass it for axe only.
        context = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
        try:
            for path in ("/", "/fraud/fake-police-call/"):
                tab = context.new_page()
                tab.goto(base + path, wait_until="load")
                notice = tab.get_by_role("region", name=NOTICE)
                box, header = notice.bounding_box(), tab.locator("header.site-header").bounding_box()
                assert notice.is_visible() and box and header, path
                assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= header["y"]
                assert axe_violations(tab, AXE_JS) == [], path
                tab.emulate_media(media="print")
                assert notice.is_visible(), f"{path}: hidden on paper"
                tab.close()
        finally:
            context.close()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("https://portal.example.org", "sample address (example.org)"),
        ("https://a.b.EXAMPLE.com/guide", "sample address (example.com)"),
        ("http://example.net:8080", "sample address (example.net)"),
        ("http://localhost:8000", "localhost"),
        ("http://preview.localhost", "localhost"),
        ("http://10.1.2.3", "IP address"),
        ("http://[2001:db8::1]:8123", "IP address"),
        ("https://portal.bank.test", "sample address (.test)"),
        ("", "not a full web address"),
        ("portal.bank.cn", "not a full web address"),
        ("https://notexample.org", None),  # a different domain, not a subdomain of example.org
        ("https://example.org.cn", None),
        ("https://guide.harbourbank.cn", None),
    ],
)
def test_which_addresses_are_refused(address: str, reason: str | None) -> None:
    found = address_problem(address)
    assert (found is None) if reason is None else (found is not None and reason in found), found


def test_a_value_is_found_where_it_is_written_last(tmp_path: Path) -> None:
    (tmp_path / "base.py").write_text('CS = {\n    "phone": "1",\n    "hours": "2",\n}\nURL = "x"\n', encoding="utf-8")
    child = tmp_path / "child.py"
    child.write_text(
        'from base import *\nCS = {**CS, "phone": "3"}\n'
        'I18N = {"zh": {\n  "CS": {"phone": "4"}}}\nI18N["zh"]["NAME"] = "5"\n',
        encoding="utf-8",
    )
    found = value_lines(child)
    assert (where(found, ("CS", "phone")).path, where(found, ("CS", "phone")).line) == (child, 2)
    assert (where(found, ("CS", "hours")).path.name, where(found, ("CS", "hours")).line) == ("base.py", 3)
    assert where(found, ("I18N", "zh", "CS", "phone")).line == 4
    assert where(found, ("I18N", "zh", "NAME")).line == 5
    assert where(found, ("URL",)).line == 5 and where(found, ("URL",)).path.name == "base.py"

"""Red-team findings of issue 13: only public content is published.

One real build of the leaflets fixture (articles, leaflets, outlet packs, outlets.json, search) with a draft,
a hidden article, a hidden page and a staff-only spreadsheet column added: no file and no text of them may
appear anywhere in the output, PDFs (text and attachments) included. One `check` run of a small site with
every way of reaching outside the public content: each is refused with `path:line: what — how to fix`.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, BuildResult, copy_content, run_site
from pypdf import PdfReader

DRAFT_WORD = "zanzibarquokka"  # words no real article holds, so any hit is a leak
HIDDEN_WORD = "hiddenpangolin"
HIDDEN_PAGE_WORD = "hiddenaxolotl"
MOBILE = "13912345678"  # a manager's mobile in a column the build ignores

ARTICLE = """Title: {title}
Date: 2026-05-01
Topic: fraud
Summary: {word} summary.
Reviewed: 2026-09-01
Leaflet: yes
Tags: phone scams
Audience: older-people
Status: {status}
{extra}
Text about the {word} scam.

## What to do

Hang up and call 110. The {word} caller will try again.
"""


def article(title: str, word: str, status: str, extra: str = "") -> str:
    return ARTICLE.format(title=title, word=word, status=status, extra=extra)


def add_column(csv_path: Path, name: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    rows[0].append(name)
    for row in rows[1:]:
        row.append(value)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    csv_path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("public-only")
    content = copy_content(FIXTURES / "leaflets" / "site", root / "content")
    fraud = content / "articles" / "fraud"
    (fraud / "unicorn-draft.md").write_text(article("Draft scam", DRAFT_WORD, "draft"), encoding="utf-8")
    (fraud / "unicorn-draft.zh.md").write_text(
        article("草稿骗局", DRAFT_WORD, "draft", "Lang: zh\nSlug: unicorn-draft\n"), encoding="utf-8"
    )
    (fraud / "pangolin-hidden.md").write_text(article("Hidden scam", HIDDEN_WORD, "hidden"), encoding="utf-8")
    (content / "pages" / "axolotl.md").write_text(
        f"Title: Staff notes\nSummary: {HIDDEN_PAGE_WORD}.\nStatus: hidden\n\nThe {HIDDEN_PAGE_WORD} list.\n",
        encoding="utf-8",
    )
    add_column(content / "outlets.csv", "manager_mobile", MOBILE)
    result = run_site("build", content, root / "output", cache_root=root / "cache")
    assert result.returncode == 0, result.stderr
    return result


def output_texts(output: Path) -> dict[str, str]:
    """Every output file as text: PDFs by their text layer and their embedded files, the rest as bytes read."""
    texts = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(output).as_posix()
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            texts[name] = "\n".join(page.extract_text() or "" for page in reader.pages)
            for attached, contents in reader.attachments.items():
                texts[f"{name}#{attached}"] = b"".join(contents).decode("utf-8", "replace")
        else:
            texts[name] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_no_draft_or_hidden_file_is_written(built: BuildResult) -> None:
    names = [path.relative_to(built.output).as_posix() for path in built.output.rglob("*")]
    assert not [n for n in names if "draft" in n or "unicorn" in n or "pangolin" in n or "axolotl" in n]
    assert (built.output / "fraud" / "fake-police-call" / "index.html").is_file()  # the public one still is


def test_no_text_of_a_draft_or_hidden_article_anywhere(built: BuildResult) -> None:
    texts = output_texts(built.output)
    assert any(name.endswith(".pdf") for name in texts)  # leaflets and packs were read too
    for word in (DRAFT_WORD, HIDDEN_WORD, HIDDEN_PAGE_WORD, "unicorn-draft", "pangolin-hidden"):
        leaks = [name for name, text in texts.items() if word in text.lower()]
        assert leaks == [], f"{word} found in {leaks}"


def test_robots_txt_names_no_private_folder(built: BuildResult) -> None:
    robots = (built.output / "robots.txt").read_text(encoding="utf-8")
    assert "drafts" not in robots and "Disallow: /" not in robots
    assert "Sitemap:" in robots


def test_search_indexes_only_public_pages(built: BuildResult) -> None:
    """Pagefind's bundle is compressed, so check its input: the pages it may index (data-pagefind-body)."""
    indexed = [p for p in built.html_files() if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert indexed
    assert not [p for p in indexed if "draft" in p.as_posix() or "pangolin" in p.as_posix()]


def test_pdfs_embed_no_files(built: BuildResult) -> None:
    pdfs = sorted(built.output.rglob("*.pdf"))
    assert pdfs
    assert {p.name: list(PdfReader(p).attachments) for p in pdfs if PdfReader(p).attachments} == {}


def test_ignored_spreadsheet_columns_are_not_published(built: BuildResult) -> None:
    assert "manager_mobile" in built.stderr  # the editor is told the column is ignored …
    leaks = [name for name, text in output_texts(built.output).items() if MOBILE in text or "manager_mobile" in text]
    assert leaks == []  # … and it is
    assert (built.output / "outlets" / "outlets.json").is_file()


def test_leaflets_load_no_source_text_or_spreadsheet(tmp_path: Path) -> None:
    from leaflets.render import local_path

    for name in ("outlets.csv", "notes.md", "a.png"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    roots = (("https://portal.example.org/", str(tmp_path)),)
    assert local_path("https://portal.example.org/outlets.csv", roots) is None
    assert local_path("https://portal.example.org/notes.md", roots) is None
    assert local_path("https://portal.example.org/a.png", roots) == tmp_path / "a.png"


BAD_LINKS = """
[Outside]({static}../../../outside.txt)

[Outlets as a sheet]({static}/outlets.csv)

[The draft]({filename}secret.md)

<a href="{static}/images/a.png" rel="attachment">Attach</a>
"""


def test_every_way_out_of_the_public_content_is_refused(tmp_path: Path) -> None:
    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    fraud = content / "articles" / "fraud"
    (tmp_path / "outside.txt").write_text("not content", encoding="utf-8")  # exists: only 'outside' is wrong
    (content / "images").mkdir()
    (content / "images" / "a.png").write_bytes(b"\x89PNG")
    os.symlink("/etc/passwd", content / "images" / "passwd.png")
    (content / "images" / "staff.csv").write_text("name,mobile\n", encoding="utf-8")
    (content / "outlets.csv").write_text((FIXTURES / "leaflets" / "site" / "outlets.csv").read_text("utf-8"), "utf-8")
    (fraud / "secret.md").write_text(article("Secret", DRAFT_WORD, "draft"), encoding="utf-8")
    police = fraud / "fake-police-call.md"
    police.write_text(police.read_text(encoding="utf-8") + BAD_LINKS, encoding="utf-8")
    complain = content / "pages" / "how-to-complain.md"
    complain.write_text("Save_as: index.html\n" + complain.read_text(encoding="utf-8"), encoding="utf-8")
    start = len(police.read_text(encoding="utf-8").splitlines()) - BAD_LINKS.count("\n")

    result = run_site("build", content, tmp_path / "output")
    assert result.returncode != 0
    expected = [
        f"{content / 'images' / 'passwd.png'}: this is a link to /etc/passwd, outside the content folder",
        f"{content / 'images' / 'staff.csv'}: '.csv' files in images/ would be published as they are",
        f"{police}:{start + 2}: the link {{static}}../../../outside.txt points outside the content folder",
        f"{police}:{start + 4}: the link {{static}}/outlets.csv would publish a '.csv' file as it is",
        f"{police}:{start + 6}: the link {{filename}}secret.md points to a draft article, which is not published",
        f'{police}:{start + 8}: rel="attachment" would put the linked file inside',
        f"{complain}:1: 'Save_as' would choose where the page is written",
    ]
    missing = [line for line in expected if line not in result.stderr]
    assert missing == [], result.stderr
    assert " — " in result.stderr  # each says how to fix it
    assert "root:" not in result.stderr and not (tmp_path / "output").exists()

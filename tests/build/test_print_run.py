"""`python -m sitebuild print-run`: one leaflet imprinted for every outlet, as a print shop receives it.

Real runs on the leaflets fixture with outlets added (20 and 60 in all), read back with pypdf, pdftotext's
fonts, pdftoppm and zbarimg: the page count and order, every page's outlet, the leaflet stored once, the
page boxes of the A4 leaflet, one city's run, and the refusals that write nothing.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, copy_content, run_python
from leaflets.cache import cache_root
from pypdf import PdfReader
from pypdf.generic import IndirectObject

SITE = FIXTURES / "leaflets" / "site"
PUBLIC = "https://portal.example.org"
LEAFLET = "fake-police-call"
BOXES = ("/MediaBox", "/TrimBox", "/BleedBox")


def with_outlets(folder: Path, total: int) -> Path:
    """The fixture site with generated outlets appended to outlets.csv, `total` outlets in all."""
    content = copy_content(SITE, folder)
    path = content / "outlets.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0])
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        for number in range(total - len(rows)):
            writer.writerow(
                {
                    **dict.fromkeys(fields, ""),
                    "id": f"sz-gusu-{number:03d}",
                    "name": f"Pingjiang Road Outlet {number}",
                    "city": "Suzhou" if number % 2 else "Wuxi",
                    "district": "Gusu",
                    "address": f"{number + 1} Pingjiang Road",
                    "postcode": "215000",
                    "phone": f"0512-6000 {number:04d}",
                    "latitude": "31.31",
                    "longitude": "120.63",
                    "opening_hours": "Mo-Fr 09:00-17:00; Sa-Su off",
                }
            )
    return content


def outlets_of(content: Path) -> list[dict[str, str]]:
    """The rows of outlets.csv in the order the print run promises: province, city, district, id."""
    rows = list(csv.DictReader((content / "outlets.csv").open(encoding="utf-8")))
    return sorted(rows, key=lambda row: (row.get("province", ""), row["city"], row["district"], row["id"]))


def print_run(content: Path, out: Path, cache: Path, *options: str) -> subprocess.CompletedProcess[str]:
    args = ["-m", "sitebuild", "print-run", "--settings", str(PROJECT / "pelicanconf.py"), "--content", str(content)]
    args += ["--leaflet", LEAFLET, "--out", str(out), *options]
    return run_python(args, dict(os.environ, PORTAL_CACHE_ROOT=str(cache)))


def a4_leaflet(content: Path, cache: Path) -> PdfReader:
    """The A4 leaflet the run took from the leaflets cache (the only PDF that run put there)."""
    folder = cache_root({"PATH": str(content), "DEFAULT_LANG": "en", "PORTAL_CACHE_ROOT": str(cache)})
    found = sorted(folder.glob("*/*.pdf"))
    assert len(found) == 1, found
    return PdfReader(found[0])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("print-run")


@pytest.fixture(scope="module")
def runs(root: Path) -> dict[int, tuple[Path, Path]]:
    """outlets → (content, print run), for 20 and 60 outlets."""
    made = {}
    for total in (20, 60):
        content = with_outlets(root / f"content-{total}", total)
        out = root / f"run-{total}.pdf"
        done = print_run(content, out, root / "cache")
        assert done.returncode == 0, done.stderr
        assert "Print run:" in done.stdout
        made[total] = (content, out)
    return made


def font_files(reader: PdfReader) -> set[int]:
    """Object numbers of the embedded font programs anywhere in the file."""
    found = set()
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:
            continue
        if hasattr(obj, "get") and obj.get("/Type") == "/FontDescriptor":
            found.update(obj.raw_get(key).idnum for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in obj)
    return found


def test_every_outlet_gets_the_leaflet_in_region_order_with_its_name_and_phone(runs, root: Path) -> None:
    content, out = runs[60]
    leaflet_pages = len(a4_leaflet(content, root / "cache").pages)
    assert leaflet_pages == 2
    outlets = outlets_of(content)
    reader = PdfReader(out, strict=True)
    assert len(reader.pages) == len(outlets) * leaflet_pages == 120
    for number, page in enumerate(reader.pages):
        outlet = outlets[number // leaflet_pages]
        text = re.sub(r"\s+", " ", page.extract_text())
        assert outlet["name"] in text, (number, text[-400:])
        assert f"Phone: {outlet['phone']}" in text, number
        assert "Read this online" in text or number % leaflet_pages == 0  # the leaflet's own words are there
        assert reader.page_labels[number] == f"{outlet['id']} p.{number % leaflet_pages + 1}"
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_each_outlet_has_a_bookmark_under_its_city(runs) -> None:
    content, out = runs[20]
    outline = PdfReader(out).outline
    cities = [item.title for item in outline if not isinstance(item, list)]
    outlets = [entry.title for item in outline if isinstance(item, list) for entry in item]
    assert len(outlets) == 20 and len(cities) == len({row["city"] for row in outlets_of(content)})
    assert "Financial Street Branch (bj-xicheng-finance)" in outlets
    assert cities[0].startswith("Beijing")


def test_the_leaflet_and_its_fonts_are_stored_once_whatever_the_number_of_outlets(runs) -> None:
    readers = {total: PdfReader(out) for total, (_content, out) in runs.items()}
    for reader in readers.values():
        forms = set()
        for page in reader.pages:
            xobjects = page["/Resources"]["/XObject"]
            forms.update(ref.idnum for name, ref in xobjects.items() if name.startswith("/LeafletPage"))
        assert len(forms) == 2  # one form per leaflet page, shared by every outlet's pages
    assert len(font_files(readers[20])) == len(font_files(readers[60])) > 0
    small, large = (runs[total][1].stat().st_size for total in (20, 60))
    per_outlet = (large - small) / 40
    assert per_outlet < 15_000, f"{per_outlet:.0f} bytes an outlet"
    fonts = subprocess.run(["pdffonts", str(runs[60][1])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows)  # every font embedded


def test_pages_have_the_a4_leaflets_boxes(runs, root: Path) -> None:
    content, out = runs[20]
    source = a4_leaflet(content, root / "cache")
    reader = PdfReader(out)
    for number, page in enumerate(reader.pages):
        original = source.pages[number % len(source.pages)]
        for box in BOXES:
            assert [float(v) for v in page[box]] == [float(v) for v in original[box]], (number, box)


def test_the_code_on_page_2_of_an_outlet_leads_to_that_outlets_page(runs, tmp_path: Path) -> None:
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg is not installed")
    content, out = runs[20]
    outlets = outlets_of(content)
    for index in (0, 7):
        page = index * 2 + 2
        prefix = tmp_path / f"page-{page}"
        subprocess.run(
            ["pdftoppm", "-r", "300", "-gray", "-f", str(page), "-l", str(page), "-singlefile", str(out), str(prefix)],
            check=True,
        )
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sqrcode.enable=1", f"{prefix}.pgm"], capture_output=True, text=True
        )
        codes = sorted(line for line in done.stdout.splitlines() if line)
        assert f"{PUBLIC}/outlets/{outlets[index]['id']}/" in codes, codes
        assert f"{PUBLIC}/fraud/{LEAFLET}/" in codes, codes  # the leaflet's own code still reads


def test_a_city_gives_only_its_outlets(runs, root: Path) -> None:
    content, _out = runs[20]
    out = root / "suzhou.pdf"
    done = print_run(content, out, root / "cache", "--city", "suzhou")
    assert done.returncode == 0, done.stderr
    wanted = [row for row in outlets_of(content) if row["city"] == "Suzhou"]
    reader = PdfReader(out)
    assert len(reader.pages) == 2 * len(wanted) and wanted
    for number, page in enumerate(reader.pages):
        assert wanted[number // 2]["name"] in page.extract_text()
    assert not any("Wuxi" in page.extract_text() or "Financial Street" in page.extract_text() for page in reader.pages)
    # A city written as outlets.csv writes it, in Chinese and Latin letters, matches by its Latin words too.
    shanghai = root / "shanghai.pdf"
    done = print_run(content, shanghai, root / "cache", "--city", "Shanghai")
    assert done.returncode == 0, done.stderr
    assert "Nanjing Road East Branch" in PdfReader(shanghai).pages[0].extract_text()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--leaflet", "fake-polce-call"], 'did you mean "fake-police-call"?'),
        (["--city", "Suzhuo"], 'did you mean "Suzhou"?'),
        (["--lang", "fr"], "use --lang with one of: en"),
    ],
)
def test_a_wrong_leaflet_city_or_language_is_refused_and_nothing_is_written(
    runs, root: Path, options: list[str], said: str
) -> None:
    content, _out = runs[20]
    out = root / "refused" / "run.pdf"
    done = print_run(content, out, root / "cache", *options)  # the later --leaflet wins over the default one
    assert done.returncode == 1
    assert said in done.stderr and "error:" in done.stderr and " — " in done.stderr, done.stderr
    assert not out.exists() and not (out.parent.exists() and any(out.parent.iterdir()))


def test_an_outlet_that_does_not_fit_stops_the_run_and_leaves_the_last_file(root: Path) -> None:
    content = with_outlets(root / "content-long", 3)
    path = content / "outlets.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Wensan Road Outlet", "Wensan Road Outlet " + "and Reading Room " * 30), "utf-8")
    out = root / "kept" / "run.pdf"
    out.parent.mkdir()
    out.write_bytes(b"the last good run")
    done = print_run(content, out, root / "cache")
    assert done.returncode == 1
    assert "outlets.csv:4: the details of outlet 'hz-xihu-wensan' do not fit in the outlet box" in done.stderr
    assert out.read_bytes() == b"the last good run"
    assert [item.name for item in out.parent.iterdir()] == ["run.pdf"]  # no temporary file left behind

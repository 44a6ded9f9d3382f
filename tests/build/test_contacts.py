"""official-contacts.csv and warnings.csv in a real build: /check/ in both files' words, the help box links to
it, and a bad row stops the build with every problem listed and the last good site untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import FIXTURES, copy_content, run_site

CONTACTS = (
    "kind,value,label,notes\nphone,95533,Customer service,Every day\nwebsite,examplebank.example,Online banking,\n"
)
WARNINGS = (
    "kind,value,pretends_to_be,advice,reported,source\nwebsite,refund-center.test,Refund office,Close,2026/4/2,Police\n"
)


def test_check_page_and_a_bad_row_that_stops_the_build(tmp_path: Path) -> None:
    content = copy_content(FIXTURES / "small-site", tmp_path / "content")
    for article in content.rglob("*.md"):  # no printed leaflets: slow, and tested in test_leaflets.py
        article.write_text(re.sub(r"(?im)^leaflet:.*\n", "", article.read_text(encoding="utf-8")), encoding="utf-8")
    (content / "official-contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (content / "warnings.csv").write_text(WARNINGS, encoding="utf-8")
    built = run_site("build", content, tmp_path / "output")
    assert built.returncode == 0, built.stderr
    page = built.page("/check/")
    assert page.select_one("[aria-live=polite][data-verdict]") is not None
    assert page.select_one("label[for=check-query]") and page.select_one("form button[type=submit]")
    assert "refund-center.test" in page.get_text() and "2 April 2026" in page.get_text()
    assert built.page("/rights/complain/").select_one(".help-check a")["href"] == "/check/"
    data = json.loads((built.output / "check" / "contacts.json").read_text(encoding="utf-8"))
    assert [entry["key"] for entry in data["official"]] == ["95533", "examplebank.example"]
    assert "source" not in data["warnings"][0]  # only what the page shows is published

    (content / "warnings.csv").write_text(WARNINGS + "phone,021-95533,Bank,Hang up,15/03/2026,\n", encoding="utf-8")
    failed = run_site("build", content, tmp_path / "output")
    assert failed.returncode == 1
    assert "warnings.csv:3: value: '021-95533' is the same as '95533' on official-contacts.csv line 2" in failed.stderr
    assert "warnings.csv:3: reported: '15/03/2026' puts the year last" in failed.stderr
    assert "2 April 2026" in failed.page("/check/").get_text()  # the last good site is still there

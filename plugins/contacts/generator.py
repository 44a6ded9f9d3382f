"""Writes /check/ ("Is it really us?") and the data its script answers from, /check/contacts.json.

`generate_context` reads (and refuses files with errors) and puts `official_contacts` and
`contact_check_url` into the context: the help box links to the page, leaflets print the official
numbers. Without official-contacts.csv the settings' customer-service number and public address are the
official list (reader.contacts_from_settings); nothing is written only when even those are missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from i18n.dates import human_date_for
from pelican.generators import Generator
from portal.problems import ContentProblems
from portal.run import run_of

from .model import CHECK_URL, DATA_FILE, Contact, Warning, by_kind
from .reader import read_contact_files

ANTI_FRAUD_DIGITS = "96110"  # the national anti-fraud line, looked up in HOTLINES by its digits


def anti_fraud_hotline(hotlines: list[dict[str, str]]) -> dict[str, str] | None:
    return next((line for line in hotlines if re.sub(r"\D", "", str(line.get("phone", ""))) == ANTI_FRAUD_DIGITS), None)


def page_data(official: list[Contact], warnings: list[Warning], lang: str) -> dict[str, Any]:
    """What the check page's script compares with: keys made by the build, texts in the run's language."""
    human_date = human_date_for(lang)
    return {
        "official": [entry.shown(lang) for entry in official],
        "warnings": [entry.shown(lang, human_date(entry.reported)) for entry in warnings],
    }


class ContactsGenerator(Generator):
    """The check page, from content/official-contacts.csv and content/warnings.csv."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.autoescape = True  # spreadsheet text is always shown as text
        self.official: list[Contact] = []
        self.warnings: list[Warning] = []

    def generate_context(self) -> None:
        run = run_of(self.settings)
        lists = read_contact_files(Path(self.settings["PATH"]), self.settings, run.today)
        if any(problem.is_error for problem in lists.problems):
            raise ContentProblems(list(lists.problems))
        self.official, self.warnings = list(lists.official), list(lists.warnings)
        self.context["official_contacts"] = [entry.shown(run.language) for entry in self.official]
        self.context["contact_check_url"] = CHECK_URL if self.official else None

    def generate_output(self, writer: Any) -> None:
        if not self.official:
            return
        lang = run_of(self.settings).language
        folder = Path(self.output_path) / CHECK_URL
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(page_data(self.official, self.warnings, lang), ensure_ascii=False, sort_keys=True)
        (folder / DATA_FILE).write_text(data, encoding="utf-8")
        human_date = human_date_for(lang)
        writer.write_file(
            f"{CHECK_URL}index.html",
            self.get_template("check"),
            self.context,
            official_by_kind=by_kind(self.official),
            warnings_by_kind=by_kind(self.warnings),
            lang_code=lang,
            reported_dates={entry.line: human_date(entry.reported) for entry in self.warnings},
            anti_fraud=anti_fraud_hotline(list(self.settings.get("HOTLINES") or [])),
            data_url=f"{CHECK_URL}{DATA_FILE}",
            page_name=CHECK_URL,
            url=CHECK_URL,
        )

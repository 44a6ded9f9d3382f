"""Template filters: formatting only, no lookups."""

from __future__ import annotations

from i18n.dates import human_date_for
from markupsafe import Markup


def print_targets(content_html: str, public_siteurl: str) -> Markup:
    """Site-relative links carry the public address for paper: site.css @media print prints
    attr(data-print-site) before the href, so a printed page names https://…/fraud/x/, not /fraud/x/."""
    return Markup(str(content_html).replace(' href="/', f' data-print-site="{public_siteurl}" href="/'))


# English dates until the i18n plugin installs the run's own language.
human_date = human_date_for("en")

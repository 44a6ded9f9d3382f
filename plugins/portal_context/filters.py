"""Template filters: formatting only, no lookups."""

from __future__ import annotations

from i18n.dates import human_date_for

# English dates until the i18n plugin installs the run's own language.
human_date = human_date_for("en")

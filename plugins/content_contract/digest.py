"""Moved to portal.digest (every cache of the build uses it, not only the content contract).

Kept so sitebuild/settings.py goes on working until it imports portal.digest itself.
"""

from __future__ import annotations

from portal.digest import VOLATILE_SETTINGS, code_digest, settings_text, stable

__all__ = ["VOLATILE_SETTINGS", "code_digest", "settings_text", "stable"]

"""Pictures in articles and pages: checked before the build (checks.py, called by the content
contract), given sizes and variants in the HTML (rewrite.py), published without location data
(publish.py, a post-build step)."""

from __future__ import annotations

from pelican import signals

from .publish import post_build
from .rewrite import rewrite_content

POST_BUILD_ORDER = 20  # after i18n (10), before search and publishing read or fingerprint the files

__all__ = ["POST_BUILD_ORDER", "post_build", "register"]


def register() -> None:
    signals.content_object_init.connect(rewrite_content)

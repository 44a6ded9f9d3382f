"""The content contract: checks every article and page, then gives templates typed metadata.

`check_content(settings)` is the reading-and-checking half (used by `make check` and
before every build); `register()` connects the half that runs inside Pelican.
"""

from __future__ import annotations

from .check import check_content_folder as check_content
from .metadata import register

__all__ = ["check_content", "register"]

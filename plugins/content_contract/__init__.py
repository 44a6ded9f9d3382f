"""The content contract: checks every article and page, then gives templates typed metadata.

Wiring only. check.check_content_folder is the reading-and-checking half (make check and before every
build; listed in sitebuild/pipeline.py); metadata.py is the half that runs inside Pelican.
Other plugins and sitebuild use content_contract.public only.
"""

from __future__ import annotations

from .metadata import register

__all__ = ["register"]

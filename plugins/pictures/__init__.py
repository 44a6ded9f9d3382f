"""Pictures in articles and pages: checked before the build (checks.py, called by the content
contract), given sizes and variants in the HTML (rewrite.py), published without location data
(publish.post_build, a post-build step listed in sitebuild/pipeline.py).

Wiring only. Public modules: pictures.checks (the content contract runs check_pictures on the files it
has read) and pictures.variants (leaflets print the original without its location data).
"""

from __future__ import annotations

from pelican import signals

from .rewrite import rewrite_content


def register() -> None:
    signals.content_object_init.connect(rewrite_content)

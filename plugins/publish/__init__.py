"""Publishing: with PUBLISH_OPTIMISE (publishconf.py) the finished site gets fingerprinted CSS/JS,
minified HTML/CSS/JS and precompressed .gz/.br files. Local builds skip it to stay fast and readable.

Wiring only: all the work is the last post-build step (steps.py, listed in sitebuild/pipeline.py),
so it covers every file other plugins wrote (pages, PDFs, the search index, sitemap and feeds).
"""


def register() -> None:
    """Nothing to connect inside Pelican."""

"""Settings for the public site: only what differs from pelicanconf.py.

`make publish SITEURL=https://…` overrides SITEURL and PUBLIC_SITEURL.
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

SITEURL = PUBLIC_SITEURL  # noqa: F405  absolute addresses in every link, feed and sitemap
RELATIVE_URLS = False
GO_LIVE_CHECK = True  # refuse sample values (400-000-0000, "Example", example.org…): docs/publishing.md
PUBLISH_OPTIMISE = True  # fingerprinted CSS/JS names, minified HTML/CSS/JS, .gz and .br beside text files

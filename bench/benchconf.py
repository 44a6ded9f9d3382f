"""The portal's settings without the leaflet stage: benchmark (a) compares page building with plain Pelican."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pelicanconf import *  # noqa: F403

PLUGINS = [name for name in PLUGINS if name != "leaflets"]  # noqa: F405

"""Build orchestration: check everything, build into a staging folder, swap in on success."""

import sys
from pathlib import Path

# The plugins folder holds the checks the build runs before Pelican starts.
_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

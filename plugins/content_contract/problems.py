"""Moved to portal.problems (shared by every check of the build, not only the content contract).

Kept so the callers outside this package (sitebuild/, leaflets/, campaigns/generator.py and packs.py)
go on working until they import portal.problems themselves.
"""

from __future__ import annotations

from portal.problems import ContentProblems, Problem, Severity, display_path, sort_problems, warning

__all__ = ["ContentProblems", "Problem", "Severity", "display_path", "sort_problems", "warning"]

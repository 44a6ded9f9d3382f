"""What a build publishes, file by file, to prove a change of code leaves the output byte-identical.

    python scripts/output_manifest.py write before.json      # build every site, record each file's digest
    python scripts/output_manifest.py write after.json       # ... after the change
    python scripts/output_manifest.py compare before.json after.json

The sites: the project's content and each fixture site the tests build. Every build starts from an empty
cache and runs with the same SOURCE_DATE_EPOCH, so "today" and the PDFs' dates are the same in both runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
SITES = {
    "project": PROJECT / "content",
    "small-site": FIXTURES / "small-site",
    "bilingual": FIXTURES / "bilingual",
    "leaflets": FIXTURES / "leaflets" / "site",
    "campaigns": FIXTURES / "campaigns" / "content",
}
EPOCH = "1794009600"  # 2026-11-06 00:00 UTC: any fixed moment will do


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(name: str, content: Path, work: Path) -> dict[str, str]:
    output = work / name / "output"
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PORTAL_CACHE_ROOT=str(work / name / "cache"))
    command = [sys.executable, "-m", "sitebuild", "build", "--content", str(content), "--output", str(output)]
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{name}: the build failed\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return digests(output.resolve())


def write(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="manifest-") as work:
        manifest = {name: build(name, content, Path(work)) for name, content in SITES.items()}
    target.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{target}: {sum(len(files) for files in manifest.values())} files in {len(manifest)} sites")


def compare(before_path: Path, after_path: Path) -> int:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    differences = 0
    for site in sorted(set(before) | set(after)):
        old, new = before.get(site, {}), after.get(site, {})
        for path in sorted(set(old) | set(new)):
            if old.get(path) != new.get(path):
                state = "only before" if path not in new else "only after" if path not in old else "differs"
                print(f"{site}: {path}: {state}")
                differences += 1
    print(f"{differences} difference(s)" if differences else "byte-identical")
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("write").add_argument("target", type=Path)
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.target)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())

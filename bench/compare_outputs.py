"""Whether two ``redactor redact`` output folders hold the same outputs, byte for byte.

    .venv/bin/python bench/compare_outputs.py OLD_OUT NEW_OUT

For a change meant to change no behaviour (a refactor): redact the same inputs with the code
before and after it, then compare. Every file must be identical except ``audit.jsonl`` (it
holds the time of each run) and the ``report_version`` value of each report; the manifest's
rows are compared as a set, since with ``--workers`` they are written in the order files
finished. Prints one line per difference and a count; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_VERSION = re.compile(rb'"report_version": \d+')


def comparable(path: Path) -> bytes:
    """The bytes of ``path`` that must match: a manifest's rows sorted, a report's version out.

    >>> _VERSION.sub(b"", b'{"report_version": 2, "x": 1}')
    b'{, "x": 1}'
    """
    data = path.read_bytes()
    if path.name.startswith("manifest"):
        return b"".join(sorted(data.splitlines(keepends=True)))
    if path.name.endswith(".report.json"):
        return _VERSION.sub(b"", data)
    return data


def differences(old: Path, new: Path) -> tuple[int, list[str]]:
    """How many files are the same, and a line for each one that is not (or is in one only)."""
    names = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
    names |= {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    same, problems = 0, []
    for name in sorted(names):
        if name.name.startswith("audit"):
            continue
        if not (old / name).is_file() or not (new / name).is_file():
            problems.append(f"only in one folder: {name}")
        elif comparable(old / name) != comparable(new / name):
            problems.append(f"differs: {name}")
        else:
            same += 1
    return same, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args()
    same, problems = differences(args.old, args.new)
    for line in problems:
        print(line)
    print(f"{same} identical, {len(problems)} different")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare two published snapshots table by table: same tables, same columns, same rows.

Rows are compared as sets (both sides sorted by every comparable column), floats to a relative
and absolute tolerance of 1e-9, lists as lists. A column present on one side only is reported,
not failed, with `--allow-new-columns` (a refactor may add columns; it may not change old ones).

Usage:  python scripts/compare_snapshots.py BEFORE_DIR AFTER_DIR [--allow-new-columns]
Exit 0 when equal, 1 with one line per difference otherwise.

The comparison itself is `bench.snapshots` (shared with the tests and benchmarks).

May import: the standard library, `bench.snapshots`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.snapshots import snapshot_differences, table_differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--allow-new-columns", action="store_true")
    args = parser.parse_args()
    differences = snapshot_differences(args.before, args.after, args.allow_new_columns)
    for name, problems in differences.items():
        print(f"{name}: {'equal' if not problems else '; '.join(problems)}")
    return 1 if any(differences.values()) else 0


__all__ = ["snapshot_differences", "table_differences"]

if __name__ == "__main__":
    sys.exit(main())

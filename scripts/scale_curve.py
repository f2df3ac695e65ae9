"""Fit the time and memory curve of scale-benchmark results and project it to a larger size.

Usage:  python scripts/scale_curve.py RESULT.json RESULT.json [...] [--to 10000000]
        [--output bench/reference/scale-curve.json]
Prints the curve as JSON (and writes it to --output when given). The fit is `bench.scale_curve`.

May import: the standard library, `bench.scale_curve`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.scale_curve import scale_curve_of_files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--to", type=int, default=10_000_000, help="source records to project to")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    curve = scale_curve_of_files(args.results, args.to)
    text = json.dumps(curve, indent=2)
    if args.output:
        args.output.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

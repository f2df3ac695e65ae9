"""Score the pay and place normalizers on the labeled sets written for issue #11.

Usage (from a checkout whose code is to be scored; the labeled sets are read beside this
script, so an older checkout can be scored against the same labels):

    python scripts/score_pay_places.py [--misses]
    cd /tmp/base && /work/main/.venv/bin/python /work/main/scripts/score_pay_places.py

Pay (`tests/fixtures/labeled/pay.yml`, `pay_world.yml`, `pay_wild.yml`): per class, n, the share
whose amounts, currency and period are exact ("amounts"), and the share that also has the right
pay_kind ("with kind"; code without `pay_kind` counts as "base"; a label without one, as in
pay.yml, takes any). Places (`places.yml`, `places_world.yml`, `places_wild.yml`): per class, n and
the share of rows whose every labeled field is right; then per field. Cities are compared case-
and accent-insensitively; a missing output key counts as null (false for is_hybrid). A row
without a class counts in class "all". `--set NAME` scores only the named sets.

May import: the standard library, yaml, and `analytics.normalize` of the checkout it runs in.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

LABELED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "labeled"


def labeled_sets(kind: str, first: tuple[str, ...]) -> tuple[str, ...]:
    """The labeled sets of one kind: `first` in that order, then any other `<kind>_*.yml`."""
    others = sorted(p.name for p in LABELED.glob(f"{kind}_*.yml") if p.name not in first)
    return first + tuple(others)


PAY_SETS = labeled_sets("pay", ("pay.yml", "pay_world.yml", "pay_wild.yml"))
PLACE_SETS = labeled_sets("places", ("places.yml", "places_world.yml", "places_wild.yml"))
PAY_FIELDS = ("min", "max", "currency", "period")


def _same_amount(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(float(got), float(want), rel_tol=1e-6, abs_tol=1e-6)


def pay_hits(got: dict[str, Any] | None, want: dict[str, Any] | None) -> tuple[bool, bool]:
    """(amounts, currency and period right; and pay_kind right too)."""
    if want is None:
        return got is None, got is None
    if got is None:
        return False, False
    amounts = (
        _same_amount(got.get("min"), want["min"])
        and _same_amount(got.get("max"), want["max"])
        and got.get("currency") == want["currency"]
        and got.get("period") == want["period"]
    )
    kind = want.get("pay_kind")
    return amounts, amounts and (kind is None or (got.get("pay_kind") or "base") == kind)


def _fold(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def place_field_hit(field: str, got: dict[str, Any], want: Any) -> bool:
    value = got.get(field)
    if field == "is_hybrid" and value is None:
        value = False
    if field == "city":
        return _fold(value) == _fold(want)
    return value == want


def _table(title: str, rows: dict[str, list[tuple[bool, ...]]], columns: tuple[str, ...]) -> str:
    lines = [title, f"  {'class':<18} {'n':>4}  " + "  ".join(f"{c:>10}" for c in columns)]
    total: list[tuple[bool, ...]] = []
    for name in sorted(rows):
        hits = rows[name]
        total += hits
        shares = [sum(h[i] for h in hits) / len(hits) for i in range(len(columns))]
        lines.append(f"  {name:<18} {len(hits):>4}  " + "  ".join(f"{s:>10.3f}" for s in shares))
    shares = [sum(h[i] for h in total) / len(total) for i in range(len(columns))]
    lines.append(f"  {'ALL':<18} {len(total):>4}  " + "  ".join(f"{s:>10.3f}" for s in shares))
    return "\n".join(lines)


def score_pay(name: str, show_misses: bool) -> str:
    from analytics.normalize import parse_salary

    cases = yaml.safe_load((LABELED / name).read_text(encoding="utf-8"))
    rows: dict[str, list[tuple[bool, ...]]] = defaultdict(list)
    misses = []
    for case in cases:
        got = parse_salary(case["text"], case["country"])
        hit = pay_hits(got, case["expected"])
        kind = case.get("kind", "all")
        rows[kind].append(hit)
        if not hit[1]:
            misses.append(f"  [{kind}] {case['text']!r} ({case['country']}): {got}")
    out = _table(f"pay ({name})", rows, ("amounts", "with kind"))
    return out + ("\n" + "\n".join(misses) if show_misses and misses else "")


def score_places(name: str, show_misses: bool) -> str:
    from analytics.normalize import parse_location

    cases = yaml.safe_load((LABELED / name).read_text(encoding="utf-8"))
    rows: dict[str, list[tuple[bool, ...]]] = defaultdict(list)
    fields: dict[str, list[tuple[bool, ...]]] = defaultdict(list)
    misses = []
    for case in cases:
        hints = case.get("hints") or {}
        got = parse_location(
            case["text"], hints.get("city"), hints.get("region"), hints.get("country"),
            hints.get("remote"),
        )  # fmt: skip
        ok = True
        for field, want in case["expect"].items():
            hit = place_field_hit(field, got, want)
            fields[field].append((hit,))
            ok = ok and hit
        kind = case.get("kind", "all")
        rows[kind].append((ok,))
        if not ok:
            misses.append(f"  [{kind}] {case['text']!r} {hints}: {got}")
    out = _table(f"places ({name}), rows with every labeled field right", rows, ("rows",))
    out += "\n" + _table("places, per field (n = rows labeling the field)", fields, ("right",))
    return out + ("\n" + "\n".join(misses) if show_misses and misses else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the rows scored wrong")
    parser.add_argument(
        "--set", action="append", choices=PAY_SETS + PLACE_SETS, help="score only this set"
    )
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())  # score the checkout we run in
    chosen = args.set or PAY_SETS + PLACE_SETS
    outputs = [score_pay(name, args.misses) for name in PAY_SETS if name in chosen]
    outputs += [score_places(name, args.misses) for name in PLACE_SETS if name in chosen]
    print("\n\n".join(outputs))


if __name__ == "__main__":
    main()

"""`out_claims`: published ML/AI career-guide figures next to the closest number in our data.

One row per claim of the table "Published claims to check" in metrics.md (the records of
`analytics/taxonomy/claims.yml`, in their order): claim text, published figure as text, source
as cited, what we measured, value with a 95% interval, unit, n, verdict and a note.

Verdict rules (`verdict`):
- a claimed range [a, b] is "consistent" when our 95% interval overlaps it (our point inside it
  when we have no interval), "higher" / "lower" when our interval lies entirely above / below;
  an open range ("$220-350K+", "90%+") has no upper bound;
- a point claim is "consistent" when inside our interval, or within 10% of our value when we
  have no interval (the note says so);
- "not measurable" when the data holds no estimate (missing, suppressed or rolled-up cell).
Claims with several levels (entry / mid / senior, plus India's average) are one row: every
level is evaluated, the row shows the level farthest from its claim (relative distance of our
value to the claimed range), its verdict, value and n, and the note lists every level.

The claims are data: `analytics/taxonomy/claims.yml` holds one record per row (id, claim,
figure, source, what we measured, unit, note) and names, for each compared quantity, a measure
function of `analytics.marts.claim_measures` (which says how each quantity is measured) with
its parameters. This module reads and checks the records, judges each claim and assembles the
mart. The pay bands are read in the published window, demand-to-supply from the talent pool
(skill rows), published premium estimates from the control ladder (`out_premium_ladder`, the
rung matching each study's method; the row names it in ladder_skill_id / ladder_rung).
`genai_ids` and `demand` are accepted so every mart has the same inputs; no claim
uses them yet.

May import: polars, pyyaml, `contract`, `analytics.marts.claim_measures` and
`analytics.marts.pay_bands`.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics.marts.claim_measures import INF, MEASURES, ClaimInputs, Measured, Part
from analytics.marts.pay_bands import PUBLISHED_WINDOW
from contract.vocab import ALL, TALENT_POOL_SUPPLY

CLAIMS_PATH = Path(__file__).resolve().parents[1] / "taxonomy" / "claims.yml"
NO_INTERVAL_TOLERANCE = 0.10
CLAIMS_SCHEMA = {
    "claim_id": pl.Int64,
    "claim": pl.String,
    "figure": pl.String,
    "source": pl.String,
    "measure": pl.String,
    "value": pl.Float64,
    "value_lo": pl.Float64,
    "value_hi": pl.Float64,
    "unit": pl.String,
    "n": pl.Int64,
    "verdict": pl.String,
    "note": pl.String,
    "ladder_skill_id": pl.String,
    "ladder_rung": pl.Int64,
}


def verdict(part: Part) -> tuple[str, str]:
    """(verdict, note) for one part, by the rules in the module docstring."""
    if part.value is None:
        return "not measurable", part.why or "no estimate in the data"
    has_interval = part.lo is not None and part.hi is not None
    lo, hi = (part.lo, part.hi) if has_interval else (part.value, part.value)
    if part.claim_lo == part.claim_hi and not has_interval:
        claim = part.claim_lo
        if abs(part.value - claim) <= NO_INTERVAL_TOLERANCE * abs(part.value):
            return "consistent", "no interval: within 10% of our value"
        return ("higher" if part.value > claim else "lower"), "no interval: compared within 10%"
    if lo > part.claim_hi:
        return "higher", ""
    if hi < part.claim_lo:
        return "lower", ""
    if part.strict and (lo < part.claim_lo or hi > part.claim_hi):
        return "not measurable", "the interval straddles the claimed bound: the data cannot tell"
    return "consistent", "" if has_interval else "no interval: our point inside the claimed range"


def _distance(part: Part) -> float:
    """Relative distance of our value to the claimed range (0 inside; inf when unmeasured)."""
    if part.value is None:
        return INF
    if part.value < part.claim_lo:
        return (part.claim_lo - part.value) / max(abs(part.claim_lo), 1e-9)
    if part.value > part.claim_hi:
        return (part.value - part.claim_hi) / part.value
    return 0.0


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _part_summary(part: Part) -> str:
    """ "senior: 185,000 (n=412, supported)", or "entry: not measurable (n=3)" / "entry: not
    measurable" for a part without a value (it read "entry: n/a (n=n/a, not measurable)")."""
    if part.value is None:
        counted = f" (n={part.n})" if part.n is not None else ""
        return f"{part.label}: not measurable{counted}"
    counted = f"n={part.n}, " if part.n is not None else ""
    return f"{part.label}: {_fmt(part.value)} ({counted}{verdict(part)[0]})"


def _summary(parts: list[Part]) -> str:
    return "; ".join(_part_summary(p) for p in parts)


def evaluate(parts: list[Part]) -> dict:
    """The row values for a claim from its parts (the worst part when there are several)."""
    measured = [p for p in parts if p.value is not None]
    worst = max(measured, key=_distance) if measured else parts[0]
    result, note = verdict(worst)
    if len(parts) > 1 and measured:
        note = f"worst level {worst.label}. " + _summary(parts) + (f". {note}" if note else "")
    elif len(parts) > 1:  # no level measured: no worst one to name
        levels = ", ".join(f"{p.label} (n={p.n})" if p.n is not None else p.label for p in parts)
        note = f"no level measurable: {levels}" + (f". {note}" if note else "")
    return {
        "value": worst.value,
        "value_lo": worst.lo,
        "value_hi": worst.hi,
        "n": worst.n,
        "verdict": result,
        "note": note,
    }


# ---- the claim records -----------------------------------------------------------------------

_RECORD_FIELDS = ("id", "claim", "figure", "source", "measure", "unit", "note", "parts")


@dataclass(frozen=True)
class ClaimRecord:
    """One published claim: its texts and the measures (name, parameters) it is compared with."""

    id: int
    claim: str
    figure: str
    source: str
    measure: str
    unit: str
    note: str
    parts: tuple[tuple[str, dict[str, Any]], ...]


def _measure_spec(spec: Any, where: str) -> tuple[str, dict[str, Any]]:
    """(measure name, parameters) of one `- name: {parameters}` item; raises naming the claim
    when the measure is unknown or its parameters do not fit the function."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise ValueError(f"{where}: each part is one `measure_name: {{parameters}}` mapping")
    ((name, params),) = spec.items()
    if name not in MEASURES:
        raise ValueError(f"{where}: unknown measure {name!r} (known: {', '.join(MEASURES)})")
    if not isinstance(params, dict):
        raise ValueError(f"{where}: the parameters of {name} must be a mapping")
    try:
        inspect.signature(MEASURES[name]).bind(None, **params)
    except TypeError as error:
        raise ValueError(f"{where}: {name}: {error}") from error
    return name, params


def parse_claim_records(document: Any) -> tuple[ClaimRecord, ...]:
    """Validated claim records from a parsed claims.yml document (a list of mappings)."""
    if not isinstance(document, list) or not document:
        raise ValueError(f"{CLAIMS_PATH.name}: expected a non-empty list of claim records")
    records = []
    for position, entry in enumerate(document, start=1):
        where = f"{CLAIMS_PATH.name} claim #{position}"
        if not isinstance(entry, dict) or sorted(entry) != sorted(_RECORD_FIELDS):
            raise ValueError(f"{where}: needs exactly the fields {', '.join(_RECORD_FIELDS)}")
        if entry["id"] != position:
            raise ValueError(f"{where}: id {entry['id']!r}, expected {position} (file order)")
        texts = [entry[f] for f in _RECORD_FIELDS[1:-1]]
        if not all(isinstance(t, str) for t in texts):
            raise ValueError(f"{where}: claim, figure, source, measure, unit, note are text")
        if not isinstance(entry["parts"], list) or not entry["parts"]:
            raise ValueError(f"{where}: parts must be a non-empty list")
        parts = tuple(_measure_spec(spec, where) for spec in entry["parts"])
        records.append(ClaimRecord(position, *texts, parts=parts))
    return tuple(records)


@cache
def claim_records() -> tuple[ClaimRecord, ...]:
    """The project's claims, read once."""
    return parse_claim_records(yaml.safe_load(CLAIMS_PATH.read_text(encoding="utf-8")))


# ---- the mart --------------------------------------------------------------------------------


def measured(record: ClaimRecord, inputs: ClaimInputs) -> Measured:
    """Every part of a claim, measured, with the notes of the measures."""
    results = [MEASURES[name](inputs, **params) for name, params in record.parts]
    ladders = [result.ladder for result in results if result.ladder is not None]
    return Measured(
        parts=[part for result in results for part in result.parts],
        notes=[note for result in results for note in result.notes],
        ladder=ladders[0] if ladders else None,
    )


def out_claims(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    premiums: pl.DataFrame,
    pay_bands: pl.DataFrame,
    demand: pl.DataFrame,
    demand_supply: pl.DataFrame,
    premium_ladder: pl.DataFrame | None = None,
) -> pl.DataFrame:
    del genai_ids, demand  # same inputs as the other marts; see the module docstring
    if "window" in pay_bands.columns:  # the published window, not the year before
        pay_bands = pay_bands.filter(pl.col("window") == PUBLISHED_WINDOW)
    if "supply_source" in demand_supply.columns:  # counted candidates, not the estimate
        demand_supply = demand_supply.filter(pl.col("supply_source") == TALENT_POOL_SUPPLY)
    if "role_family" in demand_supply.columns:
        demand_supply = demand_supply.filter(pl.col("role_family") == ALL)
    ladder = premium_ladder if premium_ladder is not None else pl.DataFrame()
    inputs = ClaimInputs(postings, posting_skills, premiums, pay_bands, demand_supply, ladder)
    rows = []
    for record in claim_records():
        result = measured(record, inputs)
        row = evaluate(result.parts)
        notes = [n for n in (row.pop("note"), record.note, *result.notes) if n]
        rows.append(
            {
                "claim_id": record.id,
                "claim": record.claim,
                "figure": record.figure,
                "source": record.source,
                "measure": record.measure,
                "unit": record.unit,
                **row,
                "note": ". ".join(notes),
                "ladder_skill_id": None if result.ladder is None else result.ladder[0],
                "ladder_rung": None if result.ladder is None else result.ladder[1],
            }
        )
    return pl.DataFrame(rows, schema=CLAIMS_SCHEMA)

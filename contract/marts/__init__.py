"""One record per published table: its grain, key columns, columns (kind, unit, description),
suppression thresholds and the order the build writes its rows in.

Every other statement of a mart's shape derives from `MARTS`: the snapshot manifest, the grain
checks, publish's sort order and schema check, the read API's views and column checks, the "Data
& methods" page and the README's marts table (`skillmarket docs --write`).

Column kinds: text, integer, number (integer or float), boolean, date, text_list.
`read` says what the app's read API needs of a column: `required` (a snapshot without it is
refused), `optional` (read when present, else `read_default` or null: snapshots built before
the column existed), `published` (written by the build, not read by the app).

May import: the standard library only.
"""

from __future__ import annotations

from typing import Final

from contract.marts import advisor, coverage, demand, pay, premiums, published, supply
from contract.marts.coverage import COVERAGE_COUNTRIES
from contract.marts.premiums import GENAI_INTENSITY, PREMIUM_CONTROLS, PREMIUM_RUNGS
from contract.marts.records import Column, ColumnKind, Mart, ReadNeed, Threshold

__all__ = [
    "COVERAGE_COUNTRIES",
    "GENAI_INTENSITY",
    "MARTS",
    "MART_BY_NAME",
    "PREMIUM_CONTROLS",
    "PREMIUM_RUNGS",
    "PUBLISHED_TABLES",
    "Column",
    "ColumnKind",
    "Mart",
    "ReadNeed",
    "Threshold",
    "mart",
]

# Every published table, in the order the build publishes and the docs list them.
MARTS: Final[tuple[Mart, ...]] = (
    demand.OUT_SKILL_DEMAND_MONTHLY,
    premiums.OUT_SKILL_PREMIUMS,
    premiums.OUT_PREMIUM_LADDER,
    premiums.OUT_PREMIUM_DECOMPOSITION,
    premiums.OUT_PREMIUM_SAMPLE,
    pay.OUT_PAY_BANDS,
    supply.OUT_DEMAND_SUPPLY,
    published.SKILLS,
    demand.OUT_EMERGING_SKILLS,
    advisor.OUT_SKILL_ADVISOR,
    published.OUT_CLAIMS,
    published.OUT_POSTINGS,
    advisor.OUT_ADVISOR_TARGETS,
    pay.OUT_POSTING_PAY,
    published.OUT_MARKET_CONTEXT,
    coverage.OUT_POSTING_DURATIONS,
    coverage.OUT_COVERAGE,
    coverage.OUT_COVERAGE_GAPS,
    coverage.OUT_WEIGHT_CELLS,
    coverage.OUT_WEIGHTED_FIGURES,
)

MART_BY_NAME: Final = {mart.name: mart for mart in MARTS}
PUBLISHED_TABLES: Final[tuple[str, ...]] = tuple(MART_BY_NAME)


def mart(name: str) -> Mart:
    """The record of the published table `name`; a KeyError names the known tables."""
    try:
        return MART_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown mart {name!r} (known: {', '.join(MART_BY_NAME)})") from None

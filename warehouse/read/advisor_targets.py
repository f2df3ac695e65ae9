"""The skill advisor's target postings as bit sets (out_advisor_targets), and the counts over
them that depend on a learner's own skills: coverage gains, the steps of a learning path
and the share of the postings naming any of my skills that name a candidate too.

A target is a role family x place ("all" or a country) x level ("all" = every level): the
postings of out_advisor_targets first posted from the advisor's window start on (its cell's
window_start month in out_skill_advisor, else the mart's last `window_months` months). Each
posting's skill set is ADVISOR_SKILL_WORDS 64-bit words over the skills of the `skills` table
in skill_id order, so a learner's set and a candidate are masks and every count is a few
vectorized integer operations over the target's rows (no skill list is decoded).

May import: the standard library, numpy, polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from contract.marts import mart
from contract.marts.advisor import ADVISOR_SKILL_WORDS
from warehouse.read.connection import memoized, query

BITS_PER_WORD: Final = 64
BIT_COLUMNS: Final = tuple(f"skill_bits_{word}" for word in range(ADVISOR_SKILL_WORDS))


@dataclass(frozen=True)
class TargetPostings:
    """The skill sets of a target's postings: `bits` (postings x words, uint64), `n_skills`
    (distinct skills each names) and the skill ids in bit order."""

    bits: np.ndarray
    n_skills: np.ndarray
    skill_order: tuple[str, ...]

    @property
    def n_target(self) -> int:
        return int(self.bits.shape[0])

    def mask(self, skill_ids: Iterable[str]) -> np.ndarray:
        """The words of a set of skills (ids not in the skills table set no bit)."""
        index = _bit_index(self.skill_order)
        words = np.zeros(ADVISOR_SKILL_WORDS, dtype=np.uint64)
        for skill in skill_ids:
            bit = index.get(skill)
            if bit is not None:
                words[bit // BITS_PER_WORD] |= np.uint64(1) << np.uint64(bit % BITS_PER_WORD)
        return words

    def n_held(self, mask: np.ndarray) -> np.ndarray:
        """Per posting, how many of its skills are in `mask`."""
        return np.bitwise_count(self.bits & mask).sum(axis=1, dtype=np.int64)

    def names(self, skill_id: str) -> np.ndarray:
        """Per posting, whether it names `skill_id` (bool)."""
        return self.n_held(self.mask([skill_id])) > 0


def _bit_index(order: tuple[str, ...]) -> dict[str, int]:
    return {skill: bit for bit, skill in enumerate(order)}


def skill_order() -> tuple[str, ...]:
    """The skill ids in bit order: the `skills` table's, sorted (once per snapshot)."""

    def compute() -> tuple[str, ...]:
        ids = query(("skills",), "SELECT skill_id FROM skills", {})["skill_id"].to_list()
        return tuple(sorted(set(ids)))

    return memoized("advisor_skill_order", compute)  # type: ignore[return-value]


def target_postings(role_family: str, place_id: str, seniority: str) -> TargetPostings:
    """The target's postings (see the module docstring). Place and level filters are written
    into the SQL only when set, so the Parquet row-group statistics of the mart's read order
    (role family, country, seniority, month) skip every other row."""
    where = ["t.role_family = $role_family", "t.month >= b.first_month"]
    params: dict[str, object] = {
        "role_family": role_family,
        "place_id": place_id,
        "months": mart("out_skill_advisor").threshold_int("window_months"),
    }
    if place_id != "all":
        where.append("t.country = $place_id")
    if seniority != "all":
        where.append("t.seniority = $seniority")
        params["seniority"] = seniority
    rows = query(
        ("out_advisor_targets", "out_skill_advisor"),
        f"""
        WITH bounds AS (
            SELECT coalesce(
                       (SELECT date_trunc('month', min(window_start))::DATE
                        FROM out_skill_advisor
                        WHERE role_family = $role_family AND place_id = $place_id),
                       (SELECT (max(month) - to_months($months - 1))::DATE
                        FROM out_advisor_targets)
                   ) AS first_month
        )
        SELECT t.n_skills, {", ".join(f"t.{column}" for column in BIT_COLUMNS)}
        FROM out_advisor_targets AS t, bounds AS b
        WHERE {" AND ".join(where)}
        """,  # fixed column names and conditions; every value is a parameter
        params,
    )
    bits = (
        rows.select(pl.col(c).cast(pl.UInt64) for c in BIT_COLUMNS).to_numpy()
        if rows.height
        else np.zeros((0, ADVISOR_SKILL_WORDS), dtype=np.uint64)
    )
    return TargetPostings(
        np.ascontiguousarray(bits, dtype=np.uint64),
        rows["n_skills"].cast(pl.Int64).to_numpy(),
        skill_order(),
    )


POOL_ROWS: Final = 65_536  # postings unpacked to bits at a time (16 MB at 4 words)


def pooled_counts(target: TargetPostings, my_skills: Sequence[str]) -> tuple[int, dict[str, int]]:
    """The postings naming any of my skills, and per skill how many of them also name it:
    each posting counted once however many of my skills it names (the mart's per-skill rows
    summed over my skills would count it once per skill)."""
    mine = target.mask(my_skills)
    rows = target.bits[target.n_held(mine) > 0]
    n_skills = len(target.skill_order)
    counts = np.zeros(ADVISOR_SKILL_WORDS * BITS_PER_WORD, dtype=np.int64)
    for start in range(0, rows.shape[0], POOL_ROWS):
        block = rows[start : start + POOL_ROWS].astype("<u8").view(np.uint8)
        # little-endian words, little bit order: column b is skill bit b
        counts += np.unpackbits(block, axis=1, bitorder="little").sum(axis=0, dtype=np.int64)
    return int(rows.shape[0]), {
        target.skill_order[bit]: int(count) for bit, count in enumerate(counts[:n_skills]) if count
    }


def newly_covered_counts(
    target: TargetPostings, my_skills: Sequence[str]
) -> tuple[int, dict[str, int]]:
    """Postings whose skills my skills K cover already (a posting naming no skill never is),
    and per skill s, the postings adding s would newly cover: those whose skills minus K are
    exactly {s}."""
    mine = target.mask(my_skills)
    missing = target.n_skills - target.n_held(mine)
    n_covered = int(((target.n_skills > 0) & (missing == 0)).sum())
    one_short = target.bits[missing == 1] & ~mine
    if one_short.shape[0] == 0:
        return n_covered, {}
    # each row has one bit set, in one word: its index is the bit's exponent
    word = np.argmax(one_short != 0, axis=1)
    value = one_short[np.arange(one_short.shape[0]), word]
    _, exponent = np.frexp(value.astype(np.float64))
    bit = word * BITS_PER_WORD + (exponent - 1)
    counts = np.bincount(bit, minlength=len(target.skill_order))
    return n_covered, {
        target.skill_order[index]: int(count) for index, count in enumerate(counts) if count
    }

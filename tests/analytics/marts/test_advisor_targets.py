"""out_advisor_targets: the advisor window's postings with their skill sets as bits."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.marts.advisor_targets import BIT_COLUMNS, out_advisor_targets, skill_order

SKILLS = [f"s{index:03d}" for index in range(200)]  # bits in 4 words


def _postings() -> tuple[pl.DataFrame, pl.DataFrame]:
    rows, named = [], []
    for index in range(30):  # 15 months to 2026-03: the window is 2025-04 .. 2026-03
        month = index % 15
        posting_id = f"p{index}"
        rows.append(
            {
                "posting_id": posting_id,
                "posted_date": date(2025 + (month + 0) // 12, month % 12 + 1, 10),
                "role_family": None if index == 7 else "ml_engineer",
                "country": None if index == 8 else "US",
                "seniority": "senior" if index % 2 else None,
            }
        )
        # skills spread over every word; a duplicate mention counts once
        picked = [SKILLS[(index * 37 + k * 53) % len(SKILLS)] for k in range(index % 6)]
        named += [{"posting_id": posting_id, "skill_id": skill} for skill in [*picked, *picked]]
    return pl.DataFrame(rows), pl.DataFrame(
        named, schema={"posting_id": pl.String, "skill_id": pl.String}
    )


def _decoded(row: dict) -> set[str]:
    order = skill_order(SKILLS)
    return {
        order[64 * word + bit]
        for word, column in enumerate(BIT_COLUMNS)
        for bit in range(64)
        if row[column] >> bit & 1
    }


def test_the_bits_are_each_postings_skill_set_in_the_window() -> None:
    postings, named = _postings()
    targets = out_advisor_targets(postings, named, SKILLS)
    window = postings.filter(pl.col("posted_date") >= date(2025, 4, 1))
    assert targets.height == window.height == 24
    assert targets["month"].min() == date(2025, 4, 1)
    expected = named.group_by("posting_id").agg(pl.col("skill_id").unique())
    by_id = dict(zip(expected["posting_id"], expected["skill_id"].to_list(), strict=True))
    months = window.with_columns(pl.col("posted_date").dt.truncate("1mo").alias("month"))
    # rows carry no posting id: match them by their decoded sets and months
    got = sorted(
        (r["month"], tuple(sorted(_decoded(r))), r["n_skills"]) for r in targets.rows(named=True)
    )
    want = sorted(
        (m, tuple(sorted(by_id.get(p, []))), len(by_id.get(p, [])))
        for p, m in zip(months["posting_id"], months["month"], strict=True)
    )
    assert got == want
    assert any(word > 0 for word in targets["skill_bits_3"])  # the last word is used
    assert set(targets["role_family"]) == {"ml_engineer", "other"}
    assert "unknown" in set(targets["country"])
    assert targets.select("role_family", "country", "seniority", "month").equals(
        targets.select("role_family", "country", "seniority", "month").sort(
            "role_family", "country", "seniority", "month", nulls_last=True
        )
    )


def test_a_skill_outside_the_skills_table_is_an_error_naming_the_posting() -> None:
    postings, named = _postings()
    with pytest.raises(ValueError, match=r"posting p20 names skill 's(140|193)'"):
        out_advisor_targets(postings, named.filter(pl.col("posting_id") == "p20"), SKILLS[:10])


def test_more_skills_than_bits_is_an_error() -> None:
    with pytest.raises(ValueError, match="257 skills do not fit"):
        skill_order([f"k{index}" for index in range(257)])

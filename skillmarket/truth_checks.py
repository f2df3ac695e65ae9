"""Do the published marts recover what the sample market planted? (issue #5's correctness list)

Compares the current snapshot's marts with the sample market's truth files
(raw/sample/truth/params.json and postings.parquet):
- premiums: every planted non-zero premium and every skill that travels with GenAI (planted 0)
  within 3 points in the joint model, the planted value inside the 95% interval; the share of
  all planted-zero skills whose interval covers 0; the raw GenAI gap above the adjusted one;
- the 15 most common skills' shares within 2 points of their true shares;
- country-level pay-band medians within 5% of the true median for cells with 100+ paid postings;
- talent-pool demand-to-supply ratios within 10% of the planted ratio where the cell is large
  enough for that to be a fair test (expected relative sampling error of D/S at most 5%), and
  the share of planted ratios inside the published intervals.

Each check is a dict: name, passed, measured, expected, detail. Used by `skillmarket validate
sample` and by the end-to-end test.

May import: polars, the standard library, `analytics.marts` constants, `contract`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import polars as pl

from analytics.marts.demand import SLICE_COLUMNS
from analytics.marts.pay_bands import PUBLISHED_WINDOW
from contract.vocab import TALENT_POOL_SUPPLY

PREMIUM_TOLERANCE_PTS = 3.0
SHARE_TOLERANCE_PTS = 2.0
PAY_MEDIAN_TOLERANCE = 0.05
RATIO_TOLERANCE = 0.10
TOP_SKILLS = 15
MIN_BAND_POSTINGS = 100
UNCHECKED_SENIORITY = "intern"  # pay-band medians: internships are not compared
MAX_RATIO_RELATIVE_SE = 0.05
TRAVELS_WITH_GENAI_LIFT = 2.0
MIN_TRAVEL_POSTINGS = 300


def _check(
    name: str, passed: bool, measured: Any, expected: Any, detail: str, applicable: bool = True
) -> dict:
    """One check; `applicable` is False when the market is too small to hold the check's cells
    (reported as n/a, not as a pass)."""
    return {
        "name": name,
        "applicable": applicable,
        "passed": bool(passed),
        "measured": measured,
        "expected": expected,
        "detail": detail,
    }


def _canonical_truth(truth: pl.DataFrame) -> pl.DataFrame:
    return truth.filter(~pl.col("is_malformed") & ~pl.col("is_duplicate"))


def skills_travelling_with_genai(truth: pl.DataFrame, genai_skills: set[str]) -> list[str]:
    """Planted-zero skills at least twice as common in GenAI postings as in the others (the
    ones a one-flag-at-a-time regression would credit with GenAI's pay)."""
    canonical = _canonical_truth(truth).select("has_genai", "skills")
    n_genai = canonical["has_genai"].sum()
    n_other = canonical.height - n_genai
    rates = (
        canonical.explode("skills")
        .drop_nulls("skills")
        .group_by("skills")
        .agg(
            pl.col("has_genai").sum().alias("in_genai"),
            (~pl.col("has_genai")).sum().alias("in_other"),
        )
        .filter(pl.col("in_genai") + pl.col("in_other") >= MIN_TRAVEL_POSTINGS)
        .filter(
            (pl.col("in_genai") / n_genai)
            >= TRAVELS_WITH_GENAI_LIFT * (pl.col("in_other") / max(n_other, 1))
        )
    )
    return sorted(set(rates["skills"].to_list()) | genai_skills)


def premium_checks(
    premiums: pl.DataFrame, planted: dict[str, float], travelling: list[str]
) -> list[dict]:
    rows = {r["skill_id"]: r for r in premiums.filter(pl.col("segment") == "all").to_dicts()}
    checks = []
    named = [s for s, v in planted.items() if v != 0] + [s for s in travelling if s in rows]
    for skill in dict.fromkeys(named):
        row = rows.get(skill)
        want = 100 * planted.get(skill, 0.0)
        if row is None or row.get("premium_joint_pct") is None:
            if want != 0:  # a planted effect must be estimable; rare zero skills are suppressed
                checks.append(_check(f"premium {skill}", False, None, want, "not estimated"))
            continue
        est, lo, hi = row["premium_joint_pct"], row["premium_joint_lo"], row["premium_joint_hi"]
        ok = abs(est - want) <= PREMIUM_TOLERANCE_PTS and lo <= want <= hi
        checks.append(
            _check(
                f"premium {skill}",
                ok,
                round(est, 2),
                want,
                f"joint model [{lo:.1f}, {hi:.1f}], n_with {row['n_with']}; one flag at a time "
                f"{row['premium_adj_pct']:+.1f}%",
            )
        )
    zero = [
        r for s, r in rows.items() if planted.get(s) == 0 and r.get("premium_joint_lo") is not None
    ]
    if zero:
        covered = sum(1 for r in zero if r["premium_joint_lo"] <= 0 <= r["premium_joint_hi"])
        worst = max(zero, key=lambda r: abs(r["premium_joint_pct"]))
        rate = covered / len(zero)
        checks.append(
            _check(
                "premium intervals cover 0 for planted-zero skills",
                rate >= 0.90,
                round(rate, 3),
                ">= 0.90 (0.95 expected)",
                f"{covered} of {len(zero)}; largest |estimate| {worst['skill_id']} "
                f"{worst['premium_joint_pct']:+.1f}% (n_with {worst['n_with']})",
            )
        )
    genai = rows.get("genai")
    if genai is not None and genai.get("premium_adj_pct") is not None:
        checks.append(
            _check(
                "raw GenAI gap above adjusted premium",
                genai["raw_gap_pct"] > genai["premium_adj_pct"],
                round(genai["raw_gap_pct"], 1),
                f"> {genai['premium_adj_pct']:.1f}",
                "raw gap = ratio of medians - 1; adjusted = fixed-effects OLS",
            )
        )
    return checks


def share_checks(demand: pl.DataFrame, truth: pl.DataFrame) -> list[dict]:
    canonical = _canonical_truth(truth)
    true_share = (
        canonical.explode("skills")
        .drop_nulls("skills")
        .group_by("skills")
        .len()
        .with_columns((100 * pl.col("len") / canonical.height).alias("true_pct"))
        .rename({"skills": "skill_id"})
        .sort("true_pct", descending=True)
        .head(TOP_SKILLS)
    )
    totals = demand.filter(
        pl.all_horizontal([pl.col(c) == "all" for c in SLICE_COLUMNS if c in demand.columns])
    )
    # the mart is sparse: postings from the slice totals (one per month), not per skill row
    n_postings = totals.unique("month")["n_postings"].sum()
    measured = totals.group_by("skill_id").agg(
        (100 * pl.col("n_with_skill").sum() / n_postings).alias("pct")
    )
    joined = true_share.join(measured, on="skill_id", how="left")
    out = []
    for row in joined.iter_rows(named=True):
        pct = row["pct"]
        ok = pct is not None and abs(pct - row["true_pct"]) <= SHARE_TOLERANCE_PTS
        out.append(
            _check(
                f"share {row['skill_id']}",
                ok,
                None if pct is None else round(pct, 2),
                round(row["true_pct"], 2),
                "points, all months",
            )
        )
    return out


def pay_band_checks(bands: pl.DataFrame, truth: pl.DataFrame) -> list[dict]:
    if "window" in bands.columns:
        bands = bands.filter(pl.col("window") == PUBLISHED_WINDOW)
    cells = bands.filter(
        (pl.col("place_level") == "country")
        & (pl.col("rollup_level") == "country")
        & (pl.col("n_postings") >= MIN_BAND_POSTINGS)
        & (pl.col("role_family") != "all")
        & (pl.col("seniority") != "all")
        # internships are not in the true medians below: a large market has intern cells of
        # 100+ paid postings, which had no truth to compare with (and failed as 0)
        & (pl.col("seniority") != UNCHECKED_SENIORITY)
    )
    if cells.height == 0:
        return [
            _check(
                "pay-band medians",
                False,
                0,
                "cells",
                "no country cell has 100+ paid postings",
                applicable=False,
            )
        ]
    start, end = cells["window_start"][0], cells["window_end"][0]
    paid = _canonical_truth(truth).filter(
        pl.col("pay_shown")
        & pl.col("posted_date").is_between(start, end)
        & (pl.col("seniority") != UNCHECKED_SENIORITY)
    )
    true_medians = paid.group_by("role_family", "seniority", "country").agg(
        ((pl.col("pay_min_annual") + pl.col("pay_max_annual")) / 2).median().alias("true_p50"),
        pl.len().alias("true_n"),
    )
    joined = cells.join(
        true_medians,
        left_on=["role_family", "seniority", "place_id"],
        right_on=["role_family", "seniority", "country"],
        how="left",
    ).with_columns((pl.col("p50") / pl.col("true_p50") - 1).alias("rel_err"))
    within = joined.filter(pl.col("rel_err").abs() <= PAY_MEDIAN_TOLERANCE).height
    worst = joined.sort(pl.col("rel_err").abs(), descending=True, nulls_last=False).row(
        0, named=True
    )
    return [
        _check(
            "pay-band medians within 5% (country cells, 100+ paid postings)",
            within == joined.height,
            f"{within}/{joined.height}",
            "all",
            f"worst {worst['role_family']}/{worst['seniority']}/{worst['place_id']}: "
            f"{worst['p50']:,.0f} vs true {worst['true_p50'] or 0:,.0f} {worst['currency']} "
            f"(n {worst['n_postings']})",
        )
    ]


def _measured_key(skill_id: str, role_family: str, place_id: str) -> str:
    what = f"role:{role_family}" if skill_id == "all" else skill_id
    return f"{what}@{place_id}"


def demand_supply_checks(ds: pl.DataFrame, planted: dict) -> list[dict]:
    latest = ds.filter(
        (pl.col("window_end") == ds["window_end"].max())
        & (pl.col("supply_source") == TALENT_POOL_SUPPLY)
    )
    if "role_family" not in latest.columns:
        latest = latest.with_columns(pl.lit("all").alias("role_family"))
    measured = {
        _measured_key(r["skill_id"], r["role_family"], r["place_id"]): r
        for r in latest.iter_rows(named=True)
    }
    demand, supply, ratio = (
        planted["expected_demand"],
        planted["expected_supply"],
        planted["ratio"],
    )
    fair, covered, with_interval = [], 0, 0
    for key, value in ratio.items():
        row = measured.get(key)
        if row is None or row["ratio"] is None:
            continue
        if row["ratio_lo"] is not None and supply[key] >= 30:
            with_interval += 1
            covered += row["ratio_lo"] <= value <= row["ratio_hi"]
        if math.sqrt(1 / demand[key] + 1 / supply[key]) <= MAX_RATIO_RELATIVE_SE:
            fair.append((key, row["ratio"], value))
    within = [k for k, got, want in fair if abs(got / want - 1) <= RATIO_TOLERANCE]
    worst = max(fair, key=lambda t: abs(t[1] / t[2] - 1)) if fair else None
    return [
        _check(
            f"D/S ratios within 10% (cells with expected relative error <= "
            f"{MAX_RATIO_RELATIVE_SE:.0%})",
            bool(fair) and len(within) == len(fair),
            f"{len(within)}/{len(fair)}",
            "all",
            "worst "
            + (f"{worst[0]}: {worst[1]:.3f} vs planted {worst[2]:.3f}" if worst else "n/a"),
            applicable=bool(fair),
        ),
        _check(
            "D/S intervals cover the planted ratio (cells with 30+ expected candidates)",
            with_interval > 0 and covered / with_interval >= 0.90,
            f"{covered}/{with_interval}",
            ">= 90% (95% expected)",
            "Poisson interval for a ratio of counts",
        ),
    ]


def sample_truth_checks(curated: Path, truth_dir: Path) -> list[dict]:
    """Every correctness check of the published snapshot against the planted truth."""
    params = json.loads((truth_dir / "params.json").read_text())
    truth = pl.read_parquet(truth_dir / "postings.parquet")
    skills = pl.read_parquet(curated / "skills.parquet")
    genai_skills = set(skills.filter(pl.col("is_genai"))["skill_id"].to_list())
    travelling = skills_travelling_with_genai(truth, genai_skills)
    checks = premium_checks(
        pl.read_parquet(curated / "out_skill_premiums.parquet"), params["premiums"], travelling
    )
    checks += share_checks(pl.read_parquet(curated / "out_skill_demand_monthly.parquet"), truth)
    checks += pay_band_checks(pl.read_parquet(curated / "out_pay_bands.parquet"), truth)
    ds_path = curated / "out_demand_supply.parquet"
    if ds_path.exists() and "demand_supply" in params:
        checks += demand_supply_checks(pl.read_parquet(ds_path), params["demand_supply"])
    return checks

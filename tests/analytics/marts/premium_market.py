"""A small paid-postings market for the control ladder's tests (the mart, the read API, the
page): confounded GenAI flags, a skill independent of pay, a skill no company posts both with
and without, and titles that cross role families; and the ladder's marts published from it."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from analytics.marts.postings_index import out_postings
from analytics.marts.premium_decomposition import out_premium_decomposition
from analytics.marts.premium_ladder import (
    build_ladder,
    ladder_sample,
    out_premium_ladder,
    out_premium_sample,
)

GENAI_IDS = frozenset({"llm", "rag"})


def ladder_market(
    seed: int = 3, n: int = 1600, companies: int = 60
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Postings with pay, confounded GenAI flags (more common in senior roles, one metro and
    well-paying companies), a skill independent of everything, a rare skill posted only by
    companies that post nothing else (no within-company comparison), and titles that cross
    role families (so every rung's dummies have full rank but the constants)."""
    rng = np.random.default_rng(seed)
    company = rng.integers(0, companies, n)
    effect = rng.normal(0, 0.1, companies)
    role = rng.choice(["ml_engineer", "data_scientist", "data_analyst"], n)
    level = rng.choice(["entry", "mid", "senior"], n)
    metro = rng.choice(["0041860", "0035620", "0012420"], n)
    month = rng.integers(1, 13, n)
    title = rng.integers(0, 25, n)
    p_genai = (
        0.15 + 0.2 * (level == "senior") + 0.2 * (metro == "0041860") + 0.3 * (effect[company] > 0)
    )
    genai = rng.random(n) < p_genai
    two = genai & (rng.random(n) < 0.5)
    python = rng.random(n) < 0.5
    rare_company = company >= companies - 12
    log_pay = (
        11.5
        + 0.3 * (level == "senior")
        - 0.2 * (level == "entry")
        + 0.2 * (metro == "0041860")
        + 0.01 * month
        + effect[company]
        + 0.02 * (title % 5)
        + 0.12 * genai
        + 0.04 * two
        + rng.normal(0, 0.1, n)
    )
    pay = np.exp(log_pay)
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i:05d}" for i in range(n)],
            "company": [f"Company {c}" for c in company],
            "title": [f"Title {t}" for t in title],
            "role_family": role.tolist(),
            "seniority": level.tolist(),
            "metro_code": metro.tolist(),
            "country": ["US"] * n,
            "is_remote": [False] * n,
            "posted_date": [date(2025, int(m), 15) for m in month],
            "employment_type": ["FullTime"] * n,
            "region": ["CA"] * n,
            "city": ["San Francisco"] * n,
            "source": ["greenhouse"] * n,
            "url": [f"https://boards.example.com/jobs/{i}" for i in range(n)],
            "pay_min_annual_usd": pay * 0.9,
            "pay_max_annual_usd": pay * 1.1,
        }
    )
    rows = [(f"p{i:05d}", "llm") for i in np.flatnonzero(genai)]
    rows += [(f"p{i:05d}", "rag") for i in np.flatnonzero(two)]
    rows += [(f"p{i:05d}", "python") for i in np.flatnonzero(python)]
    rows += [(f"p{i:05d}", "rare_skill") for i in np.flatnonzero(rare_company)]
    skills = pl.DataFrame(rows, schema=["posting_id", "skill_id"], orient="row")
    return postings, skills


def ladder_marts(postings: pl.DataFrame, skills: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The ladder's marts and the postings index, as the build computes them."""
    sample = ladder_sample(postings, skills, GENAI_IDS)
    ladder = build_ladder(sample, skills, GENAI_IDS)
    ladder_frame = out_premium_ladder(ladder)
    return {
        "out_premium_ladder": ladder_frame,
        "out_premium_decomposition": out_premium_decomposition(ladder, ladder_frame),
        "out_premium_sample": out_premium_sample(sample),
        "out_postings": out_postings(postings, skills),
    }


def ladder_claims(base: pl.DataFrame) -> pl.DataFrame:
    """The snapshot's claims plus two published premium estimates read from the ladder: one
    on genai's rung 2, one on genai_one's rung 1 (ids after the others)."""
    start = int(base["claim_id"].max()) + 1
    extra = pl.DataFrame(
        {
            "claim_id": [start, start + 1],
            "claim": ["AI jobs pay more than the same occupation", "one AI skill pays more"],
            "figure": ["+56%", "+28%"],
            "source": ["PwC 2025", "Lightcast 2025"],
            "measure": ["GenAI premium, ladder rung 2", "one GenAI skill, ladder rung 1"],
            "value": [30.0, 25.0],
            "value_lo": [27.0, 20.0],
            "value_hi": [33.0, 30.0],
            "unit": ["%", "%"],
            "n": [1500, 1500],
            "verdict": ["lower", "consistent"],
            "note": ["ladder rung 2", "ladder rung 1"],
            "ladder_skill_id": ["genai", "genai_one"],
            "ladder_rung": [2, 1],
        }
    )
    return pl.concat([base, extra], how="diagonal_relaxed")


def with_ladder(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """A snapshot's frames with the ladder's marts (from `ladder_market()`), the postings index
    of that market and the ladder claims added."""
    postings, skills = ladder_market()
    out = dict(frames)
    out.update(ladder_marts(postings, skills))
    out["out_claims"] = ladder_claims(frames["out_claims"])
    out["skills"] = pl.concat(
        [
            frames["skills"],
            pl.DataFrame(
                {
                    "skill_id": ["rare_skill"],
                    "name": ["Rare skill"],
                    "category": ["tool"],
                    "is_genai": [False],
                }
            ),
        ],
        how="diagonal_relaxed",
    )
    return out

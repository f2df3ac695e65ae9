"""Query benchmark: time the read-API calls each dashboard page makes against the published
snapshot (`$SKILLMARKET_HOME/curated/current`), over randomized filter combinations.

Per page, three paths:
- first_load: right after dropping the snapshot connection, so the time includes opening
  DuckDB, its views over the Parquet files and the in-memory copy of the demand mart — what
  the first visitor after a publish waits for, once per build and server (5 samples);
- cold: a new filter combination on the open connection — the server time of an interaction
  whose queries the app's st.cache_data has not seen yet (every combination once);
- warm: the same combination again on the open connection. The app itself answers a repeated
  combination from st.cache_data (keyed by build id and arguments) without running SQL, so
  this is an upper bound for a repeated view.
Reports p50/p95/max milliseconds per page and path, and writes them as JSON.

May import: `warehouse.queries` (the read API), polars and the standard library.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from warehouse import queries

Combo = dict[str, Any]
FIRST_LOAD_SAMPLES = 5
PageCalls = Callable[[Combo], None]


# --------------------------------------------------------------------------- filter combos


def _catalogue() -> dict[str, Any]:
    """Everything the randomized combinations draw from, read once from the snapshot."""
    options = queries.filter_options()
    posting_options = queries.posting_filter_options()
    skills = queries.top_skills(n=40)["skill_id"].to_list()
    advisor = (
        queries.advisor_cells()
        if queries.view_available("out_skill_advisor")
        else pl.DataFrame({"role_family": [], "place_id": []})
    )
    places = queries.pay_band_places()
    supply_skills = queries.demand_supply_skills()["skill_id"].to_list()
    return {
        "options": options,
        "posting_options": posting_options,
        "skills": skills or ["python"],
        "advisor_cells": advisor.select("role_family", "place_id").rows(),
        "pay_places": places["place_id"].to_list(),
        "supply_skills": supply_skills,
        "supply_windows": list(queries.demand_supply_windows()),
    }


def random_combo(rng: random.Random, catalogue: dict[str, Any]) -> Combo:
    """One filter combination as a visitor could pick it in the sidebar and page widgets."""
    options: queries.FilterOptions = catalogue["options"]
    posting: queries.PostingFilterOptions = catalogue["posting_options"]
    months = list(options.months)
    start_index = rng.randrange(len(months)) if months else 0
    end_index = rng.randrange(start_index, len(months)) if months else 0
    skills: list[str] = catalogue["skills"]
    # Seniority and source filters are set in a third of the combinations each.
    seniority = (
        rng.choice(posting.seniorities) if posting.seniorities and rng.random() < 0.33 else "all"
    )
    source = rng.choice(posting.sources) if posting.sources and rng.random() < 0.33 else "all"
    cells = catalogue["advisor_cells"]
    return {
        "start": months[start_index] if months else None,
        "end": months[end_index] if months else None,
        "month": months[end_index] if months else None,
        "role_family": rng.choice(options.role_families or ("all",)),
        "country": rng.choice(options.countries or ("all",)),
        "seniority": seniority,
        "source": source,
        "skills": rng.sample(skills, k=min(len(skills), rng.randint(1, 5))),
        "segment": rng.choice(options.premium_segments or ("all",)),
        "pay_role": rng.choice(options.pay_role_families or ("ml_engineer",)),
        "level": rng.choice(options.seniorities or ("senior",)),
        "pay_place": rng.choice(catalogue["pay_places"] or ["all"]),
        "offer": rng.choice((90_000.0, 150_000.0, 185_000.0, 240_000.0)),
        "advisor_cell": rng.choice(cells) if cells else None,
        "supply_skill": rng.choice(catalogue["supply_skills"] or ["genai"]),
        "supply_window": rng.choice(catalogue["supply_windows"] or [None]),
        "verdict": rng.choice((None, *queries.CLAIM_VERDICTS)),
        "rng": random.Random(rng.random()),
    }


# --------------------------------------------------------------------------- the pages' calls


def overview_calls(c: Combo) -> None:
    queries.filter_options()
    queries.headline_numbers(c["role_family"], c["country"])
    queries.genai_share_trend(c["role_family"], c["country"])
    if queries.view_available("out_emerging_skills"):  # the page's rising skills
        queries.emerging_skills("rising", c["role_family"], c["country"], 8)
    queries.premiums("all")
    queries.pay_snapshot("all")


def trends_calls(c: Combo) -> None:
    queries.filter_options()
    queries.posting_filter_options()
    queries.skill_catalog()
    queries.top_skills(None, "all", "all", 5)
    has_postings = queries.view_available("out_postings")
    trend = queries.demand_trend(
        c["skills"],
        c["role_family"],
        c["country"],
        c["start"],
        c["end"],
        c["seniority"],
        c["source"],
    )
    if trend.is_empty() and has_postings and (c["seniority"], c["source"]) != ("all", "all"):
        queries.posting_trend(
            c["skills"],
            c["role_family"],
            c["country"],
            c["seniority"],
            c["source"],
            c["start"],
            c["end"],
        )
    if has_postings:
        queries.postings_sample(
            c["skills"][0],
            c["month"],
            c["role_family"],
            c["country"],
            c["seniority"],
            c["source"],
            None,
            None,
            25,
        )
    queries.emerging_counts(c["role_family"], c["country"])
    queries.emerging_skills("rising", c["role_family"], c["country"], 10)
    queries.emerging_skills("declining", c["role_family"], c["country"], 10)
    queries.skill_role_heatmap(c["country"], c["start"], c["end"], 15)


def pay_bands_calls(c: Combo) -> None:
    queries.filter_options()
    queries.pay_band_places(c["pay_role"], c["level"])
    queries.pay_band(c["pay_role"], c["level"], c["pay_place"])
    # An absent or suppressed cell raises; the page says so instead of placing the offer.
    with contextlib.suppress(queries.PayBandUnavailableError):
        queries.offer_percentile(c["pay_role"], c["level"], c["pay_place"], c["offer"])


def premiums_calls(c: Combo) -> None:
    queries.filter_options()
    queries.premium_forest(c["segment"], 25)
    queries.suppressed_premiums(c["segment"])


def supply_calls(c: Combo) -> None:
    queries.demand_supply_windows()
    queries.demand_supply_skills()
    queries.demand_supply(c["supply_skill"], c["supply_window"])
    queries.pay_band_places()


def advisor_calls(c: Combo) -> None:
    if c["advisor_cell"] is None:
        return
    role_family, place_id = c["advisor_cell"]
    queries.advisor_cells()
    given = queries.advisor_given_skills(role_family, place_id)["skill_id"].to_list()
    queries.skill_catalog()
    if given:
        mine = c["rng"].sample(given[:30], k=min(len(given), c["rng"].randint(1, 4)))
        queries.recommend_next_skills(mine, role_family, place_id, 10)
    queries.role_defining_skills(role_family, place_id, 10)


def claims_calls(c: Combo) -> None:
    queries.claim_verdict_counts()
    queries.claims(c["verdict"])


PAGES: dict[str, PageCalls] = {
    "overview": overview_calls,
    "trends": trends_calls,
    "pay_bands": pay_bands_calls,
    "premiums": premiums_calls,
    "supply": supply_calls,
    "advisor": advisor_calls,
    "claims": claims_calls,
}
PAGE_VIEWS: dict[str, tuple[str, ...]] = {
    "advisor": ("out_skill_advisor",),
    "claims": ("out_claims",),
    "supply": ("out_demand_supply",),
}


# --------------------------------------------------------------------------- timing


def _drop_connection() -> None:
    """Forget the open snapshot connection so the next query opens a fresh one (cold path)."""
    queries.forget_connection()


def _elapsed_ms(calls: PageCalls, combo: Combo) -> float:
    started = time.perf_counter()
    calls(combo)
    return (time.perf_counter() - started) * 1000


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    if len(ordered) == 1:
        p95 = ordered[0]
    else:
        p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18]
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


def run_queries_benchmark(n_combos: int, seed: int, output: Path) -> dict[str, Any]:
    """Time every page's calls over `n_combos` random filter combinations; write JSON."""
    manifest = queries.snapshot_manifest()
    catalogue = _catalogue()
    rng = random.Random(seed)
    combos = [random_combo(rng, catalogue) for _ in range(n_combos)]
    pages: dict[str, Any] = {}
    for name, calls in PAGES.items():
        missing = [v for v in PAGE_VIEWS.get(name, ()) if not queries.view_available(v)]
        if missing:
            pages[name] = {"skipped": f"snapshot has no {', '.join(missing)}"}
            continue
        first_load: list[float] = []
        for combo in combos[:FIRST_LOAD_SAMPLES]:
            _drop_connection()
            first_load.append(_elapsed_ms(calls, combo))
        calls(combos[-1])  # the connection is open and its cached tables loaded
        cold: list[float] = []
        warm: list[float] = []
        for combo in combos:
            cold.append(_elapsed_ms(calls, combo))
            warm.append(_elapsed_ms(calls, combo))
        pages[name] = {
            "first_load": _percentiles(first_load),
            "cold": _percentiles(cold),
            "warm": _percentiles(warm),
            "n": len(combos),
        }
    result = {
        "scenario": "queries",
        "snapshot": manifest["build_id"],
        "canonical_postings": (manifest.get("counts") or {}).get("canonical_postings"),
        "mart_rows": {
            name: info.get("rows")
            for name, info in manifest["marts"].items()
            if isinstance(info, dict)
        },
        "combos": n_combos,
        "seed": seed,
        "pages": pages,
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "budget_ms": 300,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, default=_json_default), encoding="utf-8")
    return result


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")

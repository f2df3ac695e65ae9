"""Premium solvers benchmark: the control ladder's fixed-effects solver (`analytics.stats`,
written by hand) against pyfixest on every rung (1–6), on a built home's core tables.

Per rung, every design column the ladder fits there is estimated on its own with the rung's
fixed effects and company-clustered errors (statsmodels' small-sample factor; pyfixest with
`ssc(k_fixef="full")` and singletons kept, so the numbers are comparable):
- `ours`: `analytics.marts.premium_rungs.fit_rung` from the codes (every column at once), and
  `ours_genai_only` the same for genai's column alone;
- `pyfixest_demean`: pyfixest's alternating-projections demeaner on the outcome and on dense
  chunks of the columns, then β and clustered se by the same sums as ours (the most
  favourable use of pyfixest: no model objects);
- `pyfixest_feols_genai`: `pyfixest.feols` with CRV1 by company on genai alone (one model),
  and with `--feols-all` `pyfixest_feols_all`, one model per column (`sw(...)`; at 60k it
  peaks at several GB, so not at 1M); the pandas frame feols needs (dense 0/1 flag columns)
  is timed apart (`*_frame`).
Each records wall and CPU seconds and the process's peak RSS while it ran (absolute and above
its start, sampled every 50 ms), and against ours: the largest |Δβ| and |Δse| / se over the
columns both estimate, and genai's β and se. The whole ladder as the build runs it
(`build_ladder` and `out_premium_ladder`, every rung) is timed too. BLAS runs one thread, as
in the build.

Run: `python -m bench.premium_solvers --home HOME [--label 60k] [--output FILE]
[--feols-all]`, under an interpreter that has pyfixest (a separate venv: `pip install
pyfixest` and `pip install -e . --no-deps` plus the project's light dependencies); without it
only ours is timed. The warehouse is opened read-only (copied first when another process holds
it). bench/reference/premium-solvers.json holds the runs at 60k and 1M.

May import: `analytics`, `warehouse`, `bench.build`, the standard library, numpy, polars,
duckdb, threadpoolctl; pyfixest and pandas when installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from analytics.marts.premium import value_codes
from analytics.marts.premium_ladder import (
    FE_COLUMNS,
    build_ladder,
    ladder_sample,
    out_premium_ladder,
)
from analytics.marts.premium_rungs import fit_rung, rung_effects
from analytics.normalize.skills import genai_skill_ids
from analytics.stats.clustered_ols import cluster_order
from bench.build import TreeRssSampler
from warehouse import extract

RUNG_FIXED_EFFECTS = {
    1: "",
    2: "rl",
    3: "rl + place",
    4: "rl + place + month",
    5: "rl + place + month + company",
    6: "rl + place + month + company + title",
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(sampler: TreeRssSampler, work: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """Run `work`; its result, wall / CPU seconds, and the process's peak RSS while it ran
    (MB), absolute and above its start."""
    sampler.mark()
    base = sampler.mark()
    wall, cpu = time.perf_counter(), _cpu()
    result = work()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    peak = sampler.mark()
    numbers = {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "peak_mb_above_start": round(max(peak - base, 0.0), 1),
        "peak_rss_mb": peak,
    }
    return result, numbers


def core_tables(home: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """core_postings and core_posting_skills of a built home, read-only (from a copy of the
    warehouse when another process holds it)."""
    path = home / "warehouse.duckdb"
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        with tempfile.TemporaryDirectory(prefix="premium-solvers-") as tmp:
            copy = Path(tmp) / "warehouse.duckdb"
            shutil.copy(path, copy)
            return _read(duckdb.connect(str(copy), read_only=True))
    return _read(con)


def _read(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    try:
        return extract.table(con, "core_postings"), extract.table(con, "core_posting_skills")
    finally:
        con.close()


def ours(
    ladder: Any, sample: pl.DataFrame, rung: int, columns: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """The hand-written solver on one rung: fixed effects, level sums, solve and clustered se
    for every column the ladder fits there, or `columns` (from the codes, nothing reused)."""
    order, clusters = cluster_order(value_codes(sample["cluster"]))
    fe = [value_codes(sample[c])[order] for c in FE_COLUMNS]
    titles = value_codes(sample["title_key"])[order]
    if columns is None:
        columns = ladder.fits[rung].columns
    fit = fit_rung(rung_effects(rung, fe, clusters, titles), ladder.y, ladder.x, clusters, columns)
    return {"columns": columns, "beta": fit.estimates.beta, "se": fit.estimates.se}


def pyfixest_frame(ladder: Any, sample: pl.DataFrame, columns: np.ndarray) -> Any:
    """The ladder's rows (cluster order) as pandas: log pay, integer codes of every control,
    and each design column in `columns` as a dense 0/1 column `f<column>`."""
    import pandas as pd

    order, _ = cluster_order(value_codes(sample["cluster"]))
    data: dict[str, np.ndarray] = {"y": ladder.y}
    for name, column in (
        ("rl", "fe_role_level"),
        ("place", "fe_place"),
        ("month", "fe_month"),
        ("company", "cluster"),
        ("title", "title_key"),
    ):
        data[name] = value_codes(sample[column])[order]
    dense = ladder.x[:, columns].toarray()
    for i, column in enumerate(columns):
        data[f"f{column}"] = dense[:, i]
    return pd.DataFrame(data)


def pyfixest_rung(frame: Any, rung: int, columns: np.ndarray, tolerance: float) -> dict:
    """pyfixest on one rung: each column on its own (`sw(...)`), the rung's fixed effects,
    CRV1 by company, fixest's 'full' small-sample factor (statsmodels' with dummies)."""
    import pyfixest as pf
    from pyfixest.demeaners import MapDemeaner

    names = [f"f{c}" for c in columns]
    fixed = RUNG_FIXED_EFFECTS[rung]
    regressors = names[0] if len(names) == 1 else f"sw({', '.join(names)})"
    formula = f"y ~ {regressors}" + (f" | {fixed}" if fixed else "")
    fits = pf.feols(
        formula,
        data=frame,
        vcov={"CRV1": "company"},
        ssc=pf.ssc(k_fixef="full"),
        fixef_rm="none",
        demeaner=MapDemeaner(fixef_tol=tolerance),
        copy_data=False,
        store_data=False,
        lean=True,
    )
    models = list(fits.all_fitted_models.values()) if hasattr(fits, "all_fitted_models") else [fits]
    beta = np.full(len(columns), np.nan)
    se = np.full(len(columns), np.nan)
    where = {name: i for i, name in enumerate(names)}
    for model in models:
        coefs, errors = model.coef(), model.se()
        for name in coefs.index:
            if name in where:
                beta[where[name]] = float(coefs[name])
                se[where[name]] = float(errors[name])
    return {"columns": columns, "beta": beta, "se": se}


FE_CODE_COLUMNS = {"rl": "fe_role_level", "place": "fe_place", "month": "fe_month"}
DEMEAN_CHUNK = 32  # design columns demeaned at a time (bounds the dense n x chunk arrays)


def pyfixest_demean_rung(
    ladder: Any, sample: pl.DataFrame, rung: int, columns: np.ndarray, tolerance: float
) -> dict:
    """pyfixest's alternating-projections demeaner (`pyfixest.estimation.demean`, its Rust
    core) for the fixed effects, then each column's β and clustered se by the same sums as
    ours, `DEMEAN_CHUNK` columns at a time: the most favourable use of pyfixest here (one
    demeaning of the outcome, no model objects)."""
    from pyfixest.estimation import demean

    order, clusters = cluster_order(value_codes(sample["cluster"]))
    names = RUNG_FIXED_EFFECTS[rung].split(" + ") if rung > 1 else []
    codes = {
        n: value_codes(sample[FE_CODE_COLUMNS[n]])[order] for n in names if n in FE_CODE_COLUMNS
    }
    if "company" in names:
        codes["company"] = clusters.codes
    if "title" in names:
        codes["title"] = value_codes(sample["title_key"])[order]
    n = ladder.n
    flist = (
        np.column_stack([codes[name] for name in names]).astype(np.uint64)
        if names
        else np.zeros((n, 1), dtype=np.uint64)
    )
    weights = np.ones(n)
    k_fe = sum(int(c.max()) + 1 for c in codes.values()) - max(len(codes) - 1, 0) if codes else 1
    g = clusters.count
    factor = g / (g - 1) * (n - 1) / (n - k_fe - 1)
    y_t, _ = demean(ladder.y[:, None].copy(), flist, weights, tol=tolerance)
    y_t = y_t[:, 0]
    beta = np.empty(columns.size)
    se = np.empty(columns.size)
    for start in range(0, columns.size, DEMEAN_CHUNK):
        chunk = columns[start : start + DEMEAN_CHUNK]
        x_t, _ = demean(ladder.x[:, chunk].toarray(), flist, weights, tol=tolerance)
        sxx = (x_t * x_t).sum(axis=0)
        b = (x_t.T @ y_t) / sxx
        scores = clusters.indicator @ (x_t * (y_t[:, None] - x_t * b))
        beta[start : start + chunk.size] = b
        se[start : start + chunk.size] = np.sqrt(factor * (scores**2).sum(axis=0)) / sxx
    return {"columns": columns, "beta": beta, "se": se}


def _pick(estimates: dict, i: int) -> dict[str, float]:
    return {"beta": float(estimates["beta"][i]), "se": float(estimates["se"][i])}


def _subset(estimates: dict, where: np.ndarray) -> dict:
    return {key: value[where] for key, value in estimates.items()}


def differences(a: dict, b: dict) -> dict[str, float | int]:
    both = np.isfinite(a["beta"]) & np.isfinite(b["beta"])
    rel = np.abs(a["se"][both] - b["se"][both]) / np.abs(a["se"][both])
    return {
        "columns_compared": int(both.sum()),
        "columns_estimated_by_one_only": int(
            (np.isfinite(a["beta"]) ^ np.isfinite(b["beta"])).sum()
        ),
        "max_abs_beta_diff": float(np.abs(a["beta"][both] - b["beta"][both]).max(initial=0.0)),
        "max_rel_se_diff": float(rel.max(initial=0.0)),
        "median_rel_se_diff": float(np.median(rel)) if rel.size else 0.0,
    }


def run(
    home: Path, label: str, tolerance: float, rungs: list[int], feols_all: bool
) -> dict[str, Any]:
    try:
        import pyfixest  # noqa: F401

        has_pyfixest = True
    except ImportError:
        has_pyfixest = False
    postings, posting_skills = core_tables(home)
    genai = genai_skill_ids()
    result: dict[str, Any] = {
        "label": label,
        "home": str(home),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        },
        "blas_threads": 1,
        "pyfixest": None,
        "rungs": {},
    }
    with TreeRssSampler(interval_s=0.05) as sampler, threadpool_limits(1, user_api="blas"):
        sample = ladder_sample(postings, posting_skills, genai)
        (ladder, mart), whole = measured(
            sampler,
            lambda: (lambda lad: (lad, out_premium_ladder(lad)))(
                build_ladder(sample, posting_skills, genai)
            ),
        )
        result.update(
            n_postings=ladder.n,
            n_companies=ladder.clusters.count,
            n_titles=int(sample["title_key"].n_unique()),
            n_design_columns=len(ladder.flag_ids),
            whole_ladder_ours=whole,
            rung6_estimated_skills=mart.filter(
                (pl.col("rung") == 6) & pl.col("is_estimated")
            ).height,
        )
        if has_pyfixest:
            import pyfixest as pf

            result["pyfixest"] = {
                "version": pf.__version__,
                "fixef_tol": tolerance,
                "feols_models": "genai alone" + (", and every column (sw)" if feols_all else ""),
            }
        genai_column = ladder.flag_ids.index("genai")
        for rung in rungs:
            if rung not in ladder.fits:
                continue
            entry: dict[str, Any] = {"fixed_effects": RUNG_FIXED_EFFECTS[rung] or "constant"}
            mine, entry["ours"] = measured(sampler, lambda r=rung: ours(ladder, sample, r))
            columns = mine["columns"]
            entry["columns"] = int(columns.size)
            at = np.flatnonzero(columns == genai_column)
            if at.size:
                entry["genai_ours"] = _pick(mine, at[0])
                alone = columns[at]
                _, entry["ours_genai_only"] = measured(
                    sampler, lambda r=rung, c=alone: ours(ladder, sample, r, c)
                )
            if not has_pyfixest:
                result["rungs"][str(rung)] = entry
                print(json.dumps({rung: entry}), flush=True)
                continue
            # pyfixest's demeaner, then the same sums as ours, for every column
            lean, entry["pyfixest_demean"] = measured(
                sampler,
                lambda c=columns, r=rung: pyfixest_demean_rung(ladder, sample, r, c, tolerance),
            )
            entry["differences_demean"] = differences(mine, lean)
            # pyfixest's feols: genai's model alone, and (--feols-all) one model per column
            runs = [("pyfixest_feols_genai", columns[at])]
            if feols_all:
                runs.append(("pyfixest_feols_all", columns))
            for name, picked in runs:
                if not picked.size:
                    continue
                frame, entry[f"{name}_frame"] = measured(
                    sampler, lambda c=picked: pyfixest_frame(ladder, sample, c)
                )
                entry[f"{name}_frame"]["frame_mb"] = round(
                    float(frame.memory_usage(deep=True).sum()) / 2**20, 1
                )
                theirs, entry[name] = measured(
                    sampler, lambda c=picked, f=frame, r=rung: pyfixest_rung(f, r, c, tolerance)
                )
                entry[name]["models"] = int(picked.size)
                del frame
                where = np.flatnonzero(np.isin(columns, picked))
                entry[f"differences_{name.removeprefix('pyfixest_')}"] = differences(
                    _subset(mine, where), theirs
                )
                if at.size:
                    entry[f"genai_{name}"] = _pick(
                        theirs, int(np.flatnonzero(picked == genai_column)[0])
                    )
            result["rungs"][str(rung)] = entry
            print(json.dumps({rung: entry}), flush=True)
    result["machine"]["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a built Skillmarket home")
    parser.add_argument("--label", default="", help="name of the run (e.g. 60k, 1M)")
    parser.add_argument("--output", type=Path, help="JSON file (merged by label)")
    parser.add_argument("--tolerance", type=float, default=1e-8, help="pyfixest fixef_tol")
    parser.add_argument("--rungs", default="1,2,3,4,5,6", help="rungs to compare")
    parser.add_argument(
        "--feols-all",
        action="store_true",
        help="pyfixest feols on every column too (one model each; 60k: up to 4.6 GB)",
    )
    options = parser.parse_args()
    rungs = [int(r) for r in options.rungs.split(",")]
    result = run(
        options.home,
        options.label or options.home.name,
        options.tolerance,
        rungs,
        options.feols_all,
    )
    if options.output is not None:
        runs = json.loads(options.output.read_text()) if options.output.exists() else {}
        runs[result["label"]] = result
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(json.dumps(runs, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""`out_premium_decomposition`: why a skill's premium shrinks from rung 1 (no controls) to its
full model (rung 6, else 5, else 4 — the highest rung `out_premium_ladder` estimates for it).

Gelbach (2016), from the ladder's fits (`analytics.stats.gelbach`): the drop 100·(β₁ − β_full)
splits into one part per group of controls of the model without titles — role family ×
seniority, place, month, company — each part the full model's effects of that group projected
on the skill flag, so no part depends on the order the groups are listed in. Normalized titles
are nested in role families (the role family is read from the title) and often in companies,
so their effects cannot be told apart from those groups'; the title's part is therefore what
titles add beyond all the other controls, β₅ − β₆, and shared variation stays with the broader
controls (likewise a place where only one company posts: its shared level goes to the place).
Every part has a company-clustered 95% interval from its influence function; the parts sum to
the total exactly, and their influences to the total's, cluster by cluster.
`contribution_pct_pts` splits the drop in the premium in percent (exp(β) − 1) in proportion
to the parts, so the page can say "of the +66% with no controls, 32 points are role and
seniority, …" with numbers that add up.

May import: polars, numpy, `contract`, `analytics.stats`, `analytics.marts.premium_ladder`,
`analytics.marts.premium_rungs`.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.marts.premium_ladder import INTENSITY_IDS, Ladder
from analytics.marts.premium_rungs import RungFit
from analytics.stats.clustered_ols import Estimates, small_sample_correction
from analytics.stats.gelbach import gelbach_decomposition
from analytics.stats.intervals import Z95
from contract.marts import PREMIUM_CONTROLS, mart

_CONTRACT = mart("out_premium_decomposition")
_KIND = {"text": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}
DECOMPOSITION_SCHEMA = {column.name: _KIND[column.kind] for column in _CONTRACT.columns}
CONTROL_LABEL = {control: label for control, label, _ in PREMIUM_CONTROLS}
NOTES = {
    "role_level": "the role family x seniority effects of the full model, projected on the flag",
    "place": "the place effects of the full model, projected on the flag",
    "month": "the posting-month effects of the full model, projected on the flag",
    "company": "the company effects of the full model, projected on the flag",
    "title": "what normalized titles add beyond every other control: rung 5 - rung 6 (titles"
    " lie within role families, so the part they share stays with role and seniority)",
    "total": "rung 1 - the full model; the parts sum to it exactly",
}
SHARED_NOTE = "controls that overlap (one company in a place) give the shared part to the first"


def _subset(est: Estimates, idx: np.ndarray) -> Estimates:
    assert est.scores is not None and est.sxx is not None
    return Estimates(
        beta=est.beta[idx],
        se=est.se[idx],
        n=est.n,
        n_clusters=est.n_clusters,
        scores=est.scores[:, idx],
        sxx=est.sxx[idx],
    )


def _positions(fit: RungFit, columns: np.ndarray) -> np.ndarray:
    where = {int(c): i for i, c in enumerate(fit.columns)}
    return np.array([where[int(c)] for c in columns], dtype=np.int64)


def _gelbach_parts(
    ladder: Ladder, fit: RungFit, columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(δ groups × k, scores clusters × groups × k, correction) of the design `columns`
    decomposed on `fit` (rung 4 or 5)."""
    idx = _positions(fit, columns)
    dec = gelbach_decomposition(
        fit.effects,
        ladder.y,
        fit.y_t,
        ladder.x[:, fit.columns[idx]],
        fit.sums.take(idx),
        fit.coefs.take(idx),
        fit.y_coefs,
        _subset(fit.estimates, idx),
        ladder.clusters,
        fit.k_fe + 1,
    )
    return dec.delta, dec.scores, dec.correction


def _rows(
    ladder: Ladder,
    skill_columns: np.ndarray,
    rung_to: int,
    controls: list[str],
    delta: np.ndarray,
    scores: np.ndarray,
    corrections: list[float],
) -> list[dict]:
    """Mart rows for skills decomposed the same way (parts: controls in order, then total)."""
    beta_1 = ladder.fits[1].estimates.beta[_positions(ladder.fits[1], skill_columns)]
    beta_to = beta_1 - delta.sum(axis=0)
    total_scores = scores.sum(axis=1)
    rows = []
    for j, column in enumerate(skill_columns):
        skill = ladder.flag_ids[int(column)]
        from_pct = 100 * (np.exp(beta_1[j]) - 1)
        to_pct = 100 * (np.exp(beta_to[j]) - 1)
        total = float(delta[:, j].sum())
        parts = [(c, delta[i, j], scores[:, i, j], corrections[i]) for i, c in enumerate(controls)]
        parts.append(("total", total, total_scores[:, j], corrections[-1]))
        for control, d, s, correction in parts:
            se = float(np.sqrt(correction * (s**2).sum()))
            share = d / total if abs(total) > 1e-12 else None
            note = NOTES[control]
            if control in ("place", "company"):
                note = f"{note}; {SHARED_NOTE}"
            rows.append(
                {
                    "skill_id": skill,
                    "control": control,
                    "control_label": CONTROL_LABEL.get(control, "all controls"),
                    "rung_to": rung_to,
                    "contribution_log_pts": 100 * d,
                    "contribution_lo": 100 * (d - Z95 * se),
                    "contribution_hi": 100 * (d + Z95 * se),
                    "se_log_pts": 100 * se,
                    "contribution_pct_pts": None if share is None else share * (from_pct - to_pct),
                    "share_of_drop": share,
                    "premium_from_pct": from_pct,
                    "premium_to_pct": to_pct,
                    "n_postings": ladder.n,
                    "note": note,
                }
            )
    return rows


def out_premium_decomposition(ladder: Ladder | None, ladder_mart: pl.DataFrame) -> pl.DataFrame:
    """One row per skill × control of its full model, plus the total (see the docstring)."""
    if ladder is None or 1 not in ladder.fits:
        return pl.DataFrame(schema=DECOMPOSITION_SCHEMA)
    estimated = {
        (s, r)
        for s, r in ladder_mart.filter(pl.col("is_estimated")).select("skill_id", "rung").rows()
    }
    column_of = {s: i for i, s in enumerate(ladder.flag_ids) if s not in INTENSITY_IDS}
    full = {
        s: max(r for r in (4, 5, 6) if (s, r) in estimated)
        for s in column_of
        if (s, 4) in estimated and (s, 1) in estimated
    }
    rows: list[dict] = []
    n, g = ladder.n, ladder.clusters.count
    for fit_rung in (4, 5):  # rungs 5 and 6 share the Gelbach parts of the rung-5 model
        skills = [s for s, r in full.items() if (r >= 5) == (fit_rung == 5)]
        if not skills:
            continue
        columns = np.array([column_of[s] for s in skills], dtype=np.int64)
        fit = ladder.fits[fit_rung]
        all_delta, all_scores, correction = _gelbach_parts(ladder, fit, columns)
        for rung_to in (4,) if fit_rung == 4 else (5, 6):
            pick = np.array([full[s] == rung_to for s in skills])
            if not pick.any():
                continue
            cols, delta, scores = columns[pick], all_delta[:, pick], all_scores[:, :, pick]
            controls = ["role_level", "place", "month", "company"][: delta.shape[0]]
            corrections = [correction] * len(controls)
            if rung_to == 6:
                fit6 = ladder.fits[6]
                e5 = _subset(fit.estimates, _positions(fit, cols))
                e6 = _subset(fit6.estimates, _positions(fit6, cols))
                assert e5.scores is not None and e6.scores is not None
                title_scores = e5.scores / e5.sxx - e6.scores / e6.sxx
                delta = np.vstack([delta, (e5.beta - e6.beta)[None, :]])
                scores = np.concatenate([scores, title_scores[:, None, :]], axis=1)
                controls.append("title")
                corrections.append(small_sample_correction(n, g, fit6.k_fe + 1))
            corrections.append(corrections[-1])  # the total: the full model's factor
            rows += _rows(ladder, cols, rung_to, controls, delta, scores, corrections)
    if not rows:
        return pl.DataFrame(schema=DECOMPOSITION_SCHEMA)
    order = {c: i for i, c in enumerate([*CONTROL_LABEL, "total"])}
    return (
        pl.DataFrame(rows, schema=DECOMPOSITION_SCHEMA)
        .with_columns(pl.col("control").replace_strict(order).alias("_order"))
        .sort("skill_id", "_order")
        .drop("_order")
    )

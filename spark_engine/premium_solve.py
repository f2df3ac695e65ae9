"""The premium regressions solved on the driver from one segment's cells, as
`analytics.marts.premium` solves them from postings: every skill on its own (single), every
skill together (joint) and within company (company as a fourth fixed effect).

The cells (`spark_engine.premium_statistics`): `base`, one row per company × fixed-effect cell
with n and S = Σ log pay; `with_skill`, per skill the part of each cell naming it (W = n_with,
SW = Σ log pay with); `pair_totals`, the segment's postings naming two skills at once, summed
over companies (P). Every regressor is categorical, so with the fixed effects' one-hot design D
over the cells and their gram DᵀnD, a skill's fit on the fixed effects is one number f per cell
(F = D Γ) and log pay's is ŷ; with x̃ = x − f and ỹ = y − ŷ:

- single: Σ x̃ỹ = (SW − f·S) − (W − f·n)·ŷ and Σ x̃² = W(1 − 2f) + n f² per cell; a company's
  score is the sum of its cells' Σ x̃ỹ − β Σ x̃²;
- joint: X̃ᵀX̃ = P + diag(ΣW) − WᵀF − FᵀW + Fᵀ(nF), β = (X̃ᵀX̃)⁻¹ X̃ᵀỹ, and with r = ŷ − Fβ per
  cell a company's scores are Σ_cells (SW − W r) − T_g − Σ_cells f (S − n r − Wβ), where the
  pair term T_g[a] = Σ over the company's postings naming a of Σ_{b kept, named} β_b reads
  the postings: it is summed on Spark once β is known (a second pass), so `joint` returns the
  model without it (`JointModel`) and `JointModel.se` takes it;
- within company: the single estimate with the company among the fixed effects.

Standard errors are company-clustered with statsmodels' small-sample correction, K the fixed
effects' parameters plus the regressors (`analytics.stats.clustered_ols`), as the mart's.
The fixed effects' gram is dense and factored once per segment (its pseudo-inverse); within
company the companies' block (diagonal: their counts) is eliminated by its Schur complement, so
the gram stays the size of the role × place × month levels however many companies there are.
The dense blocks are cells × SKILL_CHUNK skills, the joint model's cells × kept skills, and
skills × skills (P, the gram) and companies × kept skills (the scores).

May import: numpy, scipy, polars, `analytics.marts.premium` (fixed-effect columns,
`value_codes`), `analytics.stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import linalg, sparse

from analytics.marts.premium import FE_COLUMNS, value_codes
from analytics.stats.clustered_ols import small_sample_correction
from analytics.stats.fixed_effects import dense_codes, fe_parameter_count

SKILL_CHUNK = 32  # skills solved together (cells × SKILL_CHUNK dense blocks)
Estimates = dict[str, tuple[float, float]]  # skill -> (β, se)


def fe_design(cells: pl.DataFrame, columns: Sequence[str] = FE_COLUMNS) -> sparse.csr_matrix:
    """One-hot columns of every fixed effect's levels, one row per cell."""
    blocks = []
    for column in columns:
        dense, levels = dense_codes(value_codes(cells[column]))
        blocks.append(
            sparse.csr_matrix(
                (np.ones(dense.size), (np.arange(dense.size), dense)), shape=(dense.size, levels)
            )
        )
    return sparse.hstack(blocks, format="csr")


def weighted_fit(design: sparse.csr_matrix, gram: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """The fitted values D·θ of the weighted least squares whose normal equations are
    gram·θ = rhs (minimum-norm θ: the fixed-effect dummies are collinear, their fit is not)."""
    theta = linalg.lstsq(gram, rhs, cond=1e-12, lapack_driver="gelsd")[0]
    fit = np.asarray(design @ theta)
    return fit.ravel() if np.ndim(rhs) == 1 else fit


def pseudo_inverse(gram: np.ndarray, cond: float = 1e-12) -> np.ndarray:
    """The Moore–Penrose inverse of a symmetric positive semi-definite gram, eigenvalues below
    `cond` of the largest dropped (the rule of `weighted_fit`'s least squares), factored once
    for every right-hand side of a segment."""
    values, vectors = linalg.eigh(gram)
    kept = values > cond * values.max() if values.size else values > 0
    return (vectors[:, kept] / values[kept]) @ vectors[:, kept].T


class SegmentCells:
    """One segment's cells on the driver: the fixed effects' design and gram, log pay's fit,
    the company of each cell, and each skill's part of the cells (cells × skills, sparse).
    `within_company`: the company is a fixed effect too."""

    def __init__(
        self, base: pl.DataFrame, with_skill: pl.DataFrame, within_company: bool = False
    ) -> None:
        keys = ["cluster", *FE_COLUMNS]
        base = base.select(*keys, "n", "sum_y").with_row_index("_cell")
        self.skills: list[str] = with_skill["skill_id"].unique().sort().to_list()
        parts = with_skill.join(
            base.select("_cell", *keys), on=keys, nulls_equal=True
        ).with_columns(pl.col("skill_id").cast(pl.Enum(self.skills)).to_physical().cast(pl.Int64))
        cells, k = base.height, len(self.skills)
        at = (parts["_cell"].to_numpy(), parts["skill_id"].to_numpy())
        self.n_with = sparse.csc_matrix(
            (parts["n_with"].cast(pl.Float64).to_numpy(), at), (cells, k)
        )
        self.s_with = sparse.csc_matrix((parts["sum_y_with"].to_numpy(), at), (cells, k))
        self.n = base["n"].cast(pl.Float64).to_numpy()
        self.sum_y = base["sum_y"].to_numpy()
        cluster_names = base["cluster"].fill_null("?")
        self.cluster_of, self.n_clusters = dense_codes(value_codes(cluster_names))
        self.cluster_index = dict(
            zip(cluster_names.to_list(), self.cluster_of.tolist(), strict=True)
        )
        self.indicator = sparse.csr_matrix(
            (np.ones(cells), (self.cluster_of, np.arange(cells))), shape=(self.n_clusters, cells)
        )
        self.design = fe_design(base, FE_COLUMNS)
        gram = np.asarray((self.design.T @ sparse.diags(self.n) @ self.design).todense())
        self.within_company = within_company
        if within_company:  # the companies eliminated: the Schur complement of their block
            self.company_n = np.asarray(self.indicator @ self.n).ravel()
            self.cross = sparse.csr_matrix(self.design.T @ sparse.diags(self.n) @ self.indicator.T)
            gram -= np.asarray(
                (self.cross @ sparse.diags(1 / self.company_n) @ self.cross.T).todense()
            )
        self.inverse = pseudo_inverse(gram)
        self.y_fit = self.fit(self.sum_y)
        self.rows = int(self.n.sum())
        codes = [value_codes(base[c]) for c in FE_COLUMNS]
        self.k_fe = fe_parameter_count([*codes, self.cluster_of] if within_company else codes)
        self.total_with = np.asarray(self.n_with.sum(axis=0)).ravel()

    def fit(self, sums: np.ndarray) -> np.ndarray:
        """The fit on the fixed effects per cell of a variable whose per-cell sums are `sums`
        (cells, or cells × columns): D·θ, θ the minimum-norm solution of the weighted normal
        equations (`weighted_fit`); within company, D·θ + C·θ_c with the companies' block
        eliminated (θ_c = (Cᵀs − CᵀnD θ)/n_c), so its gram stays the fixed effects' size."""
        values = sums.reshape(sums.shape[0], -1)
        rhs = self.design.T @ values
        if not self.within_company:
            fit = self.design @ (self.inverse @ rhs)
        else:
            rhs_c = self.indicator @ values
            theta = self.inverse @ (rhs - self.cross @ (rhs_c / self.company_n[:, None]))
            theta_c = (rhs_c - self.cross.T @ theta) / self.company_n[:, None]
            fit = self.design @ theta + self.indicator.T @ theta_c
        fit = np.asarray(fit)
        return fit.ravel() if sums.ndim == 1 else fit

    def skill_fits(self, columns: slice | np.ndarray) -> np.ndarray:
        """F: the skills' fits on the fixed effects, per cell (cells × columns, dense)."""
        return self.fit(self.n_with[:, columns].toarray())

    def single(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per skill: β, se and Σ x̃ỹ of its own regression (NaN where the fixed effects
        explain the flag, as `clustered_ols.single_flag_estimates`)."""
        k = len(self.skills)
        beta, se, sxy_all = np.full(k, np.nan), np.full(k, np.nan), np.zeros(k)
        correction = small_sample_correction(self.rows, self.n_clusters, self.k_fe + 1)
        for start in range(0, k, SKILL_CHUNK):  # cells × chunk dense blocks: memory bounded
            part = slice(start, min(start + SKILL_CHUNK, k))
            n_part, s_part = self.n_with[:, part].toarray(), self.s_with[:, part].toarray()
            f = self.skill_fits(part)
            cross = (s_part - f * self.sum_y[:, None]) - (n_part - f * self.n[:, None]) * (
                self.y_fit[:, None]
            )
            squares = n_part * (1 - 2 * f) + self.n[:, None] * f**2
            sxx, sxy = squares.sum(axis=0), cross.sum(axis=0)
            sxy_all[part] = sxy
            sxx[sxx <= 1e-10 * self.total_with[part]] = np.nan
            with np.errstate(divide="ignore", invalid="ignore"):
                beta[part] = sxy / sxx
                scores = self.indicator @ (cross - beta[part] * squares)
                se[part] = np.sqrt(correction * (scores**2).sum(axis=0) / sxx**2)
        return beta, se, sxy_all

    def pair_totals(self, pairs: pl.DataFrame) -> np.ndarray:
        """P = Σ_g P_g: the segment's postings naming two skills at once, summed over its
        companies (skills × skills, both orders, zero diagonal; `pairs`: skill_a < skill_b,
        n_pair; pairs of skills not in this model are left out)."""
        k = len(self.skills)
        pairs = pairs.filter(
            pl.col("skill_a").is_in(self.skills) & pl.col("skill_b").is_in(self.skills)
        )
        a = pairs["skill_a"].cast(pl.Enum(self.skills)).to_physical().cast(pl.Int64).to_numpy()
        b = pairs["skill_b"].cast(pl.Enum(self.skills)).to_physical().cast(pl.Int64).to_numpy()
        count = pairs["n_pair"].cast(pl.Float64).to_numpy()
        totals = np.zeros((k, k))
        np.add.at(totals, (a, b), count)
        return totals + totals.T

    def residual_gram(self, pair_totals: np.ndarray) -> np.ndarray:
        """X̃ᵀX̃ of every skill (`pair_totals`: `pair_totals`; XᵀX is P plus each skill's
        count on the diagonal)."""
        p = pair_totals + np.diag(self.total_with)
        f = self.skill_fits(slice(None))
        wf = np.asarray(self.n_with.T @ f)
        return p - wf - wf.T + f.T @ (self.n[:, None] * f)

    def joint(self, gram: np.ndarray, xty: np.ndarray, keep: list[int]) -> JointModel:
        """β of the skills `keep` in one regression and their companies' scores but for the
        pair term (`JointModel`; `gram`: `residual_gram`; `xty`: Σ x̃ỹ of every skill)."""
        bread = np.linalg.inv(gram[np.ix_(keep, keep)])
        beta = bread @ xty[keep]
        f = self.skill_fits(np.asarray(keep))
        w, sw = self.n_with[:, keep].toarray(), self.s_with[:, keep].toarray()
        r = self.y_fit - f @ beta
        scores = np.asarray(self.indicator @ (sw - w * r[:, None])) - np.asarray(
            self.indicator @ (f * (self.sum_y - self.n * r - w @ beta)[:, None])
        )
        correction = small_sample_correction(self.rows, self.n_clusters, self.k_fe + len(keep))
        return JointModel(keep, beta, bread, scores, correction)


@dataclass(frozen=True)
class JointModel:
    """One joint model of a segment, solved but for its standard errors: the kept columns, β,
    the bread (X̃ᵀX̃ of the kept columns)⁻¹, the company-clustering correction, and per company
    (rows, `SegmentCells` order) × kept skill the scores Σ x̃ê without the pair term: a
    company's Σ over its postings naming skill a of Σ_{b kept, named by the posting} β_b (a
    itself included), which needs the postings and is summed on Spark
    (`spark_engine.premium_statistics`)."""

    keep: list[int]
    beta: np.ndarray
    bread: np.ndarray
    scores_but_pairs: np.ndarray
    correction: float

    def se(self, pair_term: np.ndarray) -> np.ndarray:
        """Company-clustered standard errors given the pair term (companies × kept skills)."""
        scores = self.scores_but_pairs - pair_term
        var = self.correction * (self.bread @ (scores.T @ scores) @ self.bread)
        return np.sqrt(np.diag(var))

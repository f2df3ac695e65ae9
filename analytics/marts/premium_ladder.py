"""`out_premium_ladder` and `out_premium_sample`: how the pay premium of GenAI and of every
supported skill shrinks as the comparison gets stricter, on one sample.

Sample: the premium sample of `analytics.marts.premium` (paid, annualized USD midpoint, not
internships or part-time) restricted to postings whose every control is known: company, place
(metro, else country; remote by country), posting month and title. Every rung uses these same
postings, so rungs differ only by their controls (`contract.marts.PREMIUM_RUNGS`):
 0 raw gap of medians (median pay with / without − 1; 95% interval from the medians' influence
   functions, clustered by company: `analytics.stats.medians.median_gap_scores`);
 1 log-pay OLS with a constant; 2 + role family × seniority; 3 + place; 4 + month;
 5 + company (within firm: shown where at least `min_companies_both` companies post both with
   and without the skill); 6 + normalized title (within title: where at least
   `min_titles_both` titles are posted both with and without it), for every skill where that
   holds. A rung whose controls have as many parameters as there are postings (nearly every
   title unique, as on small real boards) is not estimated and says so.
Rungs 1–6: exp(β) − 1 with company-clustered 95% intervals, β from one fixed-effects solve per
rung for every skill at once (`analytics.stats`: company as the absorbed dimension, the title
by conjugate gradients on its own Schur complement, every skill's column iterated together).
GenAI intensity: postings naming one GenAI skill and two or more, each against postings naming
none, in one regression per rung (the Lightcast split), published as skill_id 'genai_one' /
'genai_two_plus'. The decomposition of the drop from rung 1 to the full model is
`analytics.marts.premium_decomposition`'s, from the fits made here.

The rungs' fits live in `analytics.marts.premium_rungs`.
The sample's rows are `ladder_postings` of the postings and their GenAI skill counts, row by
row (the Spark engine makes `out_premium_sample` per Arrow batch with it).

May import: the standard library, polars, numpy, scipy, `contract`, `analytics.stats`,
`analytics.marts.premium`, `analytics.marts.premium_rungs`, `analytics.marts.demand`,
`analytics.normalize.titles`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy import sparse

from analytics.marts.demand import posting_skill_flags
from analytics.marts.premium import (
    in_threads,
    premium_sample,
    sample_skill_hits,
    support_reason,
    value_codes,
)
from analytics.marts.premium_rungs import (
    DimensionSums,
    RungFit,
    fit_rung,
    level_support,
    rung_effects,
)
from analytics.normalize.titles import normalized_title
from analytics.stats.clustered_ols import (
    Clusters,
    cluster_order,
    independent_columns,
    joint_estimates,
)
from analytics.stats.fixed_effects import dense_codes
from analytics.stats.intervals import Z95
from analytics.stats.medians import median_gap_scores, medians_in_and_out
from contract.marts import GENAI_INTENSITY, PREMIUM_RUNGS, mart
from contract.vocab import GENAI_SKILL_ID

_CONTRACT = mart("out_premium_ladder")
MIN_WITH = _CONTRACT.threshold_int("min_with")
MIN_WITHOUT = _CONTRACT.threshold_int("min_without")
MIN_COMPANIES = _CONTRACT.threshold_int("min_companies")
MIN_COMPANIES_BOTH = _CONTRACT.threshold_int("min_companies_both")
MIN_TITLES_BOTH = _CONTRACT.threshold_int("min_titles_both")
LADDER_SCHEMA = {column.name: column.kind for column in _CONTRACT.columns}
_POLARS_KIND = {"text": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}
LADDER_POLARS_SCHEMA = {name: _POLARS_KIND[kind] for name, kind in LADDER_SCHEMA.items()}
SAMPLE_SCHEMA = {
    "posting_id": pl.String,
    "pay_mid_annual_usd": pl.Float64,
    "title_key": pl.String,
    "n_genai_skills": pl.Int64,
}
FE_COLUMNS = ("fe_role_level", "fe_place", "fe_month")
INTENSITY_IDS = tuple(GENAI_INTENSITY)


def genai_skill_counts(posting_skills: pl.DataFrame, genai_ids: frozenset[str]) -> pl.DataFrame:
    """posting_id, n_genai_skills: how many distinct GenAI skills each posting naming one names."""
    return (
        posting_skills.filter(pl.col("skill_id").is_in(list(genai_ids)))
        .group_by("posting_id")
        .agg(pl.col("skill_id").n_unique().cast(pl.Int64).alias("n_genai_skills"))
    )


def ladder_postings(postings: pl.DataFrame, genai_counts: pl.DataFrame) -> pl.DataFrame:
    """The ladder's postings among `postings` (`genai_counts`: `genai_skill_counts`' rows).
    Row by row: any subset of the postings with their counts gives its own rows (the Spark
    engine runs it per Arrow batch)."""
    known = postings.filter(
        pl.col("company").is_not_null()
        & (pl.col("company").str.strip_chars() != "")
        & pl.col("country").is_not_null()
        & pl.col("posted_date").is_not_null()
        & pl.col("title").is_not_null()
        & (pl.col("title").str.strip_chars() != "")
    ).select("posting_id", "title")
    titles = (
        known.select("title").unique().with_columns(normalized_title("title").alias("title_key"))
    )
    return (
        premium_sample(postings)
        .join(known, on="posting_id")
        .join(titles, on="title")
        .join(genai_counts, on="posting_id", how="left")
        .with_columns(pl.col("n_genai_skills").fill_null(0))
        .drop("title")
    )


def ladder_sample(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, genai_ids: frozenset[str]
) -> pl.DataFrame:
    """The ladder's postings: the premium sample with company, place, month and title all
    known, its normalized title (`title_key`) and how many GenAI skills each names."""
    return ladder_postings(postings, genai_skill_counts(posting_skills, genai_ids))


def out_premium_sample(sample: pl.DataFrame) -> pl.DataFrame:
    if sample.height == 0:
        return pl.DataFrame(schema=SAMPLE_SCHEMA)
    return sample.select(list(SAMPLE_SCHEMA)).sort("posting_id")


@dataclass
class Ladder:
    """The sample's design, its support, and every rung's fit (the decomposition reads them)."""

    n: int
    y: np.ndarray
    clusters: Clusters
    flag_ids: list[str]  # the design's columns: supported skills (genai first), then contrasts
    x: sparse.csc_matrix
    support: pl.DataFrame
    fits: dict[int, RungFit] = field(default_factory=dict)


def _support(
    ids: list[str],
    n_with: np.ndarray,
    n_without: np.ndarray,
    n_companies: np.ndarray,
    companies_both: np.ndarray,
    titles_both: np.ndarray,
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_id": ids,
            "n_with": n_with.astype(np.int64),
            "n_without": n_without.astype(np.int64),
            "n_companies": n_companies.astype(np.int64),
            "n_companies_both": companies_both.astype(np.int64),
            "n_titles_both": titles_both.astype(np.int64),
        }
    ).with_columns(support_reason(MIN_WITH, MIN_WITHOUT, MIN_COMPANIES).alias("reason"))


def _contrast_support(
    rows: np.ndarray, cols: np.ndarray, none: np.ndarray, levels: list[tuple[np.ndarray, int]]
) -> tuple[np.ndarray, ...]:
    """n_with, n_without (postings naming no GenAI skill), companies among n_with, and per
    level kind (company, title) the levels with both the contrast and none."""
    k = len(INTENSITY_IDS)
    n_with = np.bincount(cols, minlength=k)
    n_none = int(none.sum())
    out = [n_with, np.full(k, n_none)]
    for j, (codes, n_levels) in enumerate(levels):
        has_none = np.bincount(codes[none], minlength=n_levels) > 0
        per = np.zeros((k, n_levels), dtype=bool)
        per[cols, codes[rows]] = True
        if j == 0:
            out.append(per.sum(axis=1))
        out.append((per & has_none).sum(axis=1))
    return tuple(out)


def build_ladder(
    sample: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    threads: int = 1,
) -> Ladder | None:
    """The design (every skill present, `genai` and the intensity contrasts), its support and
    the fits of rungs 1–6 for the columns each rung may show (`threads` rungs solved at once:
    their numpy and scipy work releases the GIL, and a fit does not depend on its thread).
    None for an empty sample."""
    if sample.height == 0:
        return None
    order, clusters = cluster_order(value_codes(sample["cluster"]))
    sample = sample.with_row_index("_row")
    hits = sample_skill_hits(sample, posting_skill_flags(posting_skills, genai_ids))
    n = sample.height
    local = np.empty(n, dtype=np.int64)
    local[order] = np.arange(n)
    rows, skills = local[hits.rows], hits.skills
    cols, k_all = dense_codes(skills)
    present = np.flatnonzero(np.bincount(skills, minlength=len(hits.names)))
    names = [hits.names[s] for s in present]
    y = sample["log_pay"].to_numpy()[order]
    fe = [value_codes(sample[c])[order] for c in FE_COLUMNS]
    titles = value_codes(sample["title_key"])[order]
    n_titles = int(titles.max()) + 1
    intensity = sample["n_genai_skills"].to_numpy()[order]
    n_with = np.bincount(cols, minlength=k_all)
    n_companies, companies_both = level_support(clusters.codes, clusters.count, rows, cols, k_all)
    _, titles_both = level_support(titles, n_titles, rows, cols, k_all)
    support = _support(names, n_with, n - n_with, n_companies, companies_both, titles_both)
    supported = np.flatnonzero(support["reason"].is_null().to_numpy())
    supported = supported[
        np.argsort([names[j] != GENAI_SKILL_ID for j in supported], kind="stable")
    ]
    # intensity contrasts: one GenAI skill / two or more, each against postings naming none
    c_rows = np.flatnonzero(intensity >= 1)
    c_cols = np.where(intensity[c_rows] >= 2, 1, 0)
    none = intensity == 0
    contrast = _support(
        list(INTENSITY_IDS),
        *_contrast_support(
            c_rows, c_cols, none, [(clusters.codes, clusters.count), (titles, n_titles)]
        ),
    )
    remap = np.full(k_all, -1, dtype=np.int64)
    remap[supported] = np.arange(supported.size)
    keep = remap[cols] >= 0
    k = supported.size
    x = sparse.csc_matrix(
        (
            np.ones(int(keep.sum()) + c_rows.size),
            (np.concatenate([rows[keep], c_rows]), np.concatenate([remap[cols][keep], k + c_cols])),
        ),
        shape=(n, k + len(INTENSITY_IDS)),
    )
    flag_ids = [names[j] for j in supported] + list(INTENSITY_IDS)
    column = pl.DataFrame(
        {"skill_id": flag_ids, "_column": np.arange(len(flag_ids))},
        schema={"skill_id": pl.String, "_column": pl.Int64},
    )
    ladder = Ladder(
        n=n,
        y=y,
        clusters=clusters,
        flag_ids=flag_ids,
        x=x,
        support=pl.concat([support, contrast])
        .join(column, on="skill_id", how="left")
        .with_columns(
            (pl.col("reason").is_null() & (pl.col("n_companies_both") >= MIN_COMPANIES_BOTH)).alias(
                "_within_company"
            ),
            (pl.col("reason").is_null() & (pl.col("n_titles_both") >= MIN_TITLES_BOTH)).alias(
                "_within_title"
            ),
        ),
    )

    def columns_where(condition: pl.Expr) -> np.ndarray:
        picked = ladder.support.filter(condition & pl.col("_column").is_not_null())
        return np.sort(picked["_column"].to_numpy())

    dim_sums = DimensionSums.of([*fe, clusters.codes, titles], y, x)
    everything = np.arange(x.shape[1])
    company_ok = columns_where(pl.col("_within_company"))
    title_ok = columns_where(pl.col("_within_company") & pl.col("_within_title"))
    # the contrasts enter a rung's regression together (each holds the other fixed)
    contrast_cols = np.arange(k, x.shape[1])
    rung_columns: dict[int, np.ndarray] = {}
    for rung, cols_r in (
        (1, everything),
        (2, everything),
        (3, everything),
        (4, everything),
        (5, company_ok),
        (6, title_ok),
    ):
        fit_cols = (
            np.union1d(cols_r, contrast_cols) if np.isin(contrast_cols, cols_r).any() else cols_r
        )
        if fit_cols.size:
            rung_columns[rung] = fit_cols
    x.sort_indices()  # canonical before the threads slice it (slicing may sort it in place)

    def fitted(rung: int) -> RungFit:
        fit_cols = rung_columns[rung]
        effects = rung_effects(rung, fe, clusters, titles)
        return fit_rung(effects, y, x, clusters, fit_cols, dim_sums.rung(rung, fit_cols))

    # the rungs are independent solves, the costliest (title, company) started first
    costliest_first = sorted(rung_columns, reverse=True)
    fits = zip(costliest_first, in_threads(fitted, costliest_first, threads), strict=True)
    ladder.fits.update(sorted(fits, key=lambda fit: fit[0]))
    rung0 = _rung0(ladder, intensity, rows[keep], remap[cols][keep], k)
    ladder.support = ladder.support.join(rung0, on="skill_id", how="left")
    return ladder


def _rung0(
    ladder: Ladder, intensity: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int
) -> pl.DataFrame:
    """Rung 0 per design column (skill_id, beta0, se0): log ratio of medians of pay, and its
    company-clustered standard error from the medians' influence functions."""
    clusters = ladder.clusters
    pay = np.exp(ladder.y)
    out = []
    inside, outside = medians_in_and_out(pay, rows, cols, k)
    _, _, scores = median_gap_scores(ladder.y, clusters.codes, clusters.count, rows, cols, k)
    g = clusters.count
    se = np.sqrt(g / (g - 1) * (scores**2).sum(axis=0)) if g > 1 else np.full(k, np.nan)
    for j in range(k):
        out.append({"beta0": float(np.log(inside[j] / outside[j])), "se0": float(se[j])})
    # contrasts: each group against postings naming no GenAI skill only
    for test in (intensity == 1, intensity >= 2):
        subset = np.flatnonzero(test | (intensity == 0))
        sub_clusters, sub_count = dense_codes(clusters.codes[subset])
        flag_rows = np.flatnonzero(test[subset])
        flag_cols = np.zeros(flag_rows.size, dtype=np.int64)
        if flag_rows.size == 0 or flag_rows.size == subset.size or sub_count < 2:
            out.append({"beta0": float("nan"), "se0": float("nan")})
            continue
        a, b = medians_in_and_out(pay[subset], flag_rows, flag_cols, 1)
        _, _, s = median_gap_scores(
            ladder.y[subset], sub_clusters, sub_count, flag_rows, flag_cols, 1
        )
        out.append(
            {
                "beta0": float(np.log(a[0] / b[0])),
                "se0": float(np.sqrt(sub_count / (sub_count - 1) * (s**2).sum())),
            }
        )
    return pl.DataFrame(out, schema={"beta0": pl.Float64, "se0": pl.Float64}).with_columns(
        pl.Series("skill_id", ladder.flag_ids, dtype=pl.String)
    )


def _contrast_estimates(fit: RungFit, ladder: Ladder, k: int) -> dict[str, tuple[float, float]]:
    """The intensity contrasts' joint estimates at one rung (both columns in one model); every
    contrast in the rung's model gets a row, (nan, nan) where the model cannot hold it, so the
    rung's notes do not depend on rounding."""
    position = {c: i for i, c in enumerate(fit.columns)}
    picked = [position[c] for c in range(k, k + len(INTENSITY_IDS)) if c in position]
    if not picked:
        return {}
    out = {ladder.flag_ids[fit.columns[i]]: (float("nan"), float("nan")) for i in picked}
    effects = fit.effects
    x2 = ladder.x[:, fit.columns[picked]]
    coefs = fit.coefs.take(picked)
    sums = fit.sums.take(picked)
    gram = effects.residual_gram(x2, sums, coefs)
    keep = independent_columns(gram, list(range(len(picked))))
    if not keep:
        return out
    xty = np.asarray(x2.T @ fit.y_t).ravel()
    est = joint_estimates(effects, fit.y_t, x2, coefs, xty, gram, keep, ladder.clusters, fit.k_fe)
    ids = [ladder.flag_ids[fit.columns[picked[j]]] for j in keep]
    out.update({s: (float(b), float(e)) for s, b, e in zip(ids, est.beta, est.se, strict=True)})
    return out


def ladder_estimates(ladder: Ladder) -> pl.DataFrame:
    """(skill_id, rung, beta, se, n_parameters) for every design column and rung fitted
    (n_parameters: the rung's fixed-effect parameters plus the flags in its model)."""
    k = len(ladder.flag_ids) - len(INTENSITY_IDS)
    frames = [
        ladder.support.select(
            "skill_id",
            pl.lit(0).alias("rung"),
            pl.col("beta0").alias("beta"),
            pl.col("se0").alias("se"),
            pl.lit(0).alias("n_parameters"),
        )
    ]
    for rung, fit in ladder.fits.items():
        skill_cols = [i for i, c in enumerate(fit.columns) if c < k]
        ids = [ladder.flag_ids[fit.columns[i]] for i in skill_cols]
        beta = fit.estimates.beta[skill_cols]
        se = fit.estimates.se[skill_cols]
        contrasts = _contrast_estimates(fit, ladder, k)
        ids += list(contrasts)
        beta = np.concatenate([beta, [b for b, _ in contrasts.values()]])
        se = np.concatenate([se, [e for _, e in contrasts.values()]])
        frames.append(
            pl.DataFrame(
                {
                    "skill_id": ids,
                    "rung": [rung] * len(ids),
                    "beta": beta,
                    "se": se,
                    "n_parameters": [fit.k_fe + 1] * len(ids),
                }
            )
        )
    return pl.concat(frames, how="vertical_relaxed").with_columns(
        pl.col("rung").cast(pl.Int64), pl.col("n_parameters").cast(pl.Int64)
    )


def out_premium_ladder(ladder: Ladder | None) -> pl.DataFrame:
    """One row per design column × rung, estimates where the rung may show them."""
    if ladder is None or not ladder.flag_ids:
        return pl.DataFrame(schema=LADDER_POLARS_SCHEMA)
    rungs = pl.DataFrame(
        {
            "rung": [r for r, _, _ in PREMIUM_RUNGS],
            "rung_label": [label for _, label, _ in PREMIUM_RUNGS],
            "controls": [controls for _, _, controls in PREMIUM_RUNGS],
        },
        schema={"rung": pl.Int64, "rung_label": pl.String, "controls": pl.String},
    )
    grid = ladder.support.join(rungs, how="cross").join(
        ladder_estimates(ladder), on=["skill_id", "rung"], how="left"
    )
    blocked = (
        pl.when(pl.col("reason").is_not_null())
        .then(pl.col("reason"))
        .when((pl.col("rung") >= 5) & ~pl.col("_within_company"))
        .then(pl.lit(f"fewer than {MIN_COMPANIES_BOTH} companies post both with and without"))
        .when((pl.col("rung") == 6) & ~pl.col("_within_title"))
        .then(pl.lit(f"fewer than {MIN_TITLES_BOTH} titles are posted both with and without"))
        .when(pl.col("n_parameters") >= ladder.n)
        .then(
            pl.format(
                "the rung's controls use up the sample ({} parameters for {} postings)",
                "n_parameters",
                pl.lit(ladder.n),
            )
        )
        .when(pl.col("beta").is_null() | pl.col("se").is_null() | pl.col("se").is_nan())
        .then(pl.lit("no variation left after the rung's controls"))
        .otherwise(None)
    )
    estimated = pl.col("note").is_null()

    def shown(expr: pl.Expr) -> pl.Expr:
        return pl.when(estimated).then(expr).otherwise(None)

    return (
        grid.with_columns(blocked.alias("note"))
        .with_columns(
            estimated.alias("is_estimated"),
            shown(100 * (pl.col("beta").exp() - 1)).alias("premium_pct"),
            shown(100 * ((pl.col("beta") - Z95 * pl.col("se")).exp() - 1)).alias("premium_lo"),
            shown(100 * ((pl.col("beta") + Z95 * pl.col("se")).exp() - 1)).alias("premium_hi"),
            shown(pl.col("beta")).alias("beta"),
            shown(pl.col("se")).alias("se"),
            pl.lit(ladder.n, dtype=pl.Int64).alias("n_postings"),
        )
        .select(list(LADDER_POLARS_SCHEMA))
        .cast(LADDER_POLARS_SCHEMA)  # type: ignore[arg-type]
        .sort("skill_id", "rung")
    )

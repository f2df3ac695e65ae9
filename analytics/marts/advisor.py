"""`out_skill_advisor` and the skill advisor's helpers (metrics.md, "Skill advisor").

Universe: canonical postings first posted in the last 12 months of data (calendar months, the
latest month included). Cells: role_family x place, place_id = "all" or the ISO2 country.
Within a cell, for each ordered skill pair (given_skill, next_skill) that co-occurs:
- n_given = postings naming given_skill; n_both = postings naming both;
- conditional_share = n_both / n_given = P(next | given, cell), Wilson 95% (cond_lo, cond_hi);
- base_share = n_next / n_cell = P(next | cell), Wilson 95% (base_lo, base_hi);
  lift = conditional_share / base_share;
- momentum (ln share per month) and yoy_change_pts of next_skill from `out_emerging_skills`
  for the role family, country "all"; premium_adj_pct of next_skill from `out_skill_premiums`
  segment "role_family=<rf>" when estimated (not suppressed), else segment "all";
  premium_segment names the one used. Shares are fractions in 0-1.
- score_weight = (1 + clip(12 x momentum, -0.5, 0.5)) x (1 + clip(premium / 100, -0.5, 0.5))
  (nulls as 0): how next_skill's trend and pay nudge its advisor score (see `recommend`);
- n_roles_common and tfidf: how much next_skill defines the role family in the place, TF-IDF
  across the role families of the place (see `tfidf`): tf = base_share, n_roles_common = role
  families of the place where the skill's share >= 5% (at least 1),
  tfidf = tf x ln(role families with postings in the place / n_roles_common).
Only pairs with n_given >= min_postings are kept, so nothing is recommended from fewer
postings. Pairs never seen together are not listed (n_both >= 1). The `genai` pseudo-skill is
not a recommendable skill; `next_is_genai` flags GenAI skills instead; `next_defines_role`
flags a skill the role family is named after (machine learning for ML engineers), which is
never advice for that role. The thresholds (30
postings, 12 months, lift cap 3, nudges of at most 50%, 5%) are the contract's
(`contract.marts`, out_skill_advisor).

The mart is made in two steps: `advisor_counts` counts (postings per cell, per cell x skill,
per cell x given x next: `AdvisorCounts`, integers) and `advisor_from_counts` finishes
(everything after the counts), so another engine can count and share the finish
(`spark_engine.advisor_counts`).

`recommend`, `coverage_gain` and `characteristic_skills` answer one learner's question or
describe roles; their formulas are in their docstrings. The app's read API ranks with the
published columns by the same rule.

May import: numpy, polars, scipy, `contract` and `analytics.stats`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from scipy import sparse

from analytics.stats.intervals import wilson_interval
from contract.marts import mart
from contract.vocab import ALL

_CONTRACT = mart("out_skill_advisor")
MIN_GIVEN_POSTINGS = _CONTRACT.threshold_int("min_given_postings")
MONTHS = _CONTRACT.threshold_int("window_months")
LIFT_CAP = _CONTRACT.threshold("lift_cap")
NUDGE_CAP = _CONTRACT.threshold("nudge_cap")
MIN_COMMON_SHARE = _CONTRACT.threshold("min_common_share")
CELL = ["role_family", "place_id"]
ADVISOR_SCHEMA = {
    "role_family": pl.String,
    "place_id": pl.String,
    "given_skill": pl.String,
    "next_skill": pl.String,
    "n_cell": pl.Int64,
    "n_given": pl.Int64,
    "n_both": pl.Int64,
    "conditional_share": pl.Float64,
    "cond_lo": pl.Float64,
    "cond_hi": pl.Float64,
    "n_next": pl.Int64,
    "base_share": pl.Float64,
    "lift": pl.Float64,
    "momentum": pl.Float64,
    "yoy_change_pts": pl.Float64,
    "premium_adj_pct": pl.Float64,
    "premium_segment": pl.String,
    "next_is_genai": pl.Boolean,
    "window_start": pl.Date,
    "window_end": pl.Date,
    "base_lo": pl.Float64,
    "base_hi": pl.Float64,
    "score_weight": pl.Float64,
    "n_roles_common": pl.Int64,
    "tfidf": pl.Float64,
    "next_defines_role": pl.Boolean,
}

# The skills a role family is named after. Learning them is not advice for that role (every
# ML engineer posting names machine learning: its title does), so the advisor never ranks them
# for it; they still count as skills the learner has and in the role's defining skills.
ROLE_NAMED_SKILLS: dict[str, tuple[str, ...]] = {
    "ml_engineer": ("machine_learning",),
    "data_scientist": ("data_science",),
    "mlops_engineer": ("mlops",),
    "ai_engineer": ("artificial_intelligence", "generative_ai"),
}


def window_start_month(last: date | None, months: int = MONTHS) -> date | None:
    """The first day of the window's first month: `months` calendar months ending with the
    month of `last` (the latest posting date)."""
    return pl.Series([last], dtype=pl.Date).dt.truncate("1mo").dt.offset_by(f"-{months - 1}mo")[0]


def recent_postings(postings: pl.DataFrame, months: int = MONTHS) -> pl.DataFrame:
    """Postings first posted in the last `months` calendar months of the data."""
    last = postings["posted_date"].max()
    start = window_start_month(last, months)
    return postings.filter(pl.col("posted_date").is_between(start, last))


def cell_postings(postings: pl.DataFrame) -> pl.DataFrame:
    """posting_id x role_family x place_id, each posting in its country cell and in "all"."""
    base = postings.select("posting_id", pl.col("role_family").fill_null("other"), "country")
    return pl.concat(
        [
            base.select("posting_id", "role_family", pl.lit(ALL).alias("place_id")),
            base.filter(pl.col("country").is_not_null()).select(
                "posting_id", "role_family", pl.col("country").alias("place_id")
            ),
        ]
    )


def _skill_counts(cell_skills: pl.DataFrame, name: str) -> pl.DataFrame:
    return cell_skills.group_by([*CELL, "skill_id"]).agg(pl.len().cast(pl.Int64).alias(name))


def cell_givens(next_counts: pl.DataFrame, min_postings: int) -> pl.DataFrame:
    """The givens of each cell: role_family, place_id, skill_id, n_given (>= min_postings)."""
    return next_counts.rename({"n_next": "n_given"}).filter(pl.col("n_given") >= min_postings)


@dataclass(frozen=True)
class AdvisorCounts:
    """What `out_skill_advisor` counts, however it was counted (integers, so every engine's are
    the same): `n_cell` (role_family, place_id, n_cell: the cell's postings), `n_next`
    (role_family, place_id, skill_id, n_next: the cell's postings naming the skill, each
    posting's skills counted once), `pairs` (role_family, place_id, given_skill, next_skill,
    n_both: for the givens of the cell (n_given >= min_postings), given != next, n_both >= 1),
    `window_start` and `window_end` (the first and last posting dates in the window)."""

    n_cell: pl.DataFrame
    n_next: pl.DataFrame
    pairs: pl.DataFrame
    window_start: date | None
    window_end: date | None


def _role_momentum(emerging: pl.DataFrame) -> pl.DataFrame:
    return emerging.filter(pl.col("country") == ALL).select(
        "role_family",
        pl.col("skill_id").alias("next_skill"),
        "momentum",
        "yoy_change_pts",
    )


def _role_premiums(premiums: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per role family, overall) estimated premiums keyed by next_skill."""
    estimated = premiums.filter(~pl.col("is_suppressed") & pl.col("premium_adj_pct").is_not_null())
    by_role = estimated.filter(pl.col("segment").str.starts_with("role_family=")).select(
        pl.col("segment").str.strip_prefix("role_family=").alias("role_family"),
        pl.col("skill_id").alias("next_skill"),
        pl.col("premium_adj_pct").alias("_prem_role"),
        pl.col("segment").alias("_seg_role"),
    )
    overall = estimated.filter(pl.col("segment") == ALL).select(
        pl.col("skill_id").alias("next_skill"),
        pl.col("premium_adj_pct").alias("_prem_all"),
        pl.col("segment").alias("_seg_all"),
    )
    return by_role, overall


def pair_counts(
    window: pl.DataFrame, skills: pl.DataFrame, given_counts: pl.DataFrame
) -> pl.DataFrame:
    """n_both per cell × (given_skill, next_skill), for the givens of each cell.

    Counted per role × country as one sparse product: with G (posting × role-country-given,
    a 1 where the posting is of that role and country and names a given of its role) and X
    (posting × skill), GᵀX counts the postings naming both. The "all" place is the sum over
    countries. Nothing is expanded per posting × pair (~80 pairs per posting at a million
    postings); counts are integers, so the sum order does not matter.
    """
    posts = window.select(
        "posting_id", pl.col("role_family").fill_null("other"), "country"
    ).with_row_index("_pid")
    cells = posts.select("role_family", "country").unique().sort("role_family", "country")
    cells = cells.with_row_index("_cell")
    posts = posts.join(cells, on=["role_family", "country"], nulls_equal=True)
    vocab = pl.DataFrame({"skill_id": sorted(skills["skill_id"].unique().to_list())})
    vocab = vocab.with_row_index("_code")
    coded = (
        skills.join(posts.select("posting_id", "_pid", "_cell", "role_family"), on="posting_id")
        .join(vocab, on="skill_id")
        .select("_pid", "_cell", "role_family", "_code")
    )
    givens_of_role = (
        given_counts.select("role_family", "skill_id")
        .unique()
        .join(vocab, on="skill_id")
        .select("role_family", "_code")
    )
    given_rows = coded.join(givens_of_role, on=["role_family", "_code"], how="semi")
    n_posts, k, n_cells = posts.height, vocab.height, cells.height

    def design(rows: pl.DataFrame, column: pl.Expr, width: int) -> sparse.csr_matrix:
        ones = np.ones(rows.height, dtype=np.int64)
        at = (rows["_pid"].to_numpy(), rows.select(column).to_series().to_numpy())
        return sparse.csr_matrix((ones, at), shape=(n_posts, width))

    given = design(given_rows, pl.col("_cell") * k + pl.col("_code"), n_cells * k)
    both = (given.T.tocsr() @ design(coded, pl.col("_code"), k)).tocoo()
    by_country = (
        pl.DataFrame(
            {
                "_cell": both.row // k,
                "_given": both.row % k,
                "_next": both.col,
                "n_both": both.data.astype(np.int64),
            }
        )
        .filter(pl.col("_given") != pl.col("_next"))
        .with_columns(pl.col("_cell").cast(pl.UInt32))
        .join(cells, on="_cell")
        .drop("_cell")
    )
    keys = ["role_family", "_given", "_next"]
    counted = pl.concat(
        [
            by_country.group_by(keys)
            .agg(pl.col("n_both").sum())
            .select(*keys, pl.lit(ALL).alias("place_id"), "n_both"),
            by_country.filter(pl.col("country").is_not_null()).select(
                *keys, pl.col("country").alias("place_id"), "n_both"
            ),
        ],
        how="vertical_relaxed",
    )
    names = vocab.rename({"skill_id": "_name"}).with_columns(pl.col("_code").cast(pl.Int64))
    return (
        counted.with_columns(pl.col("_given", "_next").cast(pl.Int64))
        .join(names.rename({"_code": "_given", "_name": "given_skill"}), on="_given")
        .join(names.rename({"_code": "_next", "_name": "next_skill"}), on="_next")
        .join(
            given_counts.select(*CELL, pl.col("skill_id").alias("given_skill")),
            on=[*CELL, "given_skill"],
            how="semi",
        )
        .select(*CELL, "given_skill", "next_skill", "n_both")
    )


def out_skill_advisor(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    emerging: pl.DataFrame,
    premiums: pl.DataFrame,
    min_postings: int = MIN_GIVEN_POSTINGS,
) -> pl.DataFrame:
    if postings.height == 0:
        return pl.DataFrame(schema=ADVISOR_SCHEMA)
    counts = advisor_counts(postings, posting_skills, min_postings)
    return advisor_from_counts(counts, genai_ids, emerging, premiums, min_postings)


def advisor_counts(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, min_postings: int = MIN_GIVEN_POSTINGS
) -> AdvisorCounts:
    """The mart's counts (`AdvisorCounts`), the pairs by a sparse product (`pair_counts`)."""
    window = recent_postings(postings)
    cells = cell_postings(window)
    n_cell = cells.group_by(CELL).agg(pl.len().cast(pl.Int64).alias("n_cell"))
    skills = (
        posting_skills.join(window.select("posting_id"), on="posting_id", how="semi")
        .select("posting_id", "skill_id")
        .unique()
    )
    next_counts = _skill_counts(cells.join(skills, on="posting_id"), "n_next")
    pairs = pair_counts(window, skills, cell_givens(next_counts, min_postings))
    first, last = window["posted_date"].min(), window["posted_date"].max()
    return AdvisorCounts(n_cell, next_counts, pairs, first, last)  # type: ignore[arg-type]


def advisor_from_counts(
    counts: AdvisorCounts,
    genai_ids: frozenset[str],
    emerging: pl.DataFrame,
    premiums: pl.DataFrame,
    min_postings: int = MIN_GIVEN_POSTINGS,
) -> pl.DataFrame:
    """The mart from its counts, however they were counted: shares, Wilson intervals, lift,
    the emerging and premium marts' nudges, TF-IDF (see the module docstring)."""
    n_cell, next_counts, pairs = counts.n_cell, counts.n_next, counts.pairs
    givens = cell_givens(next_counts, min_postings)
    by_role, overall = _role_premiums(premiums)
    lo, hi = wilson_interval(pl.col("n_both"), pl.col("n_given"))
    base_lo, base_hi = wilson_interval(pl.col("n_next"), pl.col("n_cell"))
    defining = tfidf(
        next_counts.rename({"n_next": "n_with"}),
        n_cell.rename({"n_cell": "n_role"}),
        by=("place_id",),
    ).select(
        *CELL,
        pl.col("skill_id").alias("next_skill"),
        pl.col("df").alias("n_roles_common"),
        "tfidf",
    )
    out = (
        pairs.join(givens.rename({"skill_id": "given_skill"}), on=[*CELL, "given_skill"])
        .join(next_counts.rename({"skill_id": "next_skill"}), on=[*CELL, "next_skill"])
        .join(n_cell, on=CELL)
        .join(_role_momentum(emerging), on=["role_family", "next_skill"], how="left")
        .join(by_role, on=["role_family", "next_skill"], how="left")
        .join(overall, on="next_skill", how="left")
        .with_columns(
            (pl.col("n_both") / pl.col("n_given")).alias("conditional_share"),
            lo.alias("cond_lo"),
            hi.alias("cond_hi"),
            (pl.col("n_next") / pl.col("n_cell")).alias("base_share"),
            pl.coalesce("_prem_role", "_prem_all").alias("premium_adj_pct"),
            pl.coalesce("_seg_role", "_seg_all").alias("premium_segment"),
            pl.col("next_skill").is_in(list(genai_ids)).alias("next_is_genai"),
            defines_role(pl.col("role_family"), pl.col("next_skill")).alias("next_defines_role"),
            pl.lit(counts.window_start, dtype=pl.Date).alias("window_start"),
            pl.lit(counts.window_end, dtype=pl.Date).alias("window_end"),
            base_lo.alias("base_lo"),
            base_hi.alias("base_hi"),
        )
        .with_columns(
            (pl.col("conditional_share") / pl.col("base_share")).alias("lift"),
            score_weight(pl.col("momentum"), pl.col("premium_adj_pct")).alias("score_weight"),
        )
        .join(defining, on=[*CELL, "next_skill"], how="left")
    )
    return out.select([pl.col(c).cast(t) for c, t in ADVISOR_SCHEMA.items()]).sort(
        "role_family", "place_id", "given_skill", "next_skill"
    )


def defines_role(role_family: pl.Expr, skill_id: pl.Expr) -> pl.Expr:
    """Whether the skill is one the role family is named after (ROLE_NAMED_SKILLS)."""
    named = pl.lit(False)
    for role, skill_ids in ROLE_NAMED_SKILLS.items():
        named = named | ((role_family == role) & skill_id.is_in(list(skill_ids)))
    return named


def score_weight(momentum: pl.Expr, premium_adj_pct: pl.Expr) -> pl.Expr:
    """How a candidate skill's trend and pay nudge its score, each by at most NUDGE_CAP:
    (1 + clip(12 x momentum, -cap, cap)) x (1 + clip(premium / 100, -cap, cap)), nulls as 0."""
    cap = NUDGE_CAP
    return (1 + (12 * momentum.fill_null(0)).clip(-cap, cap)) * (
        1 + (premium_adj_pct.fill_null(0) / 100).clip(-cap, cap)
    )


def recommend(
    advisor: pl.DataFrame,
    my_skills: list[str],
    role_family: str,
    place_id: str,
    top: int = 10,
    coverage: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Rank skills s not in `my_skills` for a target role family and place.

    Components, per candidate s, over the skills g in my_skills that have advisor rows in the
    cell (so each rests on >= min_postings postings):
      relevance  = mean over g of P(s | g)                  (conditional_share)
      mean_lift  = mean over g of lift(s | g)
      momentum   = ln share per month of s in the role (null -> 0)
      premium    = adjusted pay premium of s in the role, percent (null -> 0)
      coverage_gain = exact gain from `coverage_gain(...)` when `coverage` is given, else 0
    score = relevance x min(mean_lift, 3) / 3 x score_weight + coverage_gain, where
    score_weight = (1 + clip(12 x momentum, -0.5, 0.5)) x (1 + clip(premium / 100, -0.5, 0.5))
    is published per row of the mart (`score_weight`);
    i.e. how often s goes with my skills, weighted by how specific that pairing is (lift capped
    at 3), nudged by at most ±50% each for a year of momentum and for pay uplift, plus the share
    of target postings whose full skill list I would newly meet. `n_given` is the number of
    postings behind the relevance (sum over g of n_given). Raises ValueError on an empty
    my_skills list.
    """
    if not my_skills:
        raise ValueError("recommend: my_skills is empty; give at least one skill id")
    named_after_role = (
        pl.col("next_defines_role").fill_null(False)
        if "next_defines_role" in advisor.columns
        else pl.lit(False)
    )
    rows = advisor.filter(
        (pl.col("role_family") == role_family)
        & (pl.col("place_id") == place_id)
        & pl.col("given_skill").is_in(my_skills)
        & ~pl.col("next_skill").is_in(my_skills)
        & ~named_after_role  # never advice: the role is named after it
    )
    ranked = rows.group_by("next_skill").agg(
        pl.col("conditional_share").mean().alias("relevance"),
        pl.col("lift").mean().alias("mean_lift"),
        pl.col("n_given").sum().alias("n_given"),
        pl.col("n_both").sum().alias("n_both"),
        pl.col("given_skill").n_unique().cast(pl.Int64).alias("n_my_skills_used"),
        pl.col("momentum").first().alias("momentum"),
        pl.col("premium_adj_pct").first().alias("premium_adj_pct"),
        pl.col("score_weight").first().alias("score_weight"),
    )
    if coverage is not None:
        gain = coverage.select(pl.col("skill_id").alias("next_skill"), "coverage_gain")
        ranked = ranked.join(gain, on="next_skill", how="left")
    else:
        ranked = ranked.with_columns(pl.lit(None, dtype=pl.Float64).alias("coverage_gain"))
    score = pl.col("relevance") * pl.min_horizontal(
        pl.col("mean_lift"), pl.lit(LIFT_CAP)
    ) / LIFT_CAP * pl.col("score_weight") + pl.col("coverage_gain").fill_null(0)
    reason = pl.format(
        "named in {}% of {} postings naming your skills (lift {}x); momentum {}/yr; premium {}",
        (100 * pl.col("relevance")).round(0).cast(pl.Int64),
        pl.lit(role_family),
        pl.col("mean_lift").round(1),
        pl.when(pl.col("momentum").is_null())
        .then(pl.lit("n/a"))
        .otherwise(((12 * pl.col("momentum")).round(2)).cast(pl.String)),
        pl.when(pl.col("premium_adj_pct").is_null())
        .then(pl.lit("n/a"))
        .otherwise(pl.col("premium_adj_pct").round(0).cast(pl.Int64).cast(pl.String) + "%"),
    )
    return (
        ranked.with_columns(score.alias("score"), reason.alias("reason"))
        .sort(["score", "next_skill"], descending=[True, False])
        .head(top)
        .with_row_index("rank", offset=1)
        .rename({"next_skill": "skill_id"})
    )


def coverage_gain(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    my_skills: list[str],
    role_family: str,
    place_id: str,
    months: int = MONTHS,
) -> pl.DataFrame:
    """Exact coverage gain of each candidate skill s for the target postings.

    Target = postings of `role_family` in `place_id` ("all" or ISO2 country) first posted in the
    last `months` months. A posting is covered by K when it names a skill and its skills minus
    K is empty (a posting naming none is never covered: it shows nothing to learn), and by
    K ∪ {s} exactly when its skills minus K is {s}.
    coverage_gain(s) = (postings whose skills minus K is exactly {s}) / n_target.
    Columns: skill_id, n_target, n_covered_now, coverage_now, n_newly_covered, coverage_gain.
    """
    target = cell_postings(recent_postings(postings)).filter(
        (pl.col("role_family") == role_family) & (pl.col("place_id") == place_id)
    )
    n_target = target.height
    missing = (
        posting_skills.join(target.select("posting_id"), on="posting_id", how="semi")
        .filter(~pl.col("skill_id").is_in(my_skills))
        .group_by("posting_id")
        .agg(pl.col("skill_id").n_unique().alias("_n_missing"), pl.col("skill_id").first())
    )
    naming = posting_skills.join(target.select("posting_id"), on="posting_id", how="semi")
    n_covered_now = naming["posting_id"].n_unique() - missing.height
    gains = (
        missing.filter(pl.col("_n_missing") == 1)
        .group_by("skill_id")
        .agg(pl.len().cast(pl.Int64).alias("n_newly_covered"))
    )
    denominator = max(n_target, 1)
    return (
        gains.with_columns(
            pl.lit(n_target, dtype=pl.Int64).alias("n_target"),
            pl.lit(n_covered_now, dtype=pl.Int64).alias("n_covered_now"),
            pl.lit(n_covered_now / denominator).alias("coverage_now"),
            (pl.col("n_newly_covered") / denominator).alias("coverage_gain"),
        )
        .select(
            "skill_id",
            "n_target",
            "n_covered_now",
            "coverage_now",
            "n_newly_covered",
            "coverage_gain",
        )
        .sort(["coverage_gain", "skill_id"], descending=[True, False])
    )


def tfidf(
    counts: pl.DataFrame,
    roles: pl.DataFrame,
    by: tuple[str, ...] = (),
    min_share: float = MIN_COMMON_SHARE,
) -> pl.DataFrame:
    """TF-IDF of skills across role families, within each group of the columns `by`.

    `counts`: *by, role_family, skill_id, n_with (the role's postings naming the skill);
    `roles`: *by, role_family, n_role (the role's postings; every role with postings).
    tf = n_with / n_role; df = role families of the group where tf >= min_share (floored at 1,
    so a skill common nowhere gets the largest idf but a small tf); idf = ln(role families of
    the group / df); tfidf = tf x idf. Returns `counts` with n_role, tf, df, idf, tfidf.
    """
    keys = list(by) or ["_group"]
    if not by:
        counts = counts.with_columns(pl.lit(0).alias("_group"))
        roles = roles.with_columns(pl.lit(0).alias("_group"))
    n_roles = roles.group_by(keys).agg(pl.len().cast(pl.Float64).alias("_n_roles"))
    tf = counts.join(roles, on=[*keys, "role_family"]).with_columns(
        (pl.col("n_with") / pl.col("n_role")).alias("tf")
    )
    df = tf.group_by([*keys, "skill_id"]).agg(
        (pl.col("tf") >= min_share).sum().clip(1, None).cast(pl.Int64).alias("df")
    )
    out = (
        tf.join(df, on=[*keys, "skill_id"])
        .join(n_roles, on=keys)
        .with_columns((pl.col("_n_roles") / pl.col("df")).log().alias("idf"))
        .with_columns((pl.col("tf") * pl.col("idf")).alias("tfidf"))
        .drop("_n_roles")
    )
    return out if by else out.drop("_group")


def characteristic_skills(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    top: int = 15,
    min_share: float = MIN_COMMON_SHARE,
) -> pl.DataFrame:
    """Skills that characterize each role family (`tfidf` across role families); top `top`
    per role. Columns: role_family, skill_id, rank, tf, df, idf, tfidf, n_with, n_role.
    """
    roles = postings.select("posting_id", pl.col("role_family").fill_null("other"))
    n_role = roles.group_by("role_family").agg(pl.len().cast(pl.Int64).alias("n_role"))
    counts = (
        roles.join(posting_skills.select("posting_id", "skill_id").unique(), on="posting_id")
        .group_by("role_family", "skill_id")
        .agg(pl.len().cast(pl.Int64).alias("n_with"))
    )
    return (
        tfidf(counts, n_role, min_share=min_share)
        .sort(["role_family", "tfidf", "skill_id"], descending=[False, True, False])
        .with_columns(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("role_family").alias("rank")
        )
        .filter(pl.col("rank") <= top)
        .select("role_family", "skill_id", "rank", "tf", "df", "idf", "tfidf", "n_with", "n_role")
    )

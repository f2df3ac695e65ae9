"""`out_skill_demand_monthly`: share of new (and active) postings naming each skill, per month
and slice.

Universe: canonical (deduplicated) postings. "New" postings are counted in the month they were
first posted (metrics.md); "active" postings in every month they were live (from the month
first posted to the month last seen, both included). The pseudo-skill `genai` counts postings
naming at least one GenAI skill (Lightcast's rule).

Continuity (`analytics.marts.sightings`): a crawl sees a job board's postings only while they
are open, so a posting first posted before the month of its board's first crawl is new in no
month: it is active from the first crawl's month (`is_open_at_first_crawl`), and trends begin
at the first crawl. A posting still open is live through its board's last fetch
(`open_through`: an outage does not end it). Frames without these columns count every posting
as new in its posted month and live to its last sighting.

Grain: month × skill_id × role_family × seniority × country × state × metro_code × source,
where every slice column takes the value "all" except the ones a slice varies:
- role_family × country (each, both, or neither: the v1 rows and the totals);
- seniority, alone and × role_family;
- US state (`state`, country "US"), US metro (`metro_code`, OEWS code, country "US"), source.
A reader picks one slice by fixing every slice column (`base_slice()` gives the v1 rows).

Sparse (contract `out_skill_demand_monthly`): a month x skill x slice where no posting names the
skill (n_with_skill and n_active_with_skill both 0) is not stored, except the pseudo-skill
`genai`, whose rows are stored for every month and slice with postings (zeros included, also
when no posting names a GenAI skill): they carry the slice's totals n_postings and n_active.
The skills of the mart are those it stores. A reader fills a skill's missing months from the
slice's totals, which every stored row of the slice and month carries (`filled_demand`):
n_with_skill 0, share 0, the Wilson bounds of 0 of n_postings, and the 3-month average and
year-on-year change of the filled series, which are what a dense mart held. Every figure is
computed on the dense grid before the zeros are dropped, so stored rows hold the same numbers
as a dense mart (`skill_demand(..., sparse=False)` gives the dense one, for comparisons).

Columns: month, skill_id, the slice columns, n_postings, n_with_skill, share_pct, share_lo,
share_hi (Wilson 95%, percent), share_ma3_pct (3-month moving average of share_pct),
yoy_change_pts (points vs the same month a year earlier), yoy_ratio, n_active,
n_active_with_skill, active_share_pct, active_share_lo, active_share_hi.

Counts are made on integer codes: postings (and skill mentions) are counted per month x
combination of their slice columns and summed into every slice by one sparse product
(`slice_map`, `_counts`); active counts come from cumulative sums of starts and ends per month,
so nothing is expanded per posting-month. The mart is made in two steps: `monthly_counts`, the
postings and posting x skill mentions with their month numbers, combination and skill codes
(one row per posting or mention here; another engine may count them per month number x
combination x skill instead, `spark_engine.demand_monthly`), and `demand_from_counts`,
everything after, which both engines share.

The slice columns are the mart's contract keys after month and skill_id (`contract.marts`);
"all" and `genai` are `contract.vocab`'s.

May import: numpy, polars, scipy, `contract` and `analytics.stats`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from analytics.stats.intervals import wilson_interval
from analytics.stats.moving_average import three_month_mean
from contract.marts import mart
from contract.vocab import ALL, GENAI_SKILL_ID

GENAI = GENAI_SKILL_ID
_MONTH_KEYS = ("month", "skill_id")
# role_family, seniority, country, state, metro_code, source
SLICE_COLUMNS = tuple(k for k in mart("out_skill_demand_monthly").keys if k not in _MONTH_KEYS)
SLICES: tuple[tuple[str, ...], ...] = (
    (),
    ("role_family",),
    ("country",),
    ("role_family", "country"),
    ("seniority",),
    ("role_family", "seniority"),
    ("country", "state"),
    ("country", "metro_code"),
    ("source",),
)
MONTH_COLUMNS = ("month", "start_month", "end_month")  # of `_posting_dims`


def posting_skill_flags(posting_skills: pl.DataFrame, genai_ids: frozenset[str]) -> pl.DataFrame:
    """posting_id x skill_id rows plus one `genai` row per posting naming any GenAI skill."""
    genai_rows = (
        posting_skills.filter(pl.col("skill_id").is_in(list(genai_ids)))
        .select("posting_id")
        .unique()
        .with_columns(pl.lit(GENAI).alias("skill_id"))
    )
    return pl.concat([posting_skills.select("posting_id", "skill_id"), genai_rows])


def base_slice(frame_columns: list[str] | None = None) -> pl.Expr:
    """Rows of the v1 grain (month × skill × role_family × country): every other slice is 'all'."""
    extra = [c for c in SLICE_COLUMNS if c not in ("role_family", "country")]
    if frame_columns is not None:
        extra = [c for c in extra if c in frame_columns]
    return pl.all_horizontal([pl.col(c) == ALL for c in extra]) if extra else pl.lit(True)


OPTIONAL_POSTING_COLUMNS = {
    "last_seen": pl.Date,
    "open_through": pl.Date,
    "is_open_at_first_crawl": pl.Boolean,
    "seniority": pl.String,
    "region": pl.String,
    "metro_code": pl.String,
    "source": pl.String,
}


def _posting_dims(postings: pl.DataFrame) -> pl.DataFrame:
    """One row per posting: its month as new (null when it was already open at its board's
    first crawl), its first month live, its first month no longer live, and slice values
    (optional columns absent from `postings` count as unknown)."""
    postings = postings.with_columns(
        [
            pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in OPTIONAL_POSTING_COLUMNS.items()
            if name not in postings.columns
        ]
    )
    us = pl.col("country") == "US"
    last = pl.coalesce(pl.col("open_through"), pl.col("last_seen"), pl.col("posted_date"))
    posted = pl.col("posted_date").dt.truncate("1mo")
    already_open = pl.col("is_open_at_first_crawl").fill_null(False)
    first_crawl = (
        pl.col("first_crawl_date").dt.truncate("1mo")
        if "first_crawl_date" in postings.columns
        else posted
    )
    return postings.select(
        "posting_id",
        pl.when(already_open).then(None).otherwise(posted).alias("month"),
        pl.when(already_open).then(first_crawl).otherwise(posted).alias("start_month"),
        # the first month the posting is no longer live
        last.dt.truncate("1mo").dt.offset_by("1mo").alias("end_month"),
        pl.col("role_family").fill_null("other"),
        pl.col("seniority").fill_null("unknown"),
        pl.col("country").fill_null("unknown"),
        pl.when(us).then(pl.col("region").fill_null("unknown")).otherwise(None).alias("state"),
        pl.when(us).then(pl.col("metro_code")).otherwise(None).alias("metro_code"),
        pl.col("source").fill_null("unknown"),
    ).filter(pl.col("start_month").is_not_null())


@dataclass(frozen=True)
class SliceMap:
    """Every posting's slice columns as one combination code (`_combo`), and which slices of
    SLICES each combination counts in: `codes` (the slice columns as text, and `_slice`) and
    `matrix` (combination x slice, 1 where the combination counts in the slice)."""

    codes: pl.DataFrame
    matrix: sparse.csr_matrix


def slice_map(combos: pl.DataFrame) -> SliceMap:
    """`combos`: the distinct slice columns of the postings with `_combo` (0..n-1). A slice
    sets every column it does not vary to 'all'; state and metro slices hold the postings
    that have one."""
    parts = []
    for varying in SLICES:
        part = combos
        for column in varying:
            if column in ("state", "metro_code"):
                part = part.filter(pl.col(column).is_not_null())
        parts.append(
            part.select(
                "_combo",
                *[
                    pl.col(c).cast(pl.String) if c in varying else pl.lit(ALL).alias(c)
                    for c in SLICE_COLUMNS
                ],
            )
        )
    pairs = pl.concat(parts)
    codes = pairs.select(SLICE_COLUMNS).unique().with_row_index("_slice")
    pairs = pairs.join(codes, on=list(SLICE_COLUMNS))
    matrix = sparse.csr_matrix(
        (
            np.ones(pairs.height, dtype=np.int64),
            (pairs["_combo"].to_numpy(), pairs["_slice"].to_numpy()),
        ),
        shape=(combos.height, codes.height),
    )
    return SliceMap(codes, matrix)


def _month_number(month: pl.Expr) -> pl.Expr:
    return month.dt.year().cast(pl.Int64) * 12 + month.dt.month().cast(pl.Int64) - 1


@dataclass(frozen=True)
class MonthlyCounts:
    """What the mart counts, before the slices: `combos` (`_combo` and the slice columns),
    `skills` (`_skill` and skill_id: the sorted skill ids, `genai` included), `postings`
    (_combo, the month numbers of MONTH_COLUMNS, year x 12 + month - 1 or -1 where the posting
    has none, and n) and `mentions` (the same per posting x skill flag, with _skill): n
    postings or mentions have these values. One row per posting or mention (n = 1), or counted
    per distinct values: the mart is the same (integer sums)."""

    combos: pl.DataFrame
    skills: pl.DataFrame
    postings: pl.DataFrame
    mentions: pl.DataFrame


COUNT_SCHEMA: dict[str, pl.DataType] = {  # of MonthlyCounts.postings; mentions add _skill
    "_combo": pl.UInt32(),
    **{column: pl.Int64() for column in MONTH_COLUMNS},
    "n": pl.Int64(),
}


def coded_postings(postings: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per posting counted (posting_id, _combo, the month numbers of MONTH_COLUMNS,
    n = 1), and the combinations of slice columns (`_combo` and SLICE_COLUMNS)."""
    dims = _posting_dims(postings)
    combos = dims.select(SLICE_COLUMNS).unique().with_row_index("_combo")
    dims = dims.join(combos, on=list(SLICE_COLUMNS), how="left", nulls_equal=True)
    numbers = dims.select(
        "posting_id",
        "_combo",
        *[_month_number(pl.col(c)).fill_null(-1).alias(c) for c in MONTH_COLUMNS],
        pl.lit(1, dtype=pl.Int64).alias("n"),
    )
    return numbers, combos


def skill_codes(skill_ids: pl.Series) -> pl.DataFrame:
    """_skill, skill_id: each skill id of the flags (and `genai`, always a skill: its rows are
    the slice totals the sparse mart keeps) coded by its place among them sorted."""
    return (
        pl.concat([skill_ids.to_frame("skill_id"), pl.DataFrame({"skill_id": [GENAI]})])
        .unique()
        .sort("skill_id")
        .with_row_index("_skill")
    )


def monthly_counts(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, genai_ids: frozenset[str]
) -> MonthlyCounts:
    """The mart's counts, one row per posting and per posting x skill flag (n = 1)."""
    numbers, combos = coded_postings(postings)
    flags = posting_skill_flags(posting_skills, genai_ids)
    codes = skill_codes(flags["skill_id"])
    mentions = flags.join(numbers, on="posting_id").join(codes, on="skill_id")
    return MonthlyCounts(
        combos,
        codes,
        numbers.select(list(COUNT_SCHEMA)),
        mentions.select("_combo", "_skill", *MONTH_COLUMNS, "n"),
    )


def _counts(
    month: np.ndarray,
    combo: np.ndarray,
    n: np.ndarray,
    slices: SliceMap,
    name: str,
    skill: np.ndarray | None = None,
    n_skills: int = 1,
) -> pl.DataFrame:
    """Postings (or, with `skill`, posting x skill mentions) per month and slice of SLICES:
    month, _slice (and _skill), `name`. `month`: each row's month number (year x 12 + month
    - 1), negative where it has none; `n`: the postings (mentions) each row stands for. Rows
    are summed per month (and skill) x combination and into the slices by one sparse
    product; integer counts, so the sum order does not matter."""
    has = month >= 0
    month, combo = month[has], combo[has]
    first = int(month.min()) if month.size else 0
    width = n_skills if skill is not None else 1
    row = (month - first) * width + (skill[has] if skill is not None else 0)
    counts = sparse.csr_matrix(
        (n[has].astype(np.int64), (row, combo)),
        shape=(int(row.max()) + 1 if row.size else 0, slices.matrix.shape[0]),
    )
    summed = (counts @ slices.matrix).tocoo()
    number, code = np.divmod(summed.row.astype(np.int64), width)
    columns = {
        "month": pl.Series(number + first, dtype=pl.Int64),
        "_slice": pl.Series(summed.col, dtype=pl.UInt32),
    }
    if skill is not None:
        columns["_skill"] = pl.Series(code, dtype=pl.UInt32)
    columns[name] = pl.Series(summed.data, dtype=pl.Int64)
    return pl.DataFrame(columns).with_columns(
        pl.date(pl.col("month") // 12, pl.col("month") % 12 + 1, 1).alias("month")
    )


def _active(starts: pl.DataFrame, ends: pl.DataFrame, keys: list[str], name: str) -> pl.DataFrame:
    """Live count per month = cumulative starts − cumulative ends, on the full month grid."""
    first, last = starts["month"].min(), starts["month"].max()
    months = pl.DataFrame({"month": pl.date_range(first, last, "1mo", eager=True)})
    grid = starts.select(keys).unique().join(months, how="cross")
    merged = (
        grid.join(starts.rename({"_n": "_starts"}), on=[*keys, "month"], how="left")
        .join(ends.rename({"_n": "_ends"}), on=[*keys, "month"], how="left")
        .with_columns(pl.col("_starts").fill_null(0), pl.col("_ends").fill_null(0))
        .sort(*keys, "month")
    )
    return merged.with_columns(
        (pl.col("_starts").cum_sum() - pl.col("_ends").cum_sum()).over(keys).alias(name)
    ).select(*keys, "month", name)


def out_skill_demand_monthly(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, genai_ids: frozenset[str]
) -> pl.DataFrame:
    """The sparse mart (see the module docstring)."""
    return skill_demand(postings, posting_skills, genai_ids, sparse=True)


def skill_demand(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    sparse: bool = True,
) -> pl.DataFrame:
    """The demand mart; with `sparse` False, dense: every skill in every month and slice with
    postings, zeros included (what `filled_demand` makes of the sparse one, and what readers
    show; for comparisons)."""
    return demand_from_counts(monthly_counts(postings, posting_skills, genai_ids), sparse)


def demand_from_counts(counts: MonthlyCounts, sparse: bool = True) -> pl.DataFrame:
    """The demand mart (`skill_demand`) from its counts, however they were counted."""
    # Counted on integer codes: each posting's slice columns as one combination, each skill
    # as its place in the sorted skills, each month as a number; the posting x skill mentions
    # (~8.5 M at 1 M postings) are counted per month x skill x combination and summed into
    # the slices by a sparse product (`_counts`), never grouped on their text.
    slices = slice_map(counts.combos)
    slice_keys = list(SLICE_COLUMNS)
    skills = counts.skills
    genai_code = skills.filter(pl.col("skill_id") == GENAI)["_skill"][0]
    numbers, mentions = counts.postings, counts.mentions
    posting_months = {c: numbers[c].to_numpy() for c in MONTH_COLUMNS}
    mention_months = {c: mentions[c].to_numpy() for c in MONTH_COLUMNS}
    posting_combo, mention_combo = numbers["_combo"].to_numpy(), mentions["_combo"].to_numpy()
    posting_n, mention_n = numbers["n"].to_numpy(), mentions["n"].to_numpy()
    skill = mentions["_skill"].to_numpy()
    del mentions

    def total(month: str, name: str) -> pl.DataFrame:
        return _counts(posting_months[month], posting_combo, posting_n, slices, name)

    def with_skills(month: str, name: str) -> pl.DataFrame:
        return _counts(
            mention_months[month],
            mention_combo,
            mention_n,
            slices,
            name,
            skill,
            skills.height,
        )

    totals = total("month", "n_postings")
    with_skill = with_skills("month", "n_with_skill")
    if (posting_months["month"] >= 0).all():  # every posting is new: it starts in its new month
        starts_total = totals.rename({"n_postings": "_n"})
        starts_skill = with_skill.rename({"n_with_skill": "_n"})
    else:  # postings already open at the first crawl start then, new in no month
        starts_total = total("start_month", "_n")
        starts_skill = with_skills("start_month", "_n")
    ends_total = total("end_month", "_n")
    ends_skill = with_skills("end_month", "_n")
    slice_codes = slices.codes
    # active = cumulative starts - cumulative ends
    active_total = _active(starts_total, ends_total, ["_slice"], "n_active")
    active_skill = _active(starts_skill, ends_skill, ["_slice", "_skill"], "n_active_with_skill")
    # a row per month and slice with new postings, or with postings open at the first crawl
    months = pl.concat([totals.select("month", "_slice"), starts_total.select("month", "_slice")])
    if sparse:  # only the series that can store a row: a skill some posting of the slice
        # names (each mention starts the posting's series), and genai in every slice
        series = pl.concat(
            [
                starts_skill.select("_slice", "_skill").unique(),
                slice_codes.select("_slice", pl.lit(genai_code, dtype=pl.UInt32).alias("_skill")),
            ]
        ).unique()
    else:
        series = slice_codes.select("_slice").join(skills.select("_skill"), how="cross")
    frame = (
        months.unique()
        .join(totals, on=["month", "_slice"], how="left")
        .with_columns(pl.col("n_postings").fill_null(0))
        .join(series, on="_slice")
        .join(with_skill, on=["month", "_skill", "_slice"], how="left")
        .join(active_total, on=["month", "_slice"], how="left")
        .join(active_skill, on=["month", "_skill", "_slice"], how="left")
        .with_columns(
            pl.col("n_with_skill").fill_null(0),
            pl.col("n_active").fill_null(0),
            pl.col("n_active_with_skill").fill_null(0),
        )
    )
    has_new = pl.col("n_postings") > 0
    # the share on the dense grid (its moving average and year-on-year change need every
    # month); the per-row bounds are computed on the stored rows only
    frame = frame.with_columns(
        pl.when(has_new)
        .then(100 * pl.col("n_with_skill") / pl.col("n_postings"))
        .alias("share_pct"),
    ).sort("_skill", "_slice", "month")
    keys = ["_skill", "_slice"]
    # sparse: only rows naming the skill, and the genai rows (the slice totals)
    stored = (
        (pl.col("n_with_skill") > 0)
        | (pl.col("n_active_with_skill") > 0)
        | (pl.col("_skill") == genai_code)
        if sparse
        else pl.lit(True)
    )
    year_ago = frame.select(
        *keys,
        pl.col("month").dt.offset_by("1y").alias("month"),
        pl.col("share_pct").alias("_share_year_ago"),
    )
    frame = frame.with_columns(
        three_month_mean(pl.col("share_pct")).over(keys).alias("share_ma3_pct")
    ).join(year_ago, on=[*keys, "month"], how="left")
    frame = (
        frame.with_columns(
            (pl.col("share_pct") - pl.col("_share_year_ago")).alias("yoy_change_pts"),
            pl.when(pl.col("_share_year_ago") > 0)
            .then(pl.col("share_pct") / pl.col("_share_year_ago"))
            .otherwise(None)
            .alias("yoy_ratio"),
        )
        .drop("_share_year_ago")
        .filter(stored)
    )
    slice_ranks = slice_codes.sort(slice_keys).with_row_index("_slice_rank").drop(slice_keys)
    lo, hi = wilson_interval(pl.col("n_with_skill"), pl.col("n_postings"))
    active_lo, active_hi = wilson_interval(pl.col("n_active_with_skill"), pl.col("n_active"))
    frame = (
        frame.with_columns(
            pl.when(has_new).then(100 * lo).alias("share_lo"),
            pl.when(has_new).then(100 * hi).alias("share_hi"),
            pl.when(pl.col("n_active") > 0)
            .then(100 * pl.col("n_active_with_skill") / pl.col("n_active"))
            .alias("active_share_pct"),
            (100 * active_lo).alias("active_share_lo"),
            (100 * active_hi).alias("active_share_hi"),
        )
        # ordered by skill, slice and month on integer ranks: the skill codes follow the
        # sorted skill ids, and each slice's rank is its place among the sorted slices
        .join(slice_ranks, on="_slice")
        .sort("_skill", "_slice_rank", "month")
        .join(slice_codes, on="_slice", how="left", maintain_order="left")
        .join(skills, on="_skill", how="left", maintain_order="left")
    )
    return frame.select(
        "month",
        "skill_id",
        *slice_keys,
        "n_postings",
        "n_with_skill",
        "share_pct",
        "share_lo",
        "share_hi",
        "share_ma3_pct",
        "yoy_change_pts",
        "yoy_ratio",
        "n_active",
        "n_active_with_skill",
        "active_share_pct",
        "active_share_lo",
        "active_share_hi",
    )  # ordered by skill, slice and month (the publish step orders it for reading)


def filled_demand(demand: pl.DataFrame) -> pl.DataFrame:
    """The dense mart from the sparse one: every skill of `demand` in every month and slice
    that has postings, zeros filled in from the slice's totals (every stored row of a slice and
    month carries them; the genai rows make sure each one has a row) with the numbers a dense
    build gives them: n_with_skill and n_active_with_skill 0, shares 0 (null without
    postings), Wilson bounds of 0 successes, the 3-month average of the filled series and the
    change from a year earlier. Columns the frame lacks stay absent; a dense frame comes back
    as it is, in the same order of columns, ordered by skill, slice and month."""
    slices = [c for c in SLICE_COLUMNS if c in demand.columns]
    totals = [c for c in ("n_postings", "n_active") if c in demand.columns]
    grid = (
        demand.select("month", *slices, *totals)
        .unique(["month", *slices])
        .join(demand.select("skill_id").unique(), how="cross")
    )
    keys = ["month", "skill_id", *slices]
    stored = demand.drop(totals).with_columns(pl.lit(True).alias("_stored"))
    frame = grid.join(stored, on=keys, how="left")
    filled = pl.col("_stored").is_null()
    has_new = pl.col("n_postings") > 0
    lo, hi = wilson_interval(pl.lit(0), pl.col("n_postings"))
    fills: dict[str, pl.Expr] = {
        "n_with_skill": pl.lit(0, dtype=pl.Int64),
        "share_pct": pl.when(has_new).then(100 * pl.lit(0) / pl.col("n_postings")),
        "share_lo": pl.when(has_new).then(100 * lo),
        "share_hi": pl.when(has_new).then(100 * hi),
    }
    if "n_active" in demand.columns:
        active_lo, active_hi = wilson_interval(pl.lit(0), pl.col("n_active"))
        fills |= {
            "n_active_with_skill": pl.lit(0, dtype=pl.Int64),
            "active_share_pct": pl.when(pl.col("n_active") > 0).then(
                100 * pl.lit(0) / pl.col("n_active")
            ),
            "active_share_lo": 100 * active_lo,
            "active_share_hi": 100 * active_hi,
        }
    frame = frame.with_columns(
        [
            pl.when(filled).then(value).otherwise(pl.col(name)).alias(name)
            for name, value in fills.items()
            if name in frame.columns
        ]
    ).sort("skill_id", *slices, "month")
    series = ["skill_id", *slices]
    if "share_ma3_pct" in frame.columns:
        frame = frame.with_columns(
            pl.when(filled)
            .then(three_month_mean(pl.col("share_pct")).over(series))
            .otherwise(pl.col("share_ma3_pct"))
            .alias("share_ma3_pct")
        )
    if "yoy_change_pts" in frame.columns or "yoy_ratio" in frame.columns:
        year_ago = frame.select(
            *series,
            pl.col("month").dt.offset_by("1y").alias("month"),
            pl.col("share_pct").alias("_share_year_ago"),
        )
        frame = frame.join(year_ago, on=[*series, "month"], how="left")
        ago = pl.col("_share_year_ago")
        frame = frame.with_columns(
            [
                pl.when(filled).then(value).otherwise(pl.col(name)).alias(name)
                for name, value in {
                    "yoy_change_pts": pl.col("share_pct") - ago,
                    "yoy_ratio": pl.when(ago > 0).then(pl.col("share_pct") / ago).otherwise(None),
                }.items()
                if name in frame.columns
            ]
        ).drop("_share_year_ago")
    return frame.select(demand.columns).sort("skill_id", *slices, "month")

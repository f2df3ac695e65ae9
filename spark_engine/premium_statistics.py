"""What the premiums mart needs from the postings, computed on Spark as aggregations in two
passes collected to the driver (`spark_engine.premium_mart` solves the regressions between
them). A segment of the mart (all; each role family and each country with
enough postings, as `analytics.marts.premium.out_skill_premiums`) is a union of role family ×
country; the cells are made once at that grain and each segment's summed from them on the
driver. First pass (`statistics_on_spark`):

- `base`: role family × country × company × fixed-effect cell: postings n, Σ log pay;
- `with_skill`: skill × the same cell: the postings naming the skill, Σ log pay;
- `pair_totals`: segment × two skills (a < b): the postings naming both, summed over the
  companies (the joint model's X̃ᵀX̃ needs no more); the per-company pairs (~45 rows per
  posting) stay on the executors;
- `medians`, per segment: each skill's median pay over the postings naming it and over those
  not naming it, exact, from ranks: the segment's postings are numbered by pay (r) and each
  skill's by r (t); the complement's j-th smallest is at r = j + #{t : r_t − t ≤ j} (as
  `analytics.stats.medians.medians_in_and_out`), an even count averaging the two middle ones.

The first pass is collected by two jobs (the skill cells, the largest, by one of their own).
Second pass (`pair_terms_on_spark`), once the driver has every joint model's β: the pair term
of the company-clustered scores, per segment × model × company × kept skill a, Σ over the
company's postings in the segment naming a of S_p = Σ_{b kept, named by p} β_b (a included;
`spark_engine.premium_solve.JointModel`), the models' β broadcast.

Nothing posting-level is collected: the largest parts are `with_skill` (skill × cell) and the
pair terms (segment × model × company × skill). The median ranks are windows over a whole
segment (one task sorts the segment "all"): on a cluster with hundreds of millions of postings
this step wants a range-partitioned sort instead. `statistics_from_postings` and
`pair_terms_from_postings` are the same in Polars, for small data and the tests.

May import: polars, pyspark, `analytics.marts` (premium, demand), `contract`,
`spark_engine.arrow_types`, `spark_engine.collect`, `spark_engine.premium_cells`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from pyspark import StorageLevel
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from analytics.marts.demand import posting_skill_flags
from analytics.marts.premium import FE_COLUMNS, MIN_SEGMENT_POSTINGS, premium_sample
from contract.vocab import ALL, GENAI_SKILL_ID
from spark_engine.arrow_types import arrow_table, restored
from spark_engine.collect import collected, collected_together
from spark_engine.premium_cells import sample_on_spark

SEGMENT_COLUMNS = ("role_family", "country")
CELL_KEYS = (*SEGMENT_COLUMNS, "cluster", *FE_COLUMNS)
MODELS_SCHEMA: dict[str, pl.DataType] = {  # the joint models' β, the second pass's input
    "segment": pl.String,
    "model": pl.Int64,
    "skill_id": pl.String,
    "beta": pl.Float64,
}
PAIR_TERMS_SCHEMA: dict[str, pl.DataType] = {
    "segment": pl.String,
    "model": pl.Int64,
    "cluster": pl.String,
    "skill_id": pl.String,
    "pair_term": pl.Float64,
}


@dataclass(frozen=True)
class PremiumStatistics:
    """The first pass's aggregates (see the module docstring); `pair_totals` and `medians`
    have a `segment` column, made with `min_segment_postings`."""

    base: pl.DataFrame
    with_skill: pl.DataFrame
    pair_totals: pl.DataFrame
    medians: pl.DataFrame
    min_segment_postings: int = MIN_SEGMENT_POSTINGS

    def segments(self) -> list[tuple[str, pl.Expr]]:
        """Each segment's name and the role family × country rows it sums."""
        counts = self.base.group_by(*SEGMENT_COLUMNS).agg(pl.col("n").sum())
        out = [(ALL, pl.lit(True))]
        for column, values in segment_values(counts, self.min_segment_postings).items():
            out += [(f"{column}={value}", pl.col(column) == value) for value in values]
        return out


def segment_values(counts: pl.DataFrame, min_postings: int) -> dict[str, list[str]]:
    """Per segment column, its values with at least `min_postings` sample postings
    (`counts`: role_family, country, n)."""
    out = {}
    for column in SEGMENT_COLUMNS:
        sizes = counts.group_by(column).agg(pl.col("n").sum())
        out[column] = sorted(
            sizes.filter(pl.col("n") >= min_postings)[column].drop_nulls().to_list()
        )
    return out


# ---------------------------------------------------------------- Spark
@dataclass(frozen=True)
class SampleOnSpark:
    """The premiums' sample and its posting × skill flags on Spark, persisted for both passes
    (`release` when done)."""

    sample: DataFrame
    flags: DataFrame
    min_segment_postings: int = MIN_SEGMENT_POSTINGS

    def release(self) -> None:
        self.flags.unpersist()
        self.sample.unpersist()


def sample_on_spark_with_flags(
    postings: DataFrame,
    skills: DataFrame,
    genai_ids: frozenset[str],
    min_segment_postings: int = MIN_SEGMENT_POSTINGS,
) -> SampleOnSpark:
    """The sample (`premium_cells.sample_on_spark`) and flags of the core tables on Spark
    (`postings`, `skills`: core_postings, core_posting_skills)."""
    return SampleOnSpark(
        sample_on_spark(postings).persist(StorageLevel.MEMORY_AND_DISK),
        _flags(skills, genai_ids).persist(StorageLevel.MEMORY_AND_DISK),
        min_segment_postings,
    )


def _segmented(sample: DataFrame, min_postings: int) -> DataFrame:
    """The sample once per segment it is in (a `segment` column): all, and its role family
    and country where they have `min_postings` (counted by a window: no job of its own)."""
    parts = [sample.withColumn("segment", F.lit(ALL))]
    for column in SEGMENT_COLUMNS:
        size = F.count(F.lit(1)).over(Window.partitionBy(column))
        parts.append(
            sample.withColumn("_size", size)
            .filter(F.col(column).isNotNull() & (F.col("_size") >= min_postings))
            .drop("_size")
            .withColumn("segment", F.concat(F.lit(f"{column}="), F.col(column)))
        )
    segmented = parts[0]
    for part in parts[1:]:
        segmented = segmented.unionByName(part)
    return segmented


def _flags(skills: DataFrame, genai_ids: frozenset[str]) -> DataFrame:
    """posting_id × skill_id, and `genai` for a posting naming any GenAI skill
    (`analytics.marts.demand.posting_skill_flags`), once each."""
    genai = (
        skills.filter(F.col("skill_id").isin(sorted(genai_ids)))
        .select("posting_id")
        .withColumn("skill_id", F.lit(GENAI_SKILL_ID))
    )
    return skills.select("posting_id", "skill_id").unionByName(genai).distinct()


def _pair_totals(hits: DataFrame, sample: DataFrame, min_postings: int) -> DataFrame:
    """segment, skill_a < skill_b, n_pair: the posting-level pairs (one self-join of the
    hits) reduced to role family × country on the executors, then to each segment (the
    segments' role families and countries: those with `min_postings` sample postings)."""
    a = hits.select("posting_id", *SEGMENT_COLUMNS, F.col("skill_id").alias("skill_a"))
    b = hits.select("posting_id", F.col("skill_id").alias("skill_b"))
    pairs = (
        a.join(b, on="posting_id")
        .filter(F.col("skill_a") < F.col("skill_b"))
        .groupBy(*SEGMENT_COLUMNS, "skill_a", "skill_b")
        .agg(F.count(F.lit(1)).alias("n_pair"))
    )
    n_pair = F.sum("n_pair").alias("n_pair")
    totals = pairs.groupBy("skill_a", "skill_b").agg(n_pair).withColumn("segment", F.lit(ALL))
    for column in SEGMENT_COLUMNS:
        large = (
            sample.groupBy(column)
            .agg(F.count(F.lit(1)).alias("_size"))
            .filter(F.col(column).isNotNull() & (F.col("_size") >= min_postings))
            .select(column)
        )
        totals = totals.unionByName(
            pairs.join(F.broadcast(large), on=column)
            .groupBy(column, "skill_a", "skill_b")
            .agg(n_pair)
            .select(
                "skill_a",
                "skill_b",
                "n_pair",
                F.concat(F.lit(f"{column}="), F.col(column)).alias("segment"),
            )
        )
    return totals.select("segment", "skill_a", "skill_b", "n_pair")


def _medians(segmented: DataFrame, flags: DataFrame) -> DataFrame:
    by_pay = Window.partitionBy("segment").orderBy("pay_mid_annual_usd", "posting_id")
    ranked = segmented.select(
        "segment",
        "posting_id",
        F.col("pay_mid_annual_usd").alias("pay"),
        (F.row_number().over(by_pay) - 1).alias("r"),
        F.count(F.lit(1)).over(Window.partitionBy("segment")).alias("n_segment"),
    )
    skill = Window.partitionBy("segment", "skill_id")
    with_rank = (
        ranked.join(flags, on="posting_id")
        .withColumn("t", F.row_number().over(skill.orderBy("r")) - 1)
        .withColumn("m", F.count(F.lit(1)).over(skill))
        .withColumn("m_out", F.col("n_segment") - F.col("m"))
    )
    middle = (F.col("t") == F.expr("(m - 1) div 2")) | (F.col("t") == F.expr("m div 2"))
    before = F.col("r") - F.col("t")  # the complement's postings below this one
    per_skill = with_rank.groupBy("segment", "skill_id").agg(
        F.avg(F.when(middle, F.col("pay"))).alias("median_with"),
        F.first("m_out").alias("m_out"),
        F.sum(F.when(before <= F.expr("(m_out - 1) div 2"), 1).otherwise(0)).alias("_below_lo"),
        F.sum(F.when(before <= F.expr("m_out div 2"), 1).otherwise(0)).alias("_below_hi"),
    )
    at = per_skill.select(
        "segment",
        "skill_id",
        "median_with",
        "m_out",
        (F.expr("(m_out - 1) div 2") + F.col("_below_lo")).alias("r_lo"),
        (F.expr("m_out div 2") + F.col("_below_hi")).alias("r_hi"),
    )
    lo = ranked.select("segment", F.col("r").alias("r_lo"), F.col("pay").alias("pay_lo"))
    hi = ranked.select("segment", F.col("r").alias("r_hi"), F.col("pay").alias("pay_hi"))
    return (
        at.join(lo, on=["segment", "r_lo"], how="left")
        .join(hi, on=["segment", "r_hi"], how="left")
        .select(
            "segment",
            "skill_id",
            "median_with",
            F.when(F.col("m_out") > 0, (F.col("pay_lo") + F.col("pay_hi")) / 2).alias(
                "median_without"
            ),
        )
    )


def statistics_on_spark(inputs: SampleOnSpark) -> PremiumStatistics:
    """The first pass: the aggregates of the module docstring, collected by one job."""
    sample, flags = inputs.sample, inputs.flags
    hits = sample.select(*CELL_KEYS, "posting_id", "log_pay").join(flags, on="posting_id")
    hits = hits.persist(StorageLevel.MEMORY_AND_DISK)
    base = sample.groupBy(*CELL_KEYS).agg(
        F.count(F.lit(1)).alias("n"), F.sum("log_pay").alias("sum_y")
    )
    with_skill = hits.groupBy("skill_id", *CELL_KEYS).agg(
        F.count(F.lit(1)).alias("n_with"), F.sum("log_pay").alias("sum_y_with")
    )
    pair_totals = _pair_totals(hits, sample, inputs.min_segment_postings)
    medians = _medians(_segmented(sample, inputs.min_segment_postings), flags)
    # the skill cells, the largest part (~1M rows at 200k postings), by a job of their own: in
    # the union with the others (their columns null) a 1 GB local driver lost the task results
    parts = collected_together({"base": base, "pair_totals": pair_totals, "medians": medians})
    parts["with_skill"] = collected(with_skill)
    hits.unpersist()
    return PremiumStatistics(**parts, min_segment_postings=inputs.min_segment_postings)


def pair_terms_on_spark(inputs: SampleOnSpark, models: pl.DataFrame) -> pl.DataFrame:
    """The second pass: the pair terms (`PAIR_TERMS_SCHEMA`) of the joint models `models`
    (`MODELS_SCHEMA`: each model's kept skills and β, broadcast), collected by one job."""
    if models.height == 0:
        return pl.DataFrame(schema=PAIR_TERMS_SCHEMA)
    spark = inputs.sample.sparkSession
    kept = F.broadcast(spark.createDataFrame(arrow_table(models, MODELS_SCHEMA)))
    placed = inputs.sample.select("posting_id", "cluster", *SEGMENT_COLUMNS)
    rows = (
        _segmented(placed, inputs.min_segment_postings)
        .select("segment", "posting_id", "cluster")
        .join(inputs.flags, on="posting_id")
        .join(kept, on=["segment", "skill_id"])
    )
    named = F.sum("beta").over(Window.partitionBy("segment", "model", "posting_id"))
    terms = (
        rows.withColumn("_named", named)
        .groupBy("segment", "model", "cluster", "skill_id")
        .agg(F.sum("_named").alias("pair_term"))
        .select(*PAIR_TERMS_SCHEMA)
    )
    return restored(terms.toArrow(), PAIR_TERMS_SCHEMA)


# ---------------------------------------------------------------- Polars twin
def _segmented_sample(sample: pl.DataFrame, min_postings: int) -> pl.DataFrame:
    """`_segmented` in Polars."""
    counts = sample.group_by(*SEGMENT_COLUMNS).len("n")
    parts = [sample.with_columns(pl.lit(ALL).alias("segment"))]
    for column, values in segment_values(counts, min_postings).items():
        parts.append(
            sample.filter(pl.col(column).is_in(values)).with_columns(
                (pl.lit(f"{column}=") + pl.col(column)).alias("segment")
            )
        )
    return pl.concat(parts)


def statistics_from_postings(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    min_segment_postings: int = MIN_SEGMENT_POSTINGS,
) -> PremiumStatistics:
    """`statistics_on_spark` in Polars (pair totals by segmenting the postings' pairs, medians
    by filtering each skill in and out)."""
    sample = premium_sample(postings)
    segmented = _segmented_sample(sample, min_segment_postings)
    flags = posting_skill_flags(posting_skills, genai_ids).unique()
    hits = sample.join(flags, on="posting_id")
    base = sample.group_by(CELL_KEYS).agg(pl.len().alias("n"), pl.col("log_pay").sum())
    with_skill = hits.group_by("skill_id", *CELL_KEYS).agg(
        pl.len().alias("n_with"), pl.col("log_pay").sum().alias("sum_y_with")
    )
    segment_hits = segmented.join(flags, on="posting_id")
    pair_totals = (
        segment_hits.select("segment", "posting_id", pl.col("skill_id").alias("skill_a"))
        .join(
            segment_hits.select("segment", "posting_id", pl.col("skill_id").alias("skill_b")),
            on=["segment", "posting_id"],
        )
        .filter(pl.col("skill_a") < pl.col("skill_b"))
        .group_by("segment", "skill_a", "skill_b")
        .agg(pl.len().alias("n_pair"))
    )
    rows = []
    for (segment, skill), part in segment_hits.group_by("segment", "skill_id"):
        inside = segmented.filter(pl.col("segment") == segment)
        outside = inside.filter(~pl.col("posting_id").is_in(part["posting_id"].implode()))
        rows.append(
            {
                "segment": segment,
                "skill_id": skill,
                "median_with": part["pay_mid_annual_usd"].median(),
                "median_without": outside["pay_mid_annual_usd"].median(),
            }
        )
    medians = pl.DataFrame(
        rows,
        schema={
            "segment": pl.String,
            "skill_id": pl.String,
            "median_with": pl.Float64,
            "median_without": pl.Float64,
        },
    )
    return PremiumStatistics(
        base=base.rename({"log_pay": "sum_y"}),
        with_skill=with_skill,
        pair_totals=pair_totals,
        medians=medians,
        min_segment_postings=min_segment_postings,
    )


def pair_terms_from_postings(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    models: pl.DataFrame,
    min_segment_postings: int = MIN_SEGMENT_POSTINGS,
) -> pl.DataFrame:
    """`pair_terms_on_spark` in Polars."""
    segmented = _segmented_sample(premium_sample(postings), min_segment_postings)
    flags = posting_skill_flags(posting_skills, genai_ids).unique()
    return (
        segmented.select("segment", "posting_id", "cluster")
        .join(flags, on="posting_id")
        .join(models, on=["segment", "skill_id"])
        .with_columns(pl.col("beta").sum().over("segment", "model", "posting_id").alias("_named"))
        .group_by("segment", "model", "cluster", "skill_id")
        .agg(pl.col("_named").sum().alias("pair_term"))
        .select(list(PAIR_TERMS_SCHEMA))
        .cast(PAIR_TERMS_SCHEMA)
    )

"""The Spark engine: the same build as `skillmarket.pipeline`, with the per-posting work, dedupe,
the core tables, the premiums' sufficient statistics, the per-posting marts and the demand
counts on Apache Spark (`skillmarket build --engine spark`), locally (`local[N]`) or on any
cluster by its master URL.

Modules: `session` (a SparkSession with small local defaults), `arrow_types` (Polars frames as
Spark-compatible Arrow), `normalize` (parse → normalize on the executors through `mapInArrow`,
calling `analytics.normalize.postings.prepare_records`, the function the local workers run),
`dedupe` (candidate pairs as joins on the MinHash band keys, the local rules), `core` (core
tables, Parquet partitioned by month), `premium_cells` (the premiums' sample on the executors;
the one-flag proof that cells give the posting-level estimate), `premium_statistics` (the
premiums mart's aggregates on Spark: cells, skill pairs, exact medians), `premium_solve` and
`premium_mart` (`out_skill_premiums` solved from them on the driver), `posting_marts`
(`out_postings`, `out_posting_pay` made on the executors), `demand_supply` (the demand side of
`out_demand_supply`), `collect` (several aggregates collected by one job), `build` (the
conductor: which marts Spark makes, the others by the local builders on the driver).

Nothing in `analytics`, `ingest` or `warehouse` imports this package (tests/spark_engine).

May import: pyspark, pyarrow, polars, numpy, scipy, `analytics`, `ingest`, `contract`,
`markup`, `warehouse`, `skillmarket` (settings and stages: the composition root's pieces).
"""

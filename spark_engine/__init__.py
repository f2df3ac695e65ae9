"""The Spark engine: the same build as `skillmarket.pipeline`, with the per-posting work, dedupe,
the core tables and the premiums' sufficient statistics on Apache Spark (`skillmarket build
--engine spark`), locally (`local[N]`) or on any cluster by its master URL.

Modules: `session` (a SparkSession with small local defaults), `arrow_types` (Polars frames as
Spark-compatible Arrow), `normalize` (parse → normalize on the executors through `mapInArrow`,
calling `analytics.normalize.postings.prepare_records`, the function the local workers run),
`dedupe` (candidate pairs as joins on the MinHash band keys, the local rules), `core` (core
tables, Parquet partitioned by month), `premium_cells` (the premium regression collapsed to
cells on Spark, solved on the driver), `build` (the conductor).

Nothing in `analytics`, `ingest` or `warehouse` imports this package (tests/spark_engine).

May import: pyspark, pyarrow, polars, numpy, scipy, `analytics`, `ingest`, `contract`,
`markup`, `warehouse`, `skillmarket` (settings and stages: the composition root's pieces).
"""

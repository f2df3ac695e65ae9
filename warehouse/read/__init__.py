"""The app's read API by subject, behind the short face `warehouse.queries`.

`snapshot` finds the published snapshot and checks its manifest; `views` derives the readable
views and their column checks from `contract.marts`; `connection` opens the read-only DuckDB
connection and runs fixed, parameterized SQL. The subject modules (`filters`, `demand`,
`postings`, `pay`, `premiums`, `supply`, `advisor`, `published`) select and filter published
marts; every number they return was computed by the build, except counts over a range the
user picks (their Wilson bounds come from `analytics.stats.intervals`, the build's own code).

May import: the standard library, duckdb, polars, `contract` and `analytics.stats`.
"""

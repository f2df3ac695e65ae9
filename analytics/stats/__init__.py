"""Statistical building blocks shared by the marts and the read API: interval estimators
(`intervals`), the fixed-effects least-squares solver (`fixed_effects`, `clustered_ols`), the
Gelbach decomposition of a coefficient's change across models (`gelbach`) and medians over a
0/1 design with their clustered influence (`medians`). Pure math over Polars expressions and
numpy arrays.

May import: polars, numpy, scipy. Never another package of the project (not even
`analytics.marts` or `contract`), so that `warehouse.read` may use the same code as the build
(one definition per number).
"""

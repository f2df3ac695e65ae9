"""Statistical building blocks shared by the marts and the read API: interval estimators and
the fixed-effects least-squares solver. Pure math over Polars expressions and numpy arrays.

May import: polars, numpy, scipy. Never another package of the project, so that
`warehouse.read` may use the same interval code as the build (one definition per number).
"""

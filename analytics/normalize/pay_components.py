"""Pay beside base pay, per source record: whether the posting offers equity, a bonus or a
commission, and the amounts where the source gives them, from the staging `pay_components`
JSON (`contract.staging`; Ashby's summary components).

Never mixed into base pay: these are columns of their own. Cash amounts (bonus, commission,
an equity grant's cash value) are annualized in the posting's pay currency (`currency`, the
base pay's); an amount in another currency, or on a posting without base pay, is left out (the
offer flag stays), so a cell never mixes currencies. Equity as a percent of the company is
kept as given (percent, no period). One-sided ranges stand for both ends, as for base pay.

The flags are null where the source lists no components (every source but Ashby), false where
it lists them and this kind is not among them: a share of postings offering equity counts only
postings whose source could say.

May import: the standard library, polars and the sibling `analytics.normalize` modules.
"""

from __future__ import annotations

import polars as pl

from analytics.normalize import salary

_COMPONENT = pl.Struct(
    {
        "kind": pl.String(),
        "min": pl.Float64(),
        "max": pl.Float64(),
        "currency": pl.String(),
        "period": pl.String(),
    }
)
_COMPONENTS = "_pay_components"

# kind (contract.vocab.PAY_COMPONENT_KINDS) -> column prefix of its cash amounts
CASH_COMPONENTS: dict[str, str] = {
    "bonus": "bonus",
    "commission": "commission",
    "equity_value": "equity_value",
}

PAY_COMPONENT_COLUMNS: list[str] = [
    "offers_equity",
    "offers_bonus",
    "offers_commission",
    "equity_pct_min",
    "equity_pct_max",
    *[f"{prefix}_{end}_annual" for prefix in CASH_COMPONENTS.values() for end in ("min", "max")],
]
PAY_COMPONENT_SCHEMA: dict[str, pl.DataType] = {
    name: pl.Boolean() if name.startswith("offers_") else pl.Float64()
    for name in PAY_COMPONENT_COLUMNS
}


def _component(kind: str) -> pl.Expr:
    """The record's component of `kind` (a struct; null when it has none)."""
    return (
        pl.col(_COMPONENTS)
        .list.eval(pl.element().filter(pl.element().struct.field("kind") == kind))
        .list.first()
    )


def _has(*kinds: str) -> pl.Expr:
    listed = pl.col(_COMPONENTS)
    found = listed.list.eval(pl.element().struct.field("kind").is_in(list(kinds)).any())
    return pl.when(listed.is_not_null()).then(found.list.first().fill_null(False))


def _ends(part: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    low, high = part.struct.field("min"), part.struct.field("max")
    return pl.coalesce(low, high), pl.coalesce(high, low)


def with_pay_components(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (staging `pay_components`, and the normalized base pay's `currency`) with
    `PAY_COMPONENT_COLUMNS` added; `pay_components` is dropped."""
    frame = frame.with_columns(
        pl.col("pay_components").str.json_decode(pl.List(_COMPONENT)).alias(_COMPONENTS)
    )
    equity = _component("equity_percent")
    pct_min, pct_max = _ends(equity)
    columns = [
        _has("equity_percent", "equity_value").alias("offers_equity"),
        _has("bonus").alias("offers_bonus"),
        _has("commission").alias("offers_commission"),
        pct_min.alias("equity_pct_min"),
        pct_max.alias("equity_pct_max"),
    ]
    for kind, prefix in CASH_COMPONENTS.items():
        part = _component(kind)
        same_currency = part.struct.field("currency") == pl.col("currency")
        period = part.struct.field("period")
        for end, amount in zip(("min", "max"), _ends(part), strict=True):
            annual = salary.annualize(amount, period)
            columns.append(
                pl.when(same_currency).then(annual).otherwise(None).alias(f"{prefix}_{end}_annual")
            )
    return frame.with_columns(columns).drop(_COMPONENTS, "pay_components")

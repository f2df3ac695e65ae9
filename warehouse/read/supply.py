"""Demand vs supply (out_demand_supply): the windows, the skills with rows, and openings per
candidate for one skill by place.

May import: the standard library, polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from contract import vocab
from warehouse.read.connection import query

# Lightcast's bands for candidates per opening (metrics.md), used where the build did not
# publish inverse_band: upper bound -> label, the last band open-ended (the contract's bands,
# which `analytics.marts.supply` writes).
INVERSE_BANDS: Final = vocab.INVERSE_BANDS
INVERSE_BAND_TOP: Final = INVERSE_BANDS[-1][1]
SUPPLY_PLACE_LEVEL_ORDER: Final = vocab.PLACE_LEVELS
# CASE arms over the bounded bands, values bound as parameters $b<i> / $l<i>.
_BAND_CASE: Final = "\n".join(
    f"WHEN r.inverse_value <= $b{i} THEN $l{i}" for i in range(1, len(INVERSE_BANDS))
)


def demand_supply_windows() -> tuple[date, ...]:
    """The window_end dates of out_demand_supply, newest first."""
    windows = query(
        ("out_demand_supply",),
        "SELECT DISTINCT window_end FROM out_demand_supply ORDER BY window_end DESC",
        {},
    )
    return tuple(windows["window_end"].to_list())


def demand_supply_skills() -> pl.DataFrame:
    """Skills with demand/supply rows: genai first, then by demand across all places and windows.
    Role-family rows (skill_id "all") are not a skill and are left out.

    Columns: skill_id, skill_name, demand_n (summed over the windows at place "all").
    """
    return query(
        ("out_demand_supply", "skills"),
        """
        SELECT d.skill_id, coalesce(c.name, d.skill_id) AS skill_name,
               coalesce(sum(d.demand_n) FILTER (WHERE d.place_id = 'all'), 0)::BIGINT
                   AS demand_n
        FROM out_demand_supply AS d
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE d.skill_id <> $all
        GROUP BY d.skill_id, c.name
        ORDER BY (d.skill_id = $genai) DESC, demand_n DESC, d.skill_id
        """,
        {"genai": vocab.GENAI_SKILL_ID, "all": vocab.ALL},
    )


def demand_supply(
    skill_id: str, window_end: date | None = None, supply_source: str = vocab.TALENT_POOL_SUPPLY
) -> pl.DataFrame:
    """Openings per candidate for one skill by place, in one window (default: the latest),
    against one supply measure (contract.vocab.SUPPLY_SOURCES).

    place_level is "all", "country" (ISO alpha-2), "state" ("US-CA") or "metro" (7-digit OEWS
    code); rows run all, countries, states, metros, each by demand. inverse_ratio and
    inverse_band are the build's when it publishes them, else supply_n / demand_n read with
    Lightcast's bands (INVERSE_BANDS).
    Columns: skill_id, skill_name, place_id, place_level, window_end, demand_n, supply_n,
    supply_source, ratio, ratio_lo, ratio_hi, inverse_ratio, inverse_band, location_quotient.
    """
    bounded = INVERSE_BANDS[:-1]
    return query(
        ("out_demand_supply", "skills"),
        f"""
        WITH target AS (
            SELECT coalesce($window_end::DATE, max(window_end)) AS window_end
            FROM out_demand_supply
        ),
        rows AS (
            SELECT d.*,
                   coalesce(
                       d.place_level,
                       CASE WHEN d.place_id = 'all' THEN 'all'
                            WHEN regexp_full_match(d.place_id, '[0-9]{{7}}') THEN 'metro'
                            ELSE 'country' END
                   ) AS place_level_read,
                   coalesce(d.inverse_ratio, d.supply_n / nullif(d.demand_n, 0))
                       AS inverse_value
            FROM out_demand_supply AS d
            JOIN target AS t ON d.window_end = t.window_end
            WHERE d.skill_id = $skill_id AND d.role_family = 'all'
              AND d.supply_source = $supply_source
        )
        SELECT r.skill_id, coalesce(c.name, r.skill_id) AS skill_name, r.place_id,
               r.place_level_read AS place_level, r.window_end, r.demand_n, r.supply_n,
               r.supply_source,
               r.ratio, r.ratio_lo, r.ratio_hi, r.inverse_value AS inverse_ratio,
               coalesce(
                   r.inverse_band,
                   CASE WHEN r.inverse_value IS NULL THEN NULL
                        {_BAND_CASE}
                        ELSE $top END
               ) AS inverse_band,
               r.location_quotient
        FROM rows AS r
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY list_position($levels, r.place_level_read), r.demand_n DESC, r.place_id
        """,
        {
            "skill_id": skill_id,
            "window_end": window_end,
            "supply_source": supply_source,
            "levels": list(SUPPLY_PLACE_LEVEL_ORDER),
            **{f"b{i}": upper for i, (upper, _) in enumerate(bounded, start=1)},
            **{f"l{i}": label for i, (_, label) in enumerate(bounded, start=1)},
            "top": INVERSE_BAND_TOP,
        },
    )

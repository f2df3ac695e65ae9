"""Read API for the app: the face of `warehouse.read`, so that pages import one module
(`from warehouse import queries; queries.demand_trend(...)`).

The functions live by subject in `warehouse.read` (snapshot, views, connection, filters,
demand, postings, pay, premiums, supply, advisor, published); this module only re-exports the
names the app uses. Every query runs fixed SQL with parameters over the published snapshot's
read-only views and returns a Polars DataFrame; it selects and filters what the build computed.

May import: `warehouse.read`.
"""

from __future__ import annotations

from warehouse.read.advisor import (
    advisor_cells,
    advisor_given_skills,
    advisor_reason,
    coverage_gains,
    recommend_next_skills,
    role_defining_skills,
)
from warehouse.read.connection import forget_connection, view_available
from warehouse.read.demand import (
    EMERGING_DIRECTIONS,
    GENAI_SKILL_ID,
    HEATMAP_MIN_POSTINGS,
    demand_places,
    demand_trend,
    emerging_counts,
    emerging_skills,
    genai_share_trend,
    headline_numbers,
    skill_catalog,
    skill_role_heatmap,
    top_skills,
)
from warehouse.read.filters import (
    PLACE_LEVEL_ORDER,
    SENIORITY_ORDER,
    FilterOptions,
    PostingFilterOptions,
    filter_options,
    posting_filter_options,
)
from warehouse.read.pay import (
    OfferPosition,
    PayBandUnavailableError,
    offer_percentile,
    pay_band,
    pay_band_companies,
    pay_band_places,
    pay_band_postings,
    pay_band_year_earlier,
    pay_snapshot,
)
from warehouse.read.postings import (
    POSTINGS_PAGE_COLUMNS,
    POSTINGS_SAMPLE_COLUMNS,
    posting_trend,
    postings_page,
    postings_sample,
)
from warehouse.read.premiums import (
    LADDER_SIDES,
    ladder_claims,
    ladder_postings,
    ladder_skills,
    premium_decomposition,
    premium_forest,
    premium_ladder,
    premiums,
    suppressed_premiums,
)
from warehouse.read.published import (
    CLAIM_VERDICTS,
    MART_ROW_CAP,
    MartRows,
    claim_verdict_counts,
    claims,
    mart_rows,
)
from warehouse.read.snapshot import (
    MANIFEST_KEYS,
    SnapshotError,
    SnapshotInvalidError,
    SnapshotMissingError,
    snapshot_available,
    snapshot_manifest,
    snapshot_path,
)
from warehouse.read.supply import (
    INVERSE_BAND_TOP,
    INVERSE_BANDS,
    SUPPLY_PLACE_LEVEL_ORDER,
    demand_supply,
    demand_supply_skills,
    demand_supply_windows,
)
from warehouse.read.views import (
    DEFAULT_WINDOWS,
    OPTIONAL_COLUMNS,
    OPTIONAL_DEFAULTS,
    SNAPSHOT_VIEWS,
)

__all__ = [
    "CLAIM_VERDICTS",
    "DEFAULT_WINDOWS",
    "EMERGING_DIRECTIONS",
    "GENAI_SKILL_ID",
    "HEATMAP_MIN_POSTINGS",
    "INVERSE_BANDS",
    "INVERSE_BAND_TOP",
    "LADDER_SIDES",
    "MANIFEST_KEYS",
    "MART_ROW_CAP",
    "OPTIONAL_COLUMNS",
    "OPTIONAL_DEFAULTS",
    "PLACE_LEVEL_ORDER",
    "POSTINGS_PAGE_COLUMNS",
    "POSTINGS_SAMPLE_COLUMNS",
    "SENIORITY_ORDER",
    "SNAPSHOT_VIEWS",
    "SUPPLY_PLACE_LEVEL_ORDER",
    "FilterOptions",
    "MartRows",
    "OfferPosition",
    "PayBandUnavailableError",
    "PostingFilterOptions",
    "SnapshotError",
    "SnapshotInvalidError",
    "SnapshotMissingError",
    "advisor_cells",
    "advisor_given_skills",
    "advisor_reason",
    "claim_verdict_counts",
    "claims",
    "coverage_gains",
    "demand_places",
    "demand_supply",
    "demand_supply_skills",
    "demand_supply_windows",
    "demand_trend",
    "emerging_counts",
    "emerging_skills",
    "filter_options",
    "forget_connection",
    "genai_share_trend",
    "headline_numbers",
    "ladder_claims",
    "ladder_postings",
    "ladder_skills",
    "mart_rows",
    "offer_percentile",
    "pay_band",
    "pay_band_companies",
    "pay_band_places",
    "pay_band_postings",
    "pay_band_year_earlier",
    "pay_snapshot",
    "posting_filter_options",
    "posting_trend",
    "postings_page",
    "postings_sample",
    "premium_decomposition",
    "premium_forest",
    "premium_ladder",
    "premiums",
    "recommend_next_skills",
    "role_defining_skills",
    "skill_catalog",
    "skill_role_heatmap",
    "snapshot_available",
    "snapshot_manifest",
    "snapshot_path",
    "suppressed_premiums",
    "top_skills",
    "view_available",
]

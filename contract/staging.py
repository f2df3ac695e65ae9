"""The staging row: what every posting parser returns and every `raw_<source>_postings` table
holds (docs/contracts.md "Staging rows"), plus the quarantine row every parser writes.

`ingest.staging` derives its Polars schema from `STAGING_COLUMNS`; the warehouse derives the
DDL of each posting source's staging table from it, so a new posting source needs no migration.

Kinds: text; boolean; timestamp (UTC, microseconds); number (64-bit float); integer (64-bit).
`nullable=False` columns are NOT NULL in the warehouse.

May import: the standard library and `contract.vocab`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from contract.vocab import PAY_PERIODS

StagingKind = Literal["text", "boolean", "timestamp", "number", "integer"]


@dataclass(frozen=True)
class StagingColumn:
    name: str
    kind: StagingKind
    nullable: bool
    description: str


STAGING_COLUMNS: Final[tuple[StagingColumn, ...]] = (
    StagingColumn("source", "text", False, "the posting source's id (contract.sources)"),
    StagingColumn("board", "text", True, "board token / site / thread id / page domain"),
    StagingColumn(
        "source_posting_id",
        "text",
        False,
        "id in the source (unique within source); JSON-LD ids are prefixed with the page's "
        "domain (`careers.acme.example:101`) because sites reuse short ids",
    ),
    StagingColumn(
        "company",
        "text",
        True,
        "company name as the source gives it; where it has none (Ashby, Lever), the name the "
        "board's postings write for its token, else the token",
    ),
    StagingColumn("title", "text", True, "posting title as written"),
    StagingColumn(
        "location_text", "text", True, 'location as written (all locations joined with " / ")'
    ),
    StagingColumn("city_hint", "text", True, "structured city when the source has one"),
    StagingColumn("region_hint", "text", True, "structured region when the source has one"),
    StagingColumn("country_hint", "text", True, "structured country when the source has one"),
    StagingColumn("is_remote_hint", "boolean", True, "structured remote flag"),
    StagingColumn("posted_at", "timestamp", True, "publication time"),
    StagingColumn("url", "text", True, "link to the posting"),
    StagingColumn(
        "description_html", "text", True, "HTML body (Greenhouse entities already unescaped)"
    ),
    StagingColumn("description_text", "text", True, "plain-text body when the source gives one"),
    StagingColumn(
        "employment_type", "text", True, "FullTime, PartTime, Intern, Contract, ... as given"
    ),
    StagingColumn(
        "pay_min",
        "number",
        True,
        "structured pay (the source's own fields), in `pay_currency` per `pay_period`",
    ),
    StagingColumn("pay_max", "number", True, "upper end of the structured pay"),
    StagingColumn("pay_currency", "text", True, "ISO 4217"),
    StagingColumn("pay_period", "text", True, ", ".join(PAY_PERIODS)),
    StagingColumn(
        "pay_text",
        "text",
        True,
        "free pay text (Ashby compensationTierSummary, Greenhouse pay blurb, HN first line)",
    ),
    StagingColumn("raw_file", "text", False, "raw file path relative to the raw root"),
    StagingColumn("record_index", "integer", True, "index of the record in the file"),
    StagingColumn("content_hash", "text", False, "sha256 of the record's canonical JSON"),
    # added after migration 002: at the end, where `migrate` adds it to existing tables
    StagingColumn(
        "pay_components",
        "text",
        True,
        "pay beside base pay the source lists, as canonical JSON: a list of {kind "
        "(contract.vocab.PAY_COMPONENT_KINDS), min, max, currency, period} (amounts null where "
        "not given; equity_percent in percent of the company); [] when the source lists base "
        "pay alone, null when it lists no pay components (or has no such field)",
    ),
)

WHOLE_FILE: Final[str] = "*"  # the `record` of a quarantine row for a file not read at all

QUARANTINE_COLUMNS: Final[tuple[StagingColumn, ...]] = (
    StagingColumn("source", "text", False, "the source's id"),
    StagingColumn("file", "text", False, "raw file path relative to the raw root"),
    StagingColumn("record", "text", True, "the record id, `#<index>`, or `*` for a whole file"),
    StagingColumn("reason", "text", False, "why the record was not accepted"),
)

STAGING_COLUMN_NAMES: Final[tuple[str, ...]] = tuple(column.name for column in STAGING_COLUMNS)

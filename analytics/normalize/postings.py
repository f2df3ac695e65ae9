"""Turn staging rows (one per source record, latest version) into the core posting tables.

Steps, all vectorized: plain text from HTML; the years of experience and the degree the text
asks for (`years_experience_min`, `degree_min`); role family and seniority from the title (and
those years); place from the location text and structured address;
pay from structured fields when present (unless they fail the sanity rules while the text of the
same posting reads as plausible pay: Ashby files "$26.00" hourly pay as a year), else from the
pay text, else from the body
(`pay_source` says which); annualization and USD conversion at the FX rate of the posting's
month; equity, bonus and commission beside base pay where the source lists them
(`pay_components`, never added to base pay); the pay sanity rules (failing pay is quarantined
with its reason and nulled, the posting kept); skills; then deduplication into canonical postings.

Scale: everything but deduplication is per record, so a big build streams the staging rows
through `prepare_records` chunk by chunk (text, pay, place, skills and the word hashes dedupe
compares, then the HTML and text are dropped) and `finish_core_postings` deduplicates the
light records; `build_core_postings` is the two in one call, with the same result.

Incremental builds: records normalized in an earlier build are kept (`kept_records`, with
their posting ids) and `core_postings_reusing` combines them with the records normalized now,
running dedupe again only on the partitions that changed; `core_tables` makes the core tables
from records with posting ids in any order.

The chunked path itself (`prepare_chunks`, worker processes, the spill) is
`analytics.normalize.posting_chunks`. A record a step fails on (a poison record) is
quarantined, not the chunk (`isolate`).

May import: the standard library, polars and the sibling `analytics.normalize` modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from analytics.normalize import (
    dedupe,
    fx,
    locations,
    pay_components,
    requirements,
    salary,
    skills,
    text,
    titles,
)

# The pay fields of a posting, nulled together when its pay fails the sanity rules.
PAY_COLUMNS = [
    "pay_min",
    "pay_max",
    "currency",
    "pay_period",
    "pay_min_annual",
    "pay_max_annual",
    "pay_min_annual_usd",
    "pay_max_annual_usd",
    "pay_source",
    "pay_kind",
    # pay beside base pay (equity, bonus, commission): from the same record as the base pay
    *pay_components.PAY_COMPONENT_COLUMNS,
]
CORE_POSTING_COLUMNS = [
    "posting_id",
    "source",
    "source_posting_id",
    "company",
    "title",
    "role_family",
    "seniority",
    "country",
    "region",
    "city",
    "metro_code",
    "is_remote",
    "posted_date",
    "first_seen",
    "last_seen",
    "employment_type",
    *[c for c in PAY_COLUMNS if c != "pay_kind" and c not in pay_components.PAY_COMPONENT_COLUMNS],
    "url",
    "n_sources",
    # added by migration 006 (at the table's end, so listed last)
    "pay_kind",
    "is_hybrid",
    "place_region",
    "place_level",
    # added by migration 007
    "years_experience_min",
    "degree_min",
    # added by migration 009
    *pay_components.PAY_COMPONENT_COLUMNS,
]


@dataclass(frozen=True)
class CorePostings:
    postings: pl.DataFrame
    sources: pl.DataFrame
    skills: pl.DataFrame
    quarantine: pl.DataFrame
    records: pl.DataFrame  # every normalized source record with its posting_id (for checks)


def _with_text(staging: pl.DataFrame) -> pl.DataFrame:
    html_text = text.html_to_text(pl.col("description_html"))
    return staging.with_columns(
        pl.when(pl.col("description_text").fill_null("").str.len_chars() > 0)
        .then(pl.col("description_text"))
        .otherwise(html_text)
        .fill_null("")
        .alias("text"),
        (pl.col("source") + ":" + pl.col("source_posting_id")).alias("record_key"),
    )


def _with_pay(frame: pl.DataFrame, rates: pl.DataFrame | None = None) -> pl.DataFrame:
    pay_text = pl.coalesce(pl.col("pay_text"), pl.col("text"))
    parsed = salary.parse_salaries(frame.select(pay_text.alias("t"))["t"], frame["country"])
    parsed = parsed.rename({c: f"_text_{c}" for c in parsed.columns})
    frame = pl.concat([frame, parsed], how="horizontal").with_columns(
        pl.col("posted_date").dt.strftime("%Y-%m").alias("_month")
    )
    # each reading annualized and converted once: the chosen one's numbers are then picked
    frame = _with_reading(frame, "_s", "pay_min", "pay_max", "pay_currency", "pay_period", rates)
    frame = _with_reading(
        frame,
        "_text",
        "_text_pay_min",
        "_text_pay_max",
        "_text_pay_currency",
        "_text_pay_period",
        rates,
    )
    # structured pay whose period is impossible (Ashby's "$26.00" or "$55 – $65" filed as a
    # year) gives way to the text's reading of the same pay when that one is plausible
    has_structured = pl.col("_s_has")
    from_text = pl.col("_text_has")
    keeps_structured = ~(pl.col("_s_bad") & from_text & ~pl.col("_text_bad"))
    frame = frame.with_columns(
        pl.when(has_structured & keeps_structured)
        .then(pl.lit("structured"))
        .when(from_text)
        .then(pl.lit("text"))
        .otherwise(None)
        .alias("pay_source"),
    )
    structured = pl.col("pay_source") == "structured"

    def chosen(structured_col: str, text_col: str, name: str) -> pl.Expr:
        return (
            pl.when(structured).then(pl.col(structured_col)).otherwise(pl.col(text_col)).alias(name)
        )

    return frame.with_columns(
        # one-sided ranges: a single value stands for both ends
        chosen("_s_low", "_text_low", "pay_min"),
        chosen("_s_high", "_text_high", "pay_max"),
        chosen("pay_currency", "_text_pay_currency", "currency"),
        chosen("pay_period", "_text_pay_period", "pay_period"),
        # base | ote | total: the pay text's words beside the amount, for structured pay too
        # (Ashby's "$125K – $145K • OTE" is structured pay that is on-target earnings)
        pl.when(pl.col("pay_source").is_not_null())
        .then(pl.col("_text_pay_kind").fill_null("base"))
        .alias("pay_kind"),
        chosen("_s_low_annual", "_text_low_annual", "pay_min_annual"),
        chosen("_s_high_annual", "_text_high_annual", "pay_max_annual"),
        chosen("_s_low_annual_usd", "_text_low_annual_usd", "pay_min_annual_usd"),
        chosen("_s_high_annual_usd", "_text_high_annual_usd", "pay_max_annual_usd"),
    ).drop([c for c in frame.columns if c.startswith(("_text_", "_s_"))] + ["_month"])


def _with_reading(
    frame: pl.DataFrame,
    prefix: str,
    low: str,
    high: str,
    currency: str,
    period: str,
    rates: pl.DataFrame | None,
) -> pl.DataFrame:
    """One reading of a row's pay (these columns) as `<prefix>_low`/`_high` (a single value
    standing for both ends), annualized (`_low_annual`, ...) and in USD (`_low_annual_usd`,
    ...), with `<prefix>_has` (it has an amount) and `<prefix>_bad` (its annualized pay fails
    the sanity rules or cannot be converted: what `_pay_quarantine` would null)."""
    frame = frame.with_columns(
        pl.coalesce(low, high).alias(f"{prefix}_low"),
        pl.coalesce(high, low).alias(f"{prefix}_high"),
    ).with_columns(
        salary.annualize(pl.col(f"{prefix}_low"), pl.col(period)).alias(f"{prefix}_low_annual"),
        salary.annualize(pl.col(f"{prefix}_high"), pl.col(period)).alias(f"{prefix}_high_annual"),
    )
    frame = fx.to_usd(
        frame, [f"{prefix}_low_annual", f"{prefix}_high_annual"], currency, "_month", rates=rates
    )
    has_pay = pl.col(f"{prefix}_low").is_not_null()
    # as `_pay_quarantine` sees it: pay that annualizes (a known period), then converts
    annualizes = pl.col(f"{prefix}_low_annual").is_not_null()
    usd_low, usd_high = pl.col(f"{prefix}_low_annual_usd"), pl.col(f"{prefix}_high_annual_usd")
    fails = (
        usd_low.is_null()
        | salary.pay_sanity_reason(usd_low, usd_high, pl.col(currency)).is_not_null()
    )
    return frame.with_columns(
        has_pay.alias(f"{prefix}_has"), (annualizes & fails).alias(f"{prefix}_bad")
    )


def _pay_quarantine(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Null pay that breaks the sanity rules (or cannot be converted) and quarantine it."""
    has_pay = pl.col("pay_min").is_not_null()
    reason = (
        pl.when(has_pay & pl.col("pay_min_annual_usd").is_null())
        .then(pl.lit("pay: no USD rate for currency ") + pl.col("currency").fill_null("?"))
        .otherwise(
            salary.pay_sanity_reason(
                pl.col("pay_min_annual_usd"), pl.col("pay_max_annual_usd"), pl.col("currency")
            )
        )
    )
    frame = frame.with_columns(pl.when(has_pay).then(reason).otherwise(None).alias("_pay_bad"))
    quarantine = frame.filter(pl.col("_pay_bad").is_not_null()).select(
        pl.col("source"),
        pl.col("raw_file").alias("file"),
        pl.col("source_posting_id").alias("record"),
        (
            pl.col("_pay_bad")
            + pl.lit(" (")
            + pl.col("pay_min").cast(pl.String)
            + "-"
            + pl.col("pay_max").cast(pl.String)
            + " "
            + pl.col("currency").fill_null("?")
            + "/"
            + pl.col("pay_period").fill_null("?")
            + ")"
        ).alias("reason"),
    )
    bad = pl.col("_pay_bad").is_not_null()
    frame = frame.with_columns(
        [pl.when(bad).then(None).otherwise(pl.col(c)).alias(c) for c in PAY_COLUMNS]
    ).drop("_pay_bad")
    return frame, quarantine


def normalize_records(
    staging: pl.DataFrame, rates: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Normalized source records (one per staging row) and pay quarantine rows; pay converts
    to USD with `rates` (monthly USD per unit; default the shipped table)."""
    frame = _with_text(staging)
    asks = requirements.parse_requirements(frame["text"])
    roles = titles.classify_titles(frame["title"], years=asks["years_experience_min"])
    places = locations.parse_locations(
        frame["location_text"],
        city_hints=frame["city_hint"],
        region_hints=frame["region_hint"],
        country_hints=frame["country_hint"],
        remote_hints=frame["is_remote_hint"],
    )
    frame = pl.concat([frame, roles, places, asks], how="horizontal")
    frame = frame.with_columns(
        pl.coalesce(pl.col("posted_at").dt.date(), pl.col("first_seen")).alias("posted_date")
    )
    frame = pay_components.with_pay_components(_with_pay(frame, rates))
    return _pay_quarantine(frame)


# Columns `prepare_records` adds for the second step, and the heavy ones it drops.
SKILL_IDS = "record_skill_ids"
TEXT_COLUMNS = ("description_html", "description_text", "text")


def prepare_records(
    staging: pl.DataFrame, rates: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Normalized source records without their text, and pay quarantine rows, for one chunk of
    staging rows: `normalize_records`, plus each record's skill ids (`record_skill_ids`),
    description word hashes (`dedupe.WORD_HASHES`) and their MinHash signature
    (`dedupe.SIGNATURE`); the HTML and text columns are dropped."""
    records, quarantine = normalize_records(staging, rates)
    records = (
        records.with_columns(
            skills.skill_lists(records["text"]).alias(SKILL_IDS),
            dedupe.description_word_hashes(pl.col("text")).alias(dedupe.WORD_HASHES),
        )
        .with_columns(dedupe.minhash_signature(pl.col(dedupe.WORD_HASHES)).alias(dedupe.SIGNATURE))
        .drop([c for c in TEXT_COLUMNS if c in records.columns])
    )
    return records, quarantine


def finish_core_postings(
    records: pl.DataFrame, quarantine: pl.DataFrame, spilled_words: pl.LazyFrame | None = None
) -> CorePostings:
    """Core tables from prepared records (`prepare_records` of every chunk, concatenated);
    `spilled_words` holds their word hashes when they were written to disk instead."""
    records = dedupe.assign_canonical_ids(records, spilled_words=spilled_words)
    core = core_tables(records, quarantine)
    return CorePostings(
        core.postings, core.sources, core.skills, quarantine, core.records.drop(SKILL_IDS)
    )


def company_spellings(counts: pl.DataFrame) -> pl.DataFrame:
    """One spelling per company: from (company, n) = each company string and its number of
    records, the spelling every string of the same normalized company (`dedupe.
    normalized_company`) is shown as. Candidates are the strings without a parenthesized note
    or a link ("Sable Metrics (https://sable.io)" is "Sable Metrics"); one of several words wins
    over one word (a board token: "Caldera Learning" over "Calderalearning"), then the most
    records, then the first in sort order. Columns: company, company_shown. Shared by both
    engines (Spark counts, this chooses)."""
    keyed = counts.filter(pl.col("company").is_not_null()).with_columns(
        dedupe.normalized_company(pl.col("company")).alias("_key"),
        pl.col("company")
        .str.replace_all(dedupe.COMPANY_NOTE, " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" -–—,;:|")
        .alias("_clean"),
    )
    keyed = keyed.with_columns(
        pl.when(pl.col("_clean") == "")
        .then(pl.col("company"))
        .otherwise(pl.col("_clean"))
        .alias("_clean")
    )
    shown = (
        keyed.filter(pl.col("_key") != "")
        .group_by("_key", "_clean")
        .agg(pl.col("n").sum())
        .with_columns((~pl.col("_clean").str.contains(" ", literal=True)).alias("_one_word"))
        .sort(["_key", "_one_word", "n", "_clean"], descending=[False, False, True, False])
        .unique("_key", keep="first", maintain_order=True)
        .select("_key", pl.col("_clean").alias("company_shown"))
    )
    return (
        keyed.join(shown, on="_key", how="left")
        .with_columns(pl.col("company_shown").fill_null(pl.col("company")))
        .select("company", "company_shown")
        .sort("company")
    )


def core_tables(records: pl.DataFrame, quarantine: pl.DataFrame) -> CorePostings:
    """Core tables from normalized records that dedupe gave a `posting_id` and
    `is_representative` (in any order: the result does not depend on the records' order);
    `records` is returned as it came."""
    cluster = records.group_by("posting_id").agg(
        pl.col("first_seen").min().alias("_first_seen"),
        pl.col("last_seen").max().alias("_last_seen"),
        pl.len().alias("n_sources"),
    )
    # pay from the best record of the cluster that has any: structured pay first, then the
    # representative's order (source rank, first seen, record key)
    cluster_pay = (
        records.filter(pl.col("pay_min").is_not_null())
        .sort(
            [
                pl.col("pay_source") != "structured",
                dedupe.source_rank(),
                pl.col("first_seen"),
                pl.col("record_key"),
            ],
            nulls_last=True,
            maintain_order=True,
        )
        .group_by("posting_id", maintain_order=True)
        .first()
        .select(
            "posting_id",
            *PAY_COLUMNS,
        )
    )
    rep = records.filter(pl.col("is_representative"))
    pay_cols = [c for c in cluster_pay.columns if c != "posting_id"]
    # a company reached through several sources is one company, under one spelling
    spellings = company_spellings(records.group_by("company").agg(pl.len().alias("n")))
    postings = (
        rep.drop(pay_cols)
        .join(cluster_pay, on="posting_id", how="left")
        .join(cluster, on="posting_id", how="left")
        .join(spellings, on="company", how="left")
        .with_columns(
            pl.col("_first_seen").alias("first_seen"),
            pl.col("_last_seen").alias("last_seen"),
            pl.col("company_shown").fill_null(pl.col("company")).alias("company"),
        )
        .select(CORE_POSTING_COLUMNS)
        .sort("posting_id")
    )
    sources = records.select(
        "posting_id", "source", "source_posting_id", "url", "first_seen", "last_seen"
    ).sort("posting_id", "source", "source_posting_id")
    # skills of the representative record (extracted per record in `prepare_records`, each
    # list sorted and unique): one representative per posting, so ordering the postings and
    # exploding gives rows unique and sorted by (posting_id, skill_id) without sorting 8.5M
    # rows at 1M postings
    skill_rows = (
        rep.select("posting_id", pl.col(SKILL_IDS).alias("skill_id"))
        .sort("posting_id")
        .explode("skill_id")
        .drop_nulls("skill_id")
    )
    return CorePostings(postings, sources, skill_rows, quarantine, records)


# What a kept normalized record holds (beside its input key): enough to give it a posting id
# again (dedupe's inputs and MinHash signature; its word hashes are derived again from the
# staging body when a pair needs them) and to make the core tables.
KEPT_COLUMNS = [
    "record_key",
    "content_hash",
    *[c for c in CORE_POSTING_COLUMNS if c not in ("posting_id", "n_sources")],
    SKILL_IDS,
    dedupe.SIGNATURE,
    dedupe.PARTITION,
    "posting_id",
    "is_representative",
]


# What dedupe needs of a kept record beside what the core tables need: a build reads them only
# for the kept records dedupe runs on again (`core_postings_reusing`'s `kept_for_dedupe`).
KEPT_FOR_DEDUPE = ["content_hash", dedupe.SIGNATURE]
KeptForDedupe = Callable[[pl.DataFrame], pl.DataFrame]


def kept_records(prepared: pl.DataFrame) -> pl.DataFrame:
    """Prepared records (`prepare_records`, word hashes apart) cut to `KEPT_COLUMNS` without
    the dedupe result: what `core_postings_reusing` takes as fresh records."""
    return kept_records_lazy(prepared.lazy()).collect()


def kept_records_lazy(prepared: pl.LazyFrame) -> pl.LazyFrame:
    """`kept_records` of prepared records not read yet (e.g. a scan of spilled chunks)."""
    return prepared.with_columns(dedupe.partition_key().alias(dedupe.PARTITION)).select(
        KEPT_COLUMNS[:-2]
    )


def core_postings_reusing(
    fresh: pl.DataFrame | pl.LazyFrame,
    reused: pl.DataFrame,
    stale_partitions: pl.Series,
    quarantine: pl.DataFrame,
    words: pl.LazyFrame | dedupe.WordLookup | None,
    kept_for_dedupe: KeptForDedupe | None = None,
) -> CorePostings:
    """Core tables from records normalized now (`fresh`, `kept_records` of prepared records,
    or `kept_records_lazy` of spilled ones: read here) and records kept from an earlier build
    with their posting ids (`reused`, `KEPT_COLUMNS`).

    Dedupe runs again on the partitions (`dedupe.partition_key`) of the fresh records and on
    `stale_partitions` (those that lost a record or whose record changed since the kept
    assignment), over every record in them; the reused records of the other partitions keep
    their posting ids, which is what a run over every record would give them. `words` gives
    the word hashes of re-deduplicated records (a spilled table or a `dedupe.WordLookup`).
    `records` of the result holds every record in `KEPT_COLUMNS`.

    `reused` may lack the `KEPT_FOR_DEDUPE` columns when `kept_for_dedupe` gives them (source,
    source_posting_id of reused records -> those with source, source_posting_id and the
    columns) for the reused records dedupe runs on again; the other reused records keep their
    posting ids and have them null in `records`.

    Memory: pass `fresh` and `reused` without keeping a reference (read in the call, or
    handed over): then each frame is released here once its rows are in the records, before
    the core tables are made, and the build holds one copy of every record, not three."""
    if isinstance(fresh, pl.LazyFrame):
        fresh = fresh.collect()
    if dedupe.WORD_HASHES in fresh.columns:
        raise ValueError("core_postings_reusing: fresh records carry their words in `words`")
    lacking = [c for c in KEPT_FOR_DEDUPE if reused.width and c not in reused.columns]
    if lacking and kept_for_dedupe is None:
        raise ValueError(f"core_postings_reusing: reused records lack {lacking}")
    if fresh.width and reused.width:
        reused = reused.select(c for c in KEPT_COLUMNS if c not in lacking).cast(
            {c: t for c, t in fresh.schema.items() if c in reused.columns and reused.schema[c] != t}
        )
    affected = pl.concat(
        [
            fresh.get_column(dedupe.PARTITION) if fresh.width else stale_partitions.clear(),
            stale_partitions,
        ]
    ).unique()
    if reused.width:
        in_affected = pl.col(dedupe.PARTITION).is_in(affected.implode())
        stays = reused.filter(~in_affected)
        again = reused.filter(in_affected)
        if lacking:
            assert kept_for_dedupe is not None
            again = _with_kept_for_dedupe(again, lacking, kept_for_dedupe, fresh)
            stays = stays.with_columns(
                pl.lit(None, dtype=again.schema[c]).alias(c) for c in lacking
            )
        stays = stays.select(KEPT_COLUMNS)
        again = again.select(KEPT_COLUMNS[:-2])
        redo = pl.concat([fresh, again]) if fresh.width else again
        del again
    else:
        stays, redo = None, fresh
    del fresh, reused
    parts = [] if stays is None else [stays]
    del stays
    if redo.height:
        parts.append(_with_canonical_ids(redo, words))
    del redo
    if not parts:
        raise ValueError("core_postings_reusing: no records")
    # the parts stay as chunks: one contiguous copy of every record would be made only to be
    # grouped and joined by `core_tables`, whose result does not depend on the chunks
    records = pl.concat(parts, how="vertical", rechunk=False)
    parts.clear()
    return core_tables(records, quarantine)


def _with_kept_for_dedupe(
    again: pl.DataFrame, lacking: list[str], kept_for_dedupe: KeptForDedupe, fresh: pl.DataFrame
) -> pl.DataFrame:
    """Reused records dedupe runs on again, with their `lacking` columns (of `KEPT_FOR_DEDUPE`)
    from `kept_for_dedupe`, typed as the fresh records' when there are any."""
    ids = ["source", "source_posting_id"]
    extra = kept_for_dedupe(again.select(ids)).select(*ids, *lacking)
    if fresh.width:
        extra = extra.cast(
            {c: fresh.schema[c] for c in lacking if extra.schema[c] != fresh.schema[c]}
        )
    joined = again.join(extra, on=ids, how="inner", maintain_order="left")
    if joined.height != again.height:
        missing = again.join(extra, on=ids, how="anti").row(0, named=True)
        raise ValueError(
            f"core_postings_reusing: no {lacking} for reused record "
            f"{missing['source']}/{missing['source_posting_id']}"
        )
    return joined


_KEPT_SIGNATURE = "_kept_minhash"


def _with_canonical_ids(
    redo: pl.DataFrame, words: pl.LazyFrame | dedupe.WordLookup | None
) -> pl.DataFrame:
    """`assign_canonical_ids` of records in `KEPT_COLUMNS[:-2]`, in `KEPT_COLUMNS`: their
    MinHash signatures ride through dedupe under another name (dedupe drops the signature it
    reads), sorted with the rest, instead of being joined back onto a copy of every record."""
    assigned = dedupe.assign_canonical_ids(
        redo.with_columns(pl.col(dedupe.SIGNATURE).alias(_KEPT_SIGNATURE)), spilled_words=words
    )
    return assigned.rename({_KEPT_SIGNATURE: dedupe.SIGNATURE}).select(KEPT_COLUMNS)


def record_word_hashes(bodies: pl.DataFrame) -> pl.DataFrame:
    """record_key and the word hashes dedupe compares (`dedupe.WORD_HASHES`) of staging
    bodies (source, source_posting_id, description_html, description_text): the same words
    `prepare_records` derives, for records whose hashes were not kept."""
    return _with_text(bodies).select(
        "record_key", dedupe.description_word_hashes(pl.col("text")).alias(dedupe.WORD_HASHES)
    )


def build_core_postings(staging: pl.DataFrame) -> CorePostings:
    """Core tables from the latest staging version of every source record.

    `staging` has the staging schema plus first_seen and last_seen (dates of the first and last
    snapshot that contained the record).
    """
    return finish_core_postings(*prepare_records(staging))

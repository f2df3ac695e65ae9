"""Evaluations of the normalizers against ground truth: `skillmarket validate sample` (the
sample market's truth file) and `skillmarket validate ashby DIR` (real Ashby captures, whose
structured pay is the truth for the pay-text parser, and whose structured address and remote
flag are the truth for the place parser reading the location text alone).

Reads the warehouse and raw files; writes nothing.

May import: every layer (composition root), polars, duckdb.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl

from analytics.normalize.dedupe import assign_canonical_ids
from analytics.normalize.locations import parse_locations
from analytics.normalize.postings import normalize_records
from analytics.normalize.salary import parse_salaries
from analytics.normalize.skills import posting_skills
from contract.sources import SAMPLE_SOURCE
from ingest.sources import ashby
from skillmarket.config import Settings
from warehouse import extract
from warehouse.migrate import connect

ASHBY_INTERVALS = {
    "1 YEAR": "year",
    "1 HOUR": "hour",
    "1 MONTH": "month",
    "1 WEEK": "week",
    "1 DAY": "day",
}


def _pairs(col: pl.Expr) -> pl.Expr:
    return (col * (col - 1) / 2).sum()


def pairwise_cluster_f1(frame: pl.DataFrame, truth_col: str, pred_col: str) -> dict:
    """Pairwise precision/recall/F1 of a clustering against the true clusters."""
    both = frame.group_by(truth_col, pred_col).len().select(_pairs(pl.col("len")))[0, 0]
    truth = frame.group_by(truth_col).len().select(_pairs(pl.col("len")))[0, 0]
    pred = frame.group_by(pred_col).len().select(_pairs(pl.col("len")))[0, 0]
    precision = both / pred if pred else 1.0
    recall = both / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": int(truth)}


def skill_scores(pred: pl.DataFrame, truth: pl.DataFrame, key: str) -> dict:
    """Micro precision/recall/F1 of (record, skill) pairs."""
    p = pred.select(key, "skill_id").unique()
    t = truth.select(key, pl.col("skills").alias("skill_id")).explode("skill_id").drop_nulls()
    t = t.unique()
    tp = p.join(t, on=[key, "skill_id"], how="inner").height
    precision = tp / p.height if p.height else 1.0
    recall = tp / t.height if t.height else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n_true": t.height}


def _close(a: pl.Expr, b: pl.Expr, tol: float = 0.01) -> pl.Expr:
    return ((a - b).abs() <= tol * b.abs().clip(lower_bound=1.0)) | (a.is_null() & b.is_null())


def validate_sample(settings: Settings) -> dict:
    """Normalizer accuracy on the built sample market, record by record."""
    truth_path = settings.raw_root / SAMPLE_SOURCE.id / "truth" / "postings.parquet"
    if not truth_path.exists():
        raise FileNotFoundError(f"{truth_path}: run `skillmarket ingest sample` first")
    if not settings.warehouse_path.exists():
        raise FileNotFoundError(f"{settings.warehouse_path}: run `skillmarket build` first")
    truth = (
        pl.read_parquet(truth_path)
        .filter(~pl.col("is_malformed"))
        .with_columns(
            # JSON-LD ids are scoped by the page's domain in the warehouse
            pl.when(pl.col("source") == "jsonld")
            .then(pl.col("board") + ":" + pl.col("source_posting_id"))
            .otherwise(pl.col("source_posting_id"))
            .alias("source_posting_id")
        )
    )
    con = connect(settings.warehouse_path)
    try:
        staging = extract.latest_source_records(con)
    finally:
        con.close()
    records, _ = normalize_records(staging)
    records = assign_canonical_ids(records)
    key = ["source", "source_posting_id"]
    joined = truth.join(records, on=key, how="inner", suffix="_pred")
    n = joined.height
    found = posting_skills(
        records.select((pl.col("source") + ":" + pl.col("source_posting_id")).alias("rk"), "text"),
        "rk",
        "text",
    )
    truth_skills = joined.select(
        (pl.col("source") + ":" + pl.col("source_posting_id")).alias("rk"), "skills"
    )
    found = found.join(truth_skills.select("rk"), on="rk", how="semi")
    paid = joined.filter(pl.col("pay_shown"))
    pay_ok = paid.filter(
        _close(pl.col("pay_min_annual_pred"), pl.col("pay_min_annual"))
        & _close(pl.col("pay_max_annual_pred"), pl.col("pay_max_annual"))
        & (pl.col("currency_pred") == pl.col("currency"))
    ).height
    return {
        "records_matched": n,
        "records_in_truth": truth.height,
        "skills": skill_scores(found, truth_skills, "rk"),
        "role_family_accuracy": joined.filter(
            pl.col("role_family") == pl.col("role_family_pred")
        ).height
        / n,
        "seniority_accuracy": joined.filter(pl.col("seniority") == pl.col("seniority_pred")).height
        / n,
        "country_accuracy": joined.filter(pl.col("country") == pl.col("country_pred")).height / n,
        "metro_accuracy": joined.filter(
            pl.col("metro_code").eq_missing(pl.col("metro_code_pred"))
        ).height
        / n,
        "pay_exact_match": pay_ok / paid.height if paid.height else None,
        "pay_n": paid.height,
        "pay_false_positive_rate": joined.filter(
            ~pl.col("pay_shown") & pl.col("pay_min_pred").is_not_null()
        ).height
        / max(joined.filter(~pl.col("pay_shown")).height, 1),
        "dedup": pairwise_cluster_f1(joined, "canonical_posting_id", "posting_id"),
    }


def ashby_jobs(directory: Path) -> list[dict]:
    jobs = []
    for path in sorted(directory.glob("*.json*")):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for job in json.loads(data).get("jobs", []):
            jobs.append({**job, "_board": path.name.split(".json")[0]})
    return jobs


def validate_ashby(directory: Path) -> dict:
    """The pay-text parser against Ashby's structured salary, on every posting that has both."""
    rows = []
    jobs = ashby_jobs(directory)
    for job in jobs:
        comp = job.get("compensation") or {}
        summary = comp.get("compensationTierSummary")
        salary = [
            c for c in comp.get("summaryComponents") or [] if c.get("compensationType") == "Salary"
        ]
        if summary and salary:
            s = salary[0]
            rows.append(
                {
                    "summary": summary,
                    "min": s.get("minValue"),
                    "max": s.get("maxValue"),
                    "currency": s.get("currencyCode"),
                    "period": ASHBY_INTERVALS.get(s.get("interval")),
                }
            )
    if not rows:
        raise ValueError(f"{directory}: no Ashby postings with structured salary")
    frame = pl.DataFrame(rows, infer_schema_length=None)
    parsed = parse_salaries(frame["summary"])
    both = pl.concat([frame, parsed], how="horizontal")
    ok = both.filter(
        _close(pl.col("pay_min"), pl.col("min").cast(pl.Float64))
        & _close(pl.col("pay_max"), pl.col("max").cast(pl.Float64))
        & (pl.col("pay_currency") == pl.col("currency"))
        & (pl.col("pay_period") == pl.col("period"))
    )
    misses = both.join(ok.select("summary"), on="summary", how="anti").head(15)
    places = place_agreement(directory)
    return {
        "postings_with_salary": frame.height,
        "pay_text_agreement": ok.height / frame.height,
        "n_jobs": len(jobs),
        "examples_of_disagreement": misses.to_dicts(),
        **places,
    }


def place_agreement(directory: Path) -> dict:
    """The place parser on each capture's location text alone against the posting's
    structured address (its country, as the parser reads the address's country field) and
    its isRemote flag: agreement and n, and the disagreements."""
    rows = pl.concat(
        [
            ashby.parse(path.read_bytes(), path.name, path.name.split(".json")[0]).rows
            for path in sorted(directory.glob("*.json*"))
        ],
        how="diagonal_relaxed",
    )
    if rows.height == 0:
        return {}
    text_only = parse_locations(rows["location_text"])
    nothing = pl.Series([None] * rows.height, dtype=pl.String)
    address = parse_locations(nothing, country_hints=rows["country_hint"])
    frame = pl.DataFrame(
        {
            "location_text": rows["location_text"],
            "address_country": address["country"],
            "country": text_only["country"],
            "is_remote_flag": rows["is_remote_hint"],
            "is_remote": text_only["is_remote"],
        }
    )
    with_address = frame.filter(pl.col("address_country").is_not_null())
    same = with_address.filter(pl.col("country") == pl.col("address_country"))
    other = with_address.filter(
        pl.col("country").is_not_null() & (pl.col("country") != pl.col("address_country"))
    )
    flagged = frame.filter(pl.col("is_remote_flag").is_not_null())
    remote_same = flagged.filter(pl.col("is_remote") == pl.col("is_remote_flag"))
    return {
        "postings_with_address_country": with_address.height,
        "place_country_agreement": same.height / max(with_address.height, 1),
        "place_country_none": with_address.height - same.height - other.height,
        "place_country_other": other.height,
        "examples_of_other_country": other.select("location_text", "address_country", "country")
        .unique()
        .sort("location_text")
        .head(10)
        .to_dicts(),
        "postings_with_remote_flag": flagged.height,
        "remote_flag_agreement": remote_same.height / max(flagged.height, 1),
    }

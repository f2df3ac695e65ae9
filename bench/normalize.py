"""Normalization benchmark: skill extraction and the whole normalize step at N postings.

Generates a small sample market (`--base` postings) in a temporary home, loads it, and takes
its staging rows (real source formats, ~2-5 KB of HTML each) as templates; replicates them to N
rows, appending a unique reference line to every body so no two texts are equal (the pay
parser caches distinct texts, so copies would flatter it). Times each normalizer and the whole
`normalize_records` + dedupe, and the build's streamed path (`build_core_postings_in_chunks`:
50k-row chunks, word hashes spilled to disk), and reports postings/s and MB/s per core, and peak
memory (of the whole run: the replicated input alone holds every posting's HTML).

May import: `skillmarket` (the composition root), `analytics`, `warehouse`, the standard library.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _staging_templates(base: int, seed: int) -> pl.DataFrame:
    from ingest.sample import generate_sample_market
    from skillmarket.config import Settings
    from skillmarket.pipeline import BuildReport, load_raw_postings
    from warehouse import extract
    from warehouse.migrate import connect

    with tempfile.TemporaryDirectory(prefix="skillmarket-bench-") as tmp:
        settings = Settings(home=Path(tmp))
        generate_sample_market(settings.raw_root, n_postings=base, seed=seed)
        con = connect(settings.warehouse_path)
        try:
            load_raw_postings(con, settings.raw_root, BuildReport())
            return extract.latest_source_records(con)
        finally:
            con.close()


def replicated(templates: pl.DataFrame, n: int) -> pl.DataFrame:
    """`n` rows cycling through the templates, each with a unique id and a unique body; each
    copy of the templates belongs to its own set of companies, so the copies are not
    duplicates of each other (the dedupe sees the sample's own duplicate rate)."""
    reps = -(-n // templates.height)
    copies = [templates.with_columns(pl.col("company") + f" {r}") for r in range(reps)]
    frame = pl.concat(copies).head(n).with_row_index("_i")
    ref = pl.lit("\n<p>Ref ") + pl.col("_i").cast(pl.String) + pl.lit("</p>")
    return frame.with_columns(
        (pl.col("source_posting_id") + "-" + pl.col("_i").cast(pl.String)).alias(
            "source_posting_id"
        ),
        (pl.col("description_html").fill_null("") + ref).alias("description_html"),
        pl.when(pl.col("description_text").is_not_null())
        .then(pl.col("description_text") + pl.lit("\nRef ") + pl.col("_i").cast(pl.String))
        .alias("description_text"),
    ).drop("_i")


def _timed(fn: Callable[..., object], *args: object) -> tuple[object, float]:
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def run_normalize_benchmark(postings: int, base: int, seed: int, output: Path) -> dict:
    from analytics.normalize import dedupe, locations, salary, skills, text, titles
    from analytics.normalize.posting_chunks import build_core_postings_in_chunks
    from analytics.normalize.postings import normalize_records

    templates = _staging_templates(base, seed)
    frame = replicated(templates, postings)
    cores = os.cpu_count() or 1
    body = frame.select(
        pl.coalesce("description_text", text.html_to_text(pl.col("description_html")))
        .fill_null("")
        .alias("t")
    )
    html_mb = frame["description_html"].str.len_bytes().sum() / 1e6
    text_mb = body["t"].str.len_bytes().sum() / 1e6
    seconds: dict[str, float] = {}
    _, seconds["html_to_text"] = _timed(
        lambda: frame.select(text.html_to_text(pl.col("description_html")))
    )
    ids = pl.Series("id", range(frame.height))
    _, seconds["skills"] = _timed(
        skills.posting_skills, pl.DataFrame({"id": ids, "t": body["t"]}), "id", "t"
    )
    _, seconds["titles"] = _timed(titles.classify_titles, frame["title"], body["t"])
    _, seconds["locations"] = _timed(
        lambda: locations.parse_locations(
            frame["location_text"],
            city_hints=frame["city_hint"],
            region_hints=frame["region_hint"],
            country_hints=frame["country_hint"],
            remote_hints=frame["is_remote_hint"],
        )
    )
    pay_text = frame.select(pl.coalesce(pl.col("pay_text"), body["t"]).alias("p"))["p"]
    _, seconds["salary"] = _timed(salary.parse_salaries, pay_text)
    (records, _), seconds["normalize_records"] = _timed(normalize_records, frame)
    _, seconds["dedupe"] = _timed(dedupe.assign_canonical_ids, records)
    del records
    with tempfile.TemporaryDirectory(prefix="skillmarket-bench-") as spill:
        _, seconds["core_postings_streamed"] = _timed(
            build_core_postings_in_chunks, frame.iter_slices(50_000), Path(spill)
        )
    total = seconds["normalize_records"] + seconds["dedupe"]
    result = {
        "benchmark": "normalize",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": cores,
            "python": platform.python_version(),
            "polars": pl.__version__,
            "platform": platform.platform(),
        },
        "postings": frame.height,
        "template_postings": templates.height,
        "html_mb": round(html_mb, 1),
        "text_mb": round(text_mb, 1),
        "avg_text_kb": round(1000 * text_mb / frame.height, 2),
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "skills_postings_per_s": round(frame.height / seconds["skills"]),
        "skills_mb_per_s_per_core": round(text_mb / seconds["skills"] / cores, 1),
        "normalize_postings_per_s": round(frame.height / total),
        "normalize_mb_per_s_per_core": round(html_mb / total / cores, 1),
        "peak_rss_mb": _peak_rss_mb(),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    return result

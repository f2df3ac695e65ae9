"""Score dedupe (cross-posts and reposts collapsed into postings) on the labeled groups of
`tests/fixtures/labeled/dedupe_pairs.yml`.

Usage (from a checkout whose code is to be scored; the labeled set is read beside this script,
so an older checkout can be scored against the same labels):

    python scripts/score_dedupe.py [--misses]
    cd /tmp/base && /work/main/.venv/bin/python /work/main/scripts/score_dedupe.py

Each group's records become staging rows (the set's header documents the fields and the body
edits: prefix, suffix, keep, markup) and go through the real path,
`analytics.normalize.postings.build_core_postings` (titles, places and roles normalized, then
dedupe). All groups go through one build (each group has its own company); a group whose
records share a posting with another group's is built again on its own, so records of
different groups are never compared. Two records
are predicted "same posting" when `core_posting_sources` gives them one posting id. Over all
pairs of records within a group: pairwise precision, recall and F1 of "same posting", overall
and per class, with n (pairs) and the number labeled same. `--misses` lists every wrong pair
with its class, the label, the two titles, role keys, places, days apart and the Jaccard
similarity of dedupe's description word sets.

May import: the standard library, yaml, polars, and `analytics.normalize` of the checkout it
runs in.
"""

from __future__ import annotations

import argparse
import html
import itertools
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics.normalize.dedupe import description_words, role_key
from analytics.normalize.postings import build_core_postings
from analytics.normalize.text import html_to_text

LABELED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "labeled"
DEDUPE_SET = LABELED / "dedupe_pairs.yml"
LAST_SEEN_DAYS = 21  # a record's default last_seen: first_seen + 21 days (the set's header)

# the staging columns (contract.staging) with their Polars types; the scorer may not import
# `contract` or `ingest`, so they are written out here
STAGING_TYPES: dict[str, pl.DataType] = {
    "source": pl.String(),
    "board": pl.String(),
    "source_posting_id": pl.String(),
    "company": pl.String(),
    "title": pl.String(),
    "location_text": pl.String(),
    "city_hint": pl.String(),
    "region_hint": pl.String(),
    "country_hint": pl.String(),
    "is_remote_hint": pl.Boolean(),
    "posted_at": pl.Datetime("us", "UTC"),
    "url": pl.String(),
    "description_html": pl.String(),
    "description_text": pl.String(),
    "employment_type": pl.String(),
    "pay_min": pl.Float64(),
    "pay_max": pl.Float64(),
    "pay_currency": pl.String(),
    "pay_period": pl.String(),
    "pay_text": pl.String(),
    "raw_file": pl.String(),
    "record_index": pl.Int64(),
    "content_hash": pl.String(),
    "pay_components": pl.String(),
    "first_seen": pl.Date(),
    "last_seen": pl.Date(),
}


def _paragraphs(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def record_body(record: dict[str, Any]) -> str:
    """The record's body text: prefix paragraphs, the body (cut to `keep` of its words, then
    ' ...'), suffix paragraphs, joined by blank lines."""
    body = record["body"]
    if record.get("keep") is not None:
        ends = [m.end() for m in re.finditer(r"\S+", body)]
        kept = int(len(ends) * float(record["keep"]))
        body = body[: ends[kept - 1]] + " ..."
    return "\n\n".join(
        [*_paragraphs(record.get("prefix")), body, *_paragraphs(record.get("suffix"))]
    )


def body_html(text: str) -> str:
    """Blank-line paragraphs as <p>, lines starting '- ' as a <ul> list (the set's `markup`)."""
    parts = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        items = [ln[2:] for ln in lines if ln.startswith("- ")]
        prose = " ".join(ln for ln in lines if not ln.startswith("- "))
        if prose:
            parts.append(f"<p>{html.escape(prose)}</p>")
        if items:
            lis = "".join(f"<li>{html.escape(i)}</li>" for i in items)
            parts.append(f"<ul>{lis}</ul>")
    return "\n".join(parts)


@dataclass(frozen=True)
class Group:
    id: str
    klass: str
    records: list[dict[str, Any]]  # each with the group's defaults filled in
    cluster: dict[str, int]  # record key -> index of its labeled cluster


GROUP_DEFAULTS = ("company", "title", "location", "posted", "body", "source")


def labeled_groups(path: Path = DEDUPE_SET) -> list[Group]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = []
    for g in data["groups"]:
        defaults = {k: g[k] for k in GROUP_DEFAULTS if k in g}
        records = [defaults | r for r in g["records"]]
        cluster = {key: i for i, keys in enumerate(g["same"]) for key in keys}
        groups.append(Group(g["id"], g["class"], records, cluster))
    return groups


def staging_rows(group: Group) -> pl.DataFrame:
    rows = []
    for index, r in enumerate(group.records):
        posted: date = r["posted"]
        first_seen: date = r.get("first_seen", posted)
        text = record_body(r)
        is_html = r.get("markup") == "html"
        rows.append(
            {
                "source": r["source"],
                "board": group.id,
                "source_posting_id": str(r.get("id", f"{group.id}-{r['key']}")),
                "company": r["company"],
                "title": r["title"],
                "location_text": r["location"],
                "posted_at": datetime(posted.year, posted.month, posted.day, tzinfo=UTC),
                "url": f"https://example.com/{group.id}/{r['key']}",
                "description_html": body_html(text) if is_html else None,
                "description_text": None if is_html else text,
                "raw_file": f"{r['source']}/{group.id}.json",
                "record_index": index,
                "content_hash": f"{group.id}-{r['key']}",
                "first_seen": first_seen,
                "last_seen": r.get("last_seen", first_seen + timedelta(days=LAST_SEEN_DAYS)),
            }
        )
    return pl.DataFrame(rows, schema=STAGING_TYPES)


@dataclass(frozen=True)
class Pair:
    group: str
    klass: str
    a: str
    b: str
    labeled_same: bool
    predicted_same: bool
    why: str


def _describe(records: pl.DataFrame, a: str, b: str) -> str:
    ra, rb = (records.row(by_predicate=pl.col("_key") == k, named=True) for k in (a, b))
    wa, wb = set(ra["_words"]), set(rb["_words"])
    jaccard = len(wa & wb) / len(wa | wb) if wa | wb else 0.0
    days = abs((ra["posted_date"] - rb["posted_date"]).days)

    def place(r: dict[str, Any]) -> str:
        return f"{r.get('city') or '-'}/{r.get('country') or '-'}"

    return (
        f"titles {ra['title']!r} / {rb['title']!r}; roles {ra['_role']} / {rb['_role']}; "
        f"places {place(ra)} / {place(rb)}; {days} days; jaccard {jaccard:.2f}"
    )


def group_postings(groups: list[Group]) -> tuple[dict[str, str], pl.DataFrame]:
    """Each record's posting id (by source_posting_id) and the normalized records with the
    scorer's columns (_key, _role, _words), from one build of the given groups."""
    staging = pl.concat([staging_rows(g) for g in groups])
    core = build_core_postings(staging)
    posting = dict(
        zip(
            core.sources["source_posting_id"].to_list(),
            core.sources["posting_id"].to_list(),
            strict=True,
        )
    )
    # the body dedupe reads: the plain text, else the HTML as text (postings._with_text)
    body = pl.coalesce(pl.col("description_text"), html_to_text(pl.col("description_html")))
    words = staging.select("source_posting_id", description_words(body).alias("_words"))
    records = core.records.join(words, on="source_posting_id").with_columns(
        pl.col("source_posting_id").str.replace("^g[0-9]+-", "").alias("_key"),
        pl.col("board").alias("_group"),
        role_key().alias("_role"),
    )
    return posting, records


def scored_pairs(groups: list[Group]) -> list[Pair]:
    """Every pair of records within a group, labeled and predicted. All groups go through one
    build; a group whose records share a posting with another group's (company names that
    normalize alike) is built again on its own, so groups are never compared."""
    posting, records = group_postings(groups)
    group_of = dict(zip(records["source_posting_id"], records["_group"], strict=True))
    groups_of_posting: dict[str, set[str]] = defaultdict(set)
    for record_id, posting_id in posting.items():
        groups_of_posting[posting_id].add(group_of[record_id])
    crossed = {g for gs in groups_of_posting.values() if len(gs) > 1 for g in gs}
    alone = {g.id: group_postings([g]) for g in groups if g.id in crossed}
    if alone:
        print(f"built alone (a posting spanned groups): {', '.join(sorted(alone))}")
    pairs = []
    for group in groups:
        group_posting, group_records = alone.get(group.id, (posting, records))
        keys = [r["key"] for r in group.records]
        for a, b in itertools.combinations(keys, 2):
            pa = group_posting.get(f"{group.id}-{a}")
            got = pa is not None and pa == group_posting.get(f"{group.id}-{b}")
            want = group.cluster[a] == group.cluster[b]
            mine = group_records.filter(pl.col("_group") == group.id)
            why = _describe(mine, a, b) if got != want else ""
            pairs.append(Pair(group.id, group.klass, a, b, want, got, why))
    return pairs


def prf(pairs: list[Pair]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of 'same posting' (1.0 where nothing to measure)."""
    tp = sum(p.labeled_same and p.predicted_same for p in pairs)
    predicted = sum(p.predicted_same for p in pairs)
    labeled = sum(p.labeled_same for p in pairs)
    precision = tp / predicted if predicted else 1.0
    recall = tp / labeled if labeled else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(pairs: list[Pair], misses: bool) -> str:
    by_class: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_class[p.klass].append(p)
    lines = [f"{'class':24} {'pairs':>5} {'same':>5} {'prec':>6} {'recall':>6} {'f1':>6}"]
    for name, members in [*sorted(by_class.items()), ("ALL", pairs)]:
        precision, recall, f1 = prf(members)
        n_same = sum(p.labeled_same for p in members)
        lines.append(
            f"{name:24} {len(members):5} {n_same:5} {precision:6.3f} {recall:6.3f} {f1:6.3f}"
        )
    if misses:
        wrong = [p for p in pairs if p.labeled_same != p.predicted_same]
        lines.append(f"\n{len(wrong)} wrong pairs:")
        for p in wrong:
            kind = "MISSED (labeled same)" if p.labeled_same else "WRONG MERGE (labeled different)"
            lines.append(f"  {p.group} {p.a}-{p.b} [{p.klass}] {kind}: {p.why}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the wrong pairs")
    args = parser.parse_args(argv)
    groups = labeled_groups()
    print(f"{len(groups)} groups")
    print(report(scored_pairs(groups), args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One monthly crawl snapshot: every posting open on the crawl date, written as the files a
crawler would have saved (one per Ashby board, Greenhouse board (+ pay detail files), Lever
site, JSON-LD career page, and the month's HN "Who is hiring?" thread).

May import: the standard library, polars, and `ingest.sample` modules.
"""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass, field
from datetime import timedelta
from random import Random

import polars as pl

from ingest.sample.market import World
from ingest.sample.records import (
    PostingView,
    ashby_job,
    crawl_moment,
    greenhouse_detail,
    greenhouse_job,
    hn_comment,
    hn_reply,
    jsonld_posting,
    lever_posting,
    stable_int,
)
from ingest.sample.render import posting_view
from ingest.sample.writers import OutputFiles, gzip_bytes, json_bytes, json_text, script_json

TRUNCATE_AT = 0.6  # share of a truncated file's JSON that survives
HN_REPLY_SHARE = 0.05
HN_REPLIES = (
    "Is this role open to candidates outside the listed location?",
    "Do you sponsor visas?",
    "Sent an application last week, any update on the timeline?",
    "Is the salary range negotiable for senior candidates?",
)
HN_INTRO = (
    "Please state the location and include REMOTE for remote work, REMOTE (US) or similar if "
    "the country is restricted, and ONSITE when remote work is <i>not</i> an option."
    "<p>Please only post if you personally are part of the hiring company—no recruiting firms "
    "or job boards. One post per company. If it isn&#x27;t a household name, explain what your "
    "company does.<p>Commenters: please don&#x27;t reply to job posts to complain about something."
)


@dataclass
class SnapshotResult:
    titles: dict[int, str] = field(default_factory=dict)
    locations: dict[int, str] = field(default_factory=dict)
    files: dict[int, str] = field(default_factory=dict)
    truncated: set[int] = field(default_factory=set)
    n_files: int = 0


@dataclass(frozen=True)
class RenderedRecord:
    """A record as its source serializes it; kept for postings still open at the next crawl
    (the same posting shows the same bytes in consecutive snapshots)."""

    payload: str  # the record's JSON (Ashby, Greenhouse, Lever)
    jsonld: dict | None  # the JobPosting object (JSON-LD pages are assembled per page)
    detail: str | None  # Greenhouse pay-transparency detail JSON
    detail_id: str | None
    title: str
    location: str


def hn_author(company: str, rec_no: int) -> str:
    stem = company.split()[0].lower()
    return f"{stem}_{'hiring' if rec_no % 3 == 0 else 'jobs'}{rec_no % 97}"


def hn_thread(world: World, k: int, comments: list[dict]) -> dict:
    month = world.months[k]
    thread_id = world.hn_thread_id(k)
    created = month.hn_thread_opens + timedelta(seconds=stable_int(thread_id, digits=2) % 60)
    return {
        "id": thread_id,
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "created_at_i": int(created.timestamp()),
        "type": "story",
        "author": "whoishiring",
        "title": f"Ask HN: Who is hiring? ({calendar.month_name[month.month]} {month.year})",
        "url": None,
        "text": HN_INTRO,
        "points": 300 + stable_int(thread_id, digits=3) % 400,
        "parent_id": None,
        "story_id": thread_id,
        "children": comments,
        "options": [],
    }


def hn_children(views: list[PostingView], thread_id: int) -> list[dict]:
    children = []
    for view in sorted(views, key=lambda v: (v.posted_at, v.rec_no)):
        rng = Random(view.seed + 5)
        replies = []
        if view.malformed is None and rng.random() < HN_REPLY_SHARE:
            reply_id = int(view.source_posting_id) + 10 + rng.randint(0, 9)
            moment = min(
                view.posted_at + timedelta(hours=rng.randint(1, 48)), crawl_moment(view.posted_at)
            )
            replies.append(
                hn_reply(
                    reply_id,
                    int(view.source_posting_id),
                    thread_id,
                    moment,
                    f"reader{view.rec_no % 9973}",
                    rng.choice(HN_REPLIES),
                )
            )
        style = Random(view.seed + 6 + view.rec_no).randint(0, 4)
        children.append(hn_comment(view, hn_author(view.company, view.rec_no), style, replies))
    return children


def jsonld_page(records: list[RenderedRecord], company: str, domain: str, style: int) -> str:
    postings = [r.jsonld for r in records if r.jsonld is not None]
    organization = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company,
        "url": f"https://{domain}",
    }
    if style == 0:
        scripts: list = [organization, *postings]
    elif style == 1:
        scripts = [organization, postings]
    else:
        graph = [{k: v for k, v in p.items() if k != "@context"} for p in postings]
        scripts = [{"@context": "https://schema.org", "@graph": [organization, *graph]}]
    blocks = "\n".join(
        f'<script type="application/ld+json">{script_json(s)}</script>' for s in scripts
    )
    items = "\n".join(
        f'<li><a href="{html.escape(p["url"])}">{html.escape(r.title or "Open role")}</a>'
        f" - {html.escape(r.location)}</li>"
        for r, p in zip(records, postings, strict=True)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Careers at {html.escape(company)}</title>\n{blocks}\n</head>\n<body>\n"
        f"<h1>Join {html.escape(company)}</h1>\n<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )


def rendered_record(view: PostingView) -> RenderedRecord:
    """Serialize one posting for its source."""
    detail = detail_id = jsonld = None
    payload = ""
    if view.source == "ashby":
        payload = json_text(ashby_job(view))
    elif view.source == "greenhouse":
        payload = json_text(greenhouse_job(view))
        if view.pay is not None and view.pay.structured:
            detail, detail_id = json_text(greenhouse_detail(view)), view.source_posting_id
    elif view.source == "lever":
        payload = json_text(lever_posting(view))
    else:
        jsonld = jsonld_posting(view)
    return RenderedRecord(payload, jsonld, detail, detail_id, view.title, view.location_text)


def board_file(
    world: World, source: str, board: str, records: list[RenderedRecord], company: int
) -> tuple[str, bytes]:
    """(relative name, bytes before gzip) of one board's file; JSON joined from the records'
    own serializations (byte-identical to serializing the whole response)."""
    if source == "ashby":
        body = '{"jobs":[' + ",".join(r.payload for r in records) + '],"apiVersion":"1"}'
        return f"ashby/{board}.json.gz", body.encode()
    if source == "greenhouse":
        body = (
            '{"jobs":['
            + ",".join(r.payload for r in records)
            + '],"meta":{"total":'
            + str(len(records))
            + "}}"
        )
        return f"greenhouse/{board}.json.gz", body.encode()
    if source == "lever":
        return f"lever/{board}.json.gz", ("[" + ",".join(r.payload for r in records) + "]").encode()
    style = stable_int(world.seed, board, digits=3) % 3
    page = jsonld_page(
        records, world.companies.names[company], world.companies.domain[company], style
    )
    return f"jsonld/{board}.html.gz", page.encode()


def truncation_target(open_now: pl.DataFrame, k: int) -> tuple[str, str] | None:
    """The board file cut short in this snapshot: the smallest Ashby/Greenhouse/Lever file
    that holds at least one posting first seen here."""
    counts = (
        open_now.filter(pl.col("source").is_in(["ashby", "greenhouse", "lever"]))
        .group_by("source", "board")
        .agg(pl.len().alias("n"), (pl.col("month_index") == k).sum().alias("new"))
        .filter(pl.col("new") > 0)
        .sort("n", "source", "board")
    )
    if counts.height == 0:
        return None
    return counts["source"][0], counts["board"][0]


def write_hn_thread(
    world: World, k: int, group: pl.DataFrame, out: OutputFiles, result: SnapshotResult
) -> None:
    fetched_at = world.months[k].crawl_date.isoformat()
    board = group["board"][0]
    views = [
        posting_view(row, world.places, world.companies) for row in group.iter_rows(named=True)
    ]
    thread = hn_thread(world, k, hn_children(views, int(board)))
    path = out.write(
        f"{fetched_at}/hn/{board}.json.gz", gzip_bytes(json_bytes(thread)), "hn", fetched_at
    )
    result.n_files += 1
    for view in views:
        result.titles[view.rec_no] = view.title
        result.locations[view.rec_no] = view.location_text
        result.files[view.rec_no] = path


def write_snapshot(
    world: World,
    k: int,
    open_now: pl.DataFrame,
    out: OutputFiles,
    truncate: bool,
    cache: dict[int, RenderedRecord],
) -> tuple[SnapshotResult, dict[int, RenderedRecord]]:
    """Write every file of snapshot k. Returns what the truth table needs about the postings
    first published here, and the rendered records still open at the next crawl."""
    crawl = world.months[k].crawl_date
    next_crawl = world.months[k + 1].crawl_date if k + 1 < len(world.months) else None
    fetched_at = crawl.isoformat()
    result = SnapshotResult()
    keep: dict[int, RenderedRecord] = {}
    target = truncation_target(open_now, k) if truncate else None
    ordered = open_now.sort(
        ["source", "board", "posted_at", "rec_no"], descending=[False, False, True, False]
    )
    for group in ordered.partition_by(["source", "board"], maintain_order=True):
        source, board = group["source"][0], group["board"][0]
        if source == "hn":
            write_hn_thread(world, k, group, out, result)
            continue
        records = []
        for row in group.iter_rows(named=True):
            record = cache.get(row["rec_no"])
            if record is None:
                record = rendered_record(posting_view(row, world.places, world.companies))
            records.append(record)
            if next_crawl is not None and row["close_date"] >= next_crawl:
                keep[row["rec_no"]] = record
        name, payload = board_file(world, source, board, records, group["company"][0])
        is_target = target == (source, board)
        if is_target:
            payload = payload[: max(1, int(len(payload) * TRUNCATE_AT))]
        path = out.write(f"{fetched_at}/{name}", gzip_bytes(payload), source, fetched_at)
        result.n_files += 1
        for record, rec_no, month_index in zip(
            records, group["rec_no"].to_list(), group["month_index"].to_list(), strict=True
        ):
            if record.detail is not None:
                detail_name = f"{fetched_at}/greenhouse/{board}/{record.detail_id}.json.gz"
                out.write(detail_name, gzip_bytes(record.detail.encode()), source, fetched_at)
                result.n_files += 1
            if month_index != k:
                continue
            result.titles[rec_no] = record.title
            result.locations[rec_no] = record.location
            result.files[rec_no] = path
            if is_target:
                result.truncated.add(rec_no)
    return result, keep

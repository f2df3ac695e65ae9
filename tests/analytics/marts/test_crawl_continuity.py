"""The crawl's continuity from the warehouse's ledger and sightings (`warehouse.continuity`) and
each posting's crawl facts (`analytics.marts.sightings`): board snapshots, the outage rule
(kept open when the next snapshot relists the postings or none came yet; closed when the next
lacks them too; a board listing other postings is working), first crawls, closing, days open
and its upper bound, and sources that keep closed postings listed (HN)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from analytics.marts.sightings import with_crawl_facts
from warehouse.continuity import crawl_continuity
from warehouse.migrate import connect

START = date(2026, 1, 5)


def day(k: int) -> date:
    return START + timedelta(days=7 * k)


def load(con, source: str, board: str, snapshots: list[list[str]], sample: bool = False) -> None:
    """One board file per snapshot k (dated day(k)) listing the given posting ids."""
    for k, ids in enumerate(snapshots):
        if ids is None:
            continue
        raw_file = (
            f"sample/{day(k)}/{source}/{board}.json.gz"
            if sample
            else f"{source}/{day(k)}/{board}.json"
        )
        con.execute(
            "INSERT INTO raw_files VALUES (?, ?, ?, 'x', 1, ?, 0, now())",
            [raw_file, source, day(k), len(ids)],
        )
        for posting_id in ids:
            con.execute(
                "INSERT INTO raw_sightings VALUES (?, ?, 'h', ?, ?)",
                [source, posting_id, day(k), raw_file],
            )


@pytest.fixture
def con(tmp_path: Path):
    connection = connect(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def snapshots_of(frame: pl.DataFrame, board: str) -> list[tuple[int, bool]]:
    rows = frame.filter(pl.col("board") == board).sort("snapshot_date")
    return list(zip(rows["n_postings"], rows["is_outage"], strict=True))


def test_outage_rule(con) -> None:
    # relisted after an empty snapshot: outage
    load(con, "ashby", "back", [["a", "b", "c"], [], ["a", "b", "c"]])
    # empty at the latest snapshot: outage (kept open until the next crawl says more)
    load(con, "ashby", "latest", [["a2", "b2"], ["a2", "b2"], []])
    # empty twice: the postings closed
    load(con, "ashby", "gone", [["a3", "b3"], [], []])
    # other postings instead: the board works, its old postings closed
    load(con, "ashby", "turnover", [["a4", "b4"], ["c4"], ["c4"]])
    # one posting vanishing is not an outage (outage_min_postings = 2)
    load(con, "ashby", "single", [["a5"], []])
    snapshots, _ = crawl_continuity(con)
    assert snapshots_of(snapshots, "ashby/back") == [(3, False), (0, True), (3, False)]
    assert snapshots_of(snapshots, "ashby/latest") == [(2, False), (2, False), (0, True)]
    assert snapshots_of(snapshots, "ashby/gone") == [(2, False), (0, False), (0, False)]
    assert snapshots_of(snapshots, "ashby/turnover") == [(2, False), (1, False), (1, False)]
    assert snapshots_of(snapshots, "ashby/single") == [(1, False), (0, False)]


def test_records_carry_their_board_crawls(con) -> None:
    load(con, "ashby", "b", [["a", "b"], ["a", "b", "c"], [], ["a", "c", "d"]])
    load(con, "lever", "l", [["x"], None, ["x"]])  # not fetched on day 1
    _, records = crawl_continuity(con)
    rows = {r["source_posting_id"]: r for r in records.iter_rows(named=True)}
    a = rows["a"]
    assert (a["board"], a["record_first_seen"], a["record_last_seen"]) == (
        "ashby/b",
        day(0),
        day(3),
    )
    # the day-2 outage is not an observed crawl: the board's last crawl is day 3
    assert (a["board_first_crawl"], a["board_last_crawl"], a["board_crawls"]) == (
        day(0),
        day(3),
        3,
    )
    b = rows["b"]
    assert b["record_last_seen"] == day(1) and b["crawl_after_last_seen"] == day(3)
    assert rows["c"]["crawl_before_first_seen"] == day(0)
    assert rows["d"]["crawl_before_first_seen"] == day(1)  # day 2 was an outage
    assert rows["x"]["board"] == "lever/l" and rows["x"]["board_crawls"] == 2


def test_sample_layout_and_whole_file_quarantine(con) -> None:
    load(con, "greenhouse", "acme", [["g1"], ["g1"]], sample=True)
    # a Greenhouse pay detail is not a board; a file quarantined whole was not observed
    con.execute(
        "INSERT INTO raw_files VALUES (?, 'greenhouse', ?, 'x', 1, 0, 0, now())",
        [f"sample/{day(1)}/greenhouse/acme/g1.json.gz", day(1)],
    )
    con.execute(
        "INSERT INTO raw_files VALUES (?, 'greenhouse', ?, 'x', 1, 0, 1, now())",
        [f"sample/{day(2)}/greenhouse/acme.json.gz", day(2)],
    )
    con.execute(
        "INSERT INTO quarantine (source, file, record, reason) VALUES "
        "('greenhouse', ?, '*', 'invalid JSON')",
        [f"sample/{day(2)}/greenhouse/acme.json.gz"],
    )
    snapshots, records = crawl_continuity(con)
    assert snapshots_of(snapshots, "greenhouse/acme") == [(1, False), (1, False)]
    assert records.row(0, named=True)["board_last_crawl"] == day(1)


def postings_frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "posting_id": pl.String,
            "source": pl.String,
            "source_posting_id": pl.String,
            "posted_date": pl.Date,
            "first_seen": pl.Date,
            "last_seen": pl.Date,
        },
        orient="row",
    )


def test_posting_facts(con) -> None:
    load(
        con,
        "ashby",
        "b",
        [["old", "early", "short"], ["old", "early", "short", "late"], [], ["early", "late"]],
    )
    load(con, "ashby", "down", [["d1", "d2"], ["d1", "d2"], ["d1", "d2"], []])
    load(con, "hn", "9001", [["h1"], ["h1"]])
    _, records = crawl_continuity(con)
    postings = postings_frame(
        [
            ("P-old", "ashby", "old", date(2025, 11, 20), day(0), day(1)),
            ("P-early", "ashby", "early", day(0), day(0), day(3)),
            ("P-short", "ashby", "short", day(0), day(0), day(1)),
            ("P-late", "ashby", "late", day(1), day(1), day(3)),
            ("P-d1", "ashby", "d1", day(0), day(0), day(2)),
            ("P-h1", "hn", "h1", date(2025, 6, 1), day(0), day(1)),
        ]
    )
    links = postings.select("posting_id", "source", "source_posting_id")
    facts = with_crawl_facts(postings, links, records, archives=["hn"]).sort("posting_id")
    rows = {r["posting_id"]: r for r in facts.iter_rows(named=True)}
    assert rows["P-old"]["is_open_at_first_crawl"] and rows["P-old"]["is_closed"]
    assert rows["P-old"]["entry_month"] == date(2026, 1, 1)  # the first crawl's month
    assert rows["P-old"]["days_open"] is None  # listed at the first crawl: start unseen
    assert not rows["P-early"]["is_closed"] and rows["P-early"]["open_through"] == day(3)
    assert rows["P-short"]["is_closed"] and rows["P-short"]["days_open"] is None
    assert not rows["P-late"]["is_closed"]
    # the latest snapshot of "down" is an outage: open through it, last sighting unchanged
    assert not rows["P-d1"]["is_closed"] and rows["P-d1"]["open_through"] == day(3)
    # HN keeps closed postings listed: no first crawl, never closed, new in its own month
    h1 = rows["P-h1"]
    assert h1["first_crawl_date"] is None and not h1["is_closed"]
    assert not h1["is_open_at_first_crawl"] and h1["entry_month"] == date(2025, 6, 1)
    assert h1["open_through"] == day(1)


def test_days_open_between_sightings_and_its_upper_bound(con) -> None:
    load(con, "ashby", "b", [["x"], ["x", "y", "z"], ["x", "y", "z"], ["x", "z"], ["x"]])
    _, records = crawl_continuity(con)
    postings = postings_frame(
        [
            ("Y", "ashby", "y", day(1), day(1), day(2)),
            ("Z", "ashby", "z", day(1), day(1), day(3)),
        ]
    )
    links = postings.select("posting_id", "source", "source_posting_id")
    facts = with_crawl_facts(postings, links, records, archives=[]).sort("posting_id")
    assert facts["days_open"].to_list() == [7, 14]
    # from the crawl before the first sighting (day 0) to the crawl that found it gone
    assert facts["days_open_max"].to_list() == [21, 28]

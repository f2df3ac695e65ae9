"""`skillmarket collect` end to end against a local server holding recorded boards of every
system (Ashby, Greenhouse, Lever, Workable, SmartRecruiters, Recruitee), HN threads, Hiring Lab
trackers and ECB rates (OEWS bundled): from an empty home to a real-labelled snapshot, then two
more crawls in which postings appear, change and close (tests/fixtures/crawl/README.md), with
the new / active / closed counts, days open, outages, coverage and the D/S rule they imply;
one failing source; the home lock; the options."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from contract.vocab import ALL
from skillmarket.cli import cli, collect_all
from skillmarket.cli.common import console
from tests.skillmarket.test_home_lock import hold_in_child, stop

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ONLINE = FIXTURES / "sources" / "online"
CRAWL = FIXTURES / "crawl"
D1, D2, D3 = date(2026, 10, 5), date(2026, 11, 2), date(2026, 12, 7)
ASHBY_BOARDS = ("orbit", "dusk", "ember")
REGISTRY = [
    *[("ashby", board) for board in ASHBY_BOARDS],
    ("greenhouse", "acme"),
    ("lever", "deepcraft"),
    ("workable", "examplecorp"),
    ("smartrecruiters", "ExampleCo"),
    ("recruitee", "examplebv"),
]
SR = "/v1/companies/ExampleCo/postings"
SR_IDS = ["744000123456789", "744000123456790", "744000123456791"]
JSON = "application/json"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Crawl:
    """The local server's state: the day it serves Ashby boards for."""

    day: date = D1
    failing: set[str] = field(default_factory=set)  # paths answering 500


# each Ashby board's response per day (tests/fixtures/crawl/README.md)
ASHBY_DAYS = {
    "orbit": {D1: "orbit-d1", D2: "orbit-d2", D3: "orbit-d3"},
    "dusk": {D1: "dusk-d1", D2: "dusk-d2", D3: "dusk-d1"},
    "ember": {D1: "ember-d1", D2: "ember-d1", D3: "ember-d3"},
}


def ashby_file(board: str, day: date) -> Path:
    return CRAWL / "ashby" / f"{ASHBY_DAYS[board][day]}.json"


def fx_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "eurofxref-hist.csv", (FIXTURES / "reference" / "ecb_fx_hist.csv").read_text()
        )
    return buffer.getvalue()


def serve_everything(server: HTTPServer, crawl: Crawl) -> None:
    def data(path: Path, content_type: str = JSON) -> dict[str, Any]:
        return {"response_data": path.read_bytes(), "content_type": content_type}

    def ashby(request: Request) -> Response:
        if request.path in crawl.failing:
            return Response("down", status=500)
        board = request.path.rsplit("/", 1)[-1]
        return Response(ashby_file(board, crawl.day).read_bytes(), content_type=JSON)

    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    for board in ASHBY_BOARDS:
        server.expect_request(f"/posting-api/job-board/{board}").respond_with_handler(ashby)
    server.expect_request("/v1/boards/acme/jobs").respond_with_data(
        **data(ONLINE / "greenhouse" / "acme.json")
    )
    for job in ("1001", "1002"):
        server.expect_request(f"/v1/boards/acme/jobs/{job}").respond_with_data(
            **data(ONLINE / "greenhouse" / "acme" / f"{job}.json")
        )
    server.expect_request("/v1/boards/acme/jobs/1003").respond_with_data("", status=404)
    server.expect_request("/v0/postings/deepcraft").respond_with_data(
        **data(ONLINE / "lever" / "deepcraft-p0.json")
    )

    def workable(request: Request) -> Response:
        if request.path in crawl.failing:
            return Response("gone", status=404)
        body = (ONLINE / "workable" / "examplecorp.json").read_bytes()
        return Response(body, content_type=JSON)

    server.expect_request("/api/v1/widget/accounts/examplecorp").respond_with_handler(workable)
    for page in range(2):
        server.expect_request(SR, query_string=f"limit=100&offset={2 * page}").respond_with_data(
            **data(ONLINE / "smartrecruiters" / f"ExampleCo-p{page}.json")
        )
    for posting_id in SR_IDS:
        server.expect_request(f"{SR}/{posting_id}").respond_with_data(
            **data(ONLINE / "smartrecruiters" / "ExampleCo" / f"{posting_id}.json")
        )
    server.expect_request("/examplebv/api/offers/").respond_with_data(
        **data(ONLINE / "recruitee" / "examplebv.json")
    )
    server.expect_request("/api/v1/search_by_date").respond_with_data(
        **data(ONLINE / "hn" / "search.json")
    )
    for item in ("9001", "9002"):
        server.expect_request(f"/api/v1/items/{item}").respond_with_data(
            **data(ONLINE / "hn" / f"item-{item}.json")
        )
    trackers = {
        "/hiring-lab/ai-tracker/main/AI_posting.csv": FIXTURES / "reference" / "hiring_lab",
        "/hiring-lab/ai-tracker/main/GenAI_posting.csv": CRAWL / "hiring_lab",
        "/hiring-lab/pay-transparency/main/pay-transparency-country.csv": FIXTURES
        / "reference"
        / "hiring_lab",
        "/hiring-lab/pay-transparency/main/pay-transparency-sector.csv": FIXTURES
        / "reference"
        / "hiring_lab",
    }
    for path, folder in trackers.items():
        server.expect_request(path).respond_with_data(
            **data(folder / path.rsplit("/", 1)[-1], "text/csv")
        )
    server.expect_request("/stats/eurofxref/eurofxref-hist.zip").respond_with_data(
        fx_zip(), content_type="application/zip"
    )


def write_registry(path: Path, boards: list[tuple[str, str]]) -> Path:
    lines = [
        "# version: 1",
        "# updated: 2026-10-01",
        "system,token,company,country,industry,status,added,note",
    ]
    lines += [
        f"{system},{token},{token.title()},,,active,2026-10-01,test" for system, token in boards
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def invoke(monkeypatch: pytest.MonkeyPatch, server: HTTPServer, day: date, *args: str) -> Any:
    monkeypatch.setattr(collect_all, "collect_date", lambda: day)
    online = ["--base-url", server.url_for("/").rstrip("/"), "--rate", "1000"]
    return CliRunner().invoke(cli, ["collect", *online, "--contact", "tests@example.org", *args])


def mart(snapshot: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(snapshot / f"{name}.parquet")


def flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Run:
    exit_code: int
    output: str
    snapshot: Path  # a copy of the snapshot published by the run


@dataclass
class Crawls:
    home: Path
    runs: dict[date, Run]

    def __getitem__(self, day: date) -> Run:
        return self.runs[day]


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Crawls:
    """Three collects from an empty home (days 1, 2, 3), each snapshot kept."""
    base = tmp_path_factory.mktemp("collect")
    home = base / "home"
    monkeypatch = pytest.MonkeyPatch()
    server = HTTPServer()
    server.start()
    crawl = Crawl()
    try:
        serve_everything(server, crawl)
        monkeypatch.setenv("SKILLMARKET_HOME", str(home))
        monkeypatch.setenv("SKILLMARKET_BOARDS", str(write_registry(base / "boards.csv", REGISTRY)))
        monkeypatch.setattr(console, "_width", 400)  # the summary table unwrapped
        runs = {}
        for day in (D1, D2, D3):
            crawl.day = day
            result = invoke(monkeypatch, server, day)
            kept = base / f"snapshot-{day}"
            if (home / "curated" / "current").exists():
                shutil.copytree(home / "curated" / "current", kept)
            runs[day] = Run(result.exit_code, result.output, kept)
        return Crawls(home, runs)
    finally:
        monkeypatch.undo()
        server.clear()
        server.stop()


def ashby_months(snapshot: Path) -> dict[date, tuple[int, int]]:
    """month -> (new, active) of the Ashby slice of the demand mart."""
    demand = mart(snapshot, "out_skill_demand_monthly")
    others = ("role_family", "seniority", "country", "state", "metro_code")
    rows = demand.filter(
        (pl.col("source") == "ashby")
        & pl.all_horizontal([pl.col(c) == ALL for c in others])
        & (pl.col("skill_id") == "python")
    ).sort("month")
    return {r["month"]: (r["n_postings"], r["n_active"]) for r in rows.iter_rows(named=True)}


# ------------------------------------------------------------------ day 1: an empty home
def test_first_collect_builds_a_real_labelled_snapshot_of_every_source(crawls) -> None:
    first = crawls[D1]
    assert first.exit_code == 0, first.output
    output = flat(first.output)
    for name in (
        "ashby",
        "greenhouse",
        "lever",
        "workable",
        "smartrecruiters",
        "recruitee",
        "hn",
        "oews",
        "hiring-lab",
        "fx",
        "build",
    ):
        assert name in output
    assert "published" in output and "failed" not in output
    manifest = json.loads((first.snapshot / "manifest.json").read_text())
    assert manifest["is_sample"] is False
    assert "captured Oct 2026" in manifest["data_label"]
    loaded = {entry["source"] for entry in manifest["sources"]}
    assert {
        "ashby",
        "greenhouse",
        "lever",
        "workable",
        "smartrecruiters",
        "recruitee",
        "hn",
        "hiring_lab",
        "ecb_fx",
        "oews",
    } <= loaded
    coverage = mart(first.snapshot, "out_coverage")
    per_source = coverage.filter(
        (pl.col("country") == ALL) & (pl.col("role_family") == ALL) & (pl.col("month") == ALL)
    )
    assert set(per_source["source"]) >= {
        "ashby",
        "greenhouse",
        "lever",
        "workable",
        "smartrecruiters",
        "recruitee",
        "hn",
        ALL,
    }
    assert (per_source["first_crawl_date"] == D1).all()


def test_day_one_counts_postings_open_before_the_first_crawl_as_active_not_new(crawls) -> None:
    months = ashby_months(crawls[D1].snapshot)
    # orbit 0002, 0003 and ember's two (posted in October); orbit 0001 (August) and dusk's
    # three (September) were already open at the first crawl: no August or September rows
    assert months == {date(2026, 10, 1): (4, 8)}


# ------------------------------------------------------------------ days 2 and 3
def test_summaries_count_new_updated_closed_and_name_the_outages(crawls) -> None:
    second, third = flat(crawls[D2].output), flat(crawls[D3].output)
    assert crawls[D2].exit_code == 0 and crawls[D3].exit_code == 0, crawls[D3].output
    # day 2: orbit 0004, 0005 new, 0002 retitled, 0001 unchanged (+ ember's two), 0003 closed;
    # dusk answered empty: an outage, nothing closed
    assert "3 boards, " in second and "2 new, 1 updated, 3 unchanged, 1 closed" in second
    assert "dusk: all 3 postings of the previous snapshot vanished: likely an outage" in second
    # day 3: orbit 0006-0008 new, dusk's three new against its empty day 2, 0001 and 0004 closed;
    # ember answered empty: an outage
    assert "6 new, 0 updated, 2 unchanged, 2 closed" in third
    assert "ember: all 2 postings of the previous snapshot vanished" in third


def test_three_crawls_give_new_and_active_by_month(crawls) -> None:
    assert ashby_months(crawls[D3].snapshot) == {
        # new: orbit 0002-0005 + ember's two; active: those + 0001 + dusk's three
        date(2026, 10, 1): (6, 10),
        # new: 0006, 0007; 0003 closed in October (last seen Oct 5)
        date(2026, 11, 1): (2, 11),
        # new: 0008; 0001 and 0004 closed in November; ember stays active through the outage
        date(2026, 12, 1): (1, 10),
    }


def test_closed_postings_and_days_open(crawls) -> None:
    durations = mart(crawls[D3].snapshot, "out_posting_durations")
    overall = durations.filter((pl.col("role_family") == ALL) & (pl.col("skill_id") == ALL)).row(
        0, named=True
    )
    # closed with a seen start: orbit 0004 only; 0001 and 0003 were listed at the first crawl
    assert overall["n_closed"] == 1 and overall["n_open_at_first_crawl"] == 2
    assert overall["is_suppressed"] and overall["p50_days_open"] is None
    coverage = mart(crawls[D3].snapshot, "out_coverage")
    totals = coverage.filter(
        (pl.col("country") == ALL) & (pl.col("role_family") == ALL) & (pl.col("month") == ALL)
    )
    n = dict(zip(totals["source"], totals["n_postings"], strict=True))
    # every posting of a source that lists open postings only, but the 3 closed and HN's
    assert overall["n_still_open"] == n[ALL] - n["hn"] - 3
    # gaps between observed crawls: 28 and 35 days on six boards, 63 on dusk (its day-2
    # outage is no crawl), 28 on ember (its day-3 outage neither): median (28 + 35) / 2
    assert overall["crawl_interval_days"] == pytest.approx(31.5)


def test_days_open_of_each_closed_posting_from_the_warehouse(crawls) -> None:
    from skillmarket.stages.crawl import crawl_facts
    from warehouse import extract
    from warehouse.migrate import connect

    con = connect(crawls.home / "warehouse.duckdb")
    try:
        facts = crawl_facts(con)
        postings = facts.annotate(extract.table(con, "core_postings"))
    finally:
        con.close()
    orbit = postings.filter(pl.col("source_posting_id").str.starts_with("orbit-")).sort(
        "source_posting_id"
    )
    closed = orbit.filter(pl.col("is_closed"))
    assert closed["source_posting_id"].to_list() == ["orbit-0001", "orbit-0003", "orbit-0004"]
    days = dict(zip(closed["source_posting_id"], closed["days_open"], strict=True))
    assert days == {"orbit-0001": None, "orbit-0003": None, "orbit-0004": 0}
    upper = closed.filter(pl.col("source_posting_id") == "orbit-0004")["days_open_max"][0]
    assert upper == (D3 - D1).days
    already = orbit.filter(pl.col("is_open_at_first_crawl"))["source_posting_id"].to_list()
    assert already == ["orbit-0001"]
    ember = postings.filter(pl.col("source_posting_id").str.starts_with("ember-"))
    assert not ember["is_closed"].any() and (ember["last_seen"] == D2).all()
    assert (ember["open_through"] == D3).all()  # the outage keeps them open
    dusk = postings.filter(pl.col("source_posting_id").str.starts_with("dusk-"))
    assert (dusk["last_seen"] == D3).all() and not dusk["is_closed"].any()


def test_coverage_names_the_latest_outage_and_the_uncovered_markets(crawls) -> None:
    gaps = mart(crawls[D3].snapshot, "out_coverage_gaps")
    outages = gaps.filter(pl.col("status") == "outage")
    assert outages["value"].to_list() == ["ashby/ember"]  # dusk came back on day 3
    assert "all 2 postings vanished on 2026-12-07" in outages["reason"][0]
    india = gaps.filter((pl.col("dimension") == "country") & (pl.col("value") == "IN")).row(
        0, named=True
    )
    assert india["status"] == "none" and india["n_postings"] == 0
    ashby = (
        mart(crawls[D3].snapshot, "out_coverage")
        .filter(
            (pl.col("source") == "ashby")
            & (pl.col("country") == ALL)
            & (pl.col("role_family") == ALL)
            & (pl.col("month") == ALL)
        )
        .row(0, named=True)
    )
    assert (ashby["n_postings"], ashby["n_boards"], ashby["n_open_at_first_crawl"]) == (13, 3, 4)
    assert (ashby["first_crawl_date"], ashby["last_crawl_date"], ashby["n_crawls"]) == (D1, D3, 3)
    assert ashby["n_with_pay"] == 13 and ashby["pay_share"] == 1.0


def test_ratios_against_national_supply_are_not_measurable_from_a_crawl(crawls) -> None:
    rows = mart(crawls[D3].snapshot, "out_demand_supply")
    estimate = rows.filter(pl.col("supply_source") == "oews_survey_estimate")
    assert estimate.height > 0
    assert not estimate["is_measurable"].any()
    assert estimate["ratio"].null_count() == estimate.height
    assert estimate["inverse_band"].null_count() == estimate.height
    assert (estimate["demand_n"] >= 0).all() and (estimate["supply_n"] > 0).all()
    assert estimate["not_measurable_reason"][0].startswith("not measurable from this crawl")


def test_weighted_figures_are_labelled_beside_the_unweighted(crawls) -> None:
    figures = mart(crawls[D3].snapshot, "out_weighted_figures")
    shares = figures.filter(pl.col("figure") == "role_family_share")
    assert shares.height > 0
    assert shares["unweighted"].sum() == pytest.approx(100.0)
    assert shares["weighted"].sum() == pytest.approx(100.0)
    assert shares["weighting"][0].startswith("weighted to OEWS employment")


# ------------------------------------------------------------------ failures, lock, options
@pytest.fixture
def local(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[HTTPServer, Crawl, Path]:
    crawl = Crawl()
    serve_everything(httpserver, crawl)
    home = tmp_path / "home"
    monkeypatch.setenv("SKILLMARKET_HOME", str(home))
    monkeypatch.setenv("SKILLMARKET_BOARDS", str(write_registry(tmp_path / "boards.csv", REGISTRY)))
    monkeypatch.setattr(console, "_width", 400)
    return httpserver, crawl, home


def test_a_failing_source_still_publishes_the_others_and_exits_1_naming_it(
    local: tuple[HTTPServer, Crawl, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, crawl, home = local
    crawl.failing = {"/api/v1/widget/accounts/examplecorp"}
    result = invoke(monkeypatch, server, D1, "--only", "ashby", "--only", "workable")
    assert result.exit_code == 1
    output = flat(result.output)
    assert "failed workable examplecorp: " in output and "HTTP 404: no such board" in output
    assert "collect: failures in workable (1)" in output
    manifest = json.loads((home / "curated" / "current" / "manifest.json").read_text())
    assert [s["source"] for s in manifest["sources"] if s["source"] in ("ashby", "workable")] == [
        "ashby"
    ]


def test_a_second_run_stops_at_once_naming_the_first(tmp_path: Path) -> None:
    child = hold_in_child(tmp_path, "collect")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "skillmarket.cli", "collect", "--only", "oews"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "SKILLMARKET_HOME": str(tmp_path)},
            timeout=60,
        )
    finally:
        stop(child)
    assert result.returncode == 1
    assert f"another collect (pid {child.pid}) holds this home" in flat(result.stderr)
    assert not (tmp_path / "raw").exists()


def test_only_skip_and_no_build(
    local: tuple[HTTPServer, Crawl, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _, home = local
    result = invoke(
        monkeypatch, server, D1, "--only", "lever", "--only", "fx", "--skip", "fx", "--no-build"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (home / "raw").iterdir()) == ["lever"]
    assert not (home / "curated").exists()
    assert "--no-build: run `skillmarket build` to publish" in flat(result.output)
    unknown = invoke(monkeypatch, server, D1, "--only", "monster")
    assert unknown.exit_code == 1
    assert "unknown source 'monster'" in str(unknown.exception)


def test_refuses_a_home_holding_the_sample_market(
    local: tuple[HTTPServer, Crawl, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _, home = local
    (home / "raw" / "sample" / "2026-10-31").mkdir(parents=True)
    (home / "raw" / "sample" / "2026-10-31" / "x.json").write_text("{}")
    result = invoke(monkeypatch, server, D1, "--only", "ashby")
    assert result.exit_code == 1
    assert "holds the simulated sample market" in str(result.exception)
    assert not any(r.path.startswith("/posting-api/") for r, _ in server.log)

"""The online posting connectors against a local server serving self-written responses
(tests/fixtures/sources/online): raw layout and manifest, counts new / updated / unchanged /
closed, Lever pagination, Greenhouse pay details, the HN thread walk, JSON-LD sitemaps,
robots.txt, failing boards, an interrupted run and its re-run, 304s, the CLI's exit code, and
the build's last_seen of closed postings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from ingest import collect
from ingest.collect import collect_source
from ingest.collect.hn import default_since
from ingest.collect.runner import SourceSummary, parse_posting_file
from ingest.discover import raw_posting_files
from ingest.http import HttpPolicy
from ingest.snapshots import read_manifest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "online"
DAY1, DAY2 = date(2026, 11, 2), date(2026, 11, 3)
JSON_TYPE = "application/json"


def policy(**overrides: object) -> HttpPolicy:
    values: dict = {
        "contact": "tests@example.org",
        "min_interval_s": 0.0,
        "backoff_initial_s": 0.001,
        "backoff_max_s": 0.005,
        "allow_private_hosts": True,
        "max_attempts": 3,
        "max_concurrency": 2,
        **overrides,
    }
    return HttpPolicy(**values)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def serve_json(server: HTTPServer, path: str, name: str, **kwargs: object) -> None:
    server.expect_request(path, **kwargs).respond_with_data(fixture(name), content_type=JSON_TYPE)


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\nDisallow: /posting-api/job-board/secret\n"
    )
    return httpserver


def base(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def run(
    server: HTTPServer, source: str, raw_root: Path, today: date = DAY1, **kwargs: Any
) -> SourceSummary:
    return collect_source(source, raw_root, today, base_url=base(server), policy=policy(), **kwargs)


def requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def stored_ids(raw_root: Path, source: str) -> list[str]:
    """Every posting id in the raw posting files of `source`, with repeats."""
    ids: list[str] = []
    for raw in raw_posting_files(raw_root):
        if raw.source == source and raw.kind == "postings":
            result = parse_posting_file(source, raw.path.read_bytes(), raw.rel, raw.board)
            ids.extend(result.rows["source_posting_id"].to_list())
    return ids


# ---------------------------------------------------------------- Ashby: layout and counts


def test_ashby_boards_land_in_the_raw_layout_with_manifest(server: HTTPServer, tmp_path: Path):
    serve_json(server, "/posting-api/job-board/north", "ashby/north.json")
    serve_json(server, "/posting-api/job-board/south", "ashby/south.json")
    summary = run(server, "ashby", tmp_path, boards=["north", "south"])
    assert not summary.failed
    assert (summary.total("new"), summary.total("closed")) == (6, 0)
    day = tmp_path / "ashby" / DAY1.isoformat()
    assert (day / "north.json").read_bytes() == fixture("ashby/north.json")
    manifest = read_manifest(day)
    entry = manifest["ashby/2026-11-02/north.json"]
    assert entry["http_status"] == 200 and entry["url"].endswith(
        "/posting-api/job-board/north?includeCompensation=true"
    )
    query = [r.query_string.decode() for r, _ in server.log if r.path.endswith("/north")]
    assert query == ["includeCompensation=true"]
    files = raw_posting_files(tmp_path)
    assert {(f.source, f.board, f.snapshot_date) for f in files} == {
        ("ashby", "north", DAY1),
        ("ashby", "south", DAY1),
    }
    assert sorted(stored_ids(tmp_path, "ashby")) == sorted(
        ["north-0001", "north-0002", "north-0003", "north-0004", "south-0001", "south-0002"]
    )


def test_second_day_counts_new_updated_unchanged_closed(server: HTTPServer, tmp_path: Path):
    serve_json(server, "/posting-api/job-board/north", "ashby/north.json")
    run(server, "ashby", tmp_path, boards=["north"])
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    serve_json(server, "/posting-api/job-board/north", "ashby/north-day2.json")
    summary = run(server, "ashby", tmp_path, today=DAY2, boards=["north"])
    outcome = summary.outcomes[0]
    # day 2: jobs 1 and 4 as before, job 2 retitled, job 3 gone
    assert (outcome.new, outcome.updated, outcome.unchanged, outcome.closed) == (0, 1, 2, 1)


def test_same_day_rerun_fetches_nothing_and_stores_nothing_twice(
    server: HTTPServer, tmp_path: Path
):
    serve_json(server, "/posting-api/job-board/north", "ashby/north.json")
    run(server, "ashby", tmp_path, boards=["north"])
    n_requests = len(server.log)
    again = run(server, "ashby", tmp_path, boards=["north"])
    assert len(server.log) == n_requests and again.requests == 0
    assert again.outcomes[0].skipped == "already collected today"
    assert len(stored_ids(tmp_path, "ashby")) == 4


def test_failing_boards_are_reported_and_the_others_kept(server: HTTPServer, tmp_path: Path):
    serve_json(server, "/posting-api/job-board/north", "ashby/north.json")
    server.expect_request("/posting-api/job-board/gone").respond_with_data("", status=404)
    server.expect_request("/posting-api/job-board/cut").respond_with_data(
        fixture("ashby/south.json")[:200], content_type=JSON_TYPE
    )
    server.expect_request("/posting-api/job-board/login").respond_with_data(
        "<html>sign in</html>", content_type="text/html"
    )
    server.expect_request("/posting-api/job-board/odd").respond_with_json({"error": "no board"})
    server.expect_request("/posting-api/job-board/secret").respond_with_json({"jobs": []})
    boards = ["north", "gone", "cut", "login", "odd", "secret"]
    summary = run(server, "ashby", tmp_path, boards=boards)
    errors = dict(summary.errors)
    assert set(errors) == {"gone", "cut", "login", "odd", "secret"}
    assert "HTTP 404" in errors["gone"]
    assert "invalid JSON" in errors["cut"]
    assert "content type" in errors["login"]
    assert "not a ashby board" in errors["odd"]
    assert "robots.txt" in errors["secret"]
    assert "/posting-api/job-board/secret" not in requested(server)
    assert [f.board for f in raw_posting_files(tmp_path)] == ["north"]
    assert summary.total("new") == 4


def test_cli_exits_non_zero_when_a_board_failed_and_keeps_the_rest(
    server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from skillmarket.cli import cli

    serve_json(server, "/posting-api/job-board/north", "ashby/north.json")
    server.expect_request("/posting-api/job-board/gone").respond_with_data("", status=404)
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    args = ["ingest", "ashby", "--base-url", base(server), "--rate", "1000"]
    args += ["--board", "north", "--board", "gone", "--contact", "tests@example.org"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "failed gone:" in output and "HTTP 404" in output
    assert [f.board for f in raw_posting_files(tmp_path / "raw")] == ["north"]
    ok = CliRunner().invoke(cli, [*args[:6], "--board", "north"])
    assert ok.exit_code == 0, ok.output  # north is already stored today: nothing to fail


def test_cli_refuses_loopback_without_an_explicit_base_url(tmp_path: Path, monkeypatch):
    from skillmarket.cli import cli

    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["ingest", "jsonld", "--url", "http://127.0.0.1:9/jobs/1"])
    assert result.exit_code == 1
    assert "loopback/private" in " ".join(result.output.split())


# ---------------------------------------------------------------- 304, interruption


def test_not_modified_board_is_unchanged_and_seen_again(server: HTTPServer, tmp_path: Path):
    body = fixture("ashby/north.json")

    def etagged(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"n1"':
            return Response(status=304)
        return Response(body, content_type=JSON_TYPE, headers={"ETag": '"n1"'})

    server.expect_request("/posting-api/job-board/north").respond_with_handler(etagged)
    run(server, "ashby", tmp_path, boards=["north"])
    summary = run(server, "ashby", tmp_path, today=DAY2, boards=["north"])
    outcome = summary.outcomes[0]
    assert (outcome.unchanged, outcome.new, outcome.updated, outcome.closed) == (4, 0, 0, 0)
    day2 = tmp_path / "ashby" / DAY2.isoformat()
    assert (day2 / "north.json").read_bytes() == body
    assert read_manifest(day2)["ashby/2026-11-03/north.json"]["http_status"] == 304
    assert server.log[-1][1].status_code == 304


def test_interrupted_run_then_rerun_loses_nothing_and_duplicates_nothing(
    server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    boards = ["b1", "b2", "b3", "b4"]
    for i, name in enumerate(boards):
        fixture_name = "ashby/north.json" if i % 2 == 0 else "ashby/south.json"
        data = json.loads(fixture(fixture_name))
        for job in data["jobs"]:
            job["id"] = f"{name}-{job['id']}"
        server.expect_request(f"/posting-api/job-board/{name}").respond_with_json(data)
    original = collect.ashby.fetch_board

    def crash_on_b3(ctx, board):  # type: ignore[no-untyped-def]
        if board.name == "b3":
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-source
        return original(ctx, board)

    monkeypatch.setattr(collect.ashby, "fetch_board", crash_on_b3)
    with pytest.raises(KeyboardInterrupt):
        collect_source(
            "ashby",
            tmp_path,
            DAY1,
            boards=boards,
            base_url=base(server),
            policy=policy(max_concurrency=1),
        )
    partial = {f.board for f in raw_posting_files(tmp_path)}
    assert "b3" not in partial and partial <= {"b1", "b2", "b4"}
    monkeypatch.setattr(collect.ashby, "fetch_board", original)
    before = requested(server)
    summary = run(server, "ashby", tmp_path, boards=boards)
    assert not summary.failed
    refetched = requested(server)[len(before) :]
    assert all(f"/posting-api/job-board/{b}" not in refetched for b in partial)
    ids = stored_ids(tmp_path, "ashby")
    assert len(ids) == len(set(ids)) == 12  # 4 + 2 + 4 + 2 postings, each once
    assert len(read_manifest(tmp_path / "ashby" / DAY1.isoformat())) == 4


# ---------------------------------------------------------------- Lever, Greenhouse


def test_lever_pages_until_a_short_page_and_keeps_each_posting_once(
    server: HTTPServer, tmp_path: Path
):
    for page in range(3):
        serve_json(
            server,
            "/v0/postings/deepcraft",
            f"lever/deepcraft-p{page}.json",
            query_string=f"mode=json&skip={2 * page}&limit=2",
        )
    summary = run(server, "lever", tmp_path, boards=["deepcraft"], options={"lever_page_size": 2})
    assert not summary.failed, summary.errors
    pages = [r.query_string.decode() for r, _ in server.log if r.path.startswith("/v0/")]
    assert pages == [f"mode=json&skip={s}&limit=2" for s in (0, 2, 4)]
    stored = json.loads((tmp_path / "lever" / DAY1.isoformat() / "deepcraft.json").read_text())
    assert [p["id"] for p in stored] == ["lv-a", "lv-b", "lv-c", "lv-d"]
    assert summary.total("new") == 4


def test_greenhouse_stores_pay_details_where_they_exist(server: HTTPServer, tmp_path: Path):
    serve_json(server, "/v1/boards/acme/jobs", "greenhouse/acme.json")
    serve_json(server, "/v1/boards/acme/jobs/1001", "greenhouse/acme/1001.json")
    serve_json(server, "/v1/boards/acme/jobs/1002", "greenhouse/acme/1002.json")
    server.expect_request("/v1/boards/acme/jobs/1003").respond_with_data("", status=404)
    summary = run(server, "greenhouse", tmp_path, boards=["acme"])
    assert not summary.failed, summary.errors
    details = [r for r, _ in server.log if r.path.startswith("/v1/boards/acme/jobs/")]
    assert {r.query_string.decode() for r in details} == {"pay_transparency=true"}
    files = {(f.kind, f.board, f.path.name) for f in raw_posting_files(tmp_path)}
    assert files == {("postings", "acme", "acme.json"), ("greenhouse_pay", "acme", "1001.json")}
    # the next day's list is unchanged: no detail is fetched again
    n_before = len(server.log)
    run(server, "greenhouse", tmp_path, today=DAY2, boards=["acme"])
    assert [r.path for r, _ in server.log[n_before:]] == ["/robots.txt", "/v1/boards/acme/jobs"]


def test_greenhouse_failing_detail_fails_the_board_and_a_rerun_completes_it(
    server: HTTPServer, tmp_path: Path
):
    serve_json(server, "/v1/boards/acme/jobs", "greenhouse/acme.json")
    serve_json(server, "/v1/boards/acme/jobs/1001", "greenhouse/acme/1001.json")
    server.expect_oneshot_request("/v1/boards/acme/jobs/1002").respond_with_data("", status=500)
    server.expect_oneshot_request("/v1/boards/acme/jobs/1002").respond_with_data("", status=500)
    server.expect_oneshot_request("/v1/boards/acme/jobs/1002").respond_with_data("", status=500)
    serve_json(server, "/v1/boards/acme/jobs/1002", "greenhouse/acme/1002.json")
    server.expect_request("/v1/boards/acme/jobs/1003").respond_with_data("", status=404)
    first = run(server, "greenhouse", tmp_path, boards=["acme"])
    assert "pay detail of job 1002" in dict(first.errors)["acme"]
    second = run(server, "greenhouse", tmp_path, boards=["acme"])
    assert not second.failed
    detail_1001 = [r for r, _ in server.log if r.path == "/v1/boards/acme/jobs/1001"]
    assert len(detail_1001) == 1  # stored the first time, not fetched again
    assert stored_ids(tmp_path, "greenhouse") == ["1001", "1002", "1003"]


# ---------------------------------------------------------------- HN, JSON-LD


def test_hn_walks_monthly_hiring_threads_and_skips_deleted(server: HTTPServer, tmp_path: Path):
    serve_json(server, "/api/v1/search_by_date", "hn/search.json")
    serve_json(server, "/api/v1/items/9001", "hn/item-9001.json")
    serve_json(server, "/api/v1/items/9002", "hn/item-9002.json")
    summary = run(server, "hn", tmp_path, options={"since": date(2026, 8, 1)})
    assert not summary.failed, summary.errors
    items = [r.path for r, _ in server.log if r.path.startswith("/api/v1/items/")]
    assert sorted(items) == ["/api/v1/items/9001", "/api/v1/items/9002"]  # not 9003 nor 8001
    search = next(r for r, _ in server.log if r.path == "/api/v1/search_by_date")
    assert search.args["tags"] == "story,author_whoishiring"
    assert search.args["numericFilters"] == "created_at_i>=1785542400"  # 2026-08-01 UTC
    ids = stored_ids(tmp_path, "hn")
    assert sorted(ids) == ["900101", "900104", "900201", "900203"]  # top-level, not deleted/dead
    assert summary.total("new") == 4
    assert {f.board for f in raw_posting_files(tmp_path)} == {"9001", "9002"}


def test_hn_default_window_is_36_months() -> None:
    assert default_since(date(2026, 11, 23)) == date(2023, 11, 1)
    assert default_since(date(2026, 1, 5), months=1) == date(2025, 12, 1)


def test_jsonld_sitemap_pages_robots_and_every_jobposting(server: HTTPServer, tmp_path: Path):
    server.expect_request("/sitemap.xml").respond_with_data(
        fixture("jsonld/sitemap.xml"), content_type="application/xml"
    )
    for n in (1, 2):
        server.expect_request(f"/jobs/{n}").respond_with_data(
            fixture(f"jsonld/job-{n}.html"), content_type="text/html; charset=utf-8"
        )
    server.expect_request("/private/3").respond_with_data("<html></html>", content_type="text/html")
    summary = collect_source(
        "jsonld",
        tmp_path,
        DAY1,
        base_url=base(server),
        policy=policy(),
        options={"sitemaps": ["https://careers.acme.example/sitemap.xml"]},
    )
    assert dict(summary.errors).keys() == {"careers.acme.example/private/3"}
    assert "/private/3" not in requested(server)
    assert sorted(stored_ids(tmp_path, "jsonld")) == [
        "careers.acme.example/jobs/1:ACV-1",
        "careers.acme.example/jobs/2:ACV-2",
        "careers.acme.example/jobs/2:ACV-3",
    ]
    boards = {f.board for f in raw_posting_files(tmp_path)}
    assert boards == {"careers.acme.example/jobs/1", "careers.acme.example/jobs/2"}


# ---------------------------------------------------------------- closed postings in a build


def test_build_last_seen_of_closed_postings_stops_at_the_earlier_snapshot(
    server: HTTPServer, tmp_path: Path
):
    from skillmarket.config import Settings
    from skillmarket.pipeline import build
    from warehouse.migrate import connect

    settings = Settings(home=tmp_path)
    serve_json(server, "/posting-api/job-board/north", "ashby/north.json")
    run(server, "ashby", settings.raw_root, boards=["north"])
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    serve_json(server, "/posting-api/job-board/north", "ashby/north-day2.json")
    day2 = run(server, "ashby", settings.raw_root, today=DAY2, boards=["north"])
    assert day2.total("closed") == 1
    build(settings)
    con = connect(settings.warehouse_path)
    try:
        seen = dict(
            (pid, (first, last))
            for pid, first, last in con.execute(
                "SELECT source_posting_id, first_seen, last_seen FROM core_posting_sources "
                "WHERE source = 'ashby'"
            ).fetchall()
        )
    finally:
        con.close()
    assert seen["north-0003"] == (DAY1, DAY1)  # closed on day 2: last seen on day 1
    assert seen["north-0001"] == (DAY1, DAY2)
    assert seen["north-0002"] == (DAY1, DAY2)  # updated, still open
    assert seen["north-0004"] == (DAY1, DAY2)


def test_concurrent_boards_all_reach_the_manifest(server: HTTPServer, tmp_path: Path):
    boards = [f"b{i}" for i in range(10)]
    for name in boards:
        data = json.loads(fixture("ashby/south.json"))
        for job in data["jobs"]:
            job["id"] = f"{name}-{job['id']}"
        server.expect_request(f"/posting-api/job-board/{name}").respond_with_json(data)
    summary = collect_source(
        "ashby",
        tmp_path,
        DAY1,
        boards=boards,
        base_url=base(server),
        policy=policy(max_concurrency=4),
    )
    assert not summary.failed and summary.total("new") == 20
    manifest = read_manifest(tmp_path / "ashby" / DAY1.isoformat())
    assert sorted(manifest) == sorted(f"ashby/2026-11-02/{b}.json" for b in boards)

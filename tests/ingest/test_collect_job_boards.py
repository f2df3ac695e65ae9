"""The Workable, SmartRecruiters and Recruitee connectors against a local server serving
recorded responses (tests/fixtures/sources/online): raw layout, SmartRecruiters paging and
details, and the bad input each board can send (HTML instead of JSON, a move to another host,
an empty board, ids listed twice), each with its line in the collect summary."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from ingest.collect import collect_source
from ingest.collect.runner import SourceSummary, parse_posting_file
from ingest.discover import raw_posting_files
from ingest.http import HttpPolicy
from ingest.snapshots import read_manifest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "online"
DAY1, DAY2 = date(2026, 11, 2), date(2026, 11, 3)
JSON_TYPE = "application/json"
SR = "/v1/companies/ExampleCo/postings"
SR_IDS = ["744000123456789", "744000123456790", "744000123456791"]


def policy() -> HttpPolicy:
    return HttpPolicy(
        contact="tests@example.org",
        min_interval_s=0.0,
        backoff_initial_s=0.001,
        backoff_max_s=0.005,
        allow_private_hosts=True,
        max_attempts=2,
        max_concurrency=2,
    )


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def serve(server: HTTPServer, path: str, name: str, **kwargs: Any) -> None:
    server.expect_request(path, **kwargs).respond_with_data(fixture(name), content_type=JSON_TYPE)


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    return httpserver


def base(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def run(
    server: HTTPServer, source: str, raw_root: Path, today: date = DAY1, **kwargs: Any
) -> SourceSummary:
    return collect_source(source, raw_root, today, base_url=base(server), policy=policy(), **kwargs)


def requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def stored(raw_root: Path, source: str, board: str, day: date = DAY1) -> Any:
    return json.loads((raw_root / source / day.isoformat() / f"{board}.json").read_bytes())


def serve_smartrecruiters(server: HTTPServer, limit: int = 2) -> None:
    """The two recorded pages (2 postings, then 1) at `limit` per page, and the details."""
    for page in range(2):
        query = f"limit={limit}&offset={2 * page}"
        serve(server, SR, f"smartrecruiters/ExampleCo-p{page}.json", query_string=query)
    for posting_id in SR_IDS:
        serve(server, f"{SR}/{posting_id}", f"smartrecruiters/ExampleCo/{posting_id}.json")


def run_smartrecruiters(server: HTTPServer, raw_root: Path, today: date = DAY1) -> SourceSummary:
    options = {"smartrecruiters_page_size": 2}
    return run(server, "smartrecruiters", raw_root, today, boards=["ExampleCo"], options=options)


# ---------------------------------------------------------------- each connector's layout


def test_workable_fetches_the_widget_with_descriptions(server: HTTPServer, tmp_path: Path):
    serve(server, "/api/v1/widget/accounts/examplecorp", "workable/examplecorp.json")
    summary = run(server, "workable", tmp_path, boards=["examplecorp"])
    assert not summary.failed, summary.errors
    assert summary.total("new") == 2 and summary.notes == []
    widget = [r for r, _ in server.log if r.path.startswith("/api/v1/widget/")]
    assert [r.query_string.decode() for r in widget] == ["details=true"]
    day = tmp_path / "workable" / DAY1.isoformat()
    assert (day / "examplecorp.json").read_bytes() == fixture("workable/examplecorp.json")
    entry = read_manifest(day)["workable/2026-11-02/examplecorp.json"]
    assert entry["http_status"] == 200
    assert entry["url"].endswith("/api/v1/widget/accounts/examplecorp?details=true")


def test_recruitee_reads_each_board_under_its_token_on_a_mirror(server: HTTPServer, tmp_path: Path):
    serve(server, "/examplebv/api/offers/", "recruitee/examplebv.json")
    summary = run(server, "recruitee", tmp_path, boards=["examplebv"])
    assert not summary.failed, summary.errors
    assert summary.total("new") == 3
    assert [f.board for f in raw_posting_files(tmp_path)] == ["examplebv"]
    assert stored(tmp_path, "recruitee", "examplebv") == json.loads(
        fixture("recruitee/examplebv.json")
    )


def test_recruitee_urls_are_the_careers_host_or_a_custom_domain() -> None:
    from ingest.collect.recruitee import offers_url

    assert offers_url(None, "examplebv") == "https://examplebv.recruitee.com/api/offers/"
    assert offers_url(None, "careers.example.org") == "https://careers.example.org/api/offers/"
    with pytest.raises(ValueError, match="neither a subdomain nor a host name"):
        offers_url(None, "evil.example/../x")


# ---------------------------------------------------------------- SmartRecruiters: pages, details


def test_smartrecruiters_pages_by_returned_items_and_attaches_details(
    server: HTTPServer, tmp_path: Path
):
    serve_smartrecruiters(server)
    summary = run_smartrecruiters(server, tmp_path)
    assert not summary.failed, summary.errors
    pages = [r.query_string.decode() for r, _ in server.log if r.path == SR]
    assert pages == ["limit=2&offset=0", "limit=2&offset=2"]  # totalFound 3: no third page
    document = stored(tmp_path, "smartrecruiters", "ExampleCo")
    assert [item["id"] for item in document["content"]] == SR_IDS
    assert all(item["detail"]["id"] == item["id"] for item in document["content"])
    rel = "smartrecruiters/2026-11-02/ExampleCo.json"
    rows = parse_posting_file(
        "smartrecruiters", json.dumps(document).encode(), rel, "ExampleCo"
    ).rows
    pay = rows.filter(source_posting_id=SR_IDS[2]).select("pay_min", "pay_period").row(0)
    assert pay == (7500.0, "month")
    assert rows["description_html"].null_count() == 0
    assert summary.total("new") == 3


def test_smartrecruiters_keeps_unchanged_details_and_fetches_changed_ones(
    server: HTTPServer, tmp_path: Path
):
    serve_smartrecruiters(server)
    run_smartrecruiters(server, tmp_path)
    server.clear_all_handlers()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    page1 = json.loads(fixture("smartrecruiters/ExampleCo-p1.json"))
    page1["content"][0]["name"] = "Senior Business Analyst (m/f/d)"  # changed on day 2
    serve(server, SR, "smartrecruiters/ExampleCo-p0.json", query_string="limit=2&offset=0")
    server.expect_request(SR, query_string="limit=2&offset=2").respond_with_json(page1)
    serve(server, f"{SR}/{SR_IDS[2]}", f"smartrecruiters/ExampleCo/{SR_IDS[2]}.json")
    n_before = len(server.log)
    summary = run_smartrecruiters(server, tmp_path, DAY2)
    assert not summary.failed, summary.errors
    details = [p for p in requested(server)[n_before:] if p.startswith(f"{SR}/")]
    assert details == [f"{SR}/{SR_IDS[2]}"]
    outcome = summary.outcomes[0]
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 2)
    document = stored(tmp_path, "smartrecruiters", "ExampleCo", DAY2)
    assert all("detail" in item for item in document["content"])


def test_smartrecruiters_repeats_across_pages_and_a_failed_detail_are_notes(
    server: HTTPServer, tmp_path: Path
):
    page1 = json.loads(fixture("smartrecruiters/ExampleCo-p1.json"))
    page0 = json.loads(fixture("smartrecruiters/ExampleCo-p0.json"))
    page1["content"].insert(0, page0["content"][1])  # the list shifted while paging
    serve(server, SR, "smartrecruiters/ExampleCo-p0.json", query_string="limit=2&offset=0")
    server.expect_request(SR, query_string="limit=2&offset=2").respond_with_json(page1)
    for posting_id in SR_IDS[:2]:
        serve(server, f"{SR}/{posting_id}", f"smartrecruiters/ExampleCo/{posting_id}.json")
    server.expect_request(f"{SR}/{SR_IDS[2]}").respond_with_data("", status=500)
    summary = run_smartrecruiters(server, tmp_path)
    assert not summary.failed, summary.errors
    notes = [note for _, note in summary.notes]
    assert notes[0] == "1 posting(s) repeated on a later page (list shifted): kept once"
    assert notes[1].startswith("1 posting detail(s) not fetched, stored without description")
    assert f"{SR_IDS[2]} (HTTP 500" in notes[1]
    document = stored(tmp_path, "smartrecruiters", "ExampleCo")
    assert [item["id"] for item in document["content"]] == SR_IDS
    assert "detail" not in document["content"][2]


def test_smartrecruiters_stops_when_the_server_repeats_a_page(server: HTTPServer, tmp_path: Path):
    page = fixture("smartrecruiters/ExampleCo-p0.json")
    server.expect_request(SR).respond_with_data(page, content_type=JSON_TYPE)  # ignores offset
    summary = run(
        server,
        "smartrecruiters",
        tmp_path,
        boards=["ExampleCo"],
        options={"smartrecruiters_page_size": 2, "smartrecruiters_detail": False},
    )
    assert not summary.failed, summary.errors
    assert requested(server).count(SR) == 2  # the repeat is seen, nothing more asked
    assert summary.total("new") == 2


# ---------------------------------------------------------------- bad input, nothing lost


def test_an_html_page_instead_of_json_is_a_clear_error(server: HTTPServer, tmp_path: Path):
    page = "<!doctype html><html><body>This board is closed</body></html>"
    server.expect_request("/api/v1/widget/accounts/closed").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    server.expect_request("/api/v1/widget/accounts/mislabeled").respond_with_data(
        page, content_type=JSON_TYPE
    )
    serve(server, "/api/v1/widget/accounts/examplecorp", "workable/examplecorp.json")
    summary = run(server, "workable", tmp_path, boards=["closed", "mislabeled", "examplecorp"])
    errors = dict(summary.errors)
    assert set(errors) == {"closed", "mislabeled"}
    for reason in errors.values():
        assert "answered with an HTML page, not JSON" in reason
    assert [f.board for f in raw_posting_files(tmp_path)] == ["examplecorp"]


def test_a_board_moved_to_another_host_is_named_not_followed(server: HTTPServer, tmp_path: Path):
    server.expect_request("/moved/api/offers/").respond_with_data(
        "", status=301, headers={"Location": "https://careers.example.org/api/offers/"}
    )
    summary = run(server, "recruitee", tmp_path, boards=["moved"])
    reason = dict(summary.errors)["moved"]
    assert "board moved to another host (careers.example.org)" in reason
    assert "skillmarket boards discover" in reason
    assert all("careers.example.org" not in r.url for r, _ in server.log)
    assert raw_posting_files(tmp_path) == []


def test_an_empty_board_is_stored_and_noted(server: HTTPServer, tmp_path: Path):
    server.expect_request(SR).respond_with_json(
        {"offset": 0, "limit": 100, "totalFound": 0, "content": []}
    )
    summary = run(server, "smartrecruiters", tmp_path, boards=["ExampleCo"])
    assert not summary.failed
    assert summary.notes == [
        ("ExampleCo", "empty board: no postings (no openings now, or a wrong token)")
    ]
    assert stored(tmp_path, "smartrecruiters", "ExampleCo")["content"] == []


def test_ids_listed_twice_are_quarantined_and_noted(server: HTTPServer, tmp_path: Path):
    offers = json.loads(fixture("recruitee/examplebv.json"))["offers"]
    server.expect_request("/examplebv/api/offers/").respond_with_json(
        {"offers": [*offers, offers[0], offers[2]]}
    )
    summary = run(server, "recruitee", tmp_path, boards=["examplebv"])
    outcome = summary.outcomes[0]
    assert (outcome.new, outcome.quarantined) == (3, 2)
    assert outcome.notes == [
        "2 duplicated posting id(s) in the response: the first of each kept, the rest quarantined"
    ]


def test_the_cli_summary_names_each_case(
    server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from skillmarket.cli import cli

    offers = json.loads(fixture("recruitee/examplebv.json"))["offers"]
    serve(server, "/good/api/offers/", "recruitee/examplebv.json")
    server.expect_request("/twice/api/offers/").respond_with_json({"offers": [offers[0]] * 2})
    server.expect_request("/empty/api/offers/").respond_with_json({"offers": []})
    server.expect_request("/login/api/offers/").respond_with_data(
        "<html>sign in</html>", content_type="text/html"
    )
    server.expect_request("/moved/api/offers/").respond_with_data(
        "", status=301, headers={"Location": "https://elsewhere.example/api/offers/"}
    )
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    args = ["ingest", "recruitee", "--base-url", base(server), "--rate", "1000"]
    args += ["--contact", "tests@example.org"]
    for board in ("good", "twice", "empty", "login", "moved"):
        args += ["--board", board]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "note twice: 1 duplicated posting id(s)" in output
    assert "note empty: empty board" in output
    assert "failed login:" in output and "answered with an HTML page" in output
    assert "failed moved:" in output and "board moved to another host (elsewhere.example)" in output
    assert sorted(f.board for f in raw_posting_files(tmp_path / "raw")) == [
        "empty",
        "good",
        "twice",
    ]


# ---------------------------------------------------------------- end to end: ingest, build


def test_ingest_online_and_from_dir_then_build_reaches_core_postings(
    server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from skillmarket.cli import cli
    from warehouse.migrate import connect

    serve(server, "/api/v1/widget/accounts/examplecorp", "workable/examplecorp.json")
    serve_smartrecruiters(server, limit=100)  # the CLI's page size
    serve(server, "/examplebv/api/offers/", "recruitee/examplebv.json")
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    online = ["--base-url", base(server), "--rate", "1000", "--contact", "tests@example.org"]
    runner = CliRunner()
    for source, board in (
        ("workable", "examplecorp"),
        ("smartrecruiters", "ExampleCo"),
        ("recruitee", "examplebv"),
    ):
        result = runner.invoke(cli, ["ingest", source, "--board", board, *online])
        assert result.exit_code == 0, result.output
    # downloads of another board of each system, imported as one snapshot per source
    parsers = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
    for source, name in (
        ("workable", "examplecorp-v3.json"),
        ("smartrecruiters", "ExampleCo.json"),
        ("recruitee", "examplebv.json"),
    ):
        folder = tmp_path / "downloads" / source
        folder.mkdir(parents=True)
        (folder / f"imported-{source}.json").write_bytes((parsers / source / name).read_bytes())
        result = runner.invoke(cli, ["ingest", source, "--from-dir", str(folder)])
        assert result.exit_code == 0, result.output
    snapshots = {(f.source, f.board, f.snapshot_date) for f in raw_posting_files(tmp_path / "raw")}
    today = next(d for s, b, d in snapshots if b == "examplecorp")
    assert snapshots == {
        ("workable", "examplecorp", today),
        ("smartrecruiters", "ExampleCo", today),
        ("recruitee", "examplebv", today),
        # dated by the newest record in each file
        ("workable", "imported-workable", date(2026, 9, 22)),
        ("smartrecruiters", "imported-smartrecruiters", date(2026, 9, 21)),
        ("recruitee", "imported-recruitee", date(2026, 9, 20)),
    }
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    con = connect(tmp_path / "warehouse.duckdb")
    try:
        staged = {
            source: con.sql(f"SELECT count(*) FROM raw_{source}_postings").fetchall()[0][0]
            for source in ("workable", "smartrecruiters", "recruitee")
        }
        core = dict(
            con.sql(
                "SELECT source, count(DISTINCT source_posting_id) FROM core_posting_sources "
                "WHERE source IN ('workable', 'smartrecruiters', 'recruitee') GROUP BY source"
            ).fetchall()
        )
        pay = con.sql(
            "SELECT DISTINCT pay_min, pay_period FROM raw_smartrecruiters_postings "
            "WHERE source_posting_id = '744000123456791'"
        ).fetchall()
    finally:
        con.close()
    # staging rows are keyed by id and content: online 2 + 3 + 3 postings, imported 3 + 3 + 3
    # with the same ids; the imported Recruitee file is the online one (nothing new), the
    # SmartRecruiters file differs in two postings' details, the Workable v3 page in all
    assert staged == {"workable": 5, "smartrecruiters": 5, "recruitee": 3}
    assert core == {"workable": 3, "smartrecruiters": 3, "recruitee": 3}
    assert pay == [(7500.0, "month")]

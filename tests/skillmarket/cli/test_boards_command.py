"""`skillmarket boards`: list, add, disable, check (one request per board against a local
server, `--disable-dead` writing the registry) and discover (a career page served locally),
always on a copy of the registry (`$SKILLMARKET_BOARDS`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from ingest.collect.boards import REGISTRY_ENV, read_registry
from skillmarket.cli import cli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "online"
JSON_TYPE = "application/json"
ROWS = """\
ashby,north,North,,,active,2026-12-01,test
greenhouse,gone-co,,,,active,2026-12-01,test
lever,moved-co,,,,active,2026-12-01,test
workable,examplecorp,ExampleCorp,GR,,active,2026-12-01,test
workable,login-co,,,,active,2026-12-01,test
smartrecruiters,NoSuchCo,,,,active,2026-12-01,test
recruitee,examplebv,,NL,,active,2026-12-01,test
recruitee,old-co,,,,disabled,2026-11-01,test
"""


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "registry.csv"
    path.write_text(
        "# test registry\n# version: 7\n# updated: 2026-12-01\n"
        "system,token,company,country,industry,status,added,note\n" + ROWS
    )
    monkeypatch.setenv(REGISTRY_ENV, str(path))
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["boards", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        return result.exit_code, f"{result.output} {result.exception}"
    return result.exit_code, " ".join(result.output.split())


def test_list_filters_and_prints_csv(registry: Path) -> None:
    code, output = invoke("list", "--system", "recruitee")
    assert code == 0, output
    assert "2 boards (recruitee 2)" in output and "version 7 of 2026-12-01" in output
    args = ["boards", "list", "--system", "recruitee", "--status", "active", "--csv"]
    result = CliRunner().invoke(cli, args)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["token"], r["country"], r["status"]) for r in rows] == [
        ("examplebv", "NL", "active")
    ]
    code, output = invoke("list", "--system", "taleo")
    assert code == 1 and "unknown system 'taleo'" in output


def test_add_then_disable_write_the_registry(registry: Path) -> None:
    code, output = invoke(
        "add", "workable", "huggingface", "--company", "Hugging Face", "--country", "us"
    )
    assert code == 0, output
    assert "is now version 8" in output
    entry = read_registry(registry).find("workable", "huggingface")
    assert entry is not None
    assert (entry.company, entry.country, entry.status, entry.note) == (
        "Hugging Face",
        "US",
        "active",
        "added by hand",
    )
    code, output = invoke("add", "workable", "HuggingFace")
    assert code == 1 and "already listed" in output
    code, output = invoke("disable", "workable", "huggingface", "--reason", "moved to Ashby")
    assert code == 0, output
    entry = read_registry(registry).find("workable", "huggingface")
    assert entry.status == "disabled" and entry.note.endswith(": moved to Ashby")
    assert read_registry(registry).version == 9
    code, output = invoke("disable", "lever", "nobody")
    assert code == 1 and "no lever board 'nobody'" in output


def serve_boards(server: HTTPServer) -> None:
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    server.expect_request("/posting-api/job-board/north").respond_with_data(
        (FIXTURES / "ashby" / "north.json").read_bytes(), content_type=JSON_TYPE
    )
    server.expect_request("/v1/boards/gone-co/jobs").respond_with_data("", status=404)
    server.expect_request("/v0/postings/moved-co").respond_with_data(
        "", status=301, headers={"Location": "https://jobs.elsewhere.example/moved-co"}
    )
    server.expect_request("/api/v1/widget/accounts/examplecorp").respond_with_data(
        (FIXTURES / "workable" / "examplecorp.json").read_bytes(), content_type=JSON_TYPE
    )
    server.expect_request("/api/v1/widget/accounts/login-co").respond_with_data(
        "<html>Sign in</html>", content_type="text/html"
    )
    server.expect_request("/v1/companies/NoSuchCo/postings").respond_with_json(
        {"offset": 0, "limit": 100, "totalFound": 0, "content": []}
    )
    server.expect_request("/examplebv/api/offers/").respond_with_data(
        (FIXTURES / "recruitee" / "examplebv.json").read_bytes(), content_type=JSON_TYPE
    )


def test_check_makes_one_request_per_active_board_and_disables_the_dead(
    registry: Path, httpserver: HTTPServer
) -> None:
    serve_boards(httpserver)
    base = httpserver.url_for("/").rstrip("/")
    args = ["check", "--base-url", base, "--rate", "1000", "--contact", "tests@example.org"]
    code, output = invoke(*args)
    assert code == 0, output
    assert "checked 7 boards: 3 ok, 1 empty, 1 gone, 1 moved, 1 error" in output
    assert "2 dead candidates; --disable-dead disables them" in output
    boards = [r.path for r, _ in httpserver.log if r.path != "/robots.txt"]
    assert len(boards) == len(set(boards)) == 7  # one request each; the disabled board skipped
    assert read_registry(registry).version == 7  # nothing written without --disable-dead

    code, output = invoke(*args, "--system", "greenhouse", "--disable-dead")
    assert code == 0, output
    registry_now = read_registry(registry)
    gone = registry_now.find("greenhouse", "gone-co")
    assert gone.status == "disabled" and "gone (HTTP 404: no such board" in gone.note
    assert registry_now.find("smartrecruiters", "NoSuchCo").status == "active"  # not checked

    code, output = invoke(*args, "--disable-dead")
    assert code == 0, output
    statuses = {(e.system, e.token): e.status for e in read_registry(registry).entries}
    assert statuses[("smartrecruiters", "NoSuchCo")] == "disabled"  # empty
    # moved and error boards need a look, not a disable
    assert statuses[("lever", "moved-co")] == "active"
    assert statuses[("workable", "login-co")] == "active"
    assert statuses[("ashby", "north")] == "active"


def test_check_limit_counts_boards(registry: Path, httpserver: HTTPServer) -> None:
    serve_boards(httpserver)
    base = httpserver.url_for("/").rstrip("/")
    code, output = invoke("check", "--limit", "2", "--base-url", base, "--rate", "1000")
    assert code == 0, output
    assert "checked 2 boards: 1 ok, 0 empty, 1 gone" in output


CAREERS = """<html><body>
<h1>Join Acme</h1>
<iframe src="https://job-boards.greenhouse.io/embed/job_board?for=acmegreen"></iframe>
<a href="https://apply.workable.com/examplecorp/">Older openings</a>
<script type="application/ld+json">{"@type": "Organization", "name": "Acme",
 "sameAs": "https://jobs.ashbyhq.com/acme-ab"}</script>
</body></html>"""


def test_discover_finds_boards_on_a_career_page_and_adds_the_new_ones(
    registry: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/careers").respond_with_data(
        CAREERS, content_type="text/html; charset=utf-8"
    )
    base = httpserver.url_for("/").rstrip("/")
    url = "https://www.acme.example/careers"
    code, output = invoke("discover", url, "--base-url", base, "--rate", "1000")
    assert code == 0, output
    assert "greenhouse acmegreen iframe new" in output
    assert "workable examplecorp link active" in output  # already in the registry
    assert "ashby acme-ab JSON-LD new" in output
    assert "2 board(s) not in the registry; --add adds them" in output
    assert read_registry(registry).find("ashby", "acme-ab") is None

    code, output = invoke("discover", url, "--base-url", base, "--rate", "1000", "--add")
    assert code == 0, output
    added = read_registry(registry).find("greenhouse", "acmegreen")
    assert added is not None and added.status == "active"
    assert added.note == f"discovered on {url}"
    assert read_registry(registry).find("ashby", "acme-ab") is not None


def test_discover_a_board_url_needs_no_request_and_a_page_without_boards_fails(
    registry: Path, httpserver: HTTPServer
) -> None:
    code, output = invoke("discover", "https://jobs.smartrecruiters.com/AcmeSR/744000123")
    assert code == 0, output
    assert "smartrecruiters AcmeSR the URL new" in output
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/jobs").respond_with_data(
        "<html><a href='/apply'>Apply</a></html>", content_type="text/html"
    )
    base = httpserver.url_for("/").rstrip("/")
    code, output = invoke("discover", "https://acme.example/jobs", "--base-url", base)
    assert code == 1
    assert "no link to a board of a known system" in output

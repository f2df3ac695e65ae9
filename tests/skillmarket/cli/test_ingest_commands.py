"""`skillmarket ingest <source>`: one command per contract source, each with only its options,
and every invocation that worked before the split still means the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.core import TyperGroup
from typer.testing import CliRunner

from contract.sources import SOURCES
from skillmarket.cli import cli
from skillmarket.cli import ingest as ingest_commands
from skillmarket.cli.options import HttpOptions

BOARD_OPTIONS = {"--board", "--from-dir", "--captured", "--base-url", "--contact", "--rate"}
FETCH_OPTIONS = {"--base-url", "--contact", "--rate"}
# What each source's command takes (the spec: a change here is a change of the CLI).
EXPECTED_OPTIONS = {
    "sample": {"--postings", "--seed", "--force"},
    "ashby": BOARD_OPTIONS,
    "greenhouse": BOARD_OPTIONS,
    "lever": BOARD_OPTIONS,
    "workable": BOARD_OPTIONS,
    "smartrecruiters": BOARD_OPTIONS,
    "recruitee": BOARD_OPTIONS,
    "hn": BOARD_OPTIONS | {"--since"},
    "jsonld": BOARD_OPTIONS | {"--url", "--sitemap"},  # --board: the old, hidden name of --url
    "oews": FETCH_OPTIONS | {"--online", "--from-file", "--from-dir"},
    "talent-pool": {"--from-file"},
    "h1b": {"--from-file"},
    "so-survey": {"--from-file", "--year"},
    "hiring-lab": FETCH_OPTIONS | {"--from-dir"},
    "fx": FETCH_OPTIONS | {"--from-file"},
}


def _options(group: TyperGroup, name: str) -> set[str]:
    command = group.commands[name]
    return {opt for param in command.params for opt in param.opts if opt.startswith("--")}


def test_every_contract_source_with_a_cli_name_has_a_command_and_back(
    ingest_group: TyperGroup,
) -> None:
    cli_names = [s.cli_name for s in SOURCES if s.cli_name is not None]
    assert list(ingest_group.commands) == cli_names  # same names, in the contract's order
    with_commands = {s.id for s in SOURCES if s.cli_name and not s.collects_online}
    assert set(ingest_commands.COMMANDS) == with_commands


def test_job_boards_share_one_command_shape(ingest_group: TyperGroup) -> None:
    boards = [s.cli_name for s in SOURCES if s.collects_online and s.cli_name]
    assert boards == ["ashby", "greenhouse", "lever", "workable", "smartrecruiters", "recruitee"]
    assert all(_options(ingest_group, name) == BOARD_OPTIONS for name in boards)


@pytest.mark.parametrize("name", sorted(EXPECTED_OPTIONS))
def test_each_source_takes_only_its_options(ingest_group: TyperGroup, name: str) -> None:
    assert _options(ingest_group, name) == EXPECTED_OPTIONS[name]


def test_help_panels_follow_the_source_kind(ingest_group: TyperGroup) -> None:
    for source in SOURCES:
        if source.cli_name:
            panel = ingest_group.commands[source.cli_name].rich_help_panel  # type: ignore[attr-defined]
            assert panel == ingest_commands.PANELS[source.kind], source.id


@pytest.mark.parametrize(
    "args", [["sample", "--base-url", "http://x"], ["h1b", "--board", "x"], ["fx", "--year", "1"]]
)
def test_an_option_of_another_source_is_refused(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["ingest", *args])
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_an_unknown_source_is_one_line_with_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["ingest", "ashb"])
    assert result.exit_code == 1
    message = str(result.exception)
    assert message.startswith("unknown source 'ashb'; did you mean 'ashby'?")
    assert "talent-pool" in message


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, tuple, dict]]:
    """Replace the work behind the commands with recorders."""
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    recorded: list[tuple[str, tuple, dict]] = []

    def recorder(name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> None:
            recorded.append((name, args[1:], kwargs))  # without the settings

        return record

    for name in ("collect_online", "import_postings_dir", "ensure_sample", "import_files"):
        monkeypatch.setattr(ingest_commands, name, recorder(name))
    import ingest.sources.oews as oews

    monkeypatch.setattr(oews, "collect_bundled", lambda raw_root: raw_root / "bundled")
    return recorded


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["ashby", "--board", "a", "--board", "b", "--base-url", "http://x", "--contact", "c"],
            (
                "collect_online",
                ("ashby", HttpOptions("http://x", "c", 1.0)),
                {"boards": ["a", "b"]},
            ),
        ),
        (
            ["greenhouse", "--rate", "2"],
            ("collect_online", ("greenhouse", HttpOptions(rate=2.0)), {"boards": []}),
        ),
        (
            ["hn", "--since", "2025-01", "--board", "123"],
            ("collect_online", ("hn", HttpOptions()), {"boards": ["123"], "since": "2025-01"}),
        ),
        (
            ["jsonld", "--board", "u1", "--url", "u2", "--sitemap", "s"],
            (
                "collect_online",
                ("jsonld", HttpOptions()),
                {"boards": ["u1", "u2"], "sitemaps": ["s"]},
            ),
        ),
        (
            ["lever", "--from-dir", "downloads", "--captured", "2025-10-31"],
            ("import_postings_dir", ("lever", Path("downloads"), "2025-10-31"), {}),
        ),
        (
            ["hn", "--from-dir", "downloads"],
            ("import_postings_dir", ("hn", Path("downloads"), None), {}),
        ),
        (
            ["sample", "--postings", "500", "--seed", "3", "--force"],
            ("ensure_sample", (500, 3), {"force": True}),
        ),
        (["sample"], ("ensure_sample", (60_000, 7), {"force": False})),
        (
            ["talent-pool", "--from-file", "pool.csv"],
            ("import_files", ("talent_pool", [Path("pool.csv")]), {}),
        ),
    ],
)
def test_invocations_keep_their_meaning(
    calls: list[tuple[str, tuple, dict]], args: list[str], expected: tuple
) -> None:
    result = CliRunner().invoke(cli, ["ingest", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    assert calls == [expected]


@pytest.mark.parametrize("args", [["oews"], ["oews", "--base-url", "http://mirror"]])
def test_oews_stores_the_bundled_release_unless_asked_otherwise(
    calls: list[tuple[str, tuple, dict]], args: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["ingest", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "OEWS release stored at" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["talent-pool"], "talent-pool needs --from-file CSV"),
        (["h1b"], "h1b needs --from-file LCA_Disclosure_Data_FY<year>_Q<n>.xlsx"),
        (["so-survey"], "so-survey needs --from-file (the survey ZIP or CSV)"),
        (["fx", "--rate", "0"], "--rate must be positive, got 0.0"),
        (["ashby", "--rate", "-1"], "--rate must be positive, got -1.0"),
    ],
)
def test_a_missing_or_bad_option_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["ingest", *args])
    assert result.exit_code == 1
    assert str(result.exception) == message

"""README.md, docs/contracts.md and `--help` agree with the contract and the CLI: the generated
parts are in step, every command is in the README's CLI reference, and every command (and
option) the docs mention exists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from contract.marts import MARTS
from contract.staging import STAGING_COLUMNS
from contract.vocab import PAY_PERIODS, ROLE_FAMILIES, SENIORITIES
from ingest.staging import STAGING_SCHEMA
from skillmarket.cli import CliError, cli
from skillmarket.cli.docs import (
    CONTRACTS,
    README,
    current_block,
    leaf_commands,
    stale_parts,
    write_parts,
)

ROOT = Path(__file__).resolve().parents[2]
# Files whose `skillmarket ...` lines must name real commands and options.
MENTIONING = ["README.md", "docs/contracts.md", "Makefile", ".ci/run"]


@pytest.fixture(scope="module")
def root() -> TyperGroup:
    command = get_command(cli)
    assert isinstance(command, TyperGroup)
    return command


def test_generated_parts_are_in_step(root: TyperGroup) -> None:
    stale = stale_parts(root)
    assert not stale, f"run `skillmarket docs --write`: {stale}"


def test_the_docs_command_checks_and_rewrites(tmp_path: Path, root: TyperGroup) -> None:
    (tmp_path / "docs").mkdir()
    for file in (README, CONTRACTS):
        shutil.copy(ROOT / file, tmp_path / file)
    readme = tmp_path / README
    readme.write_text(readme.read_text().replace("| `skillmarket check` |", "| `check` |"))
    assert stale_parts(root, tmp_path) == ["README.md: cli"]
    assert write_parts(root, tmp_path) == ["README.md: cli"]
    assert stale_parts(root, tmp_path) == []
    assert readme.read_text() == (ROOT / README).read_text()
    readme.write_text("no markers here")
    with pytest.raises(CliError, match=re.escape("README.md: no <!-- cli:start -->")):
        stale_parts(root, tmp_path)


def test_skillmarket_docs_passes_on_the_checkout() -> None:
    result = CliRunner().invoke(cli, ["docs", "--check"])
    assert result.exit_code == 0, (result.output, result.exception)


def test_every_command_is_in_the_cli_reference_and_every_row_is_a_command(
    root: TyperGroup,
) -> None:
    reference = current_block((ROOT / README).read_text(), "cli", README)
    listed = []
    for usage in re.findall(r"^\| `skillmarket ([^`]+)`", reference, re.M):
        words = usage.split()
        command, rest = _resolve(root, words)  # KeyError: a row names no command
        assert not isinstance(command, TyperGroup), usage
        listed.append(tuple(words[: len(words) - len(rest)]))
    assert listed == [path for path, _ in leaf_commands(root)]


def _resolve(root: TyperGroup, words: list[str]) -> tuple[TyperCommand | TyperGroup, list[str]]:
    """The command `words` name and the words left after it; KeyError for an unknown one."""
    command: TyperCommand | TyperGroup = root
    while isinstance(command, TyperGroup) and words and not words[0].startswith("-"):
        command = command.commands[words[0]]
        words = words[1:]
    return command, words


def _mentions(text: str) -> list[str]:
    """`skillmarket ...` command lines and code spans, and `ingest <source> ...` spans."""
    found = [m.group(1) for m in re.finditer(r"skillmarket ([^`|\n]+)", text)]
    found += [f"ingest {m.group(1)}" for m in re.finditer(r"`ingest ([^`]+)`", text)]
    return found


@pytest.mark.parametrize("file", MENTIONING)
def test_every_command_and_option_the_docs_mention_exists(root: TyperGroup, file: str) -> None:
    path = ROOT / file
    if not path.exists():
        pytest.skip(f"{file} not present")
    unknown = []
    for mention in _mentions(path.read_text()):
        words = [w.strip(".,;:()") for w in mention.split()]
        words = [w for w in words if w and not w.startswith(("<", "$", "["))]
        try:
            command, rest = _resolve(root, words)
        except KeyError:
            unknown.append(mention)
            continue
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}
        for word in rest:
            for flag in re.findall(r"--[a-z-]+", word):
                if flag not in options:
                    unknown.append(f"{mention} ({flag})")
    assert not unknown, f"{file} mentions: {unknown}"


def test_the_mention_checker_catches_an_unknown_command_and_option(root: TyperGroup) -> None:
    mentions = _mentions("run `skillmarket ingest sample --postings 5` or `ingest hn --url x`")
    assert mentions == ["ingest sample --postings 5", "ingest hn --url x"]
    command, rest = _resolve(root, ["ingest", "hn", "--url", "x"])
    assert command.name == "hn" and rest == ["--url", "x"]
    with pytest.raises(KeyError):
        _resolve(root, ["ingest", "nosuch"])


def _contracts_list(name: str) -> list[str]:
    text = (ROOT / CONTRACTS).read_text()
    found = re.search(rf"^- `{name}`: (.*?)(?:\.|\n- |\n<!--)", text, re.M | re.S)
    assert found, name
    return [value.strip() for value in " ".join(found.group(1).split()).split(",")]


def test_contracts_vocabularies_equal_the_contract() -> None:
    assert _contracts_list("role_family") == list(ROLE_FAMILIES)
    assert _contracts_list("seniority") == list(SENIORITIES)
    assert _contracts_list("pay_period") == list(PAY_PERIODS)


@pytest.mark.parametrize("file", [README, CONTRACTS])
def test_the_marts_and_their_grain_equal_the_contract(file: str) -> None:
    block = current_block((ROOT / file).read_text(), "marts", file)
    rows = [line.split(" | ") for line in block.splitlines()[2:]]
    assert [row[0].strip("| `") for row in rows] == [mart.name for mart in MARTS]
    grains = [row[1].replace("\\|", "|").replace("&lt;", "<").replace("&gt;", ">") for row in rows]
    assert [grain.rstrip(" |") for grain in grains] == [mart.grain for mart in MARTS]


def test_the_staging_columns_equal_the_contract_and_the_polars_schema() -> None:
    block = current_block((ROOT / CONTRACTS).read_text(), "staging", CONTRACTS)
    rows = [line.strip("|").split(" | ") for line in block.splitlines()[2:]]
    assert [row[0].strip() for row in rows] == list(STAGING_SCHEMA)
    nullable = {column.name: column.nullable for column in STAGING_COLUMNS}
    assert [row[1].endswith("?") for row in rows] == [nullable[name] for name in STAGING_SCHEMA]
    dtypes = {
        "str": pl.String,
        "bool": pl.Boolean,
        "f64": pl.Float64,
        "i64": pl.Int64,
        "datetime(us, UTC)": pl.Datetime("us", "UTC"),
    }
    assert [dtypes[row[1].rstrip("?")] for row in rows] == list(STAGING_SCHEMA.values())

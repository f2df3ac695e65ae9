"""`skillmarket bench` becomes `python -m bench` with the same options; both entries take the
options `skillmarket.cli.bench` declares once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

import bench.__main__ as bench_main
from skillmarket.cli import bench as bench_cli
from skillmarket.cli import cli

ROOT = Path(__file__).resolve().parents[3]


class Exec(Exception):
    """Raised instead of replacing the test process."""


@pytest.fixture
def execs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    seen: list[list[str]] = []

    def fake_execv(path: str, argv: list[str]) -> None:
        seen.append(argv)
        raise Exec

    monkeypatch.setattr(bench_cli.os, "execv", fake_execv)
    return seen


@pytest.mark.parametrize(
    ("args", "forwarded"),
    [
        ([], ["--scenario", "build", "--postings", "100000", "--seed", "7", "--base", "20000"]),
        (
            ["--scenario", "normalize", "--postings", "1000", "--output", "o.json", "--base", "5"],
            [
                "--scenario",
                "normalize",
                "--postings",
                "1000",
                "--output",
                "o.json",
                "--seed",
                "7",
                "--base",
                "5",
            ],
        ),
    ],
)
def test_skillmarket_bench_execs_python_m_bench_with_the_same_options(
    execs: list[list[str]], args: list[str], forwarded: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["bench", *args])
    assert isinstance(result.exception, Exec)
    assert execs == [[sys.executable, "-m", "bench", *forwarded]]


def test_both_entries_take_the_same_options() -> None:
    command = get_command(cli)
    assert isinstance(command, TyperGroup)
    ours = command.commands["bench"]
    theirs = get_command(bench_main.app)

    def describe(params: list) -> list[tuple]:
        return [(p.name, tuple(p.opts), p.default, getattr(p, "help", None)) for p in params]

    assert describe(ours.params) == describe(theirs.params)
    assert ours.help == theirs.help


def test_every_scenario_has_a_runner() -> None:
    assert tuple(bench_main.RUNNERS) == bench_cli.SCENARIOS


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMARKET_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_an_unknown_scenario_is_one_line_through_either_entry() -> None:
    for args in (("bench",), ("skillmarket.cli", "bench")):
        result = _python_m(*args, "--scenario", "nosuch")
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        choices = "build, incremental, scale, spark, normalize, coverage, queries or browser"
        assert f"unknown scenario 'nosuch'; choose {choices}" in result.stderr


def test_python_m_bench_has_help() -> None:
    result = _python_m("bench", "--help")
    assert result.returncode == 0
    assert "--scenario" in result.stdout and "Example:" in result.stdout

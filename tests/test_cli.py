"""The CLI: every command is documented in the README and has an example, errors are one clear
line."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.core import TyperGroup
from typer.main import get_command

from skillmarket.cli import cli
from skillmarket.cli.docs import leaf_commands

ROOT = Path(__file__).resolve().parents[1]
ROOT_COMMAND = get_command(cli)
assert isinstance(ROOT_COMMAND, TyperGroup)


def _every_command() -> list[tuple[str, object]]:
    """Every command and group of the tree, by its path ("ingest ashby")."""
    found: list[tuple[str, object]] = []

    def walk(group: TyperGroup, path: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            found.append((" ".join((*path, name)), command))
            if isinstance(command, TyperGroup):
                walk(command, (*path, name))

    walk(ROOT_COMMAND, ())
    return found


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = [" ".join(path) for path, _ in leaf_commands(ROOT_COMMAND)]
    assert {"demo", "ingest sample", "build", "app", "check", "bench", "docs"} <= set(commands)
    missing = [c for c in commands if not re.search(rf"skillmarket {c}\b", readme)]
    assert not missing, f"commands missing from README: {missing}"


def test_every_command_help_has_an_example() -> None:
    for name, command in _every_command():
        assert "Example:" in (command.help or ""), name  # type: ignore[attr-defined]


def test_help_reads_at_80_columns() -> None:
    """Typer keeps a help text's line breaks: lines over 78 characters wrap mid-sentence."""
    long_lines = [
        f"{name}: {line}"
        for name, command in _every_command()
        for line in inspect.cleandoc(command.help or "").splitlines()  # type: ignore[attr-defined]
        if len(line) > 78
    ]
    assert not long_lines, "\n".join(long_lines)


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SKILLMARKET_HOME": str(home)}
    env.pop("SKILLMARKET_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "skillmarket.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_unknown_source_is_one_clear_line(tmp_path: Path) -> None:
    result = _run("ingest", "nosuchsource", home=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "unknown source 'nosuchsource'" in result.stderr


def test_app_without_snapshot_says_how_to_build_one(tmp_path: Path) -> None:
    result = _run("app", home=tmp_path)
    assert result.returncode == 1
    assert "skillmarket demo --no-app" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_with_no_raw_data_says_what_to_do(tmp_path: Path) -> None:
    result = _run("build", home=tmp_path)
    assert result.returncode == 1
    assert "skillmarket ingest sample" in result.stderr
    assert "Traceback" not in result.stderr

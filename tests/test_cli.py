"""The CLI: every command is documented in the README, errors are one clear line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from typer.main import get_command

from skillmarket.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = sorted(get_command(cli).commands)  # type: ignore[attr-defined]
    assert {"demo", "ingest", "build", "app", "check", "bench"} <= set(commands)
    missing = [c for c in commands if not re.search(rf"skillmarket {c}\b", readme)]
    assert not missing, f"commands missing from README: {missing}"


def test_every_command_help_has_an_example() -> None:
    for name, command in get_command(cli).commands.items():  # type: ignore[attr-defined]
        assert "Example:" in (command.help or ""), name


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

"""The one command-line interface: `skillmarket demo | ingest <source> | boards | collect |
build | app | check | validate | bench | docs`; this module assembles the command tree from the
modules beside it.

Errors print one clear line (set SKILLMARKET_DEBUG=1 for the traceback); long steps show rich
progress bars. `skillmarket bench` runs `python -m bench` (see `skillmarket.cli.bench`), so
nothing here imports `bench/`.

May import: every layer through `skillmarket.pipeline`, `contract`, typer, rich.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from skillmarket.cli import build, checks, docs
from skillmarket.cli.bench import bench_command, exec_bench
from skillmarket.cli.boards import boards_app
from skillmarket.cli.collect_all import collect
from skillmarket.cli.common import CliError, console, new_app, run_cli
from skillmarket.cli.ingest import ingest_app

# The order `skillmarket --help` and the README list the commands in: the way data flows.
ORDER = (
    "demo",
    "ingest",
    "boards",
    "collect",
    "build",
    "app",
    "check",
    "validate",
    "bench",
    "docs",
)


class _Commands(TyperGroup):
    """The root group, listing its commands in `ORDER` (Typer lists sub-apps last)."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        rank = {name: i for i, name in enumerate(ORDER)}
        return sorted(self.commands, key=lambda name: rank.get(name, len(ORDER)))


cli = new_app("Skillmarket: labor-market intelligence for ML and AI skills.", cls=_Commands)
cli.command()(build.demo)
cli.add_typer(ingest_app, name="ingest")
cli.add_typer(boards_app, name="boards")
cli.command("collect")(collect)
cli.command("build")(build.build)
cli.command()(build.app)
cli.command()(checks.check)
cli.command()(checks.validate)
cli.command("bench")(bench_command(exec_bench))
cli.command()(docs.docs)


def main() -> None:
    """Entry point (`skillmarket`): run the CLI, turning any error into one line."""
    run_cli(cli)


__all__ = ["CliError", "cli", "console", "main"]

"""What every command shares: the stderr console, the one-line error, progress bars, and the
runner that turns an exception into that one line (`python -m bench` runs through it too).

May import: the standard library, typer, rich.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

console = Console(stderr=True)


class CliError(RuntimeError):
    """An error to show the user as one line."""


def new_app(
    help_text: str, cls: type[TyperGroup] | None = None, no_args_is_help: bool = True
) -> typer.Typer:
    """A Typer app (or sub-app) with the house settings: help when run bare, no shell-completion
    options, plain tracebacks (`run_cli` shows errors as one line instead)."""
    return typer.Typer(
        cls=cls,
        help=help_text,
        no_args_is_help=no_args_is_help,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    """A `(stage, done, total)` callback drawing one rich bar per stage."""
    with Progress(
        TextColumn("[bold]{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal and os.environ.get("CI") == "true",
    ) as bars:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if total <= 0:  # nothing to do (e.g. every raw file already loaded): a full bar
                done, total = 1, 1
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield report


def run_cli(app: typer.Typer) -> None:
    """Run `app`, turning any error into one line (the traceback with SKILLMARKET_DEBUG=1)."""
    try:
        app()
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SKILLMARKET_DEBUG"):
            raise
        known = isinstance(exc, CliError | FileNotFoundError | ValueError | RuntimeError)
        kind = "" if known else f"{type(exc).__name__}: "
        console.print(f"[red]error:[/red] {kind}{exc}", highlight=False, soft_wrap=True)
        sys.exit(1)

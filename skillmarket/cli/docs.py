"""`skillmarket docs`: the parts of README.md and docs/contracts.md that restate the contract or
the CLI, generated from them and kept in step (as sqlite-utils does with its docs).

Each generated part sits between marker comments, `<!-- <name>:start -->` and
`<!-- <name>:end -->`; everything around them is written by hand:
- README.md `cli`: the CLI reference, one row per command of the Typer app (its usage and help);
- README.md `marts`: the published marts and their grain (`contract.marts`);
- docs/contracts.md `vocab`: role families, seniorities, pay periods (`contract.vocab`);
- docs/contracts.md `staging`: the staging row's columns, types and meanings (`contract.staging`);
- docs/contracts.md `marts`: the published marts, their grain and unique key.

`skillmarket docs` (or `--check`) exits 1 naming each part that is out of step; `--write`
rewrites them. tests/docs runs the same check.

May import: `contract`, the standard library, typer.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from contract.marts import MARTS
from contract.sources import POSTING_SOURCES
from contract.staging import STAGING_COLUMNS, StagingColumn
from contract.vocab import ANNUALIZE, PAY_PERIODS, ROLE_FAMILIES, SENIORITIES
from skillmarket.cli.common import CliError, console

ROOT = Path(__file__).resolve().parents[2]
README = "README.md"
CONTRACTS = "docs/contracts.md"


# ------------------------------------------------------------------------------ rendering
def _cell(text: str) -> str:
    """`text` as a Markdown table cell: pipes escaped, and outside `code` spans also the
    characters Markdown would read as HTML or emphasis."""
    pieces = re.split(r"(`[^`]*`)", text)
    for i in range(0, len(pieces), 2):  # the even pieces are outside code spans
        pieces[i] = pieces[i].replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*")
    return "".join(pieces).replace("|", "\\|")


def _param_usage(param: TyperArgument | TyperOption) -> str | None:
    """How a parameter reads in a command's usage line, e.g. `[--board TOKEN]…`."""
    if getattr(param, "hidden", False) or param.name == "help":
        return None
    if isinstance(param, TyperArgument):
        name = param.metavar or (param.name or "").upper()
        return name if param.required else f"[{name}]"
    flag = param.opts[0]
    if param.is_flag:
        secondary = [o for o in param.secondary_opts if o != f"--no-{flag.removeprefix('--')}"]
        return f"[{'|'.join([flag, *secondary])}]"
    usage = f"[{flag} {param.metavar or param.type.name.upper()}]"
    return f"{usage}…" if param.multiple else usage


def command_usage(path: tuple[str, ...], command: TyperCommand) -> str:
    """`skillmarket <path> [options…] ARGS`, options in the order the command declares them."""
    parts = [_param_usage(param) for param in command.params]
    return " ".join(["skillmarket", *path, *(p for p in parts if p)])


def command_summary(command: TyperCommand) -> str:
    """The command's help without its examples, as one paragraph."""
    lines = (command.help or "").strip().splitlines()
    kept = [line.strip() for line in lines if not line.strip().startswith("Example:")]
    return " ".join(line for line in kept if line)


def leaf_commands(
    group: TyperGroup, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], TyperCommand]]:
    """Every runnable command under `group` with its path (`("ingest", "ashby")`), in the order
    the help lists them; hidden commands left out."""
    for name in group.list_commands(typer.Context(group)):
        command = group.commands[name]
        if command.hidden:
            continue
        if isinstance(command, TyperGroup):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def cli_reference(root: TyperGroup) -> str:
    rows = ["| command | what it does |", "|---|---|"]
    for path, command in leaf_commands(root):
        usage = command_usage(path, command)
        code = usage.replace("|", "\\|")
        rows.append(f"| `{code}` | {_cell(command_summary(command))} |")
    return "\n".join(rows)


def readme_marts() -> str:
    rows = ["| mart | grain |", "|---|---|"]
    rows += [f"| `{mart.name}` | {_cell(mart.grain)} |" for mart in MARTS]
    return "\n".join(rows)


def contract_marts() -> str:
    rows = ["| mart | grain | unique key |", "|---|---|---|"]
    for mart in MARTS:
        key = ", ".join(mart.keys) if mart.keys else "(not checked)"
        rows.append(f"| `{mart.name}` | {_cell(mart.grain)} | {key} |")
    return "\n".join(rows)


def contract_vocab() -> str:
    annualize = ", ".join(f"{period} x {ANNUALIZE[period]}" for period in PAY_PERIODS)
    items = [
        f"`role_family`: {', '.join(ROLE_FAMILIES)}",
        f"`seniority`: {', '.join(SENIORITIES)}",
        f"`pay_period`: {', '.join(PAY_PERIODS)}. Annualization (metrics.md): {annualize}.",
    ]
    wrap = textwrap.TextWrapper(width=100, initial_indent="- ", subsequent_indent="  ")
    return "\n".join(wrap.fill(item) for item in items)


# a staging kind as the Polars dtype `ingest.staging.STAGING_SCHEMA` gives it
_STAGING_TYPES = {
    "text": "str",
    "boolean": "bool",
    "timestamp": "datetime(us, UTC)",
    "number": "f64",
    "integer": "i64",
}


def _staging_meaning(column: StagingColumn) -> str:
    if column.name == "source":  # the ids themselves live in contract.sources
        return f"{column.description}: {', '.join(POSTING_SOURCES)}"
    return column.description


def contract_staging() -> str:
    rows = ["| column | type | meaning |", "|---|---|---|"]
    for column in STAGING_COLUMNS:
        kind = _STAGING_TYPES[column.kind] + ("?" if column.nullable else "")
        rows.append(f"| {column.name} | {kind} | {_cell(_staging_meaning(column))} |")
    return "\n".join(rows)


def generated_parts(root: TyperGroup) -> dict[str, dict[str, Callable[[], str]]]:
    """File -> marker name -> the text between its markers."""
    return {
        README: {"cli": lambda: cli_reference(root), "marts": readme_marts},
        CONTRACTS: {"vocab": contract_vocab, "staging": contract_staging, "marts": contract_marts},
    }


# ------------------------------------------------------------------------ marker blocks
def _markers(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", flags=re.DOTALL)


def current_block(text: str, name: str, where: str) -> str:
    found = _markers(name).search(text)
    if found is None:
        raise CliError(f"{where}: no <!-- {name}:start --> ... <!-- {name}:end --> markers")
    return found.group(2).rstrip("\n")


def replace_block(text: str, name: str, body: str, where: str) -> str:
    current_block(text, name, where)  # the markers exist
    return _markers(name).sub(lambda m: f"{m.group(1)}{body}\n{m.group(3)}", text, count=1)


def stale_parts(root: TyperGroup, base: Path = ROOT) -> list[str]:
    """`<file>: <part>` for each generated part that differs from what is written there."""
    stale = []
    for file, parts in generated_parts(root).items():
        text = _read(base / file)
        for name, render in parts.items():
            if current_block(text, name, file) != render():
                stale.append(f"{file}: {name}")
    return stale


def write_parts(root: TyperGroup, base: Path = ROOT) -> list[str]:
    """Rewrite every generated part; `<file>: <part>` for each that changed. Nothing is written
    unless every file has all its markers."""
    changed: list[str] = []
    texts: dict[Path, str] = {}
    for file, parts in generated_parts(root).items():
        text = _read(base / file)
        for name, render in parts.items():
            if current_block(text, name, file) != render():
                text = replace_block(text, name, render(), file)
                changed.append(f"{file}: {name}")
        texts[base / file] = text
    for path, text in texts.items():
        if text != path.read_text():
            path.write_text(text)
    return changed


def _read(path: Path) -> str:
    if not path.exists():
        raise CliError(f"no {path}: `skillmarket docs` works in a source checkout")
    return path.read_text()


# ------------------------------------------------------------------------------ the command
def docs(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check/--write", help="Only check (default), or rewrite the parts."),
    ] = True,
) -> None:
    """Check (or `--write`) the docs' parts made from the contract and the CLI.

    The parts: README.md's CLI reference and marts, docs/contracts.md's
    vocabularies and marts with their grain, each between two marker comments
    (`cli:start` and `cli:end`, ...). The check exits 1 naming each part out
    of step.

    Example: skillmarket docs --write
    """
    root = ctx.find_root().command
    assert isinstance(root, TyperGroup)
    if not check:
        changed = write_parts(root)
        console.print("rewrote " + ", ".join(changed) if changed else "docs already in step")
        return
    stale = stale_parts(root)
    if stale:
        raise CliError(
            "out of step with the contract or the CLI: "
            + "; ".join(stale)
            + " (run `skillmarket docs --write`)"
        )
    console.print("README.md and docs/contracts.md agree with the contract and the CLI")

"""The board registry: public job-board tokens per system, one row per board, in a versioned CSV
(`ingest/boards/registry.csv`; `$SKILLMARKET_BOARDS` names another file). `skillmarket ingest
<source>` without `--board` fetches the registry's active boards of that source;
`skillmarket boards` lists, adds, checks and disables them.

File format: `#` comment lines first (`# version: N` and `# updated: YYYY-MM-DD` among them),
then a CSV header and one row per board with the columns `COLUMNS`: system (a posting source
that collects online), token (as the board's API spells it), company, country (ISO-2),
industry, status (active | disabled), added (YYYY-MM-DD) and a note (where the token comes from,
why it was disabled). A token is unique per system regardless of case. Every write bumps the
version, dates it and replaces the file atomically; rows are kept sorted by system and token.

May import: the standard library, `contract`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

from contract.sources import posting_sources

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "boards" / "registry.csv"
REGISTRY_ENV = "SKILLMARKET_BOARDS"
STATUSES = ("active", "disabled")
_HEADER_FIELD = re.compile(r"^#\s*(version|updated)\s*:\s*(.*?)\s*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass
class BoardEntry:
    """One board of the registry."""

    system: str
    token: str
    company: str = ""
    country: str = ""
    industry: str = ""
    status: str = "active"
    added: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.system, self.token.casefold())


COLUMNS = tuple(f.name for f in fields(BoardEntry))


def board_systems() -> tuple[str, ...]:
    """The systems a registry row may name: the contract's sources that collect online."""
    return tuple(s.id for s in posting_sources() if s.collects_online)


@dataclass
class Registry:
    """A registry file as read: its version, last update, other comment lines and boards."""

    path: Path
    version: int = 0
    updated: str = ""
    comments: list[str] = field(default_factory=list)
    entries: list[BoardEntry] = field(default_factory=list)

    def find(self, system: str, token: str) -> BoardEntry | None:
        """The entry of `token` on `system` (tokens compared regardless of case)."""
        key = (system, token.strip().casefold())
        return next((entry for entry in self.entries if entry.key == key), None)

    def boards(self, system: str | None = None, status: str | None = None) -> list[BoardEntry]:
        """The entries of one system and/or status, in file order."""
        return [
            entry
            for entry in self.entries
            if (system is None or entry.system == system)
            and (status is None or entry.status == status)
        ]

    def add(self, entry: BoardEntry) -> BoardEntry:
        """Add a valid new entry; ValueError when it is invalid or its token is listed."""
        entry = BoardEntry(**{name: str(value).strip() for name, value in asdict(entry).items()})
        problem = entry_problem(entry)
        if problem:
            raise ValueError(problem)
        existing = self.find(entry.system, entry.token)
        if existing is not None:
            raise ValueError(
                f"{entry.system} board {entry.token!r} is already listed "
                f"(as {existing.token!r}, {existing.status})"
            )
        self.entries.append(entry)
        return entry

    def disable(self, system: str, token: str, reason: str) -> BoardEntry:
        """Mark a listed board disabled, appending `reason` to its note; KeyError if absent."""
        entry = self.find(system, token)
        if entry is None:
            raise KeyError(f"no {system} board {token!r} in {self.path}")
        entry.status = "disabled"
        entry.note = "; ".join(part for part in (entry.note, reason) if part)
        return entry


def registry_path() -> Path:
    """The registry file in use: `$SKILLMARKET_BOARDS`, else the one shipped with Skillmarket."""
    override = os.environ.get(REGISTRY_ENV)
    return Path(override).expanduser() if override else REGISTRY_FILE


def entry_problem(entry: BoardEntry) -> str | None:
    """Why an entry cannot be in the registry, or None."""
    if entry.system not in board_systems():
        return f"unknown system {entry.system!r} (one of {', '.join(board_systems())})"
    if not entry.token or any(ch in entry.token for ch in "\r\n\t/"):
        return f"token {entry.token!r}: empty, or holds a slash, tab or line break"
    if entry.status not in STATUSES:
        return f"status {entry.status!r}: expected one of {', '.join(STATUSES)}"
    if entry.country and not _COUNTRY.match(entry.country):
        return f"country {entry.country!r}: expected an ISO-2 code like DE"
    if entry.added:
        try:
            date.fromisoformat(entry.added)
        except ValueError:
            return f"added {entry.added!r}: expected YYYY-MM-DD"
    return None


def read_registry(path: Path | None = None) -> Registry:
    """The registry at `path` (default: `registry_path()`); ValueError naming the file and line
    of anything malformed (an unknown column or system, a duplicate token, a bad status)."""
    path = path or registry_path()
    registry = Registry(path=path)
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = 0
    for number, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = number
            break
        found = _HEADER_FIELD.match(line)
        if found and found[1] == "version":
            registry.version = _version(found[2], path, number + 1)
        elif found:
            registry.updated = found[2]
        else:
            registry.comments.append(line)
    else:
        body_start = len(lines)
    reader = csv.DictReader(io.StringIO("\n".join(lines[body_start:])))
    if reader.fieldnames is None or tuple(reader.fieldnames) != COLUMNS:
        raise ValueError(f"{path}: expected the columns {','.join(COLUMNS)}")
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        line = body_start + reader.line_num
        if None in row or any(value is None for value in row.values()):
            raise ValueError(f"{path}:{line}: expected {len(COLUMNS)} fields")
        entry = BoardEntry(**{name: row[name].strip() for name in COLUMNS})
        problem = entry_problem(entry)
        if problem:
            raise ValueError(f"{path}:{line}: {problem}")
        if entry.key in seen:
            raise ValueError(
                f"{path}:{line}: {entry.system} {entry.token!r} repeats line {seen[entry.key]}"
            )
        seen[entry.key] = line
        registry.entries.append(entry)
    return registry


def _version(text: str, path: Path, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{path}:{line}: version {text!r} is not a number") from None


def write_registry(registry: Registry, today: date) -> None:
    """Write the registry back: version + 1, updated today, rows sorted, replaced atomically."""
    registry.version += 1
    registry.updated = today.isoformat()
    order = {system: rank for rank, system in enumerate(board_systems())}
    registry.entries.sort(key=lambda e: (order.get(e.system, len(order)), e.token.casefold()))
    out = io.StringIO()
    out.write("\n".join(registry.comments[:1]) + ("\n" if registry.comments else ""))
    out.write(f"# version: {registry.version}\n# updated: {registry.updated}\n")
    out.write("".join(f"{line}\n" for line in registry.comments[1:]))
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(entry) for entry in registry.entries)
    tmp = registry.path.with_name(f".{registry.path.name}.{os.getpid()}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(registry.path)


def default_boards(source: str) -> list[str]:
    """The active boards of `source` in the registry (an empty list when it lists none)."""
    return [entry.token for entry in read_registry().boards(source, "active")]

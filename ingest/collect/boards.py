"""The default board lists (`ingest/boards.yml`): public board tokens of AI/ML employers per
job-board system, used when `skillmarket ingest <source>` gets no `--board`.

May import: the standard library, pyyaml.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

BOARDS_FILE = Path(__file__).resolve().parent.parent / "boards.yml"


@cache
def _board_lists() -> dict[str, list[str]]:
    data = yaml.safe_load(BOARDS_FILE.read_text()) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{BOARDS_FILE}: expected a mapping of source -> list of boards")
    lists: dict[str, list[str]] = {}
    for source, boards in data.items():
        if not isinstance(boards, list) or not all(isinstance(b, str) for b in boards):
            raise ValueError(f"{BOARDS_FILE}: {source}: expected a list of board tokens")
        lists[str(source)] = list(dict.fromkeys(b.strip() for b in boards if b.strip()))
    return lists


def default_boards(source: str) -> list[str]:
    """The configured boards of `source` (an empty list when none are configured)."""
    return list(_board_lists().get(source, []))

"""What the stages share: the build report they fill, the progress callback, the build error
and the taxonomy folder.

May import: the standard library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TAXONOMY = Path(__file__).resolve().parents[2] / "analytics" / "taxonomy"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class BuildReport:
    build_id: str = ""
    snapshot: Path | None = None
    files_loaded: int = 0
    files_skipped: int = 0
    records_parsed: int = 0
    records_quarantined: int = 0
    source_records: int = 0
    canonical_postings: int = 0
    dedup_rate: float = 0.0
    mart_rows: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    mart_seconds: dict[str, float] = field(default_factory=dict)


class BuildError(RuntimeError):
    """The build cannot proceed; the message says why and what to do."""

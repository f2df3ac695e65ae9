"""What the stages share: the build report they fill, the progress callback, the build error,
the taxonomy folder, and the initializer that makes worker processes die with the build.

May import: the standard library.
"""

from __future__ import annotations

import os
import threading
import time
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
    records_normalized: int = 0  # source records normalized by this build (new or changed)
    records_reused: int = 0  # source records whose normalized row an earlier build kept
    records_rededuped: int = 0  # source records in the dedupe partitions this build touched
    canonical_postings: int = 0
    dedup_rate: float = 0.0
    mart_rows: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    mart_seconds: dict[str, float] = field(default_factory=dict)
    normalize_seconds: dict[str, float] = field(default_factory=dict)  # by step of the stage
    leftovers_removed: list[str] = field(default_factory=list)  # of an interrupted build


class BuildError(RuntimeError):
    """The build cannot proceed; the message says why and what to do."""


PARENT_POLL_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Worker-process initializer (`initargs=(os.getpid(),)` of the build process): exit at
    once when the build is gone (killed with -9, say), instead of waiting forever on its pipe
    (81 minutes and counting).

    A daemon thread polls `os.getppid()` twice a second: when the parent dies the worker is
    re-parented (to init or a subreaper) and its parent pid changes. The parent's pid is given,
    not read here: a worker still starting when the build was killed is re-parented already.
    Chosen over Linux's PR_SET_PDEATHSIG, which fires when the *thread* that started the
    worker ends (the pool's manager thread starts replacement workers, `max_tasks_per_child`)
    and exists on Linux only; the poll works wherever Python runs and costs nothing measurable.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)  # no cleanup: the build that owned this work is gone

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()

"""What a home holds: the simulated sample market or real data, never both.

A snapshot built from both would show simulated and real postings side by side under one data
label, so `ingest sample`/`demo` refuse a home that holds real postings or candidate profiles,
and importing or collecting real ones refuses a home that holds the sample. Which folders are
which comes from the contract: the simulated source (`Source.is_simulated`, `raw/sample/`)
against the posting sources and the talent pool (`raw/<id>/`). The message names both sides
and how to keep each in a home of its own (`SKILLMARKET_HOME`).

May import: the standard library, `contract`, `skillmarket.config`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from contract.sources import SAMPLE_SOURCE, posting_sources, source
from skillmarket.config import Settings

SUPPLY_SOURCE = "talent_pool"  # candidate profiles: real ones must not meet simulated postings


class MixedHomeError(RuntimeError):
    """Sample and real data would meet in one home; the message says what to do instead."""


def _has_files(folder: Path) -> bool:
    """True when `folder` holds a file at any depth (stops at the first one)."""
    if not folder.is_dir():
        return False
    return any(files for _, _, files in os.walk(folder))


def sample_in_home(raw_root: Path) -> str | None:
    """A description of the sample market in the raw store, or None when there is none."""
    folder = raw_root / SAMPLE_SOURCE.id
    if not _has_files(folder):
        return None
    params_file = folder / "truth" / "params.json"
    try:
        params = json.loads(params_file.read_text())
        size = f"{int(params['n_postings']):,} postings, seed {params['seed']}; "
    except (OSError, ValueError, KeyError, TypeError):
        size = ""
    return f"the simulated sample market ({size}{folder})"


def real_sources_in_home(raw_root: Path) -> list[str]:
    """The real posting sources (and the talent pool) with files in the raw store."""
    ids = [record.id for record in posting_sources()] + [SUPPLY_SOURCE]
    return [source_id for source_id in ids if _has_files(raw_root / source_id)]


def _what(source_id: str) -> str:
    """What a source's data is called in a message ("Ashby job boards postings")."""
    if source_id == SUPPLY_SOURCE:
        return "candidate profiles (talent pool)"
    try:
        return f"{source(source_id).short_name} postings"
    except KeyError:
        return f"{source_id} data"


def refuse_real_into_sample(settings: Settings, source_id: str) -> None:
    """Raise MixedHomeError when the home holds the sample and `source_id` is real data."""
    sample = sample_in_home(settings.raw_root)
    if sample is None:
        return
    raise MixedHomeError(
        f"this home ({settings.home}) holds {sample}; real {_what(source_id)} would be "
        "mixed into the same snapshot and labelled sample data. Keep real data in a home of "
        f"its own: SKILLMARKET_HOME={settings.home}-real skillmarket ingest ... , then "
        f"SKILLMARKET_HOME={settings.home}-real skillmarket build"
    )


def refuse_sample_into_real(settings: Settings) -> None:
    """Raise MixedHomeError when the home holds real postings or candidate profiles."""
    real = real_sources_in_home(settings.raw_root)
    if not real:
        return
    folders = ", ".join(str(settings.raw_root / source_id) for source_id in real)
    raise MixedHomeError(
        f"this home ({settings.home}) holds real data ({folders}); the simulated sample market "
        "would be mixed into the same snapshot. Run the sample in a home of its own: "
        f"SKILLMARKET_HOME={settings.home}-sample skillmarket demo"
    )

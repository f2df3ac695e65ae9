"""Settings and paths, read from environment variables `SKILLMARKET_*`.

May import: the standard library only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = Path("data")


@dataclass(frozen=True)
class Settings:
    """Where Skillmarket keeps its data, and how the build behaves."""

    home: Path

    @property
    def raw_root(self) -> Path:
        return self.home / "raw"

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def curated_root(self) -> Path:
        return self.home / "curated"

    @property
    def current_snapshot(self) -> Path:
        return self.curated_root / "current"


def load_settings() -> Settings:
    """Settings from the environment (`SKILLMARKET_HOME`, default `./data`)."""
    home = Path(os.environ.get("SKILLMARKET_HOME", str(DEFAULT_HOME))).expanduser()
    return Settings(home=home)

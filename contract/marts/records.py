"""The shapes of a published table's record: `Mart` (grain, keys, read order, columns,
thresholds), `Column` (kind, unit, description, what the read API needs) and `Threshold`.

May import: the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "integer", "number", "boolean", "date", "text_list"]
ReadNeed = Literal["required", "optional", "published"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    unit: str  # percent, count, 0-1, ratio, points, log points, date, ... ("" where none)
    description: str
    read: ReadNeed = "published"
    read_default: str | None = None  # value an older snapshot's missing optional column reads


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float
    meaning: str


@dataclass(frozen=True)
class Mart:
    name: str
    grain: str
    keys: tuple[str, ...]  # unique together (checked after publish); () = not checked
    read_order: tuple[str, ...]  # sort order publish writes the rows in (() = as built)
    columns: tuple[Column, ...]
    thresholds: tuple[Threshold, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def threshold(self, name: str) -> float:
        for threshold in self.thresholds:
            if threshold.name == name:
                return threshold.value
        raise KeyError(f"{self.name} has no threshold {name!r}")

    def threshold_int(self, name: str) -> int:
        return int(self.threshold(name))

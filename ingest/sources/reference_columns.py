"""The header of a reference file checked against the columns its source expects, before the
body is parsed: a CSV whose header is a million columns long is refused from its first line
(a Hiring Lab CSV like that once published a million junk rows), as is a file lacking a column
the parser needs or, for a fixed layout, holding a column it does not know.

`csv_header` reads only the first line (at most `MAX_HEADER_BYTES`) with the csv module;
`check_columns` applies the rules; both raise `SourceFormatError` naming source, file and
reason, which the build turns into a whole-file quarantine row and an import into a refusal.

May import: the standard library, `ingest.sources.common`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable

from ingest.sources.common import SourceFormatError

MAX_HEADER_BYTES = 256 * 1024  # the widest real header (DOL LCA, ~100 columns) is ~2 KB
MAX_COLUMNS = 1000


def csv_header(data: bytes, source: str, raw_file: str, delimiter: str = ",") -> list[str]:
    """The column names of a CSV's first line (BOM and surrounding spaces removed)."""
    end = data.find(b"\n", 0, MAX_HEADER_BYTES + 1)
    if end < 0 and len(data) > MAX_HEADER_BYTES:
        raise SourceFormatError(
            source, raw_file, f"header line longer than {MAX_HEADER_BYTES:,} bytes; not read"
        )
    line = data[: end if end >= 0 else len(data)].decode("utf-8-sig", errors="replace")
    names = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    return [name.strip() for name in names]


def _listed(names: Iterable[str], limit: int = 8) -> str:
    names = list(names)
    more = f" and {len(names) - limit:,} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def check_columns(
    columns: list[str],
    source: str,
    raw_file: str,
    *,
    required: Collection[str] = (),
    allowed: Collection[str] | None = None,
    max_columns: int = MAX_COLUMNS,
) -> None:
    """Raise SourceFormatError when `columns` (compared case-insensitively) lack a `required`
    one, hold one outside `allowed` (when given: a fixed layout), or number over
    `max_columns`."""
    if len(columns) > max_columns:
        raise SourceFormatError(
            source, raw_file, f"{len(columns):,} columns (at most {max_columns:,} expected)"
        )
    have = {c.lower() for c in columns}
    missing = [c for c in required if c.lower() not in have]
    if missing:
        raise SourceFormatError(source, raw_file, f"lacks columns {_listed(missing)}")
    if allowed is not None:
        known = {c.lower() for c in allowed}
        unknown = [c for c in columns if c.lower() not in known]
        if unknown:
            raise SourceFormatError(
                source,
                raw_file,
                f"unexpected columns {_listed(unknown)} (expected only {_listed(allowed, 12)})",
            )

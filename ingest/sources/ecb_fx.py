"""ECB euro foreign exchange reference rates (free reuse with attribution to the ECB).

`collect_online` fetches `eurofxref-hist.zip` (daily rates per EUR since 1999) into
`raw/ecb_fx/<today>/`; `import_file` copies a downloaded zip or CSV. `daily_csv` returns the CSV
bytes inside a stored file, checked to be the ECB layout (a `Date` column and a `USD` column).
The build turns it into monthly USD crosses in the shape of the shipped fallback table
(`analytics/taxonomy/fx_monthly.csv`) with `analytics.normalize.fx.monthly_rates_from_ecb`.

May import: the standard library, `ingest.sources.common`, `ingest.sources.reference_columns`,
`ingest.sources.reference_fetch`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ingest.sources.common import SourceFormatError
from ingest.sources.reference_columns import check_columns, csv_header
from ingest.sources.reference_fetch import (
    Fetcher,
    FetchError,
    fetch_file,
    latest_snapshot_files,
    read_reference_file,
    store_fetched,
    store_local_file,
)

SOURCE = "ecb_fx"
URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
MAX_CSV_BYTES = 50 * 1024 * 1024  # the full history is about 2 MB
MAX_COLUMNS = 200  # Date and ~41 currencies (ISO 4217 has about 180)
CURRENCY = re.compile(r"[A-Z]{3}")


def daily_csv(data: bytes, raw_file: str) -> bytes:
    """The ECB daily-rates CSV inside `data` (a zip holding one CSV, or the CSV itself)."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
                if len(members) != 1:
                    raise SourceFormatError(
                        SOURCE, raw_file, f"expected one CSV in the zip, found {len(members)}"
                    )
                if members[0].file_size > MAX_CSV_BYTES:
                    raise SourceFormatError(
                        SOURCE, raw_file, f"CSV of {members[0].file_size} bytes exceeds the cap"
                    )
                data = archive.read(members[0])
        except zipfile.BadZipFile as error:
            raise SourceFormatError(SOURCE, raw_file, f"broken zip: {error}") from error
    names = csv_header(data, SOURCE, raw_file)
    if "Date" not in names or "USD" not in names:
        raise SourceFormatError(
            SOURCE, raw_file, "not the ECB eurofxref-hist layout (needs Date and USD columns)"
        )
    # Date, then one column per currency code (and the empty one a trailing comma makes)
    currencies = [name for name in names if CURRENCY.fullmatch(name)]
    check_columns(
        names, SOURCE, raw_file, allowed=["Date", "", *currencies], max_columns=MAX_COLUMNS
    )
    return data


def collect_online(raw_root: Path, url: str = URL, fetch: Fetcher = fetch_file) -> Path:
    """Fetch the ECB history zip into today's snapshot (checked before it is stored)."""
    fetched = fetch(url)
    daily_csv(fetched.data, url)
    return store_fetched(raw_root, SOURCE, "eurofxref-hist.zip", fetched)


def import_file(raw_root: Path, path: Path) -> Path:
    """Copy a downloaded eurofxref-hist.zip or .csv into today's snapshot (checked first)."""
    data = read_reference_file(path)
    daily_csv(data, str(path))
    return store_local_file(raw_root, SOURCE, path, data=data)


def latest_raw_file(raw_root: Path) -> Path | None:
    """The newest stored ECB file, or None when only the shipped table is available."""
    files = latest_snapshot_files(raw_root, SOURCE, (".zip", ".csv"))
    if not files:
        return None
    return max(files, key=lambda p: (p.parent.name, p.name))


__all__ = ["URL", "FetchError", "collect_online", "daily_csv", "import_file", "latest_raw_file"]

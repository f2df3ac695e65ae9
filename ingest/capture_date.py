"""When was a downloaded response captured? For imports (`--from-dir`) whose files carry no
fetch time (a copied file's mtime is the copy's), the capture is dated no earlier than the
newest record in it: the latest publication/update timestamp any posting carries.

Reads the raw bytes (gzip or plain) with one regular expression per timestamp form: ISO dates
after the keys job boards use, and Lever's epoch milliseconds.

May import: the standard library, `ingest.snapshots` (the decompressed-size cap).
"""

from __future__ import annotations

import gzip
import io
import re
from datetime import UTC, date, datetime

from ingest.snapshots import MAX_DECOMPRESSED_BYTES

_KEYS = rb"publishedAt|updatedAt|updated_at|createdAt|created_at|datePosted|first_published"
# Recruitee (published_at), Workable (published_on, published), SmartRecruiters (releasedDate)
_KEYS += rb"|published_at|published_on|published|releasedDate"
_ISO = re.compile(rb'"(?:' + _KEYS + rb')"\s*:\s*"(\d{4}-\d{2}-\d{2})')
_EPOCH_MS = re.compile(rb'"(?:createdAt|updatedAt)"\s*:\s*(\d{13})\b')
_EARLIEST = date(2000, 1, 1)


def _text(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return stream.read(MAX_DECOMPRESSED_BYTES)
    return data


def latest_record_date(data: bytes, today: date | None = None) -> date | None:
    """The newest record date in a response, ignoring dates after `today` (typos, "valid
    through" style fields), or None when there is none."""
    today = today or datetime.now(UTC).date()
    text = _text(data)
    found: list[date] = []
    for match in _ISO.finditer(text):
        try:
            found.append(date.fromisoformat(match.group(1).decode()))
        except ValueError:
            continue
    for match in _EPOCH_MS.finditer(text):
        found.append(datetime.fromtimestamp(int(match.group(1)) / 1000, UTC).date())
    usable = [d for d in found if _EARLIEST <= d <= today]
    return max(usable) if usable else None

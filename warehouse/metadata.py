"""Documentation that travels with the data, as the snapshot manifest writes it: each published
mart's grain and columns (name -> description with its unit), and each source's title, license,
terms and attribution. Derived from the contract's records (`contract.marts`,
`contract.sources`), which are the one place to change them.

May import: the standard library, `contract`.
"""

from __future__ import annotations

from contract.marts import MARTS as MART_RECORDS
from contract.marts import PUBLISHED_TABLES
from contract.sources import SOURCES as SOURCE_RECORDS
from contract.sources import Source


def source_doc(source: Source) -> dict[str, str]:
    """The manifest's description of a source."""
    doc = {
        "title": source.display_name,
        "license": source.license,
        "url": source.url,
        "terms": source.terms,
    }
    if source.attribution:
        doc["attribution"] = source.attribution
    return doc


SOURCES: dict[str, dict[str, str]] = {s.id: source_doc(s) for s in SOURCE_RECORDS}
MARTS: dict[str, dict] = {
    m.name: {"grain": m.grain, "columns": {c.name: c.description for c in m.columns}}
    for m in MART_RECORDS
}

__all__ = ["MARTS", "PUBLISHED_TABLES", "SOURCES", "source_doc"]

"""Online collection of job postings: one small connector module per posting source of
`contract.sources` (`ingest.collect.<id>`: ashby, greenhouse, lever, workable, smartrecruiters,
recruitee, hn, jsonld) and the shared runner that stores responses in the raw store and counts
postings new / updated / unchanged / closed per board.

`collect_source` is the entry point the CLI calls. The boards a job-board source fetches by
default are the active rows of the board registry (`ingest.collect.boards`), which
`ingest.collect.board_check` checks (one request per board) and `ingest.collect.board_links`
finds on career pages.

May import: `contract`, the standard library, `ingest.http`, `ingest.snapshots`,
`ingest.sources`, `ingest.staging`.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any, cast

from contract.sources import posting_sources
from ingest.collect.runner import (
    CollectContext,
    Connector,
    Progress,
    SourceSummary,
    run_source,
)
from ingest.http import HttpPolicy, PoliteClient


def connector_for(source: str) -> Connector:
    """The connector module of a posting source (the contract's posting sources, read now)."""
    sources = [record.id for record in posting_sources()]
    if source not in sources:
        raise ValueError(f"no online connector for {source!r}; choose one of {', '.join(sources)}")
    return cast(Connector, importlib.import_module(f"ingest.collect.{source}"))


def collect_source(
    source: str,
    raw_root: Path,
    today: date,
    *,
    boards: list[str] | None = None,
    base_url: str | None = None,
    policy: HttpPolicy | None = None,
    options: dict[str, Any] | None = None,
    progress: Progress | None = None,
    client: PoliteClient | None = None,
) -> SourceSummary:
    """Collect one posting source into today's raw snapshot; see `ingest.collect.runner`."""
    connector = connector_for(source)
    own_client = client is None
    client = client or PoliteClient(policy, raw_root)
    try:
        ctx = CollectContext(
            source=source,
            client=client,
            raw_root=raw_root,
            today=today,
            base_url=base_url,
            boards=list(boards or []),
            options=dict(options or {}),
        )
        if progress is None:
            return run_source(connector, ctx)
        return run_source(connector, ctx, progress)
    finally:
        if own_client:
            client.close()

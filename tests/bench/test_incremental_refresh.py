"""The incremental benchmark's refresh snapshot (issue 14): one day after the market's last
snapshot, its Ashby boards listed again with postings closed, changed and new, in the format
the Ashby parser reads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bench.incremental import EDIT, write_refresh
from ingest.sample import generate_sample_market


def _jobs(folder: Path) -> dict[str, dict]:
    jobs = {}
    for path in folder.glob("*.json.gz"):
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
        except ValueError:
            continue
        jobs.update({f"{path.name}/{job['id']}": job for job in data["jobs"]})
    return jobs


def test_refresh_closes_changes_and_adds_postings(tmp_path: Path) -> None:
    generate_sample_market(tmp_path / "raw", n_postings=3_000, seed=5)
    sample = tmp_path / "raw" / "sample"
    last = sorted(p for p in sample.iterdir() if p.name[:2] == "20")[-1]
    before = _jobs(last / "ashby")
    refresh = write_refresh(sample, new=12, changed=4, closed=6)
    after = _jobs(refresh.folder / "ashby")
    assert refresh.folder.name > last.name
    assert (refresh.new, refresh.changed, refresh.closed) == (12, 4, 6)
    closed = set(before) - set(after)
    new = set(after) - set(before)
    changed = {key for key in set(after) & set(before) if after[key] != before[key]}
    assert len(closed) == 6 and len(new) == 12 and len(changed) == 4
    assert all(after[key]["descriptionHtml"].endswith(EDIT) for key in changed)
    assert refresh.listed == len(after) == len(before) - 6 + 12
    # every board still lists something: an empty board would read as an outage
    assert all(
        json.loads(gzip.decompress(p.read_bytes()))["jobs"]
        for p in (refresh.folder / "ashby").glob("*.json.gz")
    )

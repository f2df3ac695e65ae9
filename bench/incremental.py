"""Incremental build benchmark (issue 14): a full build of a sample market from an empty
warehouse, then a refresh of it, both measured in one run on the same machine, and the ratio
of their wall seconds.

The refresh is one crawl snapshot, dated the day after the market's last, of every Ashby board
that snapshot crawled (parsed by the same parser as the rest): `closed` of their postings are
gone, `changed` have an edited description, the others are listed as they were, and `new`
postings are added (earlier postings of the same boards listed again under new ids, published
on the refresh day). Defaults: 10,000 new, 2,000 changed, 5,000 closed.

The raw store is a sample generated into the temporary home, or (`SKILLMARKET_BENCH_RAW`) one
generated earlier, hard-linked into the temporary home (copied where links cannot be made), so
the refresh snapshot is written beside it and the original is never written to.

May import: `skillmarket` (the composition root), `bench.build`, the standard library.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.build import TreeRssSampler, machine, measured_build
from skillmarket.config import Settings

NEW, CHANGED, CLOSED = 10_000, 2_000, 5_000
EDIT = "<p>Update: this role now also works with our streaming platform (Kafka, Flink).</p>"
EDIT_PLAIN = "\nUpdate: this role now also works with our streaming platform (Kafka, Flink)."
NEW_IDS = uuid.UUID("5b1c0f3e-9d55-4a8e-9a51-2f8d1d5e0c14")  # uuid5 namespace of new ids


@dataclass(frozen=True)
class Refresh:
    """What the refresh snapshot holds."""

    folder: Path
    boards: int
    listed: int
    new: int
    changed: int
    closed: int


def _board_jobs(path: Path) -> dict | None:
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError):  # the sample plants truncated and broken files
        return None
    return data if isinstance(data, dict) and isinstance(data.get("jobs"), list) else None


def _snapshots(sample: Path) -> list[Path]:
    return sorted(p for p in sample.iterdir() if p.is_dir() and p.name[:2] == "20")


def write_refresh(
    sample: Path, new: int = NEW, changed: int = CHANGED, closed: int = CLOSED
) -> Refresh:
    """Write the refresh snapshot (see the module docstring) into `sample` (a sample market's
    `raw/sample`); fewer than asked are written when the boards hold fewer postings."""
    snapshots = _snapshots(sample)
    last = snapshots[-1]
    day = (date.fromisoformat(last.name) + timedelta(days=1)).isoformat()
    folder = sample / day / "ashby"
    folder.mkdir(parents=True)
    boards = {path.name: _board_jobs(path) for path in sorted((last / "ashby").glob("*.json.gz"))}
    boards = {name: data for name, data in boards.items() if data is not None}
    listed = {job.get("id") for data in boards.values() for job in data["jobs"]}
    # earlier postings of these boards, not listed in the last snapshot: the new ones' models
    models: dict[str, list[dict]] = {name: [] for name in boards}
    wanted = new
    for snapshot in reversed(snapshots[:-1]):
        if wanted <= 0:
            break
        for name in boards:
            data = _board_jobs(snapshot / "ashby" / name) if wanted > 0 else None
            for job in (data or {}).get("jobs", []):
                if job.get("id") not in listed and wanted > 0:
                    listed.add(job.get("id"))
                    models[name].append(job)
                    wanted -= 1
    counts = {"listed": 0, "new": 0, "changed": 0, "closed": 0}
    published = f"{day}T09:00:00.000+00:00"
    total = sum(len(data["jobs"]) for data in boards.values())
    seen = {"all": 0, "kept": 0, "closes_owed": 0}

    def picked(share: int, among: str, size: int) -> bool:  # `share` of `size`, spread evenly
        done, size = seen[among], max(size, 1)  # picks fall mid-interval, none at an end

        def before(n: int) -> int:
            return (2 * n * share + size) // (2 * size)

        return before(done + 1) > before(done)

    for name, data in boards.items():
        jobs: list[dict] = []
        for position, job in enumerate(data["jobs"]):
            seen["closes_owed"] += picked(closed, "all", total)
            seen["all"] += 1
            left = len(data["jobs"]) - position - 1 + len(models[name])
            # a board listing nothing would read as an outage: its close goes to a later one
            if seen["closes_owed"] and (jobs or left):
                seen["closes_owed"] -= 1
                counts["closed"] += 1
                continue
            change = picked(changed, "kept", total - closed)
            seen["kept"] += 1
            if change and job.get("descriptionHtml"):
                counts["changed"] += 1
                job = {
                    **job,
                    "descriptionHtml": job["descriptionHtml"] + EDIT,
                    "descriptionPlain": (job.get("descriptionPlain") or "") + EDIT_PLAIN,
                }
            jobs.append(job)
        for model in models[name]:
            new_id = str(uuid.uuid5(NEW_IDS, f"{name}/{model.get('id')}"))
            url = str(model.get("jobUrl") or "")
            jobs.append(
                {
                    **model,
                    "id": new_id,
                    "publishedAt": published,
                    "jobUrl": f"{url.rsplit('/', 1)[0]}/{new_id}" if url else url,
                }
            )
            counts["new"] += 1
        counts["listed"] += len(jobs)
        (folder / name).write_bytes(gzip.compress(json.dumps({**data, "jobs": jobs}).encode()))
    return Refresh(folder.parent, len(boards), **counts)


def _linked_copy(source: Path, target: Path) -> None:
    """`source`'s tree at `target`, files hard-linked (copied across file systems)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


@contextmanager
def _bench_home(raw_from: Path | None, postings: int, seed: int) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="skillmarket-bench-incremental-") as tmp:
        home = Path(tmp)
        if raw_from is not None:
            _linked_copy(raw_from, home / "raw")
        else:
            from ingest.sample import generate_sample_market

            generate_sample_market(home / "raw", n_postings=postings, seed=seed)
        yield home


def run_incremental_benchmark(postings: int, seed: int, output: Path) -> dict:
    """Full build, then the refresh, measured; writes and returns the JSON result."""
    env_raw = os.environ.get("SKILLMARKET_BENCH_RAW")
    raw_from = Path(env_raw) if env_raw else None
    load_before = [round(x, 2) for x in os.getloadavg()]
    prepared = time.perf_counter()
    with _bench_home(raw_from, postings, seed) as home:
        prepare_s = time.perf_counter() - prepared
        settings = Settings(home=home)
        with TreeRssSampler() as sampler:
            full = measured_build(settings, sampler)
            full["peak_rss_mb"] = round(sampler.peak_mb, 1)
        refresh = write_refresh(settings.raw_root / "sample")
        with TreeRssSampler() as sampler:
            again = measured_build(settings, sampler)
            again["peak_rss_mb"] = round(sampler.peak_mb, 1)
    ratio = again["seconds"]["build_total"] / full["seconds"]["build_total"]
    result = {
        "benchmark": "incremental",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "raw_reused_from": str(raw_from) if raw_from is not None else None,
        "postings_requested": postings if raw_from is None else None,
        "prepare_home_seconds": round(prepare_s, 1),
        "refresh": {
            "snapshot": refresh.folder.name,
            "ashby_boards": refresh.boards,
            "postings_listed": refresh.listed,
            "new": refresh.new,
            "changed": refresh.changed,
            "closed": refresh.closed,
        },
        "full_build": full,
        "refresh_build": again,
        "refresh_over_full_wall": round(ratio, 4),
        "refresh_over_full_cpu": round(
            again["cpu_seconds"]["build_total"] / full["cpu_seconds"]["build_total"], 4
        ),
        "load_average_before": load_before,
        "note": "peak_rss_mb: summed RSS of the process tree (this process and its workers), "
        "sampled every 0.1 s, per build; cpu_seconds: this process and its finished children.",
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    return result

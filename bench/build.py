"""Build benchmark: generate a sample market of N postings in a temporary home (or reuse an
already generated raw store), build it, and write per-stage seconds and peak memory as JSON.

`measured_build` builds a home once and measures it (the incremental and scale scenarios use
it too). Peak memory is measured two ways: the kernel's high-water marks (`ru_maxrss` of this
process and of its largest child), and the peak of the summed RSS of the whole process tree (this
process plus every descendant, e.g. the parse pool's workers), sampled every 0.1 s; the build
target is on the latter. Each stage also records the tree's peak while it ran.

`SKILLMARKET_BENCH_RAW=<dir>` reuses a raw store generated earlier with
`skillmarket ingest sample` (generating 1M postings takes minutes), read in place.
`SKILLMARKET_BENCH_HOME=<dir>` builds in that home (a new or empty folder) and keeps it, so the
snapshot can be read afterwards (the queries and browser scenarios at the same size).

May import: `skillmarket` (the composition root), the standard library.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from skillmarket.config import Settings

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports KiB


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children (pool workers are
    counted once the pool is shut down, i.e. at the end of the load stage)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        out.extend(int(child) for child in text.split())
    return out


def _rss_kb(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * _PAGE_KB


def process_tree_rss_mb(root: int | None = None) -> float:
    """Summed resident memory (MB) of a process and all its descendants (Linux /proc)."""
    pending = [root or os.getpid()]
    total = 0
    seen: set[int] = set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        pending.extend(_children(pid))
    return total / 1024


class TreeRssSampler:
    """Samples the process tree's summed RSS in a background thread; keeps the overall peak,
    the peak since the last `mark()` (a stage) and since the last `mark_step()` (a mart)."""

    def __init__(self, interval_s: float = 0.1) -> None:
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self.window_peak_mb = 0.0
        self.step_peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval_s)

    def _sample(self) -> None:
        rss = process_tree_rss_mb()
        self.peak_mb = max(self.peak_mb, rss)
        self.window_peak_mb = max(self.window_peak_mb, rss)
        self.step_peak_mb = max(self.step_peak_mb, rss)

    def mark(self) -> float:
        """Peak since the previous mark (MB), and start a new window."""
        self._sample()
        peak, self.window_peak_mb = self.window_peak_mb, 0.0
        return round(peak, 1)

    def mark_step(self) -> float:
        """Peak since the previous `mark_step` (MB), and start a new step window."""
        self._sample()
        peak, self.step_peak_mb = self.step_peak_mb, 0.0
        return round(peak, 1)

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


@contextmanager
def bench_folder(prefix: str) -> Iterator[Path]:
    """Where a benchmark builds: `SKILLMARKET_BENCH_HOME` (a new or empty folder, kept for
    inspection), else a temporary folder removed afterwards."""
    kept = os.environ.get("SKILLMARKET_BENCH_HOME")
    if kept:
        folder = Path(kept)
        if folder.exists() and any(folder.iterdir()):
            raise SystemExit(f"SKILLMARKET_BENCH_HOME={folder} is not empty: give a new folder")
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)


@contextmanager
def _bench_home(raw_from: Path | None) -> Iterator[Path]:
    with bench_folder("skillmarket-bench-") as home:
        _link_raw(home, raw_from)
        yield home


def _link_raw(home: Path, raw_from: Path | None) -> None:
    if raw_from is not None:
        (home / "raw").symlink_to(raw_from.resolve(), target_is_directory=True)


# the normalize stage's steps, each ended by the build's "dedupe" progress (done = 0, 1, 2)
NORMALIZE_STEPS = ("normalize_records", "dedupe_and_core_tables", "save_and_talent_pool")


def measured_build(settings: Settings, sampler: TreeRssSampler) -> dict:
    """Build `settings`' home once, measured: wall and CPU seconds per stage (CPU of this
    process and its finished children: the pools' workers are counted when their stage ends),
    CPU utilization per stage (CPU / wall, of 2 cores at most on this machine), the process
    tree's peak RSS per stage, per mart and per normalize step, per-mart seconds, and the build
    report's counts."""
    from skillmarket.pipeline import build
    from skillmarket.stages.marts import BUILDERS

    sampler.mark()
    stage_peaks: dict[str, float] = {}
    stage_cpu: dict[str, float] = {}
    cpu_mark = [_cpu_seconds()]

    def stage_done(stage: str) -> None:
        stage_peaks[stage] = sampler.mark()
        now = _cpu_seconds()
        stage_cpu[stage] = round(now - cpu_mark[0], 2)
        cpu_mark[0] = now

    mart_names = list(BUILDERS)
    mart_peaks: dict[str, float] = {}

    normalize_peaks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "marts":
            peak = sampler.mark_step()  # at 0: the window opens as the first mart starts
            if done > 0:
                mart_peaks[mart_names[done - 1]] = peak
        elif stage == "normalize" and done == 0:
            sampler.mark_step()
        elif stage == "dedupe":  # 0: the records are normalized; 1: dedupe and the core
            # tables; 2: their save and the talent pool
            step = NORMALIZE_STEPS[min(done, len(NORMALIZE_STEPS) - 1)]
            normalize_peaks[step] = sampler.mark_step()

    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    report = build(settings, progress, on_stage_end=stage_done)
    build_s = time.perf_counter() - start
    seconds = {**report.stage_seconds, "build_total": round(build_s, 2)}
    cpu = {**stage_cpu, "build_total": round(_cpu_seconds() - cpu_start, 2)}
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "cpu_utilization": {
            stage: round(cpu[stage] / seconds[stage], 2) for stage in cpu if seconds.get(stage)
        },
        "peak_rss_mb_by_stage": stage_peaks,
        "peak_rss_mb_by_mart": mart_peaks,
        "peak_rss_mb_by_normalize_step": normalize_peaks,
        "mart_seconds": report.mart_seconds,
        "normalize_seconds": report.normalize_seconds,
        "source_records": report.source_records,
        "records_normalized": report.records_normalized,
        "records_reused": report.records_reused,
        "records_rededuped": report.records_rededuped,
        "canonical_postings": report.canonical_postings,
        "files_loaded": report.files_loaded,
        "mart_rows": report.mart_rows,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def run_build_benchmark(
    postings: int, seed: int, output: Path, raw_from: Path | None = None, name: str = "build"
) -> dict:
    from ingest.sample import generate_sample_market

    env_raw = os.environ.get("SKILLMARKET_BENCH_RAW")
    raw_from = raw_from or (Path(env_raw) if env_raw else None)
    load_before = [round(x, 2) for x in os.getloadavg()]
    with _bench_home(raw_from) as home, TreeRssSampler() as sampler:
        settings = Settings(home=home)
        start = time.perf_counter()
        if raw_from is None:
            summary = generate_sample_market(settings.raw_root, n_postings=postings, seed=seed)
            records_generated: int | None = summary.n_records
        else:
            records_generated = None
        generate_s = time.perf_counter() - start
        mem_after_generate = _peak_rss_mb()
        measured = measured_build(settings, sampler)
        raw_mb = sum(p.stat().st_size for p in settings.raw_root.rglob("*") if p.is_file()) / 1e6
    build_s = measured["seconds"]["build_total"]
    result = {
        "benchmark": name,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "postings_requested": postings if raw_from is None else None,
        "raw_reused_from": str(raw_from) if raw_from is not None else None,
        "records_generated": records_generated,
        "raw_mb": round(raw_mb, 1),
        "source_records": measured["source_records"],
        "canonical_postings": measured["canonical_postings"],
        "seconds": {"generate": round(generate_s, 2), **measured["seconds"]},
        "mart_seconds": measured["mart_seconds"],
        "normalize_seconds": measured["normalize_seconds"],
        "cpu_seconds": measured["cpu_seconds"],
        "cpu_utilization": measured["cpu_utilization"],
        "load_average_before": load_before,
        "load_average_1m_at_end": measured["load_average_at_end"][0],
        "postings_per_second_build": round(measured["source_records"] / build_s, 1),
        "peak_rss_mb": {
            "after_generate": mem_after_generate,
            "after_build": _peak_rss_mb(),
            "process_tree": round(sampler.peak_mb, 1),
            "process_tree_by_stage": measured["peak_rss_mb_by_stage"],
            "process_tree_by_mart": measured["peak_rss_mb_by_mart"],
            "process_tree_by_normalize_step": measured["peak_rss_mb_by_normalize_step"],
        },
        "mart_rows": measured["mart_rows"],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    return result

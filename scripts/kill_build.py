"""Kill the build with SIGKILL in each stage and show that the next build equals an
uninterrupted one and that nothing is left behind (issue 17).

For each kill point, a fresh home with a copy of one small sample raw store is built by a
driver process that stops itself at the point (it prints a marker and waits), and is killed
there with SIGKILL:

- `parse`: the first snapshot's rows committed, parse workers running ahead;
- `normalize`: a chunk normalized by the workers, the others in flight, spill files on disk;
- `marts`: the first mart computed;
- `publish-partial`: two marts written into `curated/.<id>.partial/` (the marts stage writes
  each mart as it is computed);
- `publish-switch`: the snapshot complete, the `.current.<id>` link made, `current` not yet
  switched.

Only the build process is killed (as the OOM killer would), not its process group: its worker
processes must exit by themselves (`die_with_parent`) within `ORPHAN_SECONDS`. Then the home is
built again, uninterrupted, and checked: every published table equals the uninterrupted
build's (`scripts/compare_snapshots.py`), no spill folder, `.partial` folder, `.current.<id>`
link or Arrow spill file is left, and the home holds the same entries as the uninterrupted
one. The uninterrupted build is made twice: a table the two disagree on is not deterministic,
so it cannot show what a kill changed; it is named, left out of the comparisons, and fails the
run. Small thresholds make the small sample use worker processes and several normalize
chunks, in the killed, the recovery and the uninterrupted builds alike.

Usage:  python scripts/kill_build.py [--postings 2000] [--work DIR] [--points parse,normalize]
Exit 0 when every kill point recovers to an equal snapshot with nothing left, 1 otherwise.
`--driver HOME POINT` is the build the script runs (POINT `none` builds without stopping).

May import: the standard library, polars (through compare_snapshots), `skillmarket`,
`ingest.sample`, `warehouse`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_snapshots import snapshot_differences

POINTS = ("parse", "normalize", "marts", "publish-partial", "publish-switch")
MARKER = "KILL-POINT"
ORPHAN_SECONDS = 10.0  # workers poll for their parent every 0.5 s
STOP_SECONDS = 900.0  # a build that never reaches its kill point fails the point
# small enough that a 2,000-posting sample uses parse workers and several normalize chunks
PARSE_WORKERS_FROM_FILES = 1
NORMALIZE_CHUNK_ROWS = 400


# ------------------------------------------------------------------------------ the driver


def _stop_here(point: str) -> None:
    """Say where the build stands and wait to be killed."""
    print(f"{MARKER} {point}", flush=True)
    time.sleep(3600)
    os._exit(3)  # never killed: the controller gave up


def drive(home: Path, point: str) -> None:
    """Build `home`, stopping at `point` (see the module docstring); prints the build report
    as JSON on its last line when it completes."""
    import polars as pl

    from skillmarket.config import Settings
    from skillmarket.pipeline import build
    from skillmarket.stages import normalize, postings
    from warehouse import load, publish

    postings.PARALLEL_MIN_FILES = PARSE_WORKERS_FROM_FILES
    normalize.NORMALIZE_CHUNK_ROWS = NORMALIZE_CHUNK_ROWS
    state = {"written": 0}

    def progress(stage: str, done: int, total: int) -> None:
        if done > 0 and point == stage:  # normalize, marts
            _stop_here(point)

    load_batch = load.load_posting_batch

    def load_then_stop(*args: Any, **kwargs: Any) -> Any:
        counts = load_batch(*args, **kwargs)
        if point == "parse":
            _stop_here(point)
        return counts

    write_parquet = pl.DataFrame.write_parquet

    def write_then_stop(frame: pl.DataFrame, *args: Any, **kwargs: Any) -> Any:
        written = write_parquet(frame, *args, **kwargs)
        into_partial = bool(args) and Path(args[0]).parent.name.endswith(publish.PARTIAL_SUFFIX)
        if into_partial and point == "publish-partial":
            state["written"] += 1
            if state["written"] == 2:
                _stop_here(point)
        return written

    class StopBeforeSwitch:
        """`os` for the publish module: stops before `current` is replaced."""

        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        @staticmethod
        def replace(source: Any, target: Any) -> None:
            if Path(target).name == publish.CURRENT and point == "publish-switch":
                _stop_here(point)
            os.replace(source, target)

    load.load_posting_batch = load_then_stop  # type: ignore[assignment]
    pl.DataFrame.write_parquet = write_then_stop  # type: ignore[method-assign]
    publish.os = StopBeforeSwitch()  # type: ignore[assignment]
    report = build(Settings(home=home), progress)
    print(json.dumps({"leftovers_removed": report.leftovers_removed, "build_id": report.build_id}))


# ------------------------------------------------------------------------------ the checks


def _children(pid: int) -> list[int]:
    """Pids of the processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next((line for line in status.splitlines() if line.startswith("State:")), "")
    return "zombie" not in state and "dead" not in state


def leftovers(home: Path) -> list[str]:
    """What an interrupted build may leave that a complete one does not."""
    found = [p.name for p in home.glob("normalize-*")]
    curated = home / "curated"
    if curated.is_dir():
        found += [p.name for p in curated.iterdir() if p.name.endswith(".partial")]
        found += [p.name for p in curated.iterdir() if p.name.startswith(".current.")]
    found += [str(p.relative_to(home)) for p in home.rglob("*.arrow")]
    return sorted(found)


def home_entries(home: Path) -> list[str]:
    """The home's top-level entries and curated/'s hidden ones (build ids vary, not counted)."""
    names = sorted(p.name for p in home.iterdir())
    curated = home / "curated"
    hidden = (
        sorted(p.name for p in curated.iterdir() if p.name.startswith("."))
        if curated.is_dir()
        else []
    )
    return names + [f"curated/{name}" for name in hidden]


def _driver_command(home: Path, point: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--driver", str(home), point]


def run_build(home: Path) -> dict:
    """An uninterrupted build of `home` (through the driver); its report."""
    done = subprocess.run(
        _driver_command(home, "none"), capture_output=True, text=True, timeout=STOP_SECONDS
    )
    if done.returncode != 0:
        raise RuntimeError(f"build of {home} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def kill_at(home: Path, point: str) -> dict[str, Any]:
    """Build `home` until `point`, SIGKILL the build, wait for its workers; what was seen."""
    driver = subprocess.Popen(
        _driver_command(home, point),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group, to clean up whatever is left
    )
    seen: dict[str, Any] = {"point": point, "reached": False, "orphans": []}
    try:
        assert driver.stdout is not None
        deadline = time.monotonic() + STOP_SECONDS
        for line in driver.stdout:
            if line.startswith(MARKER):
                seen["reached"] = True
                break
            if time.monotonic() > deadline:
                break
        children = _children(driver.pid)
        seen["children"] = len(children)
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait()
        until = time.monotonic() + ORPHAN_SECONDS
        while time.monotonic() < until and any(_running(pid) for pid in children):
            time.sleep(0.2)
        seen["orphans"] = [pid for pid in children if _running(pid)]
        seen["left_by_kill"] = leftovers(home)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(driver.pid, signal.SIGKILL)  # whatever is left of the group
    return seen


def differing_tables(before: Path, after: Path) -> dict[str, list[str]]:
    """Published tables that differ between two homes' current snapshots, with how."""
    current = (before / "curated" / "current", after / "curated" / "current")
    return {name: found for name, found in snapshot_differences(*current).items() if found}


def check_point(
    template: Path, baseline: Path, work: Path, point: str, unstable: set[str]
) -> tuple[bool, str]:
    """Kill a build of a fresh copy at `point`, build again, compare (all tables but the
    `unstable` ones, which differ between two uninterrupted builds); (ok, a summary line)."""
    home = work / f"kill-{point}"
    shutil.copytree(template, home / "raw", symlinks=True)
    start = time.perf_counter()
    seen = kill_at(home, point)
    recovery = run_build(home)
    differences = {
        name: found
        for name, found in differing_tables(baseline, home).items()
        if name not in unstable
    }
    left, entries = leftovers(home), home_entries(home)
    problems = []
    if not seen["reached"]:
        problems.append("the build never reached the point")
    if seen["orphans"]:
        problems.append(f"workers alive after {ORPHAN_SECONDS:.0f} s: {seen['orphans']}")
    if differences:
        problems.append(f"tables differ: {differences}")
    if left:
        problems.append(f"left behind: {left}")
    if entries != home_entries(baseline):
        problems.append(f"home entries {entries} != {home_entries(baseline)}")
    summary = (
        f"{point}: {'ok' if not problems else 'FAILED ' + '; '.join(problems)} "
        f"(children at kill {seen.get('children', 0)}, left by the kill "
        f"{seen.get('left_by_kill', [])}, removed by the next build "
        f"{[Path(p).name for p in recovery['leftovers_removed']]}, "
        f"{time.perf_counter() - start:.0f} s)"
    )
    return not problems, summary


def main(argv: list[str] | None = None, say: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=None, help="kept when given")
    parser.add_argument("--points", default=",".join(POINTS))
    parser.add_argument("--driver", nargs=2, metavar=("HOME", "POINT"))
    args = parser.parse_args(argv)
    if args.driver:
        drive(Path(args.driver[0]), args.driver[1])
        return 0
    points = [p for p in args.points.split(",") if p]
    unknown = sorted(set(points) - set(POINTS))
    if unknown:
        parser.error(f"unknown points {unknown}; choose from {', '.join(POINTS)}")
    work = args.work or Path(tempfile.mkdtemp(prefix="kill-build-"))
    try:
        from ingest.sample import generate_sample_market

        template = work / "raw-template"
        generate_sample_market(template, n_postings=args.postings, seed=7)
        baseline, again = work / "uninterrupted", work / "uninterrupted-again"
        for home in (baseline, again):
            shutil.copytree(template, home / "raw", symlinks=True)
            run_build(home)
        say(f"uninterrupted build of {args.postings:,} sample postings: {baseline}")
        # a table two uninterrupted builds disagree on cannot tell whether a kill changed it
        unstable = differing_tables(baseline, again)
        for name, found in unstable.items():
            say(
                f"NOT DETERMINISTIC (two uninterrupted builds differ; not compared) {name}: {found}"
            )
        results = [check_point(template, baseline, work, p, set(unstable)) for p in points]
        for _, line in results:
            say(line)
        return 0 if all(ok for ok, _ in results) and not unstable else 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

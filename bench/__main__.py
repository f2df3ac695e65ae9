"""`python -m bench`: run one benchmark scenario and print its numbers as JSON (also written to
`--output`, default `bench/results/<scenario>.json`). `skillmarket bench` runs this program with
the same options, which `skillmarket.cli.bench` declares for both.

May import: `skillmarket` (the composition root and its CLI helpers), the bench scenarios.
"""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Callable, Iterator
from types import FrameType

from skillmarket.cli.bench import SCENARIOS, BenchOptions, bench_command
from skillmarket.cli.common import CliError, console, new_app, run_cli


def _build(options: BenchOptions) -> dict:
    from bench.build import run_build_benchmark

    return run_build_benchmark(options.postings, options.seed, options.output_path)


def _incremental(options: BenchOptions) -> dict:
    from bench.incremental import run_incremental_benchmark

    return run_incremental_benchmark(options.postings, options.seed, options.output_path)


def _scale(options: BenchOptions) -> dict:
    from bench.scale import run_scale_benchmark

    return run_scale_benchmark(options.postings, options.seed, options.output_path)


def _spark(options: BenchOptions) -> dict:
    from bench.spark import run_spark_benchmark

    return run_spark_benchmark(options.postings, options.seed, options.output_path)


def _normalize(options: BenchOptions) -> dict:
    from bench.normalize import run_normalize_benchmark

    return run_normalize_benchmark(
        options.postings, options.base, options.seed, options.output_path
    )


def _coverage(options: BenchOptions) -> dict:
    from bench.coverage import run_coverage_benchmark

    return run_coverage_benchmark(options.postings, 20, 101, options.output_path)


def _queries(options: BenchOptions) -> dict:
    from bench.queries import run_queries_benchmark

    return run_queries_benchmark(30, options.seed, options.output_path)


def _browser(options: BenchOptions) -> dict:
    from bench.browser import REPEATS, run_browser_benchmark

    return run_browser_benchmark(REPEATS, options.output_path)


RUNNERS: dict[str, Callable[[BenchOptions], dict]] = {
    "build": _build,
    "incremental": _incremental,
    "scale": _scale,
    "spark": _spark,
    "normalize": _normalize,
    "coverage": _coverage,
    "queries": _queries,
    "browser": _browser,
}


@contextlib.contextmanager
def terminated_as_exit() -> Iterator[None]:
    """Within it, SIGTERM (`timeout`, a CI runner stopping the job) raises SystemExit(143), so
    every `finally` runs: the Streamlit servers, Spark sessions and temporary homes a scenario
    started are stopped and removed rather than left running after it."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_scenario(options: BenchOptions) -> None:
    """Run the scenario `options` names and print its result."""
    runner = RUNNERS.get(options.scenario)
    if runner is None:
        choices = f"{', '.join(SCENARIOS[:-1])} or {SCENARIOS[-1]}"
        raise CliError(f"unknown scenario {options.scenario!r}; choose {choices}")
    with terminated_as_exit():
        result = runner(options)
    console.print_json(json.dumps(result))


# Run bare, it runs the build benchmark, as `skillmarket bench` does.
app = new_app("Skillmarket's benchmarks.", no_args_is_help=False)
app.command()(bench_command(run_scenario))


def main() -> None:
    run_cli(app)


if __name__ == "__main__":
    main()

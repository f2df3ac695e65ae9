"""`skillmarket bench`: the benchmarks' options, declared once, and the command that runs them as
their own program, `python -m bench`.

`bench/` sits above the composition root (it imports `skillmarket` to build and read), so
`skillmarket` never imports it: `skillmarket bench` parses the options here and then becomes
`python -m bench` with the same options (exec, as `skillmarket app` becomes streamlit: exit
code, Ctrl-C and output are the benchmark's own, and no idle parent process sits beside the
memory it measures). `bench/__main__.py` builds its command from `bench_command` too, so both
entries take exactly the same options.

May import: the standard library, typer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer

SCENARIOS = (
    "build",
    "incremental",
    "scale",
    "spark",
    "normalize",
    "coverage",
    "queries",
    "browser",
)


@dataclass(frozen=True)
class BenchOptions:
    scenario: str = "build"
    postings: int = 100_000
    output: Path | None = None
    seed: int = 7
    base: int = 20_000

    @property
    def output_path(self) -> Path:
        """Where the results go: --output, else bench/results/<scenario>.json."""
        return self.output or Path(f"bench/results/{self.scenario}.json")

    def argv(self) -> list[str]:
        """The options as `python -m bench` arguments."""
        args = ["--scenario", self.scenario, "--postings", str(self.postings)]
        if self.output is not None:
            args += ["--output", str(self.output)]
        return [*args, "--seed", str(self.seed), "--base", str(self.base)]


def bench_command(run: Callable[[BenchOptions], None]) -> Callable[..., None]:
    """The bench command: parse the options into `BenchOptions` and hand them to `run`."""
    defaults = BenchOptions()

    def bench(
        scenario: Annotated[
            str,
            typer.Option(
                metavar="NAME",
                help=f"The benchmark: {', '.join(SCENARIOS[:-1])} or {SCENARIOS[-1]}.",
            ),
        ] = defaults.scenario,
        postings: Annotated[
            int, typer.Option(metavar="N", help="Postings to process.")
        ] = defaults.postings,
        output: Annotated[
            Path | None,
            typer.Option(
                metavar="FILE", help="JSON file for the results (default: in bench/results/)."
            ),
        ] = defaults.output,
        seed: Annotated[int, typer.Option(metavar="S", help="Random seed.")] = defaults.seed,
        base: Annotated[
            int, typer.Option(metavar="N", help="normalize: sample postings used as templates.")
        ] = defaults.base,
    ) -> None:
        """Benchmark a scenario; its numbers go to `bench/results/SCENARIO.json`.

        `build`: a sample market of N postings, generated and built; seconds
          and peak memory by stage.
        `incremental`: a sample market of N postings built from scratch, then
          refreshed by one snapshot (10,000 new, 2,000 changed and 5,000 closed
          postings), both measured: wall and CPU seconds and peak memory of the
          process tree by stage, and the refresh's share of the full build.
        `scale`: a full build of N postings: wall and CPU seconds, CPU
          utilization and peak memory of the process tree by stage.
        `spark`: a sample market of N postings built by the local engine and by
          `--engine spark` (local[2]): seconds by stage side by side, the ratio,
          and whether every published table is equal.
        `normalize`: skill extraction and the whole normalize step on N
          replicated postings (postings per second, MB per second per core).
        `coverage`: 20 small markets (N postings each, seeds 101 to 120): how
          often the GenAI premium's 95% interval covers the planted value.
        `queries`: the dashboard's read-API calls per page on the published
          snapshot, cold and warm, p50 and p95 over 30 random filter sets.
        `browser`: the dashboard in Debian's chromium (Playwright) on the
          published snapshot: p50 and p95 per page (first visit apart) and per
          interaction, beside a bare one-line Streamlit page served the same way.

        `skillmarket bench` and `python -m bench` are the same program.

        Example: skillmarket bench --scenario normalize --postings 1000000
        """
        run(BenchOptions(scenario, postings, output, seed, base))

    return bench


def exec_bench(options: BenchOptions) -> NoReturn:
    """Become `python -m bench` with these options."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "bench", *options.argv()])

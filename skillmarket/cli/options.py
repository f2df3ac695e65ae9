"""Options that several commands take, declared once as Annotated types: a command lists
`rate: Rate = DEFAULT_RATE` and gets the same flag, metavar and help as every other command
that fetches.

May import: the standard library, typer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_SAMPLE_POSTINGS = 60_000
DEFAULT_SEED = 7
DEFAULT_PORT = 8501
DEFAULT_RATE = 1.0

# ----------------------------------------------------------------- the sample market, the app
SamplePostings = Annotated[
    int, typer.Option("--postings", metavar="N", help="Size of the sample market (postings).")
]
SampleSeed = Annotated[
    int, typer.Option("--seed", metavar="S", help="Seed of the sample market's random draws.")
]
Port = Annotated[int, typer.Option("--port", metavar="P", help="Port the dashboard listens on.")]

# ----------------------------------------------------------- posting sources: what to collect
Boards = Annotated[
    list[str] | None,
    typer.Option(
        "--board",
        metavar="TOKEN",
        help="A board to fetch (repeatable; default: the source's active boards in the "
        "registry, `skillmarket boards list`).",
    ),
]
PostingsDir = Annotated[
    Path | None,
    typer.Option(
        "--from-dir",
        metavar="DIR",
        help="Import downloaded responses instead of fetching: *.json, *.json.gz, *.html or "
        "*.html.gz files, one per board.",
    ),
]
Captured = Annotated[
    str | None,
    typer.Option(
        "--captured",
        metavar="YYYY-MM-DD",
        help="With --from-dir: the day the responses were captured (default: the newest record "
        "date in the files).",
    ),
]

# ------------------------------------------------------ fetching: every source that downloads
BaseUrl = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        metavar="URL",
        help="Fetch from this scheme and host instead of the source's own (a mirror, a test "
        "server).",
    ),
]
Contact = Annotated[
    str | None,
    typer.Option(
        "--contact",
        metavar="EMAIL",
        help="Your contact, sent in the User-Agent (default: $SKILLMARKET_CONTACT).",
    ),
]
Rate = Annotated[
    float, typer.Option("--rate", metavar="R", help="At most R requests per second per host.")
]


@dataclass(frozen=True)
class HttpOptions:
    """The fetching options of one command run, passed on as one value."""

    base_url: str | None = None
    contact: str | None = None
    rate: float = DEFAULT_RATE

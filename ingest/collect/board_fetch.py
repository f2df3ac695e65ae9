"""Fetch a job board's JSON through the polite client, with a reason a user can act on for the
usual ways a board goes wrong:

- an HTML page instead of JSON (a closed board's landing page, a login wall, a maintenance page;
  also when it is served with a JSON content type): "answered with an HTML page, not JSON";
- a board that moved to another host (a redirect the client does not follow): "board moved to
  <host>", with the way to find its new token;
- 404 / 410: "no such board (closed, or a wrong token)", which `skillmarket boards check` can
  disable.

Every failure is a `FetchError`; the runner turns it into the board's error line.
`board_notes` says what else the summary should show about a board that was fetched: an empty
board, postings listed twice.

May import: the standard library, `ingest.http`, `ingest.sources.duplicates`, `ingest.staging`.
"""

from __future__ import annotations

import json
import re

from ingest.http import HTML_TYPES, JSON_TYPES, FetchError, PoliteClient, Response
from ingest.sources.duplicates import DUPLICATE_REASON
from ingest.staging import ParseResult

_REDIRECT = re.compile(r"^redirect to another host \((?P<host>[^)]*)\) refused$")
GONE = frozenset({"HTTP 404", "HTTP 410"})


def board_reason(reason: str) -> str:
    """A client failure's reason, reworded where the board itself is the likely cause."""
    moved = _REDIRECT.match(reason)
    if moved:
        return (
            f"board moved to another host ({moved['host']}): the redirect is not followed; "
            "find its new board with `skillmarket boards discover <career page URL>`"
        )
    if reason in GONE:
        return f"{reason}: no such board (closed, or a wrong token)"
    return reason


def fetch_board_json(client: PoliteClient, url: str, *, conditional: bool = True) -> Response:
    """GET `url` and check that it is a JSON document; FetchError with a clear reason if not."""
    try:
        response = client.fetch(url, conditional=conditional)
    except FetchError as error:
        raise FetchError(error.url, board_reason(error.reason)) from None
    if response.not_modified:  # the stored body of an earlier, checked response
        return response
    media = response.content_type.split(";", 1)[0].strip().lower()
    if any(kind in media for kind in HTML_TYPES) or response.body.lstrip()[:1] == b"<":
        raise FetchError(
            response.final_url,
            f"answered with an HTML page, not JSON (content type {media or '(none)'!r}): "
            "the board may be closed, renamed or behind a login",
        )
    if not any(kind in media for kind in JSON_TYPES):
        raise FetchError(response.final_url, f"unexpected content type {media or '(none)'!r}")
    try:
        json.loads(response.body.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FetchError(response.final_url, f"invalid UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise FetchError(
            response.final_url, f"invalid JSON: {error.msg} at char {error.pos}"
        ) from None
    return response


def board_notes(result: ParseResult) -> list[str]:
    """What the summary should say about a board's parsed response besides its counts: an empty
    board, and postings the board listed more than once."""
    notes = []
    if result.rows.height == 0 and result.quarantine.height == 0:
        notes.append("empty board: no postings (no openings now, or a wrong token)")
    reasons = result.quarantine["reason"].to_list()
    repeated = sum(1 for reason in reasons if reason.startswith(DUPLICATE_REASON))
    if repeated:
        notes.append(
            f"{repeated} duplicated posting id(s) in the response: the first of each kept, "
            "the rest quarantined"
        )
    return notes

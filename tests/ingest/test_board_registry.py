"""The board registry: the shipped file (size per system, the former boards.yml boards kept),
reading and validation with file and line, adding and disabling, versioned atomic writes, and
`$SKILLMARKET_BOARDS` pointing the ingest commands at another file."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ingest.collect import boards
from ingest.collect.boards import (
    REGISTRY_ENV,
    REGISTRY_FILE,
    BoardEntry,
    default_boards,
    read_registry,
    write_registry,
)

HEADER = "# a test registry\n# version: 4\n# updated: 2026-11-30\n"
COLUMNS = "system,token,company,country,industry,status,added,note\n"


def registry_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + COLUMNS + rows)
    return path


def test_the_shipped_registry_lists_hundreds_of_boards_over_six_systems() -> None:
    registry = read_registry(REGISTRY_FILE)
    per_system = Counter(entry.system for entry in registry.boards(status="active"))
    assert set(per_system) == {
        "ashby",
        "greenhouse",
        "lever",
        "workable",
        "smartrecruiters",
        "recruitee",
    }
    assert sum(per_system.values()) >= 600
    assert min(per_system.values()) >= 50
    assert registry.version >= 1 and registry.updated
    assert all(entry.note for entry in registry.entries)  # every row says where it comes from


def test_the_former_boards_yml_boards_are_in_the_registry() -> None:
    registry = read_registry(REGISTRY_FILE)
    for system, token in (
        ("ashby", "openai"),
        ("ashby", "Hyperliquid Labs"),
        ("greenhouse", "anthropic"),
        ("lever", "mistral"),
    ):
        entry = registry.find(system, token)
        assert entry is not None and entry.status == "active", (system, token)
        assert "boards.yml" in entry.note


def test_rows_are_read_with_their_columns(tmp_path: Path) -> None:
    path = registry_file(
        tmp_path,
        "workable,huggingface,Hugging Face,US,AI,active,2026-12-06,fixture\n"
        'recruitee,gone-co,,,,disabled,2026-12-01,"research; disabled 2026-12-05: 404"\n',
    )
    registry = read_registry(path)
    assert (registry.version, registry.updated, registry.comments) == (
        4,
        "2026-11-30",
        ["# a test registry"],
    )
    assert registry.entries[0] == BoardEntry(
        "workable", "huggingface", "Hugging Face", "US", "AI", "active", "2026-12-06", "fixture"
    )
    assert [e.token for e in registry.boards(status="active")] == ["huggingface"]
    assert registry.boards("recruitee")[0].note == "research; disabled 2026-12-05: 404"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("taleo,acme,,,,active,,\n", "registry.csv:5: unknown system 'taleo'"),
        ("lever,acme,,,,paused,,\n", "registry.csv:5: status 'paused'"),
        ("lever,acme,,Germany,,active,,\n", "registry.csv:5: country 'Germany'"),
        ("lever,,,,,active,,\n", "registry.csv:5: token ''"),
        (
            "lever,acme,,,,active,,\nlever,ACME,,,,active,,\n",
            "registry.csv:6: lever 'ACME' repeats line 5",
        ),
        ("lever,acme,,,,active\n", "registry.csv:5: expected 8 fields"),
    ],
)
def test_malformed_rows_name_the_file_line_and_problem(
    tmp_path: Path, rows: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        read_registry(registry_file(tmp_path, rows))


def test_a_file_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    path.write_text("system,token\nlever,acme\n")
    with pytest.raises(ValueError, match="expected the columns system,token,company"):
        read_registry(path)


def test_add_disable_and_write_bump_the_version_and_keep_rows_sorted(tmp_path: Path) -> None:
    path = registry_file(tmp_path, "lever,zeta,,,,active,2026-12-01,x\n")
    registry = read_registry(path)
    registry.add(BoardEntry("ashby", " beta ", added="2026-12-06", note="hand"))
    registry.add(BoardEntry("lever", "Alpha", country="FR"))
    with pytest.raises(ValueError, match="already listed"):
        registry.add(BoardEntry("lever", "ZETA"))
    with pytest.raises(ValueError, match="unknown system"):
        registry.add(BoardEntry("taleo", "x"))
    registry.disable("lever", "zeta", "disabled 2026-12-06: gone (HTTP 404)")
    with pytest.raises(KeyError):
        registry.disable("lever", "nope", "x")
    write_registry(registry, date(2026, 12, 6))
    text = path.read_text()
    assert text.startswith("# a test registry\n# version: 5\n# updated: 2026-12-06\n" + COLUMNS)
    again = read_registry(path)
    assert [(e.system, e.token, e.status) for e in again.entries] == [
        ("ashby", "beta", "active"),  # systems in the contract's order, tokens by name
        ("lever", "Alpha", "active"),
        ("lever", "zeta", "disabled"),
    ]
    assert again.find("lever", "zeta").note == "x; disabled 2026-12-06: gone (HTTP 404)"
    assert [p.name for p in tmp_path.iterdir()] == ["registry.csv"]  # no temporary left


def test_default_boards_are_the_active_boards_of_the_registry_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = registry_file(
        tmp_path,
        "lever,on-board,,,,active,,\nlever,off-board,,,,disabled,,\nashby,other,,,,active,,\n",
    )
    monkeypatch.setenv(REGISTRY_ENV, str(path))
    assert boards.registry_path() == path
    assert default_boards("lever") == ["on-board"]
    assert default_boards("recruitee") == []
    monkeypatch.delenv(REGISTRY_ENV)
    assert boards.registry_path() == REGISTRY_FILE
    assert "mistral" in default_boards("lever")

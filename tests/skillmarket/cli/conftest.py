"""Shared helpers of the CLI tests: the Click command tree of the Typer app."""

from __future__ import annotations

import pytest
from typer.core import TyperGroup
from typer.main import get_command

from skillmarket.cli import cli


@pytest.fixture(scope="session")
def root() -> TyperGroup:
    command = get_command(cli)
    assert isinstance(command, TyperGroup)
    return command


@pytest.fixture(scope="session")
def ingest_group(root: TyperGroup) -> TyperGroup:
    group = root.commands["ingest"]
    assert isinstance(group, TyperGroup)
    return group

"""The Spark engine is a leaf of the composition root: ingest, analytics, warehouse, the
dashboard and the local build never import it (PySpark is an optional extra); the CLI reaches it
only inside the function that runs `build --engine spark`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level?) for every import in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top))
    return found


@pytest.mark.parametrize(
    "package", ["ingest", "analytics", "warehouse", "dashboard", "contract", "markup"]
)
def test_layers_never_import_the_spark_engine(package: str) -> None:
    bad = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for module, _ in _imports(path)
        if module.split(".")[0] in ("spark_engine", "pyspark")
    ]
    assert not bad, bad


def test_skillmarket_imports_spark_only_when_asked() -> None:
    bad = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "skillmarket").rglob("*.py"))
        for module, top_level in _imports(path)
        if module.split(".")[0] in ("spark_engine", "pyspark") and top_level
    ]
    assert not bad, bad

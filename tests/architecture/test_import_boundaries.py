"""The layers import one way: ingest and analytics never import the app, the dashboard or each
other; the dashboard and app.py import only the warehouse's read API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "ingest": {"analytics", "dashboard", "app", "skillmarket"},
    "analytics": {"ingest", "warehouse", "dashboard", "app", "skillmarket"},
    "warehouse": {"ingest", "analytics", "dashboard", "app", "skillmarket"},
}
PROJECT_PACKAGES = {"ingest", "analytics", "warehouse", "dashboard", "skillmarket", "app", "bench"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_does_not_import_forbidden_layers(package: str) -> None:
    offenders = []
    for path in python_files(package):
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_dashboard_and_app_import_only_the_read_api() -> None:
    offenders = []
    for path in [ROOT / "app.py", *python_files("dashboard")]:
        for name in imported_modules(path):
            top = name.split(".")[0]
            if top in PROJECT_PACKAGES - {"dashboard"} and not name.startswith("warehouse.queries"):
                if name == "warehouse":  # `from warehouse import queries`
                    continue
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from dashboard.charts import x\nimport analytics.marts\n")
    assert {"dashboard.charts", "analytics.marts"} <= imported_modules(bad)


def test_every_module_states_its_job_in_a_docstring() -> None:
    missing = []
    for package in ("ingest", "analytics", "warehouse", "dashboard", "skillmarket"):
        for path in python_files(package):
            if path.name == "__init__.py" and not path.read_text().strip():
                continue
            if ast.get_docstring(ast.parse(path.read_text())) is None:
                missing.append(str(path.relative_to(ROOT)))
    assert not missing, "modules without a docstring: " + ", ".join(missing)

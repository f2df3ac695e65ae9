"""The layers import one way: ingest and analytics never import the app, the dashboard or each
other; the warehouse never imports analytics, except the pure-math leaf `analytics.stats` (so
the read API's intervals are the build's); the dashboard and app.py import only the warehouse's
read API; every layer may import `contract` and `markup`, which import nothing of the project."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {
    "ingest",
    "analytics",
    "warehouse",
    "dashboard",
    "skillmarket",
    "app",
    "bench",
    "contract",
    "markup",
}
FORBIDDEN = {
    "ingest": {"analytics", "dashboard", "app", "skillmarket"},
    "analytics": {"ingest", "warehouse", "dashboard", "app", "skillmarket"},
    "warehouse": {"ingest", "analytics", "dashboard", "app", "skillmarket"},
    # the ground floor: data only, no arrow may leave it
    "contract": PROJECT_PACKAGES - {"contract"},
    # HTML to text, shared by the parsers and the normalizers: a leaf like the contract
    "markup": PROJECT_PACKAGES - {"markup"},
    # a pure-math leaf the build and the read API share: it imports nothing of the project
    "analytics/stats": PROJECT_PACKAGES - {"analytics"},
}
# Modules a layer may import although their package is forbidden to it (prefix match).
ALLOWED: Mapping[str, tuple[str, ...]] = {
    "warehouse": ("analytics.stats",),
    "analytics/stats": ("analytics.stats",),
}
# What the dashboard and app.py may import of the project: the read API's face and the contract.
DASHBOARD_ALLOWED = ("warehouse.queries", "contract", "markup", "dashboard")


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


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def allowed(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def forbidden_imports(
    paths: Iterable[Path], forbidden: set[str], exceptions: Iterable[str] = ()
) -> list[str]:
    """'<file> imports <module>' for every import of a forbidden package (not an exception)."""
    exceptions = tuple(exceptions)
    return [
        f"{shown(path)} imports {name}"
        for path in paths
        for name in sorted(imported_modules(path))
        if name.split(".")[0] in forbidden and not allowed(name, exceptions)
    ]


def dashboard_imports(paths: Iterable[Path]) -> list[str]:
    """'<file> imports <module>' for every project import beyond the read API and contract."""
    offenders = []
    for path in paths:
        for name in sorted(imported_modules(path)):
            if name.split(".")[0] not in PROJECT_PACKAGES or allowed(name, DASHBOARD_ALLOWED):
                continue
            if name == "warehouse":  # `from warehouse import queries`
                continue
            offenders.append(f"{shown(path)} imports {name}")
    return offenders


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_does_not_import_forbidden_layers(package: str) -> None:
    files = python_files(package)
    assert files, f"no Python files under {package}"
    offenders = forbidden_imports(files, FORBIDDEN[package], ALLOWED.get(package, ()))
    assert not offenders, "\n".join(offenders)


def test_dashboard_and_app_import_only_the_read_api_and_the_contract() -> None:
    offenders = dashboard_imports([ROOT / "app.py", *python_files("dashboard")])
    assert not offenders, "\n".join(offenders)


def test_every_layer_may_import_the_contract(tmp_path: Path) -> None:
    module = tmp_path / "uses_contract.py"
    module.write_text("from contract.marts import mart\nfrom contract import vocab\n")
    for layer in ("ingest", "analytics", "warehouse"):
        assert not forbidden_imports([module], FORBIDDEN[layer], ALLOWED.get(layer, ())), layer
    assert not dashboard_imports([module])


def test_every_layer_may_import_markup_and_markup_imports_nothing(tmp_path: Path) -> None:
    module = tmp_path / "uses_markup.py"
    module.write_text("import markup\nfrom markup.html_text import html_to_text\n")
    for layer in ("ingest", "analytics", "warehouse"):
        assert not forbidden_imports([module], FORBIDDEN[layer], ALLOWED.get(layer, ())), layer
    assert not dashboard_imports([module])
    leaf = tmp_path / "html_text.py"
    leaf.write_text("import polars as pl\nfrom contract import vocab\n")
    assert forbidden_imports([leaf], FORBIDDEN["markup"]) == [
        f"{leaf} imports contract",
        f"{leaf} imports contract.vocab",
    ]


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from dashboard.charts import x\nimport analytics.marts\n")
    assert {"dashboard.charts", "analytics.marts"} <= imported_modules(bad)
    assert [
        line.split(" imports ")[1] for line in forbidden_imports([bad], FORBIDDEN["warehouse"])
    ] == [
        "analytics.marts",
        "dashboard.charts",
        "dashboard.charts.x",
    ]


def test_the_checker_lets_the_warehouse_import_only_analytics_stats(tmp_path: Path) -> None:
    module = tmp_path / "read.py"
    module.write_text(
        "from analytics.stats.intervals import wilson_interval\n"
        "from analytics.marts.advisor import recommend\n"
        "from contract.marts import mart\n"
    )
    offenders = forbidden_imports([module], FORBIDDEN["warehouse"], ALLOWED["warehouse"])
    assert offenders == [
        f"{module} imports analytics.marts.advisor",
        f"{module} imports analytics.marts.advisor.recommend",
    ]


def test_the_checker_catches_the_contract_importing_the_project(tmp_path: Path) -> None:
    module = tmp_path / "marts.py"
    module.write_text("from dataclasses import dataclass\nfrom warehouse import queries\n")
    assert forbidden_imports([module], FORBIDDEN["contract"]) == [
        f"{module} imports warehouse",
        f"{module} imports warehouse.queries",
    ]
    stats = tmp_path / "intervals.py"
    stats.write_text("import polars as pl\nfrom contract.vocab import ALL\n")
    assert forbidden_imports([stats], FORBIDDEN["analytics/stats"]) == [
        f"{stats} imports contract.vocab",
        f"{stats} imports contract.vocab.ALL",
    ]


def test_the_checker_catches_a_dashboard_import_beyond_the_read_api(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "from warehouse import queries\n"
        "from warehouse.read.advisor import advisor_cells\n"
        "from contract import vocab\n"
        "from dashboard import charts\n"
    )
    assert dashboard_imports([page]) == [
        f"{page} imports warehouse.read.advisor",
        f"{page} imports warehouse.read.advisor.advisor_cells",
    ]


def test_every_module_states_its_job_in_a_docstring() -> None:
    missing = []
    for package in (
        "ingest",
        "analytics",
        "warehouse",
        "dashboard",
        "skillmarket",
        "contract",
        "markup",
    ):
        for path in python_files(package):
            if path.name == "__init__.py" and not path.read_text().strip():
                continue
            if ast.get_docstring(ast.parse(path.read_text())) is None:
                missing.append(str(path.relative_to(ROOT)))
    assert not missing, "modules without a docstring: " + ", ".join(missing)

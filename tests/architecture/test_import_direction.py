"""Imports point one way (DESIGN.md): apps → orders → menu → application; no board imports a
sibling board; orders and the menu import nothing that reacts to them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# app → the top-level packages of this project it must never import
FORBIDDEN = {
    "menu": {"orders", "kitchen", "delivery", "notifications", "loyalty", "reports", "ready_board", "api", "staff", "bench"},
    "orders": {"kitchen", "delivery", "notifications", "loyalty", "reports", "ready_board", "api", "bench"},
    "kitchen": {"delivery", "reports", "ready_board", "api", "bench"},
    "delivery": {"kitchen", "reports", "ready_board", "api", "bench"},
    "reports": {"kitchen", "delivery", "ready_board", "api", "bench"},
    "ready_board": {"kitchen", "delivery", "reports", "notifications", "loyalty", "api", "bench"},
    "notifications": {"kitchen", "delivery", "loyalty", "reports", "ready_board", "api", "bench"},
    "loyalty": {"kitchen", "delivery", "notifications", "reports", "ready_board", "api", "bench"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_above_or_beside_it(app):
    offences = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for package in sorted(imported_packages(path) & FORBIDDEN[app]):
            offences.append(f"{path.relative_to(ROOT)} imports {package}")
    assert offences == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    """The walk above would pass vacuously if it parsed nothing: prove it catches one."""
    module = tmp_path / "sample.py"
    module.write_text("from loyalty.rules import points_for\nimport kitchen.staff\nfrom . import sibling\n")
    assert imported_packages(module) == {"loyalty", "kitchen"}

"""Staff sits below the boards: no board imports another, and staff imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOARDS = ("kitchen", "delivery", "reports")


def imported_apps(app: str) -> dict[str, set[str]]:
    """{file: top-level packages it imports} for every module of ``app``."""
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize("app", BOARDS)
def test_no_board_imports_a_sibling_board(app):
    siblings = set(BOARDS) - {app}
    offending = {path: names & siblings for path, names in imported_apps(app).items() if names & siblings}
    assert offending == {}


def test_staff_imports_no_board():
    offending = {path: names & set(BOARDS) for path, names in imported_apps("staff").items() if names & set(BOARDS)}
    assert offending == {}


def test_the_settings_package_holds_no_board_plumbing():
    for moved in ("board_actions.py", "admin_mixins.py", "permissions.py"):
        assert not (ROOT / "pizzeria" / moved).exists()

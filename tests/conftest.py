"""Shared fixtures: the project root, a throw-away project built from the fixture case."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CASE = Path(__file__).resolve().parent / "fixtures" / "mini-case"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


class Project:
    """A temporary project root holding the real framework file and copies of fixture cases."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "framework").mkdir(parents=True)
        shutil.copy(ROOT / "framework" / "steps.yaml", root / "framework" / "steps.yaml")
        (root / "cases").mkdir()

    def add_case(self, folder: str = "mini-case", edit: Callable[[str], str] | None = None) -> Path:
        """Copy the fixture case to cases/<folder>/, optionally editing its YAML text."""
        target = self.root / "cases" / folder
        shutil.copytree(FIXTURE_CASE, target)
        if edit is not None:
            path = target / "case.yaml"
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        return target

    def case_file(self, folder: str = "mini-case") -> str:
        return f"cases/{folder}/case.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle`` (fails loudly if absent)."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} time(s)"
    return hits[occurrence - 1]

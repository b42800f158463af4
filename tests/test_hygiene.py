"""Lint, format and strict type checks run in the same test command as everything else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy")],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_tool_passes(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
AUDITS = {
    "zizmor": lambda folder: [str(BIN / "zizmor"), "--offline", str(folder)],
    "schema": lambda folder: [
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, sorted(folder.glob("*.yml"))),
    ],
}


@pytest.mark.parametrize("audit", AUDITS)
def test_workflows_pass_the_audit(audit: str) -> None:
    assert WORKFLOWS, "no workflow files found"
    result = subprocess.run(
        AUDITS[audit](ROOT / ".github" / "workflows"), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("audit", "plant"),
    [
        ("zizmor", lambda text: text.replace("persist-credentials: false", "clean: true")),
        ("schema", lambda text: text.replace("runs-on:", "runs_on:", 1)),
    ],
)
def test_workflow_audits_catch_a_planted_defect(tmp_path: Path, audit: str, plant: object) -> None:
    source = (ROOT / ".github" / "workflows" / "test.yml").read_text()
    (tmp_path / "test.yml").write_text(plant(source))  # type: ignore[operator]
    result = subprocess.run(AUDITS[audit](tmp_path), capture_output=True, text=True, check=False)
    assert result.returncode != 0, result.stdout

"""Shared start-up for the scripts in this folder: run a ``fieldguide`` command from the project.

The scripts are thin: each one names a subcommand of :mod:`fieldguide.cli.main`. If the package
is not importable (no virtualenv yet), the script says how to set it up instead of failing
obscurely.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: str) -> None:
    try:
        from fieldguide.cli.main import main
    except ImportError:
        venv_python = ROOT / ".venv" / "bin" / "python"
        if venv_python.exists() and Path(sys.executable) != venv_python:
            os.execv(venv_python, [str(venv_python), *sys.argv])  # noqa: S606 - re-run in the venv
        sys.exit("fieldguide is not installed: run `make setup` first.")
    sys.exit(main(["--root", str(ROOT), command, *sys.argv[1:]]))

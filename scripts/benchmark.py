#!/usr/bin/env python3
"""Benchmark the build as the number of cases grows (run with `make bench`).

Copies the project into a temporary folder, adds N copies of the fixture case and times
``load_catalog`` + page rendering and a full ``mkdocs build --strict`` for several N. Prints a
table; nothing is asserted, so timing noise never fails a test run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "mini-case"
COPY = ["mkdocs.yml", "docs", "data", "framework", "hooks", "CONTRIBUTING.md", "cases"]


def make_project(target: Path, copies: int) -> None:
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    for linked in ("node_modules", "src"):
        (target / linked).symlink_to(ROOT / linked)
    for i in range(copies):
        slug = f"bench-case-{i:04d}"
        folder = target / "cases" / slug
        shutil.copytree(FIXTURE, folder)
        text = (folder / "case.yaml").read_text(encoding="utf-8")
        (folder / "case.yaml").write_text(
            text.replace("slug: mini-case", f"slug: {slug}"), encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="0,25,100", help="comma-separated numbers of extra cases"
    )
    args = parser.parse_args()
    from fieldguide.load.catalog import load_catalog
    from fieldguide.render.pages import generated_pages

    print(f"{'extra cases':>11} {'load+render s':>14} {'mkdocs build s':>15} {'site MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            make_project(project, size)
            start = time.perf_counter()
            generated_pages(load_catalog(project))
            engine = time.perf_counter() - start
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
                cwd=project,
                check=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
            build = time.perf_counter() - start
            size_mb = (
                sum(f.stat().st_size for f in (project / "site").rglob("*") if f.is_file()) / 1e6
            )
            print(f"{size:>11} {engine:>14.2f} {build:>15.2f} {size_mb:>8.1f}")


if __name__ == "__main__":
    main()

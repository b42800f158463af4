"""Reproducible builds: the build date is the date of the commit being built, not today's.

MkDocs stamps the sitemap (``lastmod``) and its gzip copy with the build date, and honours
``SOURCE_DATE_EPOCH``; setting it to the commit's timestamp makes two builds of one commit
byte-identical whatever day they run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def commit_epoch(root: Path) -> str | None:
    """Seconds since the epoch of the checked-out commit, or None outside a git checkout."""
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [git, "-C", str(root), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=False,
    )
    epoch = result.stdout.strip()
    return epoch if result.returncode == 0 and epoch.isdigit() else None


def pin_build_date(root: Path) -> None:
    """Set ``SOURCE_DATE_EPOCH`` to the commit's timestamp unless the caller chose one."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = commit_epoch(root)
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch

"""`mkdocs serve` for authors: drafts shown with a banner, problems shown in the browser, recovery
on the next good save, and edits under data/ rebuild too."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURE_CASE
from .test_build import copy_project

pytestmark = pytest.mark.build
WAIT_S = 120  # a rebuild of the whole site takes 10-30 s on a 2-core machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, TimeoutError):
        return ""


def _wait_for(url: str, check: Callable[[str], bool], what: str) -> str:
    deadline = time.monotonic() + WAIT_S
    page = ""
    while time.monotonic() < deadline:
        page = _get(url)
        if page and check(page):
            return page
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what} at {url}; last page:\n{page[:2000]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = copy_project(tmp_path / "project")
    shutil.copytree(FIXTURE_CASE, project / "cases" / "mini-case")  # a draft
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_shows_drafts_and_problems_and_recovers(served: tuple[Path, str]) -> None:
    project, base = served
    draft = _wait_for(base + "cases/mini-case/", lambda p: "Mini case" in p, "the draft page")
    assert "admonition-title" in draft and ">Draft<" in draft
    # our scripts and stylesheets as written, for debugging (a build minifies them)
    for path in ("assets/stylesheets/fieldguide.css", "assets/javascripts/lazy-loads.js"):
        assert _get(base + path) == (project / "docs" / path).read_text(encoding="utf-8")

    case = project / "cases" / "video-recommendation" / "case.yaml"
    good = case.read_text()
    case.write_text(good.replace("sla_ms: 200", "sla_ms: 5"))
    broken = _wait_for(base, lambda p: "The case files have problems" in p, "the problem page")
    assert "cases/video-recommendation/case.yaml" in broken
    assert "serving.latency.parts" in broken

    case.write_text(good)
    _wait_for(base, lambda p: "The case files have problems" not in p, "recovery")

    glossary = project / "data" / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "\nnot: [valid\n")
    broken = _wait_for(base, lambda p: "The case files have problems" in p, "a data/ rebuild")
    assert "data/glossary.yaml" in broken

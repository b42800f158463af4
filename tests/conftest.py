"""Shared fixtures: the project root, a throw-away project built from the fixture case."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fieldguide.load.catalog import Catalog, load_catalog

from .support.browser import Site, Watch, free_port, launch, watched_page
from .support.build import mkdocs_build
from .support.server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CASE = Path(__file__).resolve().parent / "fixtures" / "mini-case"


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A build cache of this test run's own (fieldguide.build_cache), empty at its start, so the
    first build of each project is a cold one and a user's cache is never read or filled."""
    import os

    from fieldguide.build_cache import ENV

    folder = tmp_path_factory.mktemp("build-cache")
    before = os.environ.get(ENV)
    os.environ[ENV] = str(folder)
    yield folder
    if before is None:
        del os.environ[ENV]
    else:
        os.environ[ENV] = before


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The real guide's published cases, loaded once per test module."""
    return load_catalog(ROOT).published()


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


# --- the built site, built once per test session ------------------------------------------------
# `site` is the site as `mkdocs build` makes it (diagrams drawn by the lazy loader, as under
# `make serve`); `deployed_site` is a copy pre-rendered and searched with Pagefind, as
# `make build` ships it. Both ship a tiny offline edition, as `make build` does, so its link and
# file are checked too.


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The one `mkdocs build --strict` of the project, for a server on a port chosen now."""
    from fieldguide.render.archive import zip_site

    tiny = tmp_path_factory.mktemp("tiny-site")
    (tiny / "index.html").write_text("<title>offline</title>")
    offline_zip = tmp_path_factory.mktemp("offline") / "offline.zip"
    zip_site(tiny, offline_zip)
    folder = tmp_path_factory.mktemp("site")
    env = {"SITE_URL": f"http://127.0.0.1:{free_port()}/", "OFFLINE_ZIP": str(offline_zip)}
    result = mkdocs_build(ROOT, folder, **env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return Site(env["SITE_URL"], folder, env)


@pytest.fixture(scope="session")
def site(built: Site) -> Iterator[Site]:
    """The built site served on 127.0.0.1 (instant navigation on)."""
    port = int(built.base.rstrip("/").rsplit(":", 1)[1])
    with serve(built.folder, port=port) as base:
        assert base == built.base
        yield built


@pytest.fixture(scope="session")
def deployed_site(built: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from fieldguide.render.prerender import MERMAID_DIST, prerender_site
    from fieldguide.render.search_bundle import build_search_bundle

    folder = tmp_path_factory.mktemp("deployed") / "site"
    shutil.copytree(built.folder, folder)
    prerender_site(folder, ROOT / MERMAID_DIST)
    build_search_bundle(folder)
    port = free_port()
    with serve(folder, port=port) as base:
        yield Site(base, folder)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline edition as `make offline` makes it: built for file:// (Material's offline
    plugin, pages as ``x.html``), then pre-rendered. Built once for the whole run."""
    from fieldguide.render.prerender import MERMAID_DIST, prerender_site

    folder = tmp_path_factory.mktemp("offline") / "site-offline"
    result = mkdocs_build(ROOT, folder, OFFLINE="true")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    prerender_site(folder, ROOT / MERMAID_DIST, defer=False)
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Browser, watch: Watch) -> Iterator[Page]:
    with watched_page(browser, watch) as opened:
        yield opened

"""A strict MkDocs build of the real site, and of a project with a freshly scaffolded case."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fieldguide.catalog import load_catalog

from .conftest import ROOT
from .support.build import mkdocs_build

pytestmark = pytest.mark.build
PROJECT_FILES = [
    "mkdocs.yml",
    "docs",
    "data",
    "framework",
    "hooks",
    "CONTRIBUTING.md",
    "cases",
    "src",
]


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, site)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def test_every_case_has_a_page(site: Path) -> None:
    for entry in load_catalog(ROOT).cases:
        page = site / "cases" / entry.slug / "index.html"
        assert page.exists()
        html = page.read_text()
        assert html.count('class="mermaid"') == len(entry.case.serving.graphs)
        assert 'data-checklist="' + entry.slug + '"' in html
    assert (site / "cases" / "index.html").exists()
    assert (site / "reference" / "components" / "index.html").exists()
    assert (site / "reference" / "case-file" / "index.html").exists()


def test_generated_pages_are_not_written_into_docs(site: Path) -> None:
    assert not (ROOT / "docs" / "cases").exists()
    assert not (ROOT / "docs" / "reference").exists()


def test_edit_link_opens_the_case_source(site: Path) -> None:
    html = (site / "cases" / "video-recommendation" / "index.html").read_text()
    assert re.search(
        r'href="https://github\.com/[^"]+/edit/main/cases/video-recommendation/case\.yaml"', html
    )


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    """Static check; the browser test also watches every request."""
    loading = re.compile(
        r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=\"(https?:)?//", re.I
    )
    links = re.compile(
        r"<link\b(?![^>]*rel=\"(?:canonical|alternate)\")[^>]*href=\"(https?:)?//", re.I
    )
    for page in html_pages(site):
        html = page.read_text()
        assert not loading.search(html), page
        assert not links.search(html), page
    for sheet in site.rglob("*.css"):
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", sheet.read_text()), sheet
    assert not any("fonts.googleapis" in p.read_text() for p in html_pages(site))


def test_mermaid_is_served_by_the_site(site: Path) -> None:
    vendor = site / "assets" / "vendor" / "mermaid"
    assert (vendor / "mermaid.esm.min.mjs").exists()
    assert len(list((vendor / "chunks" / "mermaid.esm.min").glob("*.mjs"))) > 20
    version = subprocess.run(
        ["node", "-p", "require('./node_modules/mermaid/package.json').version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    major, minor, patch = (int(x) for x in version.split(".")[:3])
    assert (major, minor, patch) >= (11, 16, 1) and major == 11  # no open advisory; 12.x pulls elk


def test_search_index_contains_yaml_only_text(site: Path) -> None:
    index = (site / "search" / "search_index.json").read_text()
    assert "video-recommendation" in index


def test_strict_build_fails_on_a_broken_case(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    case = project / "cases" / "video-recommendation" / "case.yaml"
    case.write_text(case.read_text().replace("sla_ms: 200", "sla_ms: 5"))
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "cases/video-recommendation/case.yaml:" in result.stderr
    assert "serving.latency.parts" in result.stderr


def test_strict_build_fails_on_an_unknown_shortcode(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "framework" / "index.md"
    page.write_text(page.read_text() + "\n<!-- fieldguide:checklist step=nowhere -->\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and "docs/framework/index.md:" in result.stderr


def test_a_scaffolded_case_fails_the_build_until_marked_draft(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    created = subprocess.run(
        [sys.executable, "-m", "fieldguide.cli", "--root", str(project), "new-case", "my-new-case"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "cases/my-new-case/case.yaml:" in result.stderr and "'TODO'" in result.stderr
    case = project / "cases" / "my-new-case" / "case.yaml"
    case.write_text(
        case.read_text().replace("slug: my-new-case\n", "slug: my-new-case\ndraft: true\n")
    )
    result = build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr
    # the published site leaves the draft out: no page, no index entry, no nav entry
    assert not (tmp_path / "site2" / "cases" / "my-new-case").exists()
    index = (tmp_path / "site2" / "cases" / "index.html").read_text()
    assert "my-new-case" not in index
    home = (tmp_path / "site2" / "index.html").read_text()
    assert "my-new-case" not in home

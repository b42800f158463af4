"""The offline edition: a reproducible zip of a built site, linked from the home page."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.render.archive import TOP_FOLDER, zip_site
from fieldguide.render.shortcodes import OFFLINE_ZIP, expand

from .conftest import ROOT
from .support.build import mkdocs_build


def _tiny_site(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<title>home</title>")
    (folder / "assets" / "app.js").write_text("console.log('x')")
    return folder


def test_zip_is_reproducible_and_has_one_top_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _tiny_site(tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert zip_site(site, first) == 2
    (site / "index.html").touch()  # a newer modification time must not change the archive
    zip_site(site, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == [f"{TOP_FOLDER}/assets/app.js", f"{TOP_FOLDER}/index.html"]
        assert archive.read(f"{TOP_FOLDER}/index.html") == b"<title>home</title>"
        assert archive.getinfo(names[0]).date_time[:3] == (2025, 12, 1)


def test_zip_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a built site"):
        zip_site(tmp_path, tmp_path / "out.zip")


def test_home_page_shortcode_links_the_zip_only_when_shipped() -> None:
    catalog = load_catalog(ROOT)
    shipped = expand("<!-- fieldguide:offline-download -->", catalog, "docs/x.md", None, 2_345_678)
    assert f"]({OFFLINE_ZIP})" in shipped
    assert "2.3 MB" in shipped
    local = expand("<!-- fieldguide:offline-download -->", catalog, "docs/x.md")
    assert OFFLINE_ZIP not in local
    assert "make offline" in local


@pytest.mark.build
def test_a_missing_offline_zip_fails_the_build(tmp_path: Path) -> None:
    result = mkdocs_build(ROOT, tmp_path / "out", OFFLINE_ZIP=str(tmp_path / "nope.zip"))
    assert result.returncode != 0
    assert "OFFLINE_ZIP=" in result.stderr
    assert "no such file" in result.stderr

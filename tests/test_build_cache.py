"""The build cache (fieldguide.build_cache): reuse while the inputs are unchanged, never after."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from fieldguide import build_cache
from fieldguide.build_cache import (
    CATALOG_INPUTS,
    ENV,
    KEEP,
    PAGE_INPUTS,
    SUFFIX,
    cached,
    fingerprint,
)
from fieldguide.load.catalog import load_catalog
from fieldguide.render.pages import generated_pages
from fieldguide.study.site import study_site

from .conftest import ROOT
from .support.build import mkdocs_build
from .test_build import copy_project


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(folder))
    return folder


class Maker:
    """A stand-in for the engine's work that counts how often it runs."""

    def __init__(self, result: object) -> None:
        self.result, self.runs = result, 0

    def __call__(self) -> object:
        self.runs += 1
        return self.result


def test_a_result_is_made_once_then_reused(cache: Path) -> None:
    make = Maker({"pages": ["a", "b"]})
    first = cached("k" * 64, make)
    second = cached("k" * 64, make)
    assert make.runs == 1
    assert first == second == {"pages": ["a", "b"]}
    assert [p.name for p in cache.iterdir()] == ["k" * 64 + SUFFIX]


@pytest.mark.parametrize("value", ["off", "OFF", "0", "false"])
def test_the_cache_can_be_turned_off(
    cache: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(ENV, value)
    make = Maker(1)
    cached("a" * 64, make)
    cached("a" * 64, make)
    assert make.runs == 2
    assert not cache.exists() and not Path(value).exists()


def test_a_damaged_entry_is_made_again(cache: Path) -> None:
    cache.mkdir()
    entry = cache / ("d" * 64 + SUFFIX)
    entry.write_bytes(b"not a pickle at all")
    make = Maker([1, 2, 3])
    assert cached("d" * 64, make) == [1, 2, 3]
    assert make.runs == 1
    assert cached("d" * 64, make) == [1, 2, 3]  # rewritten whole: reused now
    assert make.runs == 1


def test_an_entry_that_cannot_be_read_or_removed_never_fails_the_build(cache: Path) -> None:
    (cache / ("g" * 64 + SUFFIX)).mkdir(parents=True)  # a folder where the entry should be
    make = Maker("made")
    assert cached("g" * 64, make) == "made"
    assert cached("g" * 64, make) == "made"  # made again each time, never an error
    assert make.runs == 2


def test_without_a_home_folder_the_build_runs_without_a_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert build_cache.cache_folder() is None
    make = Maker(7)
    assert cached("h" * 64, make) == 7 and cached("h" * 64, make) == 7
    assert make.runs == 2


def test_problems_are_raised_and_never_stored(cache: Path) -> None:
    def broken() -> object:
        raise ValueError("case file has problems")

    with pytest.raises(ValueError, match="problems"):
        cached("e" * 64, broken)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_old_entries_are_removed_and_the_newest_kept(cache: Path) -> None:
    for n in range(KEEP + 3):
        cached(f"{n:064d}", Maker(n))
        os.utime(cache / f"{n:064d}{SUFFIX}", (time.time() - 1000 + n,) * 2)  # older first
    cached("f" * 64, Maker("newest"))
    kept = sorted(p.name for p in cache.iterdir())
    assert len(kept) == KEEP
    assert "f" * 64 + SUFFIX in kept
    assert f"{KEEP + 2:064d}{SUFFIX}" in kept  # the most recent of the others
    assert f"{0:064d}{SUFFIX}" not in kept  # the oldest went first


def test_the_fingerprint_follows_every_input_file_and_option(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "cases" / "one" / "notes").mkdir(parents=True)
    (root / "docs").mkdir()
    note = root / "cases" / "one" / "notes" / "model.md"
    note.write_text("A note.")
    (root / "docs" / "index.md").write_text("Home")
    base = fingerprint(root, ["cases"], "catalog", False)
    assert fingerprint(root, ["cases"], "catalog", False) == base  # stable
    assert fingerprint(root, ["cases"], "catalog", True) != base  # an option
    (root / "docs" / "index.md").write_text("Home, edited")
    assert fingerprint(root, ["cases"], "catalog", False) == base  # outside the inputs
    assert fingerprint(root, ["cases", "docs"], "catalog", False) != base
    note.write_text("A note, edited.")
    edited = fingerprint(root, ["cases"], "catalog", False)
    assert edited != base  # a file's content
    (root / "cases" / "one" / "notes" / "data.md").write_text("")
    added = fingerprint(root, ["cases"], "catalog", False)
    assert added != edited  # a new file, even an empty one
    (root / "cases" / "one" / "notes" / "data.md").rename(root / "cases" / "one" / "data.md")
    assert fingerprint(root, ["cases"], "catalog", False) != added  # a moved file


def test_an_unreadable_input_changes_the_key_and_is_left_to_the_loader(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "case.yaml").write_text("title: T")
    base = fingerprint(tmp_path, ["cases"])
    (tmp_path / "cases" / "gone.md").symlink_to(tmp_path / "nowhere.md")  # cannot be read
    assert fingerprint(tmp_path, ["cases"]) != base  # no error here: the loader says what


def test_the_fingerprint_follows_the_engine_and_the_project_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a" / "cases").mkdir(parents=True)
    (tmp_path / "b" / "cases").mkdir(parents=True)
    base = fingerprint(tmp_path / "a", ["cases"])
    assert fingerprint(tmp_path / "b", ["cases"]) != base  # paths in the catalog differ
    build_cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(build_cache, "FORMAT", "another")
    try:
        assert fingerprint(tmp_path / "a", ["cases"]) != base
    finally:
        build_cache.code_fingerprint.cache_clear()


def test_an_edited_template_changes_the_fingerprint_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja2 reloads an edited template under `mkdocs serve`, so the key must follow it within
    one process; the engine's Python code is hashed once, as loaded."""
    package = tmp_path / "fieldguide"
    (package / "templates").mkdir(parents=True)
    template = package / "templates" / "case.md.j2"
    template.write_text("# {{ title }}")
    code = package / "pages.py"
    code.write_text("TITLE = 1")
    monkeypatch.setattr(build_cache, "PACKAGE", package)
    build_cache.code_fingerprint.cache_clear()
    try:
        (tmp_path / "cases").mkdir()
        base = fingerprint(tmp_path, ["cases"])
        template.write_text("# {{ title }}!")
        assert fingerprint(tmp_path, ["cases"]) != base
        edited = fingerprint(tmp_path, ["cases"])
        code.write_text("TITLE = 2")  # not loaded by this process: same key until a restart
        assert fingerprint(tmp_path, ["cases"]) == edited
        build_cache.code_fingerprint.cache_clear()  # a restart
        assert fingerprint(tmp_path, ["cases"]) != edited
    finally:
        build_cache.code_fingerprint.cache_clear()


def test_the_cached_work_reads_only_its_declared_inputs() -> None:
    """Every file of the project that the catalog, the generated pages and the study tools read
    lies in the folders their fingerprint covers (or is the engine's own code, or an installed
    library's, which the code fingerprint covers): a file read from anywhere else could change
    without the cache noticing."""
    opened: list[Path] = []
    recording = [True]

    def audit(event: str, args: tuple[object, ...]) -> None:
        if recording[0] and event == "open" and isinstance(args[0], str | Path):
            opened.append(Path(args[0]).resolve())

    sys.addaudithook(audit)  # cannot be removed: it stops recording when the test ends
    try:
        catalog = load_catalog(ROOT).published()
        catalog_reads = list(opened)
        generated_pages(catalog)
        study_site(catalog, ROOT)
    finally:
        recording[0] = False
    engine = Path(build_cache.__file__).resolve().parent
    libraries = Path(sys.prefix).resolve()  # installed libraries: their versions are fingerprinted

    def outside(reads: list[Path], inputs: tuple[str, ...]) -> list[str]:
        allowed = [ROOT / folder for folder in inputs]
        return sorted(
            str(p)
            for p in reads
            if p.is_relative_to(ROOT)
            and not p.is_relative_to(engine)
            and not p.is_relative_to(libraries)
            and not any(p.is_relative_to(folder) for folder in allowed)
        )

    assert any(p.is_relative_to(ROOT / "cases") for p in catalog_reads)  # the hook works
    assert outside(catalog_reads, CATALOG_INPUTS) == []
    assert outside(opened, PAGE_INPUTS) == []


@pytest.mark.build
def test_a_build_reuses_the_cache_until_a_case_changes(tmp_path: Path) -> None:
    """Through the hook: a second build reuses both entries (same files, same output), and an
    edited case file is built afresh."""
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    first = mkdocs_build(project, tmp_path / "cold", **{ENV: str(cache)})
    assert first.returncode == 0, first.stderr
    entries = {p: p.stat().st_ino for p in cache.glob(f"*{SUFFIX}")}
    assert len(entries) == 2  # the catalog; the generated pages with the study tools

    second = mkdocs_build(project, tmp_path / "warm", **{ENV: str(cache)})
    assert second.returncode == 0, second.stderr
    assert {p: p.stat().st_ino for p in cache.glob(f"*{SUFFIX}")} == entries  # read, not rewritten
    cold = {p.relative_to(tmp_path / "cold"): p for p in (tmp_path / "cold").rglob("*")}
    warm = {p.relative_to(tmp_path / "warm"): p for p in (tmp_path / "warm").rglob("*")}
    assert cold.keys() == warm.keys()
    assert [
        name
        for name, p in cold.items()
        if p.is_file() and p.read_bytes() != warm[name].read_bytes()
    ] == []

    case = project / "cases" / "video-recommendation" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    case.write_text(text.replace(title, 'title: "Recommending videos, edited"'), encoding="utf-8")
    third = mkdocs_build(project, tmp_path / "edited", **{ENV: str(cache)})
    assert third.returncode == 0, third.stderr
    page = (tmp_path / "edited" / "cases" / "video-recommendation" / "index.html").read_text()
    assert "Recommending videos, edited" in page
    assert len(list(cache.glob(f"*{SUFFIX}"))) == 4  # two new entries beside the old ones

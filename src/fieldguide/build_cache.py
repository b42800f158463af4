"""A cache of what the engine made in an earlier build, reused while its inputs are unchanged.

Loading and validating every case and rendering the generated pages is most of the engine's
time in a build (issue 13). When nothing they read has changed (`mkdocs serve` after an edit to
a chapter, a second `make build`, the test suite's builds), the result of the last build is
reused. An entry is found by a fingerprint (SHA-256) of everything the work depends on: the
engine's own code and templates, the versions of the libraries it uses, the Python version,
the project folder's path, the content of every file in the input folders, and the options of
the call. Change any of them and the work is done again; there is nothing to invalidate by hand.

The cache lives outside the project (``$FIELDGUIDE_CACHE``, else
``$XDG_CACHE_HOME/fieldguide``, else ``~/.cache/fieldguide``) because entries are pickles:
nothing a pull request adds to the repository can be loaded as one. ``FIELDGUIDE_CACHE=off``
turns it off. Only successful results are stored (problems are raised, never cached), an entry
that cannot be read is a miss, and the oldest entries are removed once there are more than
:data:`KEEP` of them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

FORMAT = "1"  # bump when what is stored changes shape in a way the code fingerprint misses
ENV = "FIELDGUIDE_CACHE"
OFF = {"off", "0", "no", "false"}
KEEP = 8  # entries kept; older ones are removed after each write
KEEP_BYTES = 3 * 2**30  # and no more than this in all (1,000 cases: about 1 GB a build)
SUFFIX = ".pickle"
# Libraries whose objects or output end up in an entry (pickled models, rendered text).
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "MarkupSafe", "genanki")
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = "templates"
# What the cached work reads, under the project folder (tests/test_build_cache.py checks it):
# loading the catalog reads the case folders, data/ (examples, glossary) and framework/; the
# generated pages and study tools also read the primers' headings under docs/.
# The pages' key is built on the catalog's, so it names only what the pages read besides.
CATALOG_INPUTS = ("cases", "data", "framework")
PAGE_ONLY_INPUTS = ("docs",)
PAGE_INPUTS = (*CATALOG_INPUTS, *PAGE_ONLY_INPUTS)

_T = TypeVar("_T")


def cache_folder() -> Path | None:
    """Where entries live, or None when the cache is turned off (or there is no home folder to
    put it in)."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in OFF:
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    try:
        if chosen:
            return Path(chosen).expanduser()
        return (Path(base) if base else Path.home() / ".cache") / "fieldguide"
    except RuntimeError:  # no home folder (HOME unset, no user entry): build without a cache
        return None


@functools.cache
def code_fingerprint() -> str:
    """The engine's Python code as this process loaded it (hashed once: an edit under `mkdocs
    serve` takes a restart to load, so it must not change what this process's results are
    stored under), the library versions and the Python version."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\0".encode())
    code = [p for p in _files(PACKAGE) if not p.is_relative_to(PACKAGE / TEMPLATES)]
    _add_files(digest, PACKAGE, code)
    return digest.hexdigest()


def fingerprint(root: Path, folders: Iterable[str], *options: object) -> str:
    """A key for work that reads the files under ``root/<folder>`` (each one, recursively) and
    depends on ``options`` (compared by their ``repr``), done by this version of the engine.
    The templates are read afresh on every call: Jinja2 reloads an edited template, so `mkdocs
    serve` shows the edit at the next save."""
    root = root.resolve()
    digest = hashlib.sha256(f"{code_fingerprint()}\0{root}\0{options!r}\0".encode())
    _add_files(digest, PACKAGE, _files(PACKAGE / TEMPLATES))
    for folder in sorted(folders):
        _add_files(digest, root, _files(root / folder))
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p  # a link that leads nowhere counts too: the loader, run again, reports it
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and "__pycache__" not in p.parts
    )


def _add_files(digest: hashlib._Hash, base: Path, files: list[Path]) -> None:
    for path in files:
        name = path.relative_to(base).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:  # the loader reports it; the key only has to differ
            digest.update(f"{name}\0unreadable: {exc.strerror}\0".encode())
            continue
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)


def cached(key: str, make: Callable[[], _T]) -> _T:
    """The stored result for ``key`` if there is one, else ``make()`` (stored for next time)."""
    folder = cache_folder()
    if folder is None:
        return make()
    entry = folder / f"{key}{SUFFIX}"
    try:
        with entry.open("rb") as stream:
            found: _T = pickle.load(stream)  # noqa: S301 - written by this code, outside the repo
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or stale entry is a miss, never a failed build
        _remove(entry)
    else:
        # recently used: kept longest (an entry a build alongside removed is still a result)
        with contextlib.suppress(OSError):
            os.utime(entry)
        return found
    result = make()
    _store(folder, entry, result)
    return result


def _store(folder: Path, entry: Path, result: object) -> None:
    """Write the entry atomically (a build running alongside never reads half of one), then
    remove the oldest entries beyond :data:`KEEP`. A cache that cannot be written is skipped."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
    except OSError:
        return
    finally:
        _remove(Path(temporary))  # left only when the write failed
    kept, size = 0, 0
    for old in sorted(folder.glob(f"*{SUFFIX}"), key=_age, reverse=True):  # newest first
        kept, size = kept + 1, size + _size(old)
        if old != entry and (kept > KEEP or size > KEEP_BYTES):
            _remove(old)


def _remove(path: Path) -> None:
    """Delete an entry if we can; one we cannot is left (and never read as a result)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0

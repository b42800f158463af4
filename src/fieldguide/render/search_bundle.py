"""Search for the published site: Pagefind over the sections of Material's search index
(``fieldguide search-bundle``, which ``make build`` runs after ``prerender``).

Material's search downloads one file holding the text of every section of every page
(``search/search_index.json``: 9.7 MB, 2.7 MB gzip at fifty cases) and builds its index in the
reader's browser at the first search: seconds of a phone's CPU, and both grow with every case.
The published site ships a Pagefind bundle instead (``pagefind/``): Pagefind splits its index
into chunks that a query fetches by the words it holds, and keeps each record's text in a small
fragment that a shown result fetches, so a first search costs a few hundred KB whatever the size
of the guide.

Its records are the sections of Material's own index, one each, with the same title and text
(tags and markup stripped), so search finds what it found before. Each record carries where it
leads (``loc``: the section's address). ``search_index.json`` then becomes a stub: Material's
search config, with ``pagefind`` naming the bundle's folder, and one entry per page with its
title, no text and the Pagefind ids of its sections, so a query also tells which pages match
beyond the sections it shows. (A Pagefind filter by page would tell that too, but Pagefind
1.5 writes filter files in a different order from run to run, and a build must be
reproducible.) ``lazy-loads.js`` sees ``pagefind`` in the first message Material sends its
search worker and answers Material's messages with ``search-pagefind.js`` instead of starting
Material's worker.

``make serve`` and the offline edition keep Material's own search: a page opened from file://
cannot fetch the bundle. Pagefind (PyPI ``pagefind[bin]``, pinned in requirements/test.txt) runs
as a separate program on a folder of one small HTML page per record, written here with every
text escaped: the records come from the guide's pages, which come from contributors.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SEARCH_INDEX = "search/search_index.json"
BUNDLE_DIR = "pagefind"  # on the site, beside search/
LANGUAGE = "en"
# What Pagefind writes that this guide does not use: its own search interfaces (Material's is
# kept) and the playground. Removed so the published site carries only what search-pagefind.js
# fetches.
UNUSED = re.compile(r"^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")
_BLOCK_TAGS = frozenset(
    {"p", "li", "pre", "tr", "td", "th", "br", "div", "table", "dt", "dd", "blockquote"}
    | {f"h{n}" for n in range(1, 7)}
)
_SPACE = re.compile(r"\s+")


class SearchBundleError(RuntimeError):
    """The bundle could not be made: the reason, with what was found."""


@dataclass(frozen=True)
class Record:
    """One section of Material's search index, as Pagefind indexes it."""

    location: str  # "cases/x/#anchor", or "cases/x/" for the top of a page
    title: str  # plain text
    text: str  # plain text

    @property
    def page(self) -> str:
        return self.location.split("#", 1)[0]


class _Text(HTMLParser):
    """The text of an HTML fragment, with a space where a block starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")


def plain_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment of Material's index, on one line."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def records(index: dict[str, Any]) -> list[Record]:
    """One record per section of Material's index, in its order."""
    docs = index.get("docs")
    if not isinstance(docs, list) or not docs:
        raise SearchBundleError(f"expected the sections of the site in {SEARCH_INDEX}; found none")
    found = []
    for number, doc in enumerate(docs):
        location, title, text = (doc.get(key) for key in ("location", "title", "text"))
        if not isinstance(location, str) or not isinstance(title, str):
            raise SearchBundleError(
                f"{SEARCH_INDEX}: section {number} has no location or title; found {doc!r:.200}"
            )
        found.append(Record(location, plain_text(title), plain_text(str(text or ""))))
    return found


def record_page(record: Record) -> str:
    """The HTML page Pagefind reads for one record: its title as the ``title`` meta, its address
    as ``loc`` (after a "/": Pagefind drops an empty value, and the home page's is empty) and its
    text as the body (all escaped)."""
    esc = html.escape
    return (
        f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title></title>'
        f'</head><body><h1 data-pagefind-meta="title">{esc(record.title)}</h1>'
        f'<p data-pagefind-ignore><span data-pagefind-meta="loc">/{esc(record.location)}</span></p>'
        f"<p>{esc(record.text or record.title)}</p></body></html>"
    )


def stub_index(
    index: dict[str, Any],
    found: list[Record],
    fragments: dict[int, str],
    bundle: str = BUNDLE_DIR,
) -> dict[str, Any]:
    """What replaces Material's index: its config (naming the bundle) and one entry per page,
    titled as the page's top section (or its first section, for a page whose top is not in the
    index), without text, with the Pagefind ids of its sections (``fragments``: record number
    to id), so that a query tells which pages match without fetching a fragment of each."""
    config = dict(index.get("config") or {})
    config["pagefind"] = f"{bundle}/"
    pages: dict[str, dict[str, Any]] = {}
    for number, record in enumerate(found):
        entry = pages.setdefault(
            record.page, {"location": record.page, "title": "", "text": "", "sections": []}
        )
        if record.location == record.page or not entry["title"]:
            entry["title"] = html.escape(record.title, quote=False)
        entry["sections"].append(fragments[number])
    return {"config": config, "docs": list(pages.values())}


@dataclass(frozen=True)
class BundleSummary:
    records: int
    pages: int
    files: int
    bytes: int

    def __str__(self) -> str:
        return (
            f"Search: {self.records:,} sections of {self.pages} pages indexed by Pagefind into "
            f"{BUNDLE_DIR}/ ({self.files:,} files, {self.bytes / 1e6:.1f} MB); "
            f"{SEARCH_INDEX} is now a stub"
        )


def build_search_bundle(site: Path) -> BundleSummary:
    """Index the sections of ``site``'s Material index with Pagefind into ``site/pagefind`` and
    replace the index with its stub. Run once, on a site ``mkdocs build`` wrote."""
    index_file = site / SEARCH_INDEX
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchBundleError(f"cannot read {index_file}: {exc}") from exc
    if isinstance(index.get("config"), dict) and "pagefind" in index["config"]:
        raise SearchBundleError(f"{index_file} is already a stub: build the site again first")
    found = records(index)
    out = (site / BUNDLE_DIR).resolve()  # Pagefind reads a relative path from elsewhere
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="fieldguide-search-") as tmp:
        source = Path(tmp)
        for number, record in enumerate(found):
            (source / f"{number}.html").write_text(record_page(record), encoding="utf-8")
        result = subprocess.run(  # noqa: S603 - fixed program, paths we made, no shell
            [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise SearchBundleError(f"pagefind failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    indexed = _indexed_pages(out)
    fragments = _fragment_ids(out)
    if indexed != len(found) or sorted(fragments) != list(range(len(found))):
        raise SearchBundleError(
            f"expected Pagefind to index {len(found)} sections, one fragment each; it indexed "
            f"{indexed} into {len(fragments)} fragments"
        )
    for path in out.iterdir():
        if UNUSED.match(path.name):
            path.unlink()
    stub = stub_index(index, found, fragments)
    index_file.write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")), "utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    return BundleSummary(
        len(found), len(stub["docs"]), len(files), sum(p.stat().st_size for p in files)
    )


def _indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return int(entry["languages"][LANGUAGE]["page_count"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SearchBundleError(f"Pagefind wrote no readable {bundle}/pagefind-entry.json") from exc


_FRAGMENT_URL = re.compile(rb'^pagefind_dcd\{"url":"/(\d+)\.html"')


def _fragment_ids(bundle: Path) -> dict[int, str]:
    """Record number -> the Pagefind id of its fragment (a search result's ``id``)."""
    found: dict[int, str] = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        match = _FRAGMENT_URL.match(gzip.decompress(path.read_bytes())[:64])
        if match is None:
            raise SearchBundleError(f"cannot read which record {path.name} holds")
        found[int(match.group(1))] = path.name.removesuffix(".pf_fragment")
    return found

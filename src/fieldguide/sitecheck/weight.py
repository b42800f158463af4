"""Page weight of a built site: gzip bytes of each page's HTML and of the files it loads.

Reused by the page-weight gate (tests/test_gates.py), the benchmark (scripts/benchmark.py) and
the audit (scripts/audit.py). Budgets per page type live in one file, ``budgets.yaml`` at the
project root; this module reads it, classifies every built page and reports what is over.

Definitions (all sizes are gzip level 6, the level web servers commonly use):

* ``html``: the page's ``index.html``.
* shared assets: the files that *every* page loads: the scripts, stylesheets and icon it links
  (Material's bundle, our ``extra_css``/``extra_javascript``) and what Material's bundle fetches
  as the page loads, which its configuration on the page says: with instant navigation, the
  sitemap (the list of the site's pages that it follows links within), a file that grows with
  every page of the site, unless the page loads ``lazy-loads.js``, which holds it back until the
  reader moves, touches, types or scrolls. The first page a reader opens pays for them once.
* own assets: the scripts, stylesheets and preloads this page links that not every page does
  (per-page tool scripts, for instance, and the flashcards' first deck).
* first visit: html + shared + own assets, the transfer of a first, cold visit to that page;
  the benchmark adds the search worker and index, which this guide loads only when the reader
  first searches (``lazy-loads.js``; tests/test_search_lazy.py checks that a page load
  requests neither).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

BUDGETS_FILE = "budgets.yaml"
KB = 1024
SEARCH_INDEX = "search/search_index.json"
SEARCH_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")


class BudgetError(ValueError):
    """The budgets file is malformed (the message names the file and the field)."""


@dataclass(frozen=True)
class PageType:
    """One page type of the budgets file: which pages it covers and their limits (bytes)."""

    name: str
    paths: tuple[str, ...]
    loads: str | None
    html_gzip: int
    own_assets_gzip: int
    first_visit_gzip: int | None = None  # this type's exception to the site-wide first visit

    def covers(self, page: str, assets: list[str]) -> bool:
        if any(path_matches(pattern, page) for pattern in self.paths):
            return True
        return self.loads is not None and any(self.loads in asset for asset in assets)


@dataclass(frozen=True)
class Budgets:
    types: tuple[PageType, ...]
    shared_assets_gzip: int
    first_visit_gzip: int
    source: str = BUDGETS_FILE
    first_search_gzip: int | None = None  # the published site's first search (Pagefind)

    def type_of(self, page: str, assets: list[str]) -> PageType:
        for kind in self.types:
            if kind.covers(page, assets):
                return kind
        raise BudgetError(f"{self.source}: no page type covers {page!r}; end with a catch-all")


@dataclass
class PageWeight:
    page: str  # URL path relative to the site root: "" (home), "cases/news-feed/"
    kind: str
    html_gzip: int
    assets: list[str] = field(default_factory=list)
    own_assets: list[str] = field(default_factory=list)
    own_assets_gzip: int = 0


@dataclass
class SiteWeight:
    pages: list[PageWeight]
    shared_assets: list[str]
    shared_assets_gzip: int
    search_gzip: int  # search worker + search index

    def page(self, path: str) -> PageWeight:
        return next(p for p in self.pages if p.page == path)

    def first_visit(self, path: str, search: bool = True) -> int:
        """Gzip bytes of a cold visit to ``path``; ``search=False`` leaves out the search
        worker and index (loaded only when the reader first searches)."""
        page = self.page(path)
        own = page.html_gzip + self.shared_assets_gzip + page.own_assets_gzip
        return own + (self.search_gzip if search else 0)


def path_matches(pattern: str, page: str) -> bool:
    """``*`` is one path segment, ``**`` any number; ``""`` is the home page only."""
    regex = ""
    for part in re.split(r"(\*\*|\*)", pattern):
        regex += {"**": ".*", "*": "[^/]+"}.get(part, re.escape(part))
    return re.fullmatch(regex, page) is not None


def load_budgets(path: Path) -> Budgets:
    """Read the budgets file; every mistake names the file and the field."""
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BudgetError(f"{name}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("types"), list):
        raise BudgetError(f"{name}: expected a mapping with a 'types' list")
    types = tuple(_page_type(name, i, item) for i, item in enumerate(data["types"]))
    shared = _kb(name, "shared_assets_gzip_kb", data.get("shared_assets_gzip_kb"))
    first = _kb(name, "first_visit_gzip_kb", data.get("first_visit_gzip_kb"))
    search = data.get("first_search_gzip_kb")
    return Budgets(
        types,
        shared,
        first,
        name,
        None if search is None else _kb(name, "first_search_gzip_kb", search),
    )


def _page_type(name: str, index: int, item: Any) -> PageType:
    where = f"types[{index}]"
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise BudgetError(f"{name}: {where}: expected a mapping with a 'name'")
    paths = item.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise BudgetError(f"{name}: {where}.paths: expected a list of path patterns")
    loads = item.get("loads")
    if loads is not None and not isinstance(loads, str):
        raise BudgetError(f"{name}: {where}.loads: expected a string")
    if not paths and loads is None:
        raise BudgetError(f"{name}: {where}: give 'paths' or 'loads'")
    return PageType(
        item["name"],
        tuple(paths),
        loads,
        _kb(name, f"{where}.html_gzip_kb", item.get("html_gzip_kb")),
        _kb(name, f"{where}.own_assets_gzip_kb", item.get("own_assets_gzip_kb")),
        None
        if item.get("first_visit_gzip_kb") is None
        else _kb(name, f"{where}.first_visit_gzip_kb", item.get("first_visit_gzip_kb")),
    )


def _kb(name: str, where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise BudgetError(f"{name}: {where}: expected a number of KB >= 0, found {value!r}")
    return int(value * KB)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@cache
def _file_gzip(path: Path) -> int:
    return gzip_size(path.read_bytes())


def file_gzip(path: Path) -> int:
    """Gzip size of a file (0 if it does not exist)."""
    return _file_gzip(path) if path.is_file() else 0


# Files Pagefind writes already compressed: a server sends them as they are.
PRECOMPRESSED = frozenset({".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind"})


def sent_size(path: Path) -> int:
    """What a server like GitHub Pages sends for a file of the site: its gzip, or the file
    itself when it is compressed already (0 if it does not exist)."""
    if path.suffix in PRECOMPRESSED:
        return path.stat().st_size if path.is_file() else 0
    return file_gzip(path)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.found.append(str(values["src"]))
        elif (
            tag == "link"
            and {"stylesheet", "icon", "preload"} & set((values.get("rel") or "").lower().split())
            and values.get("href")
        ):
            self.found.append(str(values["href"]))  # the browser fetches the icon too


def linked_assets(page: str, html: str) -> list[str]:
    """Site-relative paths of the scripts, stylesheets, preloads and icon a page links (other
    hosts kept as-is)."""
    parser = _Links()
    parser.feed(html)
    assets = []
    for ref in parser.found:
        ref = ref.split("#", 1)[0].split("?", 1)[0]
        if re.match(r"^[a-z]+:|^//", ref):
            assets.append(ref)
        elif ref.startswith("/"):
            assets.append(ref.lstrip("/"))
        else:
            assets.append(posixpath.normpath(posixpath.join(page or ".", ref)))
    return list(dict.fromkeys(assets))


_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
SITEMAP = "sitemap.xml"
LAZY_LOADS = "assets/javascripts/lazy-loads.js"  # holds back the sitemap and search until used


def theme_fetches(page: str, html: str, links: list[str]) -> list[str]:
    """Site-relative paths of what Material's bundle fetches as the page loads, read from the
    configuration the theme writes into the page (``__config``): the sitemap, with instant
    navigation, unless the page's ``links`` (:func:`linked_assets`) hold :data:`LAZY_LOADS`,
    which defers it as it defers the search worker and index (see above)."""
    found = _CONFIG.search(html)
    if found is None:
        return []
    config = json.loads(found.group(1))
    if "navigation.instant" not in config.get("features", []):
        return []
    if LAZY_LOADS in links:
        return []
    base = str(config.get("base", "."))
    return [posixpath.normpath(posixpath.join(page or ".", base, SITEMAP))]


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as its URL path ("" for home), sorted; assets excluded."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [p.removesuffix("index.html") for p in found if not p.startswith("assets/")]


def measure_site(site: Path, budgets: Budgets) -> SiteWeight:
    pages = site_pages(site)
    linked = {}
    for page in pages:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        links = linked_assets(page, html)
        linked[page] = links + theme_fetches(page, html, links)
    shared = [a for a in linked[pages[0]] if all(a in linked[p] for p in pages)] if pages else []
    weights = []
    for page in pages:
        own = [a for a in linked[page] if a not in shared]
        weights.append(
            PageWeight(
                page=page,
                kind=budgets.type_of(page, linked[page]).name,
                html_gzip=file_gzip(site / page / "index.html"),
                assets=linked[page],
                own_assets=own,
                own_assets_gzip=sum(file_gzip(site / a) for a in own),
            )
        )
    workers = (
        [
            p
            for p in (site / "assets").rglob("search.*.min.js")
            if SEARCH_WORKER.search(p.relative_to(site).as_posix())
        ]
        if (site / "assets").is_dir()
        else []
    )
    search = sum(file_gzip(p) for p in workers) + file_gzip(site / SEARCH_INDEX)
    return SiteWeight(weights, shared, sum(file_gzip(site / a) for a in shared), search)


def over_budget(weight: SiteWeight, budgets: Budgets) -> list[str]:
    """One line per page (or the shared assets) over its budget, naming type, sizes and file."""
    kinds = {kind.name: kind for kind in budgets.types}
    problems = []
    if weight.shared_assets_gzip > budgets.shared_assets_gzip:
        problems.append(
            f"Files every page loads: {_k(weight.shared_assets_gzip)} gzip > budget "
            f"{_k(budgets.shared_assets_gzip)} ({budgets.source}: shared_assets_gzip_kb); "
            f"files: {', '.join(weight.shared_assets)}"
        )
    for page in weight.pages:
        kind = kinds[page.kind]
        shown = f"/{page.page}"
        first = weight.first_visit(page.page, search=False)
        limit, key = budgets.first_visit_gzip, "first_visit_gzip_kb"
        if kind.first_visit_gzip is not None:
            limit, key = kind.first_visit_gzip, f"{page.kind}.first_visit_gzip_kb"
        if first > limit:
            problems.append(
                f"{shown} ({page.kind} page): first visit (HTML + every page's files + its own) "
                f"{_k(first)} gzip > budget {_k(limit)} ({budgets.source}: {key})"
            )
        if page.html_gzip > kind.html_gzip:
            problems.append(
                f"{shown} ({page.kind} page): HTML {_k(page.html_gzip)} gzip > budget "
                f"{_k(kind.html_gzip)} ({budgets.source}: {page.kind}.html_gzip_kb)"
            )
        if page.own_assets_gzip > kind.own_assets_gzip:
            problems.append(
                f"{shown} ({page.kind} page): its own JS/CSS {_k(page.own_assets_gzip)} gzip > "
                f"budget {_k(kind.own_assets_gzip)} ({budgets.source}: "
                f"{page.kind}.own_assets_gzip_kb); files: {', '.join(page.own_assets)}"
            )
    return problems


def _k(size: int) -> str:
    return f"{size / KB:.1f} KB"

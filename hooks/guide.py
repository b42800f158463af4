"""MkDocs hooks: a thin adapter from MkDocs events to the ``fieldguide`` package.

on_config  loads and validates every case (reused from an earlier build while no file it reads
           has changed: fieldguide.build_cache; the build stops with the full problem report; under
           `mkdocs serve` every page shows the report instead, until the next good save) and
           appends the case pages to the "Cases" section of the navigation, grouped by their
           `section:`. Drafts are shown by `serve` only.
on_files   adds the generated pages (in memory, never written to docs/) and the vendored Mermaid,
           and (not under `mkdocs serve`) gives our own JS and CSS minified.
on_post_page stops the build on a page whose headings repeat, are left empty or skip a level, and
           (not under `mkdocs serve`) drops the templates' indentation from each page's text.
on_page_markdown checks snippet includes and typed arithmetic and expands shortcodes and computed
           numbers in hand-written pages. (The glossary's hover tooltips are given to the `abbr`
           extension by on_config.)
on_page_content passes the HTML of generated pages through the allowlist sanitizer.
"""

from __future__ import annotations

import functools
import gc
import mimetypes
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from fieldguide.build_cache import CATALOG_INPUTS, PAGE_ONLY_INPUTS, cached, fingerprint
from fieldguide.load.catalog import Catalog, load_catalog
from fieldguide.load.glossary import tooltips
from fieldguide.load.problems import Problem, ProblemsFound, at_source_lines
from fieldguide.load.snippets import base_paths, check_includes
from fieldguide.load.typed_arithmetic import typed_in_markdown
from fieldguide.render.assets import (
    IFRAME_WORKER_DEST,
    PAGE_SCRIPT_KEYS,
    MissingAssets,
    page_script_problems,
    vendored_files,
)
from fieldguide.render.minify import minifiable, minified, tidy_html
from fieldguide.render.navigation import GROUP_TITLES, NAV_GROUP_LIMIT
from fieldguide.render.pages import (
    case_nav,
    generated_pages,
    problems_page,
    render_problems,
    schema_pages,
)
from fieldguide.render.reproducible import pin_build_date
from fieldguide.render.sanitize import clean_html
from fieldguide.render.shortcodes import OFFLINE_ZIP, expand
from fieldguide.render.tags import TAG_INDEX_LIMIT
from fieldguide.sitecheck.outline import article, notes_sources, outline_problems, outline_report
from fieldguide.study.site import study_site

CASES_SECTION = "Cases"
SNIPPETS = "pymdownx.snippets"
ABBR = "abbr"


class _State:
    """What one build carries from event to event (reset by every on_config)."""

    command = "build"
    catalog: Catalog | None = None
    problems: list[Problem] = []  # noqa: RUF012 - replaced, never mutated
    nav_group_limit = NAV_GROUP_LIMIT  # mkdocs.yml extra.nav_group_limit, if set
    tag_index_limit = TAG_INDEX_LIMIT  # mkdocs.yml extra.tag_index_limit, if set
    assets: frozenset[str] | None = None  # the site's assets, gathered at the first page
    catalog_key = ""  # the build cache's key of the catalog: the pages' key builds on it


_state = _State()

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _collector_paused(event: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run an engine event with Python's cyclic garbage collector paused (issue 13).

    The engine makes some 100,000 objects that live as long as the build (case data, models,
    compiled templates) and next to no cyclic garbage, yet each collector pass walks them all:
    ~0.3 s CPU of a 19-case build. Afterwards a one-shot build freezes what exists (``gc.freeze``:
    later passes skip it); `mkdocs serve` does not, so that each rebuild's old objects can still
    be collected."""

    @functools.wraps(event)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return event(*args, **kwargs)
        finally:
            if _state.command != "serve":
                gc.freeze()
            if enabled:
                gc.enable()

    return run


def on_startup(command: str, dirty: bool) -> None:
    mimetypes.add_type("text/javascript", ".mjs")  # mkdocs serve must send Mermaid's ESM as JS
    _state.command = command


@_collector_paused
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    pin_build_date(root)  # two builds of one commit are byte-identical, whatever the day
    if SNIPPETS in config.mdx_configs:
        config.mdx_configs[SNIPPETS]["base_path"] = base_paths(root)
    _state.catalog, _state.problems, _state.assets = None, [], None
    _state.nav_group_limit = _limit(config, "nav_group_limit", NAV_GROUP_LIMIT)
    _state.tag_index_limit = _limit(config, "tag_index_limit", TAG_INDEX_LIMIT)
    serving = _state.command == "serve"  # drafts are for authors, not readers
    _state.catalog_key = fingerprint(root, CATALOG_INPUTS, "catalog", serving)
    try:  # reused from an earlier build while no file it reads has changed
        catalog = cached(
            _state.catalog_key,
            lambda: load_catalog(root) if serving else load_catalog(root).published(),
        )
    except ProblemsFound as exc:
        if not serving:
            raise PluginError(f"Case files have problems:\n{exc}") from exc
        # Serving: every page shows the report until the next good save rebuilds the site.
        _state.problems = exc.problems
        return config
    _state.catalog = catalog
    if ABBR in config.mdx_configs or ABBR in config.markdown_extensions:  # hover tooltips
        config.mdx_configs[ABBR] = {
            **config.mdx_configs.get(ABBR, {}),
            "glossary": tooltips(catalog.glossary),
        }
    if _offline(config):
        # Material's offline plugin would load its search shim from unpkg: serve our own copy.
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [IFRAME_WORKER_DEST, *polyfills]
        # Instant navigation needs a server (it fetches pages and the sitemap): off for file://.
        features = config.theme["features"]
        config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
        # The logo links to the home page's folder (".."), which file:// shows as a file list.
        config.extra.setdefault("homepage", "index.html")
    section = next(
        (item for item in config.nav or [] if isinstance(item, dict) and CASES_SECTION in item),
        None,
    )
    if section is None:
        raise PluginError(f"mkdocs.yml nav needs a '{CASES_SECTION}' section for the case pages")
    pages: list[Any] = [p for p in section[CASES_SECTION] if not _is_case_page(p)]
    # one sub-section per case group (the `section:` of each case file); a large group lists
    # only its overview page, so that case pages do not grow with the corpus
    pages += case_nav(catalog.cases, _state.nav_group_limit)
    section[CASES_SECTION] = pages
    return config


def _limit(config: MkDocsConfig, key: str, default: int) -> int:
    """A positive whole number from mkdocs.yml ``extra`` (set there from the environment)."""
    value = config.extra.get(key)
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise PluginError(f"mkdocs.yml extra.{key} must be a whole number above 0, found {value!r}")
    return number


def _offline(config: MkDocsConfig) -> bool:
    """True when Material's offline plugin is enabled (a build to open from the file system)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and getattr(plugin, "config", {}).get("enabled", False))


def _is_case_page(item: Any) -> bool:
    if isinstance(item, dict) and next(iter(item)) in GROUP_TITLES:
        return True  # a case group added by an earlier on_config
    value = next(iter(item.values())) if isinstance(item, dict) else item
    return isinstance(value, str) and value.startswith("cases/") and value != "cases/index.md"


@_collector_paused
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir).relative_to(root).as_posix()
    for file in files.documentation_pages():
        file.edit_uri = f"{docs}/{file.src_uri}"  # edit_uri is the repository root
    if _state.command != "serve":  # readers get our JS and CSS minified; `serve` keeps the source
        for file in [f for f in files if f.generated_by is None and minifiable(f.src_uri)]:
            source = Path(file.abs_src_path or "")
            if source.is_relative_to(config.docs_dir):  # ours, not the theme's
                text = source.read_text(encoding="utf-8")
                files.remove(file)
                files.append(
                    File.generated(config, file.src_uri, content=minified(file.src_uri, text))
                )
    catalog = _state.catalog
    try:  # study tools: mock interview, flashcards, progress, question bank, matrix, sheets
        if catalog is not None:
            limits = (_state.nav_group_limit, _state.tag_index_limit)
            pages, study = cached(
                fingerprint(root, PAGE_ONLY_INPUTS, "pages", _state.catalog_key, limits),
                lambda: (
                    generated_pages(catalog, nav_group_limit=limits[0], tag_index_limit=limits[1]),
                    study_site(catalog, root),
                ),
            )
        else:  # every page shows the problem report; the nav still needs its generated targets
            pages = [*schema_pages(), problems_page(_state.problems)]
            study = study_site(None, root)
    except ProblemsFound as exc:
        raise PluginError(f"Study data files have problems:\n{exc}") from exc
    for page in [*pages, *study.pages]:
        # pages reached only through links (tag pages, cases of a group too large for the
        # navigation) are "not in nav", which the strict build would otherwise warn about
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
        file.edit_uri = page.source  # the case file (or code) behind the page
        files.append(file)
    for generated in study.files:
        files.append(File.generated(config, generated.path, content=generated.content))
    try:
        vendored = vendored_files(root, offline=_offline(config))
    except MissingAssets as exc:
        raise PluginError(str(exc)) from exc
    for source, dest in vendored:
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    offline_zip = _offline_zip()
    if offline_zip is not None:  # `make build` ships the offline edition with the site
        files.append(File.generated(config, OFFLINE_ZIP, abs_src_path=str(offline_zip)))
    return files


def _offline_zip() -> Path | None:
    """The offline edition to ship (env OFFLINE_ZIP, set by `make build`), if any."""
    value = os.environ.get("OFFLINE_ZIP")
    if not value:
        return None
    path = Path(value).resolve()
    if not path.is_file():
        raise PluginError(f"OFFLINE_ZIP={value}: no such file (run `make offline-zip` first)")
    return path


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalog = _state.catalog
    if catalog is None:
        return render_problems(_state.problems)
    if page.file.generated_by is None:
        root = Path(config.config_file_path).parent
        display = f"docs/{page.file.src_uri}"
        problems = check_includes(markdown, display, root) if "8<" in markdown else []
        problems += [Problem(display, n, "", message) for n, message in typed_in_markdown(markdown)]
        if problems:
            found = at_source_lines(problems, page.file.content_string, markdown)
            raise PluginError(f"Page problems:\n{ProblemsFound(found)}")
        if "fieldguide:" in markdown or "{{" in markdown:
            try:
                zip_path = _offline_zip()
                size = None if zip_path is None else zip_path.stat().st_size
                markdown = expand(
                    markdown,
                    catalog,
                    display,
                    offline_zip_bytes=size,
                    tag_index_limit=_state.tag_index_limit,
                )
            except ProblemsFound as exc:
                found = at_source_lines(exc.problems, page.file.content_string, markdown)
                raise PluginError(f"Shortcode problems:\n{ProblemsFound(found)}") from exc
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for key in PAGE_SCRIPT_KEYS:  # per-page tool scripts, placed by overrides/main.html
        if key in page.meta:
            if _state.assets is None:  # once per build, not per page (1,000 cases: 2 s)
                _state.assets = frozenset(
                    f.src_uri for f in files if f.src_uri.startswith("assets/")
                )
            problems = page_script_problems(page.meta[key], page.file.src_uri, _state.assets, key)
            if problems:
                raise PluginError("Page script problems:\n" + "\n".join(problems))
    # Generated pages carry contributed text: allowlist-sanitize them as a second defence.
    return clean_html(html) if page.file.generated_by is not None else html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # The final page (plugins have filled it in); not the problem report that replaces every page
    # while a case file is broken under `serve`.
    problems = outline_problems(article(output)) if _state.catalog is not None else []
    if problems:
        root = Path(config.config_file_path).parent
        if page.file.generated_by is None:
            sources = {f"docs/{page.file.src_uri}": page.file.content_string}
        else:  # a case page: its notes (other generated pages have no Markdown source)
            sources = notes_sources((root / (page.file.edit_uri or "")).parent, root)
        raise PluginError(outline_report(page.file.src_uri, problems, sources))
    # Readers get each page without the indentation around its lines of text (4% of a case
    # page's gzip); `serve` keeps Material's output as it is.
    return output if _state.command == "serve" else tidy_html(output)

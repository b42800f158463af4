"""Fast gates over the built site, each proven able to fail on a planted defect.

* Page weight: every page within the budget of its type (budgets.yaml, the one place budgets
  live; code in src/fieldguide/sitecheck/weight.py).
* Markup: the W3C Nu HTML checker (npm ``vnu-jar``, pinned in package.json; needs Java) finds no
  error our templates cause on one built page of every page type.

"Every page loads in Chromium with no console error and no request to another host" is
tests/test_browser.py::test_every_page_loads_clean_and_passes_axe (``sweep_pages`` in
tests/support/browser.py; proven able to fail by
test_the_sweep_reports_console_errors_and_axe_violations).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fieldguide.render.assets import page_script_problems
from fieldguide.sitecheck.weight import (
    BUDGETS_FILE,
    LAZY_LOADS,
    BudgetError,
    Budgets,
    SiteWeight,
    file_gzip,
    load_budgets,
    measure_site,
    over_budget,
)

from .conftest import ROOT
from .support.browser import Site

if TYPE_CHECKING:
    from playwright.sync_api import Browser

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_TYPES = {"home", "chapter", "primer", "case", "tool", "other"}

# Errors the Nu checker reports in markup that Material for MkDocs 9.8.1 writes, not us. Each is
# matched on the message AND on the element (the checker's extract), so the same mistake in our
# own markup is still reported (test_the_material_filter_hides_none_of_our_errors).
MATERIAL_ERRORS = [
    # base.html: the drawer and search toggles are <input type="checkbox" autocomplete="off">
    # (autocomplete is not allowed on checkboxes).
    (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
        r'id="__(drawer|search)" autocomplete="off">',
    ),
    # partials/nav-item.html: section labels get tabindex="" when navigation.sections is on.
    (
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" '
        r'tabindex="">',
    ),
    # partials/toc.html: the "Table of contents" title is a <label for="__toc"> even on a page
    # whose table of contents is empty, where Material renders no #__toc checkbox.
    (
        r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        r'<label class="md-nav__title" for="__toc">',
    ),
]


def material_error(message: dict[str, object]) -> bool:
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(re.search(m, text) and re.search(e, extract) for m, e in MATERIAL_ERRORS)


def vnu_errors(files: list[Path]) -> dict[str, list[str]]:
    """Errors per file from one run of the Nu checker, Material's own errors filtered out."""
    if shutil.which("java") is None:  # an error, never a silent skip
        pytest.fail("java not found: install default-jre-headless (see .ci/run)", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} not found: run `npm ci`", pytrace=False)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") == "error" and not material_error(message):
            name = str(message.get("url", "")).removeprefix("file:")
            where = f"line {message.get('lastLine', '?')}: {message.get('message')}"
            found.setdefault(name, []).append(f"{where} [{message.get('extract', '').strip()}]")
    return found


@pytest.fixture(scope="module")
def budgets() -> Budgets:
    return load_budgets(ROOT / BUDGETS_FILE)


@pytest.fixture(scope="module")
def site(deployed_site: Site) -> Path:
    """The site as deployed: the session's build, pre-rendered as `make build` does
    (tests/conftest.py), so inline diagrams count against the budgets."""
    return deployed_site.folder


@pytest.fixture(scope="module")
def weight(site: Path, budgets: Budgets) -> SiteWeight:
    return measure_site(site, budgets)


# --- page weight ------------------------------------------------------------------------------


def test_the_budgets_file_names_every_page_type(budgets: Budgets) -> None:
    assert {kind.name for kind in budgets.types} >= PAGE_TYPES
    assert budgets.types[-1].paths == ("**",), "the last type must cover every other page"


def test_every_page_is_within_the_budget_of_its_type(weight: SiteWeight, budgets: Budgets) -> None:
    kinds = {page.kind for page in weight.pages}
    assert {"home", "chapter", "primer", "case", "other"} <= kinds
    problems = over_budget(weight, budgets)
    assert not problems, "pages over budget:\n" + "\n".join(problems)


def test_a_budget_below_a_real_page_fails_with_a_clear_message(
    weight: SiteWeight, budgets: Budgets
) -> None:
    case = max((p for p in weight.pages if p.kind == "case"), key=lambda p: p.html_gzip)
    tight = Budgets(
        tuple(
            dataclasses.replace(
                kind,
                html_gzip=case.html_gzip - 1,
                first_visit_gzip=weight.first_visit(case.page, search=False) - 1,
            )
            if kind.name == "case"
            else kind
            for kind in budgets.types
        ),
        weight.shared_assets_gzip - 1,
        weight.first_visit(case.page, search=False) - 1,
    )
    problems = over_budget(weight, tight)
    assert any(
        p.startswith(f"/{case.page} (case page): HTML ")
        and "gzip > budget" in p
        and "budgets.yaml: case.html_gzip_kb" in p
        for p in problems
    ), problems
    assert any(p.startswith("Files every page loads:") for p in problems), problems
    assert any(
        p.startswith(f"/{case.page} (case page): first visit") and "case.first_visit_gzip_kb" in p
        for p in problems
    ), problems
    # without the type's own limit, the site-wide one applies
    site_wide = Budgets(
        tuple(dataclasses.replace(kind, first_visit_gzip=None) for kind in tight.types),
        tight.shared_assets_gzip,
        weight.first_visit(case.page, search=False) - 1,
    )
    assert any(
        p.startswith(f"/{case.page} (case page): first visit")
        and "(budgets.yaml: first_visit_gzip_kb)" in p
        for p in over_budget(weight, site_wide)
    )


@pytest.mark.parametrize(
    ("path", "folder"), [("study/flashcards/", "cards"), ("study/mock-interview/", "mock")]
)
def test_the_data_tools_get_the_normal_tool_budget(
    site: Path, weight: SiteWeight, budgets: Budgets, path: str, folder: str
) -> None:
    """Flashcards and the mock interview link a small index; each deck / case is a script of its
    own, loaded on demand. They are tool pages like any other: linking every part (as the single
    data file did) is over the tool budget and the site-wide first visit."""
    page = weight.page(path)
    assert page.kind == "tool"
    assert all(kind.first_visit_gzip is None for kind in budgets.types if kind.name == "tool")
    parts = sorted((site / "assets" / "javascripts" / "tools" / folder).glob("*.js"))
    assert len(parts) >= 19
    linked = {posixpath.normpath(a) for a in page.assets}
    shipped = [p.relative_to(site).as_posix() for p in parts]
    # the flashcards page preloads the deck a first visit starts with, and no other (a browser
    # loads no other: test_the_first_visit_counts_what_a_browser_fetches)
    first = ["assets/javascripts/tools/cards/glossary-1.js"] if folder == "cards" else []
    assert [name for name in shipped if name in linked] == first
    parts = [p for p, name in zip(parts, shipped, strict=True) if name not in linked]
    assert not over_budget(dataclasses.replace(weight, pages=[page]), budgets)
    whole = dataclasses.replace(
        page, own_assets_gzip=page.own_assets_gzip + sum(file_gzip(p) for p in parts)
    )
    problems = over_budget(dataclasses.replace(weight, pages=[whole]), budgets)
    assert any(
        p.startswith(f"/{path} (tool page): its own JS/CSS") and "tool.own_assets_gzip_kb" in p
        for p in problems
    ), problems
    assert any(
        p.startswith(f"/{path} (tool page): first visit")
        and "(budgets.yaml: first_visit_gzip_kb)" in p
        for p in problems
    ), problems


def test_a_page_own_script_counts_against_its_type(tmp_path: Path) -> None:
    """A tool page's extra script is its own weight (not shared), classified by what it loads."""
    script = tmp_path / "assets" / "javascripts" / "tools" / "quiz.js"
    script.parent.mkdir(parents=True)
    noise = b"".join(hashlib.sha256(i.to_bytes(2, "big")).digest() for i in range(320))
    script.write_bytes(noise)  # 10 KB that gzip cannot shrink
    common = '<link rel="stylesheet" href="{0}assets/site.css"><script src="{0}assets/site.js">'
    (tmp_path / "assets" / "site.css").write_text("body{}")
    (tmp_path / "assets" / "site.js").write_text("1")
    (tmp_path / "index.html").write_text(common.format(""))
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "index.html").write_text(
        common.format("../") + '</script><script src="../assets/javascripts/tools/quiz.js">'
    )
    budgets_file = tmp_path / BUDGETS_FILE
    budgets_file.write_text(
        "first_visit_gzip_kb: 100\nshared_assets_gzip_kb: 1\ntypes:\n"
        "  - {name: home, paths: [''], html_gzip_kb: 1, own_assets_gzip_kb: 0}\n"
        "  - {name: tool, loads: assets/javascripts/tools/, html_gzip_kb: 1,"
        " own_assets_gzip_kb: 5}\n"
        "  - {name: other, paths: ['**'], html_gzip_kb: 1, own_assets_gzip_kb: 0}\n"
    )
    budgets = load_budgets(budgets_file)
    weight = measure_site(tmp_path, budgets)
    quiz = weight.page("quiz/")
    assert quiz.kind == "tool"
    assert quiz.own_assets == ["assets/javascripts/tools/quiz.js"]
    assert weight.shared_assets == ["assets/site.css", "assets/site.js"]
    assert over_budget(weight, budgets) == [
        "/quiz/ (tool page): its own JS/CSS 10.0 KB gzip > budget 5.0 KB "
        "(budgets.yaml: tool.own_assets_gzip_kb); files: assets/javascripts/tools/quiz.js"
    ]


def test_the_sitemap_waits_for_the_reader_and_is_not_part_of_a_first_visit(
    site: Path, weight: SiteWeight
) -> None:
    """Material fetches sitemap.xml as every page loads (instant navigation follows links within
    the pages it lists), and the file grows with every page of the guide: every page loads
    lazy-loads.js, which holds it back until the reader does something
    (tests/test_search_lazy.py), so no first visit counts it; the browser fetches the icon."""
    assert (site / "sitemap.xml").is_file()
    assert all(LAZY_LOADS in page.assets for page in weight.pages)
    assert "sitemap.xml" not in weight.shared_assets
    assert any(asset.startswith("assets/images/favicon") for asset in weight.shared_assets)


FIRST_VISITS = [
    "",
    "framework/clarify/",
    "concepts/offline-metrics/",
    "glossary/",
    "study/mock-interview/",
    "study/flashcards/",
    "study/techniques/",
]


@pytest.mark.browser
def test_the_first_visit_counts_what_a_browser_fetches(
    deployed_site: Site, weight: SiteWeight, browser: Browser
) -> None:
    """The first-visit figures (budgets, benchmark, README) hold only if they count what a page
    load really fetches: on a phone-sized screen, as Lighthouse loads it, every request of a
    cold load of each page type must be the page or one of the files the weight counts for it,
    and each of those must be requested. (Until 2026-12-03 Material's search worker, the sitemap
    and the icon were fetched and not counted.)"""
    case = max(
        (p for p in weight.pages if p.kind == "case"), key=lambda p: weight.first_visit(p.page)
    )
    for path in [*FIRST_VISITS, case.page]:
        context = browser.new_context(viewport={"width": 412, "height": 900})
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request, into=fetched: into.append(request.url))
        page.goto(deployed_site.url(path))
        page.wait_for_load_state("networkidle")
        counted = {f"{path}index.html", *weight.page(path).assets}

        def requested(fetched: list[str] = fetched) -> set[str]:
            found = set()
            for url in fetched:
                assert url.startswith(deployed_site.base), url
                local = url.removeprefix(deployed_site.base).split("#")[0].split("?")[0]
                found.add(local + "index.html" if local.endswith("/") or not local else local)
            return found

        # Chromium asks for the icon after the load, and on a busy machine that can come after
        # the network was idle: give a counted file a few seconds more before calling it missing.
        for _ in range(50):
            if counted <= requested():
                break
            page.wait_for_timeout(200)
        context.close()
        found = requested()
        assert found == counted, (path, found - counted, counted - found)


def test_a_preload_must_be_a_tool_script_the_site_ships() -> None:
    """`preload:` front matter is checked like `scripts:` (the build fails with these lines)."""
    deck = "assets/javascripts/tools/cards/glossary-1.js"
    assert page_script_problems([deck], "study/flashcards.md", {deck}, "preload") == []
    found = page_script_problems(
        ["https://example.com/x.js", "assets/javascripts/tools/cards/gone.js"],
        "p.md",
        {deck},
        "preload",
    )
    assert found == [
        "p.md: preload: 'https://example.com/x.js' must be a path under assets/javascripts/tools/",
        "p.md: preload: 'assets/javascripts/tools/cards/gone.js' does not exist in "
        "docs/assets/javascripts/tools/",
    ]
    assert page_script_problems(deck, "p.md", {deck}, "preload") == [
        "p.md: 'preload' must be a list of paths, found str"
    ]


@pytest.mark.parametrize(
    ("features", "lazy", "counted"),
    [
        ('["navigation.instant"]', False, True),
        ("[]", False, False),
        ('["navigation.instant"]', True, False),
    ],
)
def test_the_sitemap_counts_only_where_instant_navigation_fetches_it_at_once(
    tmp_path: Path, features: str, lazy: bool, counted: bool
) -> None:
    """Counted where the page turns instant navigation on and does not load lazy-loads.js."""
    noise = b"".join(hashlib.sha256(i.to_bytes(2, "big")).digest() for i in range(64))
    (tmp_path / "sitemap.xml").write_bytes(noise)  # 2 KB that gzip cannot shrink
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "icon.png").write_bytes(b"png")
    (tmp_path / LAZY_LOADS).write_text("1")
    head = '<link rel="icon" href="{0}assets/icon.png">'
    if lazy:
        head += '<script src="{0}' + LAZY_LOADS + '" defer></script>'
    config = '<script id="__config" type="application/json">{"base": "%s", "features": %s}</script>'
    (tmp_path / "index.html").write_text(head.format("") + config % (".", features))
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text(head.format("../") + config % ("..", features))
    budgets_file = tmp_path / BUDGETS_FILE
    budgets_file.write_text(
        "first_visit_gzip_kb: 100\nshared_assets_gzip_kb: 1\ntypes:\n"
        "  - {name: other, paths: ['**'], html_gzip_kb: 1, own_assets_gzip_kb: 0}\n"
    )
    budgets = load_budgets(budgets_file)
    weight = measure_site(tmp_path, budgets)
    lazy_script = [LAZY_LOADS] if lazy else []
    assert weight.shared_assets == ["assets/icon.png", *lazy_script] + (
        ["sitemap.xml"] if counted else []
    )
    assert weight.page("guide/").own_assets == []
    problems = over_budget(weight, budgets)
    assert any(p.startswith("Files every page loads: 2.") for p in problems) == counted, problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("types: {}", "budgets.yaml: expected a mapping with a 'types' list"),
        (
            "first_visit_gzip_kb: 1\nshared_assets_gzip_kb: 1\ntypes:\n"
            "  - {name: home, paths: [''], html_gzip_kb: big,"
            " own_assets_gzip_kb: 0}",
            "budgets.yaml: types[0].html_gzip_kb: expected a number of KB >= 0, found 'big'",
        ),
        (
            "shared_assets_gzip_kb: 1\ntypes:\n  - {name: home, html_gzip_kb: 1,"
            " own_assets_gzip_kb: 0}",
            "budgets.yaml: types[0]: give 'paths' or 'loads'",
        ),
    ],
)
def test_a_malformed_budgets_file_names_the_field(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / BUDGETS_FILE).write_text(text)
    with pytest.raises(BudgetError) as error:
        load_budgets(tmp_path / BUDGETS_FILE)
    assert str(error.value) == message


# --- W3C Nu HTML checker ----------------------------------------------------------------------

PLANTED = [
    # the same mistakes as Material's filtered errors, in our own markup, and a plain one
    '<input type="checkbox" id="fg-planted-toggle" autocomplete="off">',
    '<label class="fg-planted" for="fg-nowhere" tabindex="">planted</label>',
    "<p>planted <div>block in a paragraph</div></p>",
]


@pytest.fixture(scope="module")
def checked(site: Path, weight: SiteWeight, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One Nu checker run over one page of every type, the 404 page and a planted copy."""
    sample: dict[str, str] = {}
    for page in weight.pages:
        sample.setdefault(page.kind, page.page)
    files = [site / path / "index.html" for path in sample.values()] + [site / "404.html"]
    planted = tmp_path_factory.mktemp("gates-planted") / "planted.html"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<article class="md-content__inner md-typeset">' in home
    planted.write_text(
        home.replace(
            '<article class="md-content__inner md-typeset">',
            '<article class="md-content__inner md-typeset">' + "".join(PLANTED),
            1,
        ),
        encoding="utf-8",
    )
    return {
        "sample": sample,
        "files": files,
        "planted": planted,
        "errors": vnu_errors([*files, planted]),
    }


def test_one_page_of_every_type_is_valid_html(checked: dict) -> None:
    assert set(checked["sample"]) >= {"home", "chapter", "primer", "case", "other"}
    errors = {k: v for k, v in checked["errors"].items() if k != str(checked["planted"])}
    assert not errors, "\n".join(f"{k}: {m}" for k, v in errors.items() for m in v)


def test_the_material_filter_hides_none_of_our_errors(checked: dict) -> None:
    found = "\n".join(checked["errors"].get(str(checked["planted"]), []))
    assert "“autocomplete” is only allowed" in found and "fg-planted-toggle" in found
    assert "“tabindex” on element “label”" in found and 'class="fg-planted"' in found
    assert "“for” attribute of the “label” element" in found
    assert "No “p” element in scope" in found or "“div” not allowed" in found, found

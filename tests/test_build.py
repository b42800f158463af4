"""A strict MkDocs build of the real site, and of a project with a freshly scaffolded case."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.render.shortcodes import OFFLINE_ZIP
from fieldguide.sitecheck.outline import article, where_written
from fieldguide.sitecheck.outline import outline_problems as fast_outline

from .conftest import ROOT
from .support.browser import Site
from .support.build import mkdocs_build

pytestmark = pytest.mark.build
PROJECT_FILES = [
    "mkdocs.yml",
    "docs",
    "data",
    "framework",
    "hooks",
    "overrides",
    "CONTRIBUTING.md",
    "cases",
    "src",
]


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, site)


@pytest.fixture(scope="module")
def site(built: Site) -> Path:
    """The folder of the session's one build (tests/conftest.py), as `mkdocs build` leaves it."""
    return built.folder


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
    from fieldguide.render.charts import example_chart

    catalog = load_catalog(ROOT)
    for entry in catalog.cases:
        page = site / "cases" / entry.slug / "index.html"
        assert page.exists()
        html = page.read_text()
        placed = [ex for note in entry.notes.values() for _, ex in note.examples]
        charts = sum(example_chart(catalog.examples[ex]) is not None for ex in placed)
        assert html.count('class="mermaid"') == len(entry.case.serving.graphs) + charts
        assert 'data-checklist="' + entry.slug + '"' in html
    assert (site / "cases" / "index.html").exists()
    assert (site / "reference" / "components" / "index.html").exists()
    assert (site / "reference" / "case-file" / "index.html").exists()


def test_glossary_terms_carry_their_tooltip_on_every_kind_of_page(site: Path) -> None:
    """The hook gives the glossary to the ``abbr`` extension once per build: a hand-written
    chapter, a primer, a generated case page and a study page all show it, each word with the
    tooltip of its own term (an acronym's plural with the acronym's)."""
    import html as html_module

    glossary = load_catalog(ROOT).glossary
    assert glossary is not None
    tips = {term.term: term.tooltip for term in glossary.terms if term.abbr}
    abbr = re.compile(r'<abbr title="([^"]*)">([^<]+)</abbr>')
    pages = [
        "framework/serving/index.html",
        "concepts/llm-serving/index.html",
        "cases/video-recommendation/index.html",
        "study/question-bank/index.html",
    ]
    for path in pages:
        text = (site / path).read_text(encoding="utf-8")
        found = abbr.findall(text)
        assert len({word for _, word in found}) >= 3, path
        for title, word in found:
            term = word if word in tips else word.removesuffix("s")
            assert html_module.unescape(title) == tips[term], (path, word)
        assert "*[" not in text.split("<article", 1)[-1], path  # no definition left as text


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
    lines = page.read_text().count("\n")  # the front matter counts: lines of the file
    page.write_text(page.read_text() + "\n<!-- fieldguide:checklist step=nowhere -->\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and f"docs/framework/index.md:{lines + 2}:" in result.stderr


def test_a_note_heading_left_empty_by_a_placed_block_fails_the_build(tmp_path: Path) -> None:
    """A note's heading right before a block the page places (with its own heading) leaves an
    empty section: the build stops and names the note's line."""
    project = copy_project(tmp_path / "project")
    note = project / "cases" / "video-recommendation" / "notes" / "data.md"
    lines = note.read_text().split("\n")
    at = lines.index("<!-- show: labels -->")
    note.write_text("\n".join([*lines[:at], "### Where labels come from", "", *lines[at:]]))
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Page outline problems in cases/video-recommendation.md" in result.stderr
    where = f"cases/video-recommendation/notes/data.md:{at + 1}"
    assert f"h3 'Where labels come from' is empty (written at {where})" in result.stderr


def test_outline_problems_name_the_source_lines() -> None:
    problem = fast_outline(f"{_permalinked(2, 'A')}<p>x</p>{_permalinked(2, 'A')}<p>y</p>")
    assert [str(p) for p in problem] == ["h2 'A' appears twice"]
    sources = {"docs/x.md": "# T\n\n## A\n\ntext\n\n## A { #a2 }\n", "docs/y.md": "## B\n"}
    assert (
        where_written(problem[0], sources)
        == "h2 'A' appears twice (written at docs/x.md:3, docs/x.md:7)"
    )
    assert where_written(problem[0], {"docs/y.md": "## B\n"}) == (
        "h2 'A' appears twice (a heading of a block the page places; no note writes it)"
    )


def test_a_typed_result_in_a_chapter_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "framework" / "index.md"
    lines = page.read_text().count("\n")
    page.write_text(page.read_text() + "\nEight GPUs cost 8 x $2.50 = $20 an hour.\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/framework/index.md:{lines + 2}: found the typed arithmetic" in result.stderr


def test_a_page_script_or_preload_outside_the_tools_fails_the_build(tmp_path: Path) -> None:
    """`scripts:` and `preload:` front matter may only name tool scripts the site ships."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "playbook.md"
    text = page.read_text()
    assert text.startswith("---\n")  # into its front matter
    page.write_text("---\npreload:\n  - assets/javascripts/tools/cards/nowhere.js\n" + text[4:])
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "playbook.md: preload: 'assets/javascripts/tools/cards/nowhere.js' does not exist"
        in result.stderr
    )


def test_a_scaffolded_case_fails_the_build_until_marked_draft(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "fieldguide.cli.main",
            "--root",
            str(project),
            "new-case",
            "my-new-case",
        ],
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


class _Outline(HTMLParser):
    """Headings of a page's article in order, each with whether content follows it."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[list[object]] = []  # [level, text, has_content]
        self._in_article = 0
        self._heading: list[object] | None = None
        self._skip = 0  # inside the permalink anchor

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article += 1
        if not self._in_article:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), "", False]
        elif tag == "a" and ("class", "headerlink") in attrs:
            self._skip += 1
        elif self._heading is None and self.headings and tag in _CONTENT_TAGS:
            self.headings[-1][2] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self._heading[1] = str(self._heading[1]).strip()
            self.headings.append(self._heading)
            self._heading = None
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._heading is not None:  # the heading's text (its permalink's mark is neither)
            if not self._skip:
                self._heading[1] = str(self._heading[1]) + data
        elif self._in_article and self.headings and data.strip():
            self.headings[-1][2] = True


_CONTENT_TAGS = {"p", "ul", "ol", "table", "pre", "div", "details", "dl", "img", "blockquote"}


def outline_problems(html: str) -> list[str]:
    """Headings repeated at one level, headings with nothing before the next one, and headings
    that skip a level (an h2 followed by an h4: screen-reader outlines break)."""
    parser = _Outline()
    parser.feed(html)
    problems = []
    seen: set[tuple[object, str]] = set()
    previous = 1
    for i, (level, text, has_content) in enumerate(parser.headings):
        if int(str(level)) > previous + 1:
            problems.append(f"h{level} {text!r} skips a level after h{previous}")
        previous = int(str(level))
        key = (level, str(text).lower())
        if key in seen:
            problems.append(f"h{level} {text!r} appears twice")
        seen.add(key)
        following = parser.headings[i + 1][0] if i + 1 < len(parser.headings) else 0
        if not has_content and isinstance(following, int) and following <= int(str(level)):
            problems.append(f"h{level} {text!r} is empty")
    return problems


def _permalinked(level: int, text: str) -> str:
    """A heading as the toc extension writes it, with its permalink mark."""
    anchor = '<a class="headerlink" href="#x" title="Permanent link">¶</a>'
    return f'<h{level} id="x">{text}{anchor}</h{level}>'


PLANTED = {  # planted defects -> what both readings of the outline must report
    "<article><h2>A</h2><p>x</p><h3>B</h3><h3>C</h3><p>y</p><h2>A</h2><p>z</p></article>": [
        "h3 'B' is empty",
        "h2 'A' appears twice",
    ],
    "<article><h2>A</h2><p>x</p><h4>B</h4><p>y</p></article>": ["h4 'B' skips a level after h2"],
    "<article><h2>A</h2><h3>B</h3><p>x</p></article>": [],
    # a note's heading right before a placed block's own heading: the permalink mark of the
    # second heading is not content of the first (the parser counted it until 2026-12-05)
    "<article><h2>S</h2><p>s</p>"
    + _permalinked(3, "Note")
    + "\n"
    + _permalinked(3, "Block")
    + "<table></table></article>": ["h3 'Note' is empty"],
    f"<article>{_permalinked(2, 'A &amp; B')}<p>x</p>{_permalinked(2, 'A &amp; B')}</article>": [
        "h2 'A & B' appears twice",
        "h2 'A & B' is empty",
    ],
}


def test_outline_check_catches_planted_defects() -> None:
    for html, expected in PLANTED.items():
        assert outline_problems(html) == expected, html
        assert [str(p) for p in fast_outline(article(html))] == expected, html


def test_no_page_repeats_a_heading_or_has_an_empty_section(site: Path) -> None:
    """The build stops on these (hooks/guide.py, with fieldguide.sitecheck.outline's fast
    reading); this parser's reading of every page of the real site must agree."""
    found = {}
    for page in html_pages(site):
        if page.name == "404.html":  # the theme's own page: a heading and nothing else
            continue
        text = page.read_text()
        problems = outline_problems(text)
        assert [str(p) for p in fast_outline(article(text))] == problems, page
        if problems:
            found[page.relative_to(site).as_posix()] = problems
    assert found == {}, found


class _Links(HTMLParser):
    """Every href and every id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (name == "id" and value) or (name == "name" and tag == "a" and value):
                self.ids.add(value)
            elif name == "href" and value and tag == "a":
                self.hrefs.append(value)


def broken_links(site: Path) -> list[str]:
    """Internal links (raw HTML included) whose page or anchor does not exist in the built site."""
    base = "/"
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():  # absolute links (the 404 page) start with site_url's path
        first = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text())
        base = urlsplit(first.group(1)).path if first else "/"
        base = base if base.endswith("/") else base + "/"
    pages: dict[Path, _Links] = {}
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text())
        pages[page.resolve()] = parser
    broken = []
    for page, parser in pages.items():
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                path = str(site.resolve() / path.removeprefix(base).lstrip("/"))
            target = (page.parent / path).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if target not in pages and not target.is_file():
                broken.append(f"{page.relative_to(site.resolve())}: {href} (no such page)")
            elif (
                parts.fragment
                and target in pages
                and unquote(parts.fragment) not in pages[target].ids
            ):
                broken.append(f"{page.relative_to(site.resolve())}: {href} (no such anchor)")
    return broken


def test_link_check_catches_planted_defects(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#gone">bad anchor</a>'
        '<a href="missing/">bad page</a><a href="https://example.net/">outside</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2><a href="../#top">x</a>')
    assert sorted(broken_links(tmp_path)) == [
        "a/index.html: ../#top (no such anchor)",
        "index.html: a/#gone (no such anchor)",
        "index.html: missing/ (no such page)",
    ]


def test_no_broken_internal_link_or_anchor(site: Path) -> None:
    assert broken_links(site) == []


def test_the_build_date_is_the_commit_date(site: Path) -> None:
    """The sitemap's lastmod comes from the commit, so builds on different days are identical."""
    from fieldguide.render.reproducible import commit_epoch

    epoch = commit_epoch(ROOT)
    assert epoch is not None, "the tests run in a git checkout"
    day = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text()))
    assert lastmods == {day}


def test_two_builds_of_one_commit_are_identical(built: Site, tmp_path: Path) -> None:
    site = built.folder
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again, **built.build_env)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_home_page_links_the_offline_edition_it_ships(site: Path) -> None:
    home = (site / "index.html").read_text()
    assert f'href="{OFFLINE_ZIP}"' in home
    assert zipfile.is_zipfile(site / OFFLINE_ZIP)


# A footnote that cites a numbered reference says so ("Kohavi et al. (2020), reference 1"). The
# footnotes extension numbers footnotes in the order their definitions appear, not in the order
# they are cited, so a definition out of place shows a superscript that points at another entry of
# the page's reference list (two primers showed 10 and 11 such superscripts until 2026-12-04).
FOOTNOTES = re.compile(r'<div class="footnote">.*?<ol>(.*?)</ol>', re.DOTALL)
FOOTNOTE = re.compile(r'<li id="fn:[^"]+">(.*?)</li>', re.DOTALL)
CITED = re.compile(r"\breference (\d+)")


def misnumbered_footnotes(html: str) -> list[str]:
    """Footnotes whose shown number is not the reference they name (first named reference)."""
    found = FOOTNOTES.search(html)
    wrong = []
    for shown, body in enumerate(FOOTNOTE.findall(found.group(1)) if found else [], start=1):
        cited = CITED.search(re.sub(r"<[^>]+>", "", body))
        if cited and int(cited.group(1)) != shown:
            wrong.append(f"footnote {shown} names reference {cited.group(1)}")
    return wrong


def test_every_footnote_number_is_the_reference_it_cites(site: Path) -> None:
    checked, wrong = 0, []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="footnote"' in html:
            checked += 1
            wrong += [f"{page.relative_to(site)}: {w}" for w in misnumbered_footnotes(html)]
    assert checked >= 8  # the chapters and primers with numbered references
    assert not wrong, "\n".join(wrong)


def test_a_footnote_defined_out_of_order_is_caught() -> None:
    # cited in the order b, a, but defined a, b: numbered by definition, so both are right
    a, b = "[^a]: Kohavi (2020), reference 1.\n", "[^b]: Deng (2013), reference 2.\n"
    text = f"A[^b] and B[^a].\n\n{a}{b}"
    assert misnumbered_footnotes(markdown.markdown(text, extensions=["footnotes"])) == []
    swapped = f"A[^a] and B[^b].\n\n{b}{a}"
    assert misnumbered_footnotes(markdown.markdown(swapped, extensions=["footnotes"])) == [
        "footnote 1 names reference 2",
        "footnote 2 names reference 1",
    ]

"""The technique matrix: the curated list's checks, where each cell links, the accessible table,
and its paging past ``MATRIX_PAGE_SIZE`` cases (issue 13; tested with a lowered page size)."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from fieldguide.load.catalog import Catalog, load_catalog
from fieldguide.load.problems import ProblemsFound
from fieldguide.render.pages import render_case
from fieldguide.render.sanitize import clean_html
from fieldguide.study.primers import primer_problem
from fieldguide.study.revision import (
    MATRIX_PAGE,
    render_matrix,
    revision_pages,
    technique_matrix_pages,
)
from fieldguide.study.techniques import (
    MATRIX_PAGE_SIZE,
    TECHNIQUES_FILE,
    Group,
    GroupTable,
    Technique,
    TechniqueList,
    case_techniques,
    load_techniques,
    matrix,
    matrix_pages,
    mentions,
)

from .conftest import ROOT, line_of
from .test_bounded_pages import copies
from .test_pages import site_markdown

LINK = re.compile(r"\]\(\.\./cases/(?P<slug>[a-z0-9-]+)\.md(?:#(?P<anchor>[a-z0-9_-]+))?\)")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT).published()


def data_root(tmp_path: Path, edit_techniques: str | None = None) -> Path:
    """A project root holding the real data files and primer pages (optionally edited)."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    for folder in ("concepts", "framework"):  # the pages data files point readers to
        shutil.copytree(ROOT / "docs" / folder, root / "docs" / folder)
    if edit_techniques is not None:
        (root / TECHNIQUES_FILE).write_text(edit_techniques, encoding="utf-8")
    return root


def test_the_real_list_loads_and_every_primer_exists() -> None:
    techniques = load_techniques(ROOT)
    ids = [t.id for t in techniques.all()]
    assert len(ids) == len(set(ids)) >= 20
    linked = [t.primer for t in techniques.all() if t.primer]
    assert len(linked) >= 20
    for primer in linked:
        page = primer.partition("#")[0]
        assert (ROOT / "docs" / page).is_file()
        assert primer_problem(ROOT, primer) is None


def test_a_missing_primer_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    text = (ROOT / TECHNIQUES_FILE).read_text(encoding="utf-8")
    edited = text.replace("primer: concepts/funnel.md", "primer: concepts/funel.md", 1)
    root = data_root(tmp_path, edited)
    with pytest.raises(ProblemsFound) as caught:
        load_techniques(root)
    [problem] = caught.value.problems
    assert problem.file == TECHNIQUES_FILE
    assert problem.line == line_of(edited, "primer: concepts/funel.md")
    assert problem.field == "groups[0].techniques[0].primer"
    assert "concepts/funel.md" in problem.message


def test_a_section_that_the_page_lacks_is_reported_with_its_line(tmp_path: Path) -> None:
    text = (ROOT / TECHNIQUES_FILE).read_text(encoding="utf-8")
    good = "primer: framework/model.md#multi-task-learning"
    edited = text.replace(good, "primer: framework/model.md#multitask", 1)
    root = data_root(tmp_path, edited)
    with pytest.raises(ProblemsFound) as caught:
        load_techniques(root)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (TECHNIQUES_FILE, line_of(edited, "#multitask"))
    assert problem.field.endswith(".primer")
    assert "'multitask'" in problem.message and "multi-task-learning" in problem.message


def test_a_column_heading_links_to_the_section_that_explains_it(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    sections = [t for t in techniques.all() if t.primer and "#" in t.primer]
    assert sections, "no technique points to a chapter section"
    [page] = technique_matrix_pages(catalog, techniques)
    html = clean_html(site_markdown().convert(page.content.split("---\n", 2)[2]))
    for t in sections:
        assert f'<th scope="col"><a href="../{t.primer}">{t.name}</a></th>' in html


def test_a_tag_counted_twice_and_a_duplicate_id_are_reported(tmp_path: Path) -> None:
    text = (ROOT / TECHNIQUES_FILE).read_text(encoding="utf-8")
    edited = text.replace("tags: [calibration]", "tags: [calibration, ann]").replace(
        "id: interleaving", "id: ab-testing"
    )
    with pytest.raises(ProblemsFound) as caught:
        load_techniques(data_root(tmp_path, edited))
    messages = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert any("'ann' already counts as 'ann'" in m for _, _, m in messages), messages
    assert any(
        line == line_of(edited, "id: ab-testing", 2) and "duplicate id 'ab-testing'" in m
        for line, _, m in messages
    ), messages


def test_a_wrong_type_is_a_schema_problem_with_its_line(tmp_path: Path) -> None:
    text = (ROOT / TECHNIQUES_FILE).read_text(encoding="utf-8")
    edited = text.replace("name: Two-tower retrieval", "name: [Two-tower retrieval]", 1)
    with pytest.raises(ProblemsFound) as caught:
        load_techniques(data_root(tmp_path, edited))
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (line_of(edited, "name: [Two-tower"), "groups[0].techniques[0].name")
    ]


def test_mentions_match_words_not_fragments() -> None:
    ann = Technique(id="ann", name="ANN", tags=["ann"], terms=["HNSW", "approximate nearest"])
    assert mentions("an ANN index; HNSW graphs; Approximate nearest neighbours", ann) == 3
    assert mentions("annual planning with hnswlib", ann) == 0
    two = Technique(id="two-tower", name="Two tower", tags=["two-tower"])
    assert mentions("a two tower model and a Two-Tower retriever", two) == 2
    assert mentions("calibrated", Technique(id="c", name="C", tags=["calibration"])) == 0
    assert mentions("calibrated", Technique(id="c", name="C", tags=["x"], terms=["calibrat"])) == 1


@pytest.mark.parametrize(
    "text",
    [
        "a two tower model, a Two-Tower retriever and a TWO\n- tower index",
        "x-a/b-a/b a/b/ab-test; AB tests",  # overlapping first words
        "a \u212aNN (Kelvin sign), an ANN; \u017fampled softmax",  # equal to ASCII, case ignored
        "\u0130n-batch negatives and in-batch negatives",  # lower-casing adds a character
        "\u201cANN\u201d \u2014 approximate nearest, \u00e9ANN, _ann",
    ],
)
def test_mentions_count_what_a_full_scan_of_the_pattern_counts(text: str) -> None:
    technique = Technique(
        id="t",
        name="T",
        tags=["two-tower", "ab-testing", "ann"],
        terms=["a/b", "in-batch negatives", "sampled softmax", "approximate near", "ANN"],
    )
    everything = re.compile(
        r"(?<![A-Za-z0-9])(?:(?i:two[\s-]+tower(?![A-Za-z0-9]))|(?i:ab[\s-]+testing(?![A-Za-z0-9]))"
        r"|(?i:ann(?![A-Za-z0-9]))|(?i:a/b)|(?i:in[\s-]+batch[\s-]+negatives)"
        r"|(?i:sampled[\s-]+softmax)|(?i:approximate[\s-]+near)|ANN(?![A-Za-z0-9]))"
    )
    assert mentions(text, technique) == len(everything.findall(text))


def test_every_case_technique_tag_that_the_list_knows_shows_in_the_matrix(
    catalog: Catalog,
) -> None:
    techniques = load_techniques(ROOT)
    tables = matrix(catalog, techniques)
    cells = {(c.slug, c.technique) for t in tables for _, row in t.rows for c in row if c}
    expected = {
        (entry.slug, t.id) for entry in catalog.cases for t in case_techniques(entry, techniques)
    }
    assert cells == expected
    assert len({slug for slug, _ in cells}) == len(catalog.cases)  # every case in the matrix


def test_matrix_cells_link_to_anchors_that_exist_on_the_case_pages(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    page = render_matrix(catalog, techniques)
    links = [(m.group("slug"), m.group("anchor")) for m in LINK.finditer(page)]
    anchored = [(slug, anchor) for slug, anchor in links if anchor]
    assert len(anchored) > 40  # most cells find the step that discusses the technique
    pages = {entry.slug: render_case(entry, catalog) for entry in catalog.cases}
    for slug, anchor in anchored:
        assert f"{{ #{anchor} }}" in pages[slug], (slug, anchor)


def test_a_cell_links_to_the_step_whose_notes_discuss_the_technique(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    tables = matrix(catalog, techniques)
    cells = {(c.slug, c.technique): c for t in tables for _, row in t.rows for c in row if c}
    video_ann = cells[("video-recommendation", "ann")]
    note = catalog.by_slug("video-recommendation").notes[str(video_ann.anchor)]
    assert mentions(note.markdown, techniques.by_id()["ann"]) > 0
    rag = cells[("rag-assistant", "rag")]
    assert rag.anchor is not None


@pytest.mark.parametrize("size", [MATRIX_PAGE_SIZE, 7])  # one page; a middle page of three
def test_the_matrix_is_an_accessible_table_after_markdown_and_the_sanitizer(
    catalog: Catalog, size: int
) -> None:
    pages = technique_matrix_pages(catalog, load_techniques(ROOT), size=size)
    page = pages[len(pages) // 2].content
    body = page.split("---\n", 2)[2]
    html = clean_html(site_markdown().convert(body))
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    assert len(tables) == len(load_techniques(ROOT).groups)
    for table in tables:
        assert re.match(r"<table>\s*<caption>[^<]+</caption>", table), table[:200]
        assert '<th scope="col">Case</th>' in table
        assert '<th scope="row"><a href="../cases/' in table
        assert "[" not in re.sub(r"<[^>]+>", "", table)  # every Markdown link was converted
    assert "<p><caption>" not in html


def test_the_matrix_page_is_generated_with_the_data_file_as_its_source(catalog: Catalog) -> None:
    pages = {p.path: p for p in revision_pages(catalog, ROOT)}
    assert pages[MATRIX_PAGE].source == TECHNIQUES_FILE


# --- paging (issue 13): a lowered page size pages the 19 real cases ------------------------------

PAGER = re.compile(r"\[(?:Previous|Next) page\]\((?P<href>[^)]+)\)")


def cells_of(tables: list[GroupTable]) -> set[tuple[str, str, str | None]]:
    return {(c.slug, c.technique, c.anchor) for t in tables for _, row in t.rows for c in row if c}


def test_the_real_matrix_stays_one_page_in_the_navigation(catalog: Catalog) -> None:
    assert len(catalog.cases) < MATRIX_PAGE_SIZE  # the real guide is not paged
    [page] = [p for p in revision_pages(catalog, ROOT) if p.path.startswith("study/techniques")]
    assert (page.path, page.in_nav) == (MATRIX_PAGE, True)
    assert "page 1 of" not in page.content and not PAGER.search(page.content)
    assert page.content == render_matrix(catalog, load_techniques(ROOT))


def test_a_larger_matrix_is_cut_by_case_with_every_group_on_every_page(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    tables = matrix(catalog, techniques)
    paged = matrix_pages(catalog, tables, size=7)
    every = [entry.slug for entry in catalog.cases]  # each real case is in the matrix
    count = -(-len(every) // 7)
    assert count >= 3  # the guide's cases fill at least three pages of seven
    assert [(p.number, p.count) for p in paged] == [(n, count) for n in range(1, count + 1)]
    slugs = [{e.slug for t in p.tables for e, _ in t.rows} for p in paged]
    # seven cases a page in catalog order, each case with all its rows on one page
    assert slugs == [set(every[i : i + 7]) for i in range(0, len(every), 7)]
    assert set.union(*(cells_of(p.tables) for p in paged)) == cells_of(tables)  # nothing lost
    for page in paged:
        assert [t.group.id for t in page.tables] == [g.id for g in techniques.groups]
    assert len(matrix_pages(catalog, tables, size=len(every))) == 1  # at the size: one page
    with pytest.raises(ValueError, match="at least 1"):
        matrix_pages(catalog, tables, size=0)


def test_only_the_first_page_is_in_the_nav_and_the_pages_link_in_a_chain(
    catalog: Catalog,
) -> None:
    pages = technique_matrix_pages(catalog, load_techniques(ROOT), size=7)
    count = -(-len(catalog.cases) // 7)  # 7 cases a page, the last one partly filled
    assert count >= 3
    assert [p.path for p in pages] == [
        MATRIX_PAGE,
        *(f"study/techniques-page-{n}.md" for n in range(2, count + 1)),
    ]
    assert [p.in_nav for p in pages] == [True] + [False] * (count - 1)  # the others: not in nav
    # one folder: the cells' relative links (../cases/...) work from every page
    assert {posixpath.dirname(p.path) for p in pages} == {posixpath.dirname(MATRIX_PAGE)}
    paths = [p.path for p in pages]
    for number, page in enumerate(pages, start=1):
        assert f"# Technique matrix, page {number} of {count}\n" in page.content
        assert f'title: "Technique matrix, page {number} of {count}"' in page.content
        hrefs = [posixpath.join("study", m.group("href")) for m in PAGER.finditer(page.content)]
        neighbours = [paths[i] for i in (number - 2, number) if 0 <= i < len(paths)]
        assert hrefs == neighbours * 2, page.path  # Previous and Next, above and below the tables
    first = pages[0].content  # anchors other pages link to (study/techniques/#<group>)
    for group in load_techniques(ROOT).groups:
        assert f"{{ #{group.id} }}" in first


def test_a_group_empty_on_a_page_says_so_apart_from_a_group_no_case_uses(
    catalog: Catalog,
) -> None:
    real = load_techniques(ROOT)
    nobody = Group(
        id="nobody", name="Unused", techniques=[Technique(id="zz", name="Zz", tags=["zz-none"])]
    )
    techniques = TechniqueList(groups=[*real.groups, nobody])
    entry = catalog.by_slug("video-recommendation")
    rag = catalog.by_slug("rag-assistant")
    two = dataclasses.replace(catalog, cases=[*copies(entry, 1), *copies(rag, 1, "rag")])
    first, _ = (p.content for p in technique_matrix_pages(two, techniques, size=1))
    on_first = {t.id for t in case_techniques(two.cases[0], techniques)}
    on_second = {t.id for t in case_techniques(two.cases[1], techniques)}
    ids = {g.id: {t.id for t in g.techniques} for g in real.groups}
    # groups only the second case (page 2) uses: empty on page 1, yet used
    gone = [g for g, group in ids.items() if not group & on_first and group & on_second]
    assert gone
    for group in gone:
        section = first.split(f"{{ #{group} }}", 1)[1].split("\n## ", 1)[0]
        assert "No case study on this page uses these techniques" in section
    nobody_section = first.split("{ #nobody }", 1)[1].split("\n## ", 1)[0]
    assert "No published case uses these techniques yet." in nobody_section


def test_a_matrix_page_stays_the_same_size_as_the_corpus_grows(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    entry = catalog.by_slug("video-recommendation")

    def first_page(n: int) -> str:
        many = dataclasses.replace(catalog, cases=copies(entry, n))
        return render_matrix(many, techniques, size=5)

    small, large = first_page(12), first_page(30)
    # the same five rows; only "page 1 of 3" / "of 6" differ
    assert large.replace("of 6", "of 3").replace("6 pages", "3 pages") == small

"""Cases are grouped by their `section:`: a required field, the nav sub-sections, the index."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.load.schema import SECTION_TITLES, CaseSection
from fieldguide.render.navigation import case_groups
from fieldguide.render.pages import render_index

from .conftest import ROOT, Project, line_of
from .support.browser import Site


def problems(project: Project) -> list[Problem]:
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    return info.value.problems


def test_a_wrong_section_names_the_allowed_ones(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("section: search", "section: ranking"))
    [p] = problems(project)
    assert (p.file, p.field) == ("cases/mini-case/case.yaml", "section")
    assert p.line == line_of((folder / "case.yaml").read_text(), "section: ranking")
    assert "found 'ranking'" in p.message
    for section in CaseSection:
        assert f"'{section.value}'" in p.message


def test_the_section_is_required(project: Project) -> None:
    project.add_case(edit=lambda t: t.replace("section: search\n", ""))
    [p] = problems(project)
    assert p.field == "section" and p.message == "required field is missing"


def test_every_section_has_a_title() -> None:
    assert list(SECTION_TITLES) == list(CaseSection)
    assert len(set(SECTION_TITLES.values())) == len(CaseSection)


def test_groups_follow_the_schema_order_and_skip_empty_ones(project: Project) -> None:
    project.add_case("b-case", edit=lambda t: t.replace("mini-case", "b-case"))
    project.add_case(
        "a-case",
        edit=lambda t: t.replace("mini-case", "a-case").replace(
            "section: search", "section: recommendation"
        ),
    )
    catalog = load_catalog(project.root)
    groups = case_groups(catalog.cases)
    assert [(g.section, [e.slug for e in g.cases]) for g in groups] == [
        (CaseSection.recommendation, ["a-case"]),
        (CaseSection.search, ["b-case"]),
    ]
    index = render_index(catalog)
    assert index.index("Recommendation and feeds") < index.index("(a-case.md)")
    assert index.index("(a-case.md)") < index.index("Search and retrieval")
    assert index.index("Search and retrieval") < index.index("(b-case.md)")
    assert SECTION_TITLES[CaseSection.generative_ai] not in index


class _NavGroups(HTMLParser):
    """Each nested item of the primary navigation: its label and the links inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, object]] = []
        self.groups: dict[str, list[str]] = {}
        self.in_nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav" and "md-nav--primary" in classes:
            self.in_nav = 1
        elif self.in_nav and tag == "nav":
            self.in_nav += 1
        if not self.in_nav:
            return
        if tag == "li":
            nested = "md-nav__item--nested" in classes
            self.stack.append({"nested": nested, "label": "", "links": [], "reading": False})
        elif tag == "label" and self.stack and "md-nav__link" in classes:
            if not self.stack[-1]["label"]:
                self.stack[-1]["reading"] = True
        elif tag == "a" and self.stack:
            href = dict(attrs).get("href") or ""
            for item in self.stack:
                links = item["links"]
                assert isinstance(links, list)
                links.append(href)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1]["reading"]:
            self.stack[-1]["label"] = str(self.stack[-1]["label"]) + data

    def handle_endtag(self, tag: str) -> None:
        if not self.in_nav:
            return
        if tag == "label" and self.stack:
            self.stack[-1]["reading"] = False
        elif tag == "li" and self.stack:
            item = self.stack.pop()
            label = " ".join(str(item["label"]).split())
            if item["nested"] and label:
                links = item["links"]
                assert isinstance(links, list)
                self.groups.setdefault(label, []).extend(links)
        elif tag == "nav":
            self.in_nav -= 1


def nav_groups(page: Path) -> dict[str, list[str]]:
    parser = _NavGroups()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.groups


@pytest.mark.build
def test_the_navigation_lists_each_case_under_its_group(site: Site) -> None:
    folder = site.folder
    groups = case_groups(load_catalog(ROOT).published().cases)
    in_index = nav_groups(folder / "cases" / "index.html")  # the Cases tab: every group shown
    for group in groups:
        assert group.title in in_index, f"no nav group {group.title!r}"
        for entry in group.cases:
            assert f"{entry.slug}/" in in_index[group.title], entry.slug
            for other in groups:
                if other.title != group.title:
                    assert f"{entry.slug}/" not in in_index[other.title], entry.slug
            # on the case's own page, its group holds the link to the page itself
            assert "./" in nav_groups(folder / "cases" / entry.slug / "index.html")[group.title]
    index = (folder / "cases" / "index.html").read_text(encoding="utf-8")
    for group in groups:
        assert f'id="{group.section.value}"' in index

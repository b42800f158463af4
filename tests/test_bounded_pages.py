"""Pages that stay small as cases grow (issue 13): the tags index and the case navigation.

A tag on many cases gets a page of its own instead of its list on /tags/; a case group too large
for the navigation is listed there by its (paged) overview only. The unit tests use copies of
the real cases; the build test lowers both limits so that the 19 real cases show both layouts.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.load.schema import CaseSection, Tags
from fieldguide.render.navigation import (
    NAV_GROUP_LIMIT,
    case_groups,
    group_page_path,
    group_pages,
    listed_in_nav,
)
from fieldguide.render.pages import case_nav, generated_pages, render_group, render_tag_index
from fieldguide.render.shortcodes import expand
from fieldguide.render.tags import TAG_INDEX_LIMIT, split_tags, tag_counts, tag_page_path

from .support.build import mkdocs_build

LISTING = re.compile(r"<!-- material/tags (?P<config>\{.*?\}) -->")


def copies(entry: CaseEntry, n: int, prefix: str = "copy", **changes: object) -> list[CaseEntry]:
    """``n`` copies of a case under new slugs and titles, relating to no case, with the given
    fields changed."""
    return [
        dataclasses.replace(
            entry,
            case=entry.case.model_copy(
                update={
                    "slug": f"{prefix}-{i:03d}",
                    "title": f"{prefix.title()} {i:03d}",
                    "related": [],
                    **changes,
                }
            ),
        )
        for i in range(n)
    ]


def listing_tags(markdown: str) -> list[list[str]]:
    """The ``include`` filter of each Material tags listing, read as Material reads it (YAML)."""
    return [yaml.safe_load(m.group("config"))["include"] for m in LISTING.finditer(markdown)]


# --- the real guide ---------------------------------------------------------------------------


def test_the_real_guide_lists_its_tags_and_every_case_in_the_nav(catalog: Catalog) -> None:
    """Every tag of the real guide on at most TAG_INDEX_LIMIT cases is in the index's one
    listing; a tag on more (ab-testing, since the 22nd case) gets its own page, outside the nav;
    every case is in the nav, since no case group is long enough to be paged."""
    counts = tag_counts(catalog.cases)
    crowded = sorted(tag for tag, n in counts.items() if n > TAG_INDEX_LIMIT)
    assert TAG_INDEX_LIMIT == 10 and "ab-testing" in crowded
    [include] = listing_tags(render_tag_index(catalog))
    assert sorted(include) == sorted(set(counts) - set(crowded))
    nav = case_nav(catalog.cases)
    assert sum(len(next(iter(group.values()))) for group in nav) == len(catalog.cases)
    pages = generated_pages(catalog)
    assert sorted(p.path for p in pages if not p.in_nav) == [tag_page_path(t) for t in crowded]
    assert not [p.path for p in pages if p.path.startswith("cases/groups/")]


# --- tags ---------------------------------------------------------------------------------------


def test_a_tag_on_more_cases_than_the_limit_gets_its_own_page(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    crowd = copies(entry, 3, tags=Tags(domains=["crowded", "lonely"], techniques=["crowded"]))
    cases = [*crowd[:1], *copies(entry, 2, tags=Tags(domains=["crowded"], techniques=["pair"]))]
    # a tag named twice on one case counts once
    assert tag_counts(cases) == {"crowded": 3, "lonely": 1, "pair": 2}
    split = split_tags(cases, limit=2)
    assert split.own_page == [("crowded", 3)]
    assert split.listed == [("lonely", 1), ("pair", 2)]
    assert split_tags(cases, limit=3).own_page == []
    with pytest.raises(ValueError, match="at least 1"):
        split_tags(cases, limit=0)


def test_the_tags_index_lists_small_tags_and_links_the_others(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    # `no` and `1` would be read by YAML as a boolean and a number if written bare
    small = copies(entry, 1, tags=Tags(domains=["no"], techniques=["1"]))
    big = copies(entry, 3, tags=Tags(domains=["crowded"], techniques=["crowded"]))
    index = render_tag_index(dataclasses.replace(catalog, cases=[*small, *big]), limit=2)
    assert listing_tags(index) == [["1", "no"]]  # the big tag is not in the listing...
    assert "| [crowded](tags/crowded/index.md) | 3 |" in index  # ...but linked, with its count
    # when every tag is big there is no listing at all: an empty filter would list every tag
    only_big = render_tag_index(dataclasses.replace(catalog, cases=big), limit=2)
    assert listing_tags(only_big) == [] and "material/tags" not in only_big


def test_each_big_tag_page_lists_only_its_tag_and_stays_out_of_the_nav(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    cases = copies(entry, 3, tags=Tags(domains=["crowded"], techniques=["other"]))
    pages = generated_pages(dataclasses.replace(catalog, cases=cases), tag_index_limit=2)
    tags = {p.path: p for p in pages if p.path.startswith("tags/")}
    assert sorted(tags) == [tag_page_path("crowded"), tag_page_path("other")]
    for tag in ("crowded", "other"):
        page = tags[tag_page_path(tag)]
        assert listing_tags(page.content) == [[tag]] and not page.in_nav
    # no tag, not even "index", can take the URL of the index tags.md (site/tags/index.html)
    assert tag_page_path("index") == "tags/index/index.md"


def test_the_shortcode_renders_the_index_with_the_build_limit(catalog: Catalog) -> None:
    text = "# Tags\n\n<!-- fieldguide:tag-index -->\n"
    assert listing_tags(expand(text, catalog, "docs/tags.md"))  # the default limit: a listing
    low = expand(text, catalog, "docs/tags.md", tag_index_limit=1)
    count = sum("ab-testing" in e.case.tags.techniques for e in catalog.cases)
    assert count > 1  # over the limit: a page of its own, listed with its count
    assert f"(tags/ab-testing/index.md) | {count} |" in low


# --- navigation ---------------------------------------------------------------------------------


def test_a_group_over_the_limit_shows_only_its_overview_in_the_nav(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    [search] = copies(catalog.by_slug("search-ranking"), 1, prefix="search")
    big = copies(entry, 3)
    cases = [*big, search]
    nav = case_nav(cases, limit=2)
    groups = case_groups(cases)
    assert [g.section for g in groups] == [CaseSection.recommendation, CaseSection.search]
    assert not listed_in_nav(groups[0], 2) and listed_in_nav(groups[1], 2)
    assert nav == [
        {groups[0].title: [group_page_path(groups[0])]},
        {groups[1].title: [{search.case.title: "cases/search-000.md"}]},
    ]
    # at the limit, every case is still listed; the default limit is 30
    assert case_nav(big, limit=3) == [
        {groups[0].title: [{c.case.title: f"cases/{c.slug}.md"} for c in big]}
    ]
    assert NAV_GROUP_LIMIT == 30 and listed_in_nav(dataclasses.replace(groups[0], cases=big * 10))

    pages = {
        p.path: p
        for p in generated_pages(dataclasses.replace(catalog, cases=cases), nav_group_limit=2)
    }
    overview = pages[group_page_path(groups[0])]
    assert overview.in_nav
    for copy in big:  # out of the nav, each links back to the overview
        page = pages[f"cases/{copy.slug}.md"]
        assert not page.in_nav
        assert f"]({group_page_path(groups[0]).removeprefix('cases/')})" in page.content
        assert f"](../../{copy.slug}.md)" in overview.content
    assert pages["cases/search-000.md"].in_nav
    assert "which the navigation lists on its own page" not in pages["cases/search-000.md"].content


def test_a_large_overview_is_paged_with_links_between_its_pages(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    [group] = case_groups(copies(entry, 7))
    paged = group_pages(group, size=3)
    assert [(p.path.rsplit("/", 1)[1], p.number, p.count, len(p.cases)) for p in paged] == [
        ("index.md", 1, 3, 3),
        ("page-2.md", 2, 3, 3),
        ("page-3.md", 3, 3, 1),
    ]
    assert [c.slug for p in paged for c in p.cases] == [c.slug for c in group.cases]
    middle = render_group(group, paged[1])
    assert "[Previous page](index.md)" in middle and "[Next page](page-3.md)" in middle
    assert "Next page" not in render_group(group, paged[2])


# --- a built site with both limits lowered ------------------------------------------------------


class _Links(HTMLParser):
    """Every href of a page, and apart the links of the primary nav and of the tags bar."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tag_links: list[str] = []
        self.nav_links: list[str] = []
        self._in: list[str] = []  # "tags" / "nav" / "" for each open <nav>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "nav":
            kind = "tags" if "md-tags" in classes else "nav" if "md-nav--primary" in classes else ""
            self._in.append(kind or (self._in[-1] if self._in else ""))
        if tag == "a" and found.get("href"):
            href = str(found["href"])
            self.hrefs.append(href)
            if "tags" in self._in:
                self.tag_links.append(href)
            elif "nav" in self._in:
                self.nav_links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in:
            self._in.pop()


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def target(page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link of ``page`` points to."""
    parts = urlsplit(href)
    file = (page.parent / unquote(parts.path)).resolve()
    return (file / "index.html" if file.is_dir() else file), unquote(parts.fragment)


@pytest.mark.build
def test_a_site_with_low_limits_links_every_tag_and_case(tmp_path: Path, catalog: Catalog) -> None:
    from .test_build import broken_links, copy_project

    groups = case_groups(catalog.cases)
    # the limit: one below the largest groups' size, so that they alone are over it
    largest = max(len(g.cases) for g in groups)
    limit = largest - 1
    assert any(len(g.cases) < largest for g in groups)
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    limits = {"FIELDGUIDE_NAV_GROUP_LIMIT": str(limit), "FIELDGUIDE_TAG_INDEX_LIMIT": "4"}
    result = mkdocs_build(project, site, **limits)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr  # strict: no page "not in nav" warning
    assert broken_links(site) == []

    big = [g for g in groups if not listed_in_nav(g, limit)]
    assert [g.section for g in big] == [g.section for g in groups if len(g.cases) == largest]
    for group in groups:
        overview = site / "cases" / "groups" / group.section.value / "index.html"
        for entry in group.cases:
            page = site / "cases" / entry.slug / "index.html"
            links = parse(page)
            in_nav = {target(page, h)[0] for h in links.nav_links}
            if group in big:  # no case of its group in the page's nav; the page and the
                # group's overview link each other
                assert not any(f"/{c.slug}/" in h for c in group.cases for h in links.nav_links)
                assert overview in {target(page, h)[0] for h in links.hrefs}
                assert page in {target(overview, h)[0] for h in parse(overview).hrefs}
            else:
                assert page in in_nav, entry.slug
            # every tag link lands on a listing of that tag holding a link back to this case
            assert len(links.tag_links) == len(
                set(entry.case.tags.domains + entry.case.tags.techniques)
            )
            for href in links.tag_links:
                file, anchor = target(page, href)
                listing = file.read_text(encoding="utf-8")
                assert anchor.startswith("tag:") and f'id="{anchor}"' in listing, href
                section = listing.split(f'id="{anchor}"', 1)[1].split("</ul>", 1)[0]
                assert f"/{entry.slug}/" in section, (entry.slug, href)

    split = split_tags(catalog.cases, 4)
    index = (site / "tags" / "index.html").read_text(encoding="utf-8")
    for tag, _ in split.own_page:  # linked from the index, listed on a page of their own
        assert f'href="{tag}/"' in index and f'id="tag:{tag}"' not in index
        assert (site / "tags" / tag / "index.html").is_file()
    for tag, _ in split.listed:
        assert f'id="tag:{tag}"' in index and not (site / "tags" / tag).exists()
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"tags/ab-testing/"' in search.replace(" ", "")

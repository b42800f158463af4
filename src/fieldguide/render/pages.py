"""Render generated pages (Markdown) from the catalog with the Jinja2 templates in ``templates/``.

Every ``{{ value }}`` in a template is escaped as literal Markdown text by the environment's
``finalize`` unless it is already :class:`~markupsafe.Markup` (generated Markdown, diagram source).
"""

from __future__ import annotations

import functools
import json
import math
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from fieldguide.load.catalog import CaseEntry, Catalog, shown_numbers
from fieldguide.load.depth import BAR
from fieldguide.load.glossary import Glossary
from fieldguide.load.problems import Problem
from fieldguide.numbers.examples import CLASSIFICATION, LISTS, RANKING, REGRESSION, WorkedExample
from fieldguide.numbers.units import UNITS, format_value
from fieldguide.numbers.what_if import case_numbers_json
from fieldguide.render import diagrams
from fieldguide.render.charts import example_chart
from fieldguide.render.checklists import case_lists, framework_lists
from fieldguide.render.components import LOOKS
from fieldguide.render.markup import code_span, html_text, link_url, md_paragraphs, md_text
from fieldguide.render.navigation import (
    NAV_GROUP_LIMIT,
    CaseGroup,
    GroupPage,
    case_groups,
    group_page_number_path,
    group_page_path,
    group_pages,
    listed_in_nav,
)
from fieldguide.render.notes import EXAMPLE, MARKER, STEP_BLOCKS, Note
from fieldguide.render.schema_reference import reference_sections
from fieldguide.render.tags import TAG_INDEX_LIMIT, split_tags, tag_page_path

WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class GeneratedPage:
    """A page created in memory: where it goes in the site and which file to edit to change it."""

    path: str  # docs-relative, e.g. cases/video-recommendation.md
    content: str
    source: str  # project-relative file behind the page, for the "Edit this page" link
    # False for pages reached from other pages only (tag pages, the cases of a group too large
    # for the navigation): the build marks them "not in nav" instead of warning about them.
    in_nav: bool = True


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment for Markdown templates: strict undefined, literal-text output.

    One per process, so each template is compiled once (Jinja2 still reloads a template whose
    file changed, which keeps `mkdocs serve` live). Compiled templates are also kept between
    builds in Jinja2's bytecode cache (a private folder in the system's temporary directory),
    as Python keeps ``.pyc`` files: compiling every template costs 0.2 s a build, loading them
    8 ms. A cached template is used only while its source is unchanged (Jinja2 compares a
    checksum of it), so the cache can never serve a stale page."""
    env = Environment(
        loader=PackageLoader("fieldguide", "templates"),
        bytecode_cache=bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=False,  # output is Markdown; finalize escapes every value instead
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        paras=md_paragraphs,
        html=html_text,
        code=code_span,
        url=link_url,
        json=lambda v: Markup(json.dumps(v, ensure_ascii=True)),
        attr=html_text,
        fmt=lambda v: Markup(f"{v:g}"),
        trusted=Markup,
        indent4=lambda v: Markup(
            "\n".join(("    " + line) if line.strip() else "" for line in str(v).splitlines())
        ),
    )
    env.globals.update(
        flowchart=lambda graph: Markup(diagrams.flowchart(graph)),
        text_equivalent=diagrams.text_equivalent,
        format_value=lambda value, unit: Markup(md_text(format_value(value, unit))),
        # what-if panel (numbers/what_if.py): the case's numbers for a data- attribute
        what_if_data=lambda entry: Markup(
            escape(case_numbers_json(entry.case.clarify.scale, entry.estimates))
        ),
    )
    return env


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja2's bytecode cache in its private per-user folder (mode 0700, refused if anyone
    else owns it), or none where the temporary directory cannot hold one: the build is then
    0.2 s slower, never broken."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_text(value)


def render_case(entry: CaseEntry, catalog: Catalog, env: Environment | None = None) -> str:
    """The Markdown of one case page."""
    return _CasePages(catalog, env or environment()).render(entry)


class _CasePages:
    """Renders the case pages of one build: what they share (the block macros, each worked
    example a note shows) is looked up or rendered once, not once per case."""

    def __init__(self, catalog: Catalog, env: Environment) -> None:
        self.catalog = catalog
        self.env = env
        module = env.get_template("blocks.md.j2").module
        self.blocks = {  # block name -> macro, for every name of STEP_BLOCKS
            name: getattr(module, f"block_{name}")
            for names in STEP_BLOCKS.values()
            for name in names
        }
        self.template = env.get_template("case.md.j2")
        self.worked: dict[str, Markup] = {}  # example id -> rendered worked example

    def example(self, example: str) -> Markup:
        if example not in self.worked:
            self.worked[example] = Markup(render_example(self.catalog.examples[example], self.env))
        return self.worked[example]

    def render(self, entry: CaseEntry, unlisted_group: CaseGroup | None = None) -> str:
        """``unlisted_group``: the case's group when the navigation lists only the group's
        overview; the page then links that overview, as the sidebar no longer does."""
        catalog = self.catalog
        case = entry.case
        # each shown number carries the what-if hook (data-number, see what-if.js); Markup, so
        # that the scale tables (macros.md.j2) print them as they are
        numbers: dict[str, str] = {
            name: Markup(f'<span class="fg-num" data-number="{name}">{md_text(text)}</span>')
            for name, text in shown_numbers(case, entry.estimates).items()
        }
        steps = []
        for number, step in enumerate(catalog.framework.steps, start=1):
            note = entry.notes.get(step.id)
            section = getattr(case, step.id)
            rendered = {
                name: Markup(self.blocks[name](entry=entry, section=section, numbers=numbers))
                for name in STEP_BLOCKS[step.id]
            }
            placed = note.placed if note else []
            lead = [rendered[name] for name in STEP_BLOCKS[step.id] if name not in placed]
            worked = {
                example: self.example(example) for _, example in (note.examples if note else [])
            }
            quoted = _quoted(note, catalog) if note else {}
            body = _place_blocks(
                note.with_numbers(numbers, quoted) if note else "", rendered, worked
            )
            steps.append({"number": number, "step": step, "lead": lead, "body": body})
        overview = entry.notes.get("overview")
        related = [catalog.by_slug(slug) for slug in case.related]
        words = sum(n.words() for n in entry.notes.values())
        return self.template.render(
            entry=entry,
            case=case,
            steps=steps,
            overview=Markup(overview.with_numbers(numbers, _quoted(overview, catalog)))
            if overview
            else None,
            related=related,
            checklist=case_lists(catalog.framework, case),
            minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
            group=unlisted_group,
            group_href=posixpath.relpath(group_page_path(unlisted_group), "cases")
            if unlisted_group
            else None,
        )


def _quoted(note: Note, catalog: Catalog) -> dict[tuple[str, str], str]:
    """Human text of every ``{{ ex:id.name }}`` a note quotes (validated by the catalog)."""
    return {
        (example, name): str(md_text(catalog.examples[example].values[name].shown))
        for _, example, name in note.quoted
    }


def _place_blocks(markdown: str, rendered: dict[str, Markup], worked: dict[str, Markup]) -> Markup:
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("<!--"):  # the only lines that can be a block or example marker
            match = MARKER.match(stripped)
            example = EXAMPLE.match(stripped)
            if match and match.group("name") in rendered:
                lines.extend(["", rendered[match.group("name")], ""])
                continue
            if example and example.group("id") in worked:
                lines.extend(["", worked[example.group("id")], ""])
                continue
        lines.append(line)
    return Markup("\n".join(lines))


def render_index(catalog: Catalog, env: Environment | None = None) -> str:
    """The cases index: a table of the cases of each group (their `section:`)."""
    env = env or environment()
    return env.get_template("index.md.j2").render(
        catalog=catalog, groups=case_groups(catalog.cases)
    )


def render_legend(env: Environment | None = None) -> str:
    """The component legend: shapes and meanings of every component type."""
    env = env or environment()
    return env.get_template("legend.md.j2").render(
        looks=list(LOOKS.values()),
        diagram=Markup(diagrams.legend_flowchart()),
    )


def render_reference(env: Environment | None = None) -> str:
    """The case-file reference, generated from the schema."""
    env = env or environment()
    return env.get_template("reference.md.j2").render(
        bar=BAR,
        sections=reference_sections(),
        units=UNITS,
        blocks=STEP_BLOCKS,
    )


def render_framework_checklist(
    catalog: Catalog, step_id: str, env: Environment | None = None
) -> str:
    """The framework checklist of one step, for the step chapters (same data as the cases)."""
    env = env or environment()
    lists = [s for s in framework_lists(catalog.framework) if s.step_id == step_id]
    return env.get_template("checklist.md.j2").render(lists=lists, scope=f"framework-{step_id}")


def render_example(worked: WorkedExample, env: Environment | None = None) -> str:
    """A worked example: its inputs, the computation and the results, with a chart if asked."""
    env = env or environment()
    chart = example_chart(worked)
    inputs = worked.example.estimates.inputs if worked.example.estimates else []
    shown = {item.name: md_text(worked.values[item.name].shown) for item in inputs}
    shown.update({est.name: md_text(est.shown) for est in worked.computed})
    return env.get_template("example.md.j2").render(
        worked=worked,
        shown=shown,
        chart=Markup(chart) if chart else None,
        names={
            "classification": CLASSIFICATION,
            "ranking": RANKING,
            "lists": LISTS,
            "regression": REGRESSION,
        },
    )


def render_glossary(glossary: Glossary, env: Environment | None = None) -> str:
    """The glossary's terms as a definition list, each with an anchor."""
    env = env or environment()
    return env.get_template("glossary.md.j2").render(terms=glossary.sorted_terms())


def schema_pages(env: Environment | None = None) -> list[GeneratedPage]:
    """The pages that depend on the engine only (legend, case-file reference), not on cases."""
    env = env or environment()
    return [
        GeneratedPage(
            "reference/components.md", render_legend(env), "src/fieldguide/render/components.py"
        ),
        GeneratedPage(
            "reference/case-file.md", render_reference(env), "src/fieldguide/load/schema.py"
        ),
    ]


def render_problems(problems: list[Problem], env: Environment | None = None) -> str:
    """The page `mkdocs serve` shows instead of every page while case files have problems."""
    env = env or environment()
    files: dict[str, list[Problem]] = {}
    for problem in problems:
        files.setdefault(problem.file, []).append(problem)
    return env.get_template("problems.md.j2").render(files=files, count=len(problems))


def problems_page(problems: list[Problem]) -> GeneratedPage:
    """The cases index while case files have problems (``mkdocs serve`` only)."""
    return GeneratedPage("cases/index.md", render_problems(problems), "cases/README.md")


def generated_pages(
    catalog: Catalog,
    *,
    nav_group_limit: int = NAV_GROUP_LIMIT,
    tag_index_limit: int = TAG_INDEX_LIMIT,
) -> list[GeneratedPage]:
    """Every page the engine adds to the site.

    The limits must be those the navigation (:func:`case_nav`) and the tags index shortcode
    were given, so that every page left out of the navigation is marked so."""
    env = environment()
    pages = [
        GeneratedPage("cases/index.md", render_index(catalog, env), "cases/README.md"),
        *schema_pages(env),
    ]
    cases = _CasePages(catalog, env)
    unlisted: dict[str, CaseGroup] = {}  # slug -> its group, when the nav lists only the group
    for group in case_groups(catalog.cases):
        if not listed_in_nav(group, nav_group_limit):
            # the overview the navigation links instead (only its first page is in the nav)
            pages += [
                GeneratedPage(
                    page.path,
                    render_group(group, page, env),
                    "cases/README.md",
                    in_nav=page.number == 1,
                )
                for page in group_pages(group)
            ]
            unlisted.update((entry.slug, group) for entry in group.cases)
    for entry in catalog.cases:
        group_of = unlisted.get(entry.slug)
        text = cases.render(entry, group_of)
        pages.append(GeneratedPage(case_page_path(entry), text, entry.source, group_of is None))
    pages += tag_pages(catalog, tag_index_limit, env)
    return pages


def render_group(group: CaseGroup, page: GroupPage, env: Environment | None = None) -> str:
    """A page of the overview of a group too large to list in the navigation: a table of its
    cases, with links to the neighbouring pages."""
    env = env or environment()
    return env.get_template("group.md.j2").render(
        group=group,
        page=page,
        name=lambda number: posixpath.basename(group_page_number_path(group, number)),
    )


def render_tag_index(
    catalog: Catalog, limit: int = TAG_INDEX_LIMIT, env: Environment | None = None
) -> str:
    """The body of the tags index (``docs/tags.md``): see :mod:`fieldguide.render.tags`."""
    env = env or environment()
    split = split_tags(catalog.cases, limit)
    return env.get_template("tag_index.md.j2").render(
        split=split,
        limit=limit,
        paths={tag: tag_page_path(tag) for tag, _ in split.own_page},
        # Material reads the listing's filter as YAML: JSON strings keep a tag such as `no`
        # or `1` from being read as a boolean or a number.
        include=Markup(json.dumps([tag for tag, _ in split.listed])),
    )


def tag_pages(
    catalog: Catalog, limit: int = TAG_INDEX_LIMIT, env: Environment | None = None
) -> list[GeneratedPage]:
    """A page for each tag on more than ``limit`` cases, listing those cases (Material's tags
    listing, filtered to the tag); reached from the tags index and the tag links on pages."""
    env = env or environment()
    template = env.get_template("tag.md.j2")
    return [
        GeneratedPage(
            tag_page_path(tag),
            template.render(tag=tag, count=count, include=Markup(json.dumps([tag]))),
            "src/fieldguide/render/tags.py",
            in_nav=False,
        )
        for tag, count in split_tags(catalog.cases, limit).own_page
    ]


def case_nav(
    cases: Sequence[CaseEntry], limit: int = NAV_GROUP_LIMIT
) -> list[dict[str, list[Any]]]:
    """The navigation entries of the "Cases" section: one sub-section per group, listing its
    cases, or only its overview page when it holds more than ``limit`` cases."""
    return [
        {
            group.title: (
                [{nav_title(entry): case_page_path(entry)} for entry in group.cases]
                if listed_in_nav(group, limit)
                else [group_page_path(group)]
            )
        }
        for group in case_groups(cases)
    ]


def case_page_path(entry: CaseEntry) -> str:
    return f"cases/{entry.slug}.md"


def nav_title(entry: CaseEntry) -> str:
    """The case title for the navigation, which themes print as HTML without escaping."""
    return str(html_text(entry.case.title))

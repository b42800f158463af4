"""Shortcodes that hand-written pages in ``docs/`` use to show data-driven content.

A shortcode is an HTML comment on its own line, ``<!-- fieldguide:NAME arg=value -->``, so a page
stays readable on GitHub. Unknown shortcodes and bad arguments are errors, never passed through.

- ``<!-- fieldguide:framework-steps -->``: the seven steps with goal and time budget.
- ``<!-- fieldguide:checklist step=clarify -->``: the framework checklist of one step.
- ``<!-- fieldguide:example id=... -->``: a worked example from ``data/examples/``.
- ``<!-- fieldguide:glossary -->``: every glossary term with its definition.
- ``<!-- fieldguide:tag-index -->``: the tags index (``docs/tags.md`` only; its links are relative
  to ``docs/``): each tag with its cases, or with its count and a link to its own page when it is
  on many cases (:mod:`fieldguide.render.tags`).

Inline, ``{{ ex:ID.NAME }}`` is replaced by a computed value of worked example ID (an input, an
estimate or a metric), so prose never types a number the site computes.
"""

from __future__ import annotations

import re

from jinja2 import Environment

from fieldguide.load.catalog import Catalog
from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.numbers.examples import INLINE_NUMBER, quoted_value
from fieldguide.render.markup import md_text
from fieldguide.render.pages import (
    environment,
    render_example,
    render_framework_checklist,
    render_glossary,
    render_tag_index,
)
from fieldguide.render.tags import TAG_INDEX_LIMIT

_LOOSE_INLINE = re.compile(r"\{\{\s*ex:")
SHORTCODE = re.compile(
    r"^<!--\s*fieldguide:(?P<name>[a-z-]+)(?P<args>(?:\s+[a-z]+=[a-z0-9-]+)*)\s*-->\s*$"
)
_LOOSE = re.compile(r"<!--\s*fieldguide:")
_ONE_LINE = "a computed number {{ ex:example-id.name }} must not be broken across lines"
SHORTCODES = (
    "framework-steps",
    "checklist",
    "example",
    "glossary",
    "offline-download",
    "tag-index",
)
OFFLINE_ZIP = "downloads/field-guide-offline.zip"  # where the site ships the offline edition


def expand(
    markdown: str,
    catalog: Catalog,
    page: str,
    env: Environment | None = None,
    offline_zip_bytes: int | None = None,
    tag_index_limit: int = TAG_INDEX_LIMIT,
) -> str:
    """Replace every shortcode line of ``page`` by its rendered Markdown.

    ``offline_zip_bytes`` is the size of the offline edition when this build ships it at
    :data:`OFFLINE_ZIP`; without it, ``offline-download`` explains how to build the copy instead.
    ``tag_index_limit`` must be the one the tag pages were generated with (see ``generated_pages``).
    """
    env = env or environment()
    out: list[str] = []
    problems: list[Problem] = [
        # the per-line checks below cannot see a number broken after its opening braces
        Problem(page, markdown.count("\n", 0, m.start()) + 1, "", _ONE_LINE)
        for m in _LOOSE_INLINE.finditer(markdown)
        if "\n" in m.group()
    ]
    for number, line in enumerate(markdown.splitlines(), start=1):
        line = _inline_numbers(line, catalog, page, number, problems)
        match = SHORTCODE.match(line.strip())
        if not match:
            if _LOOSE.search(line):
                problems.append(
                    Problem(
                        page,
                        number,
                        "",
                        "a shortcode must stand alone on its line: "
                        "<!-- fieldguide:name key=value -->",
                    )
                )
            out.append(line)
            continue
        args = dict(part.split("=", 1) for part in match.group("args").split())
        try:
            out.append(
                _render(match.group("name"), args, catalog, env, offline_zip_bytes, tag_index_limit)
            )
        except ValueError as exc:
            problems.append(Problem(page, number, "", str(exc)))
    if problems:
        raise ProblemsFound(problems)
    return "\n".join(out) + "\n"


def _inline_numbers(
    line: str, catalog: Catalog, page: str, number: int, problems: list[Problem]
) -> str:
    def value(match: re.Match[str]) -> str:
        found = quoted_value(catalog.examples, match.group("id"), match.group("name"))
        if isinstance(found, str):
            problems.append(Problem(page, number, "", found))
            return match.group(0)
        return str(md_text(found.shown))

    replaced = INLINE_NUMBER.sub(value, line)
    if _LOOSE_INLINE.search(INLINE_NUMBER.sub("", line)):
        problems.append(
            Problem(page, number, "", "a computed number is written {{ ex:example-id.name }}")
        )
    return replaced


def _render(
    name: str,
    args: dict[str, str],
    catalog: Catalog,
    env: Environment,
    zip_bytes: int | None,
    tag_limit: int,
) -> str:
    if name == "offline-download":
        _expect_args(name, args, set())
        return env.get_template("offline_download.md.j2").render(
            href=OFFLINE_ZIP, megabytes=None if zip_bytes is None else f"{zip_bytes / 1e6:.1f}"
        )
    if name == "framework-steps":
        _expect_args(name, args, set())
        return env.get_template("framework_steps.md.j2").render(steps=catalog.framework.steps)
    if name == "checklist":
        _expect_args(name, args, {"step"})
        step = args["step"]
        steps = [s.id for s in catalog.framework.steps]
        if step not in steps:
            raise ValueError(f"unknown step {step!r}; expected one of: {', '.join(steps)}")
        return render_framework_checklist(catalog, step, env)
    if name == "example":
        _expect_args(name, args, {"id"})
        worked = catalog.examples.get(args["id"])
        if worked is None:
            known = ", ".join(sorted(catalog.examples)) or "none"
            raise ValueError(f"unknown example {args['id']!r}; known: {known}")
        return render_example(worked, env)
    if name == "glossary":
        _expect_args(name, args, set())
        if catalog.glossary is None:
            raise ValueError("no glossary: create data/glossary.yaml")
        return render_glossary(catalog.glossary, env)
    if name == "tag-index":
        _expect_args(name, args, set())
        return render_tag_index(catalog, tag_limit, env)
    raise ValueError(f"unknown shortcode {name!r}; expected one of: {', '.join(SHORTCODES)}")


def _expect_args(name: str, args: dict[str, str], expected: set[str]) -> None:
    if set(args) != expected:
        wanted = ", ".join(sorted(expected)) or "no arguments"
        raise ValueError(
            f"shortcode {name!r} takes {wanted}; found {', '.join(sorted(args)) or 'none'}"
        )

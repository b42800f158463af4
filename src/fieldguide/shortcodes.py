"""Shortcodes that hand-written pages in ``docs/`` use to show data-driven content.

A shortcode is an HTML comment on its own line, ``<!-- fieldguide:NAME arg=value -->``, so a page
stays readable on GitHub. Unknown shortcodes and bad arguments are errors, never passed through.

- ``<!-- fieldguide:framework-steps -->``: the seven steps with goal and time budget.
- ``<!-- fieldguide:checklist step=clarify -->``: the framework checklist of one step.
"""

from __future__ import annotations

import re

from jinja2 import Environment

from .catalog import Catalog
from .pages import environment, render_framework_checklist
from .problems import Problem, ProblemsFound

SHORTCODE = re.compile(
    r"^<!--\s*fieldguide:(?P<name>[a-z-]+)(?P<args>(?:\s+[a-z]+=[a-z0-9-]+)*)\s*-->\s*$"
)
_LOOSE = re.compile(r"<!--\s*fieldguide:")


def expand(markdown: str, catalog: Catalog, page: str, env: Environment | None = None) -> str:
    """Replace every shortcode line of ``page`` by its rendered Markdown."""
    env = env or environment()
    out: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
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
            out.append(_render(match.group("name"), args, catalog, env))
        except ValueError as exc:
            problems.append(Problem(page, number, "", str(exc)))
    if problems:
        raise ProblemsFound(problems)
    return "\n".join(out) + "\n"


def _render(name: str, args: dict[str, str], catalog: Catalog, env: Environment) -> str:
    if name == "framework-steps":
        _expect_args(name, args, set())
        return env.get_template("framework_steps.md.j2").render(steps=catalog.framework.steps)
    if name == "checklist":
        _expect_args(name, args, {"step"})
        step = args["step"]
        known = [s.id for s in catalog.framework.steps]
        if step not in known:
            raise ValueError(f"unknown step {step!r}; expected one of: {', '.join(known)}")
        return render_framework_checklist(catalog, step, env)
    raise ValueError(f"unknown shortcode {name!r}; expected one of: framework-steps, checklist")


def _expect_args(name: str, args: dict[str, str], expected: set[str]) -> None:
    if set(args) != expected:
        wanted = ", ".join(sorted(expected)) or "no arguments"
        raise ValueError(
            f"shortcode {name!r} takes {wanted}; found {', '.join(sorted(args)) or 'none'}"
        )

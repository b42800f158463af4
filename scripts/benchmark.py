#!/usr/bin/env python3
"""Benchmark the build as the number of cases grows (run with `make bench`; not a test).

For each size N (``--sizes``, default 0,10,100; the smallest is the baseline):

1. A synthetic corpus: a copy of the project (docs, data, framework, hooks, theme overrides, the
   real cases, which chapters and data files name) plus N copies of the exemplar
   (``cases/video-recommendation``) under new slugs and titles, ``related`` emptied. Both
   builds below run without ``--strict`` (the same settings for both).
2. The real build: ``mkdocs build`` with the hooks (load, validate, compute, render, sanitize).
3. The same pages built by plain Material with no hooks: every page's final Markdown (generated
   case and reference pages, the study tools' pages, hand-written pages with their shortcodes
   expanded) and every generated file (the study tools' data scripts and downloads, vendored
   Mermaid) is written to a temporary docs folder and built with the project's mkdocs.yml minus
   ``hooks:``, with the navigation the hook would make written out in full and the glossary's
   tooltips given to the ``abbr`` extension in the config, as the hook gives them. So both builds
   turn the same Markdown into the same pages; the difference is what the hooks cost (load,
   validate, compute, render, sanitize).

The hooked build is timed twice, in turns: **cold**, with an empty build cache (every case
loaded, validated and rendered, and the result stored; what CI and a fresh clone pay), and
**warm**, the same project again with that cache (``fieldguide.build_cache``: the loaded catalog
and the generated pages reused because no file they read changed; what `mkdocs serve` after an
edit to a chapter, a second `make build` and the test suite's repeated builds pay).

All builds run in this script's own process mode (``--timed-build``: what ``mkdocs build`` does,
in one process), which also times the engine inside the hooked build: the CPU of importing the
hook files (and the package) and of running their event handlers. Its share of the rest of
that same build ("Engine in build") is a second reading of the overhead that load on the
machine cannot skew, since a busy machine slows both parts of one build alike, where two
separate builds, hooked and plain, differed by 10-30% on a shared machine.

Prints per-case build time (the cold build time above the smallest size's, divided by the
copies added), the hooks' overhead over plain Material (fastest build of each kind), the
engine's share (median over the hooked builds, cold and warm), HTML bytes per page by page type,
and the first-visit transfer (every file a cold load fetches, gzip;
src/fieldguide/sitecheck/weight.py) of the heaviest page; the search worker and index (fetched
on the first search) are shown apart. Each kind of build runs ``--repeat`` times (default 3),
after one untimed warm-up build of the smallest corpus (a fresh checkout's first build compiles
the package's bytecode and fills the template cache). Nothing is asserted, so timing noise
never fails a test run. Targets (issue 13): overhead <= 10%, per-case time at 1,000 cases <=
1.2x that at 100, HTML per page flat, first visit < 150 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

# The engine (fieldguide) is imported inside the functions that use it, never at the top: the
# timed builds run this file, and the engine's import must count in the hooked build only.
if TYPE_CHECKING:
    from fieldguide.sitecheck.weight import SiteWeight

ROOT = Path(__file__).resolve().parent.parent
EXEMPLAR = "video-recommendation"
COPY = ["mkdocs.yml", "docs", "data", "framework", "hooks", "overrides", "CONTRIBUTING.md"]
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def make_project(target: Path, cases: int) -> None:
    """The project, its real cases and ``cases`` copies of the exemplar."""
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    for linked in ("node_modules", "src"):
        (target / linked).symlink_to(ROOT / linked)
    shutil.copytree(ROOT / "cases", target / "cases")  # data files name the real cases
    for i in range(cases):
        slug = f"synthetic-{i:04d}"
        folder = target / "cases" / slug
        shutil.copytree(ROOT / "cases" / EXEMPLAR, folder)
        for path in folder.rglob("*"):
            if path.suffix in (".yaml", ".md"):
                text = path.read_text(encoding="utf-8").replace(EXEMPLAR, slug)
                if path.name == "case.yaml":
                    text = re.sub(r"(?m)^title: .*$", f'title: "Synthetic case {i:04d}"', text)
                    # related cases must link both ways: the copies relate to none
                    text = re.sub(r"(?m)^related:( \[.*\]|\n(?:  - .*\n)+)", "related: []", text)
                path.write_text(text, encoding="utf-8")


TIMED_BUILD = "--timed-build"  # internal: one build in this process, its CPU split (JSON)


def timed_build() -> None:
    """Build the project in the current folder as ``mkdocs build`` does, and print the CPU
    seconds of the whole process and of the engine's share: importing the hook files (with the
    package they import) and running their event handlers. Both are measured in the same
    process, so load on a shared machine slows both alike and their ratio holds steady where
    two separate builds differ by 10-30%."""
    import importlib.util
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # as --quiet
    # What MkDocs loads for any build, hooks or not (babel comes with the theme's localisation):
    # imported before the clock starts, so that the hook's import is charged for the engine only.
    importlib.import_module("mkdocs.config.defaults")
    importlib.import_module("mkdocs.structure.pages")
    text = Path("mkdocs.yml").read_text(encoding="utf-8")
    listed = re.search(r"(?m)^hooks:\n((?:  - .*\n)+)", text)
    hook_files = re.findall(r"  - (.*)", listed.group(1)) if listed else []
    engine = 0.0
    for hook in hook_files:  # import each hook (and the package) once, timed; MkDocs' own
        start = time.process_time()  # import of the file then finds the package loaded
        spec = importlib.util.spec_from_file_location(f"_timed_{hook}", hook)
        assert spec is not None and spec.loader is not None
        sys.path.insert(0, str(Path(hook).parent))
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        sys.path.pop(0)
        engine += time.process_time() - start
    config = load_config(config_file="mkdocs.yml")
    hooks = set(config["hooks"])
    spent = [0.0]

    def timed(handler: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return handler(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - start

        return run

    for handlers in config.plugins.events.values():
        handlers[:] = [timed(h) if h.__module__ in hooks else h for h in handlers]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = used.ru_utime + used.ru_stime
    print(json.dumps({"cpu": cpu, "engine": engine + spent[0]}))


@dataclass
class Build:
    """CPU seconds of one build: the whole process and the engine's share of it."""

    cpu: float
    engine: float

    @property
    def share(self) -> float:
        """What the engine adds to the rest of the build (0.1 = +10%)."""
        return self.engine / (self.cpu - self.engine)


def build_env() -> dict[str, str]:
    """The environment of a timed build: this one, with compiled bytecode kept as on a reader's
    machine. pip compiled MkDocs and Material when it installed them; with
    ``PYTHONDONTWRITEBYTECODE`` set (as in some containers) only the package, installed from
    source, would be compiled again by every build, and that time charged to the engine."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, cache: Path | None, label: str = "") -> Build:
    """One (non-strict) build of ``project`` in a fresh process (see :func:`timed_build`), with
    the build cache in ``cache`` (None: turned off, as for plain Material, which has none).

    CPU time, not wall time: on a shared machine wall time mostly measures the other load."""
    from fieldguide.build_cache import ENV

    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), TIMED_BUILD],
        cwd=project,
        env={**build_env(), ENV: str(cache) if cache is not None else "off"},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    measured = Build(**json.loads(result.stdout.strip().splitlines()[-1]))
    engine = f", engine {measured.engine:.2f} s" if measured.engine else ""
    print(
        f"  {project.name}{label}: {measured.cpu:.1f} s CPU{engine}, {wall:.1f} s wall",
        file=sys.stderr,
        flush=True,
    )
    return measured


@dataclass
class Builds:
    """The timed builds of one size: hooked with an empty cache, hooked again with the cache
    that build filled, and plain Material (none when skipped)."""

    cold: list[Build]
    warm: list[Build]
    plain: list[Build]


def builds_in_turns(hooked: Path, plain: Path | None, repeat: int, caches: Path) -> Builds:
    """``repeat`` rounds of a cold, a warm and a plain build, taken in turns.

    On a shared machine single builds of the same site varied by 10-30%, as much as the overhead
    to measure, and the machine drifts over minutes: taking turns exposes every kind of build to
    the same drift, and other load only ever adds time, so the fastest is the closest to the
    build's own cost."""
    builds = Builds([], [], [])
    for round_ in range(repeat):
        cache = caches / f"cache-{round_}"  # empty: this round's cold build fills it
        builds.cold.append(mkdocs_build(hooked, cache, " (cold cache)"))
        builds.warm.append(mkdocs_build(hooked, cache, " (warm cache)"))
        if plain is not None:
            builds.plain.append(mkdocs_build(plain, None))
    return builds


def final_nav(project: Path) -> list[Any]:
    """The navigation after the hook's on_config (cases appended or grouped)."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    return list(config.nav or [])


def make_plain(project: Path, target: Path) -> None:
    """The same pages as final Markdown, with a config that runs no hooks."""
    from fieldguide.load.catalog import load_catalog
    from fieldguide.load.glossary import tooltips
    from fieldguide.render.assets import vendored_files
    from fieldguide.render.pages import generated_pages
    from fieldguide.render.shortcodes import expand
    from fieldguide.study.site import study_site

    catalog = load_catalog(project).published()
    docs = target / "docs"
    shutil.copytree(project / "docs", docs)
    for page in docs.rglob("*.md"):
        if page.is_relative_to(docs / "snippets"):
            continue
        text = page.read_text(encoding="utf-8")
        meta = FRONT_MATTER.match(text)
        head, body = (text[: meta.end()], text[meta.end() :]) if meta else ("", text)
        display = f"docs/{page.relative_to(docs).as_posix()}"
        if "fieldguide:" in body or "{{" in body:
            body = expand(body, catalog, display)
        page.write_text(head + body, encoding="utf-8")
    study = study_site(catalog, project)
    for generated in [*generated_pages(catalog), *study.pages]:
        path = docs / generated.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated.content, encoding="utf-8")
    for data in study.files:
        path = docs / data.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data.content, bytes):
            path.write_bytes(data.content)
        else:
            path.write_text(data.content, encoding="utf-8")
    for source, dest in vendored_files(project):
        (docs / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, docs / dest)
    for name in ("overrides", "CONTRIBUTING.md"):
        source = project / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    for linked in ("node_modules", "src"):
        (target / linked).symlink_to(ROOT / linked)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(hooks|watch):\n(?:  - .*\n)+", "", config)
    config = re.sub(r"(?ms)^nav:\n.*?(?=^\S|\Z)", "", config)
    # The glossary's tooltips, which the hook gives the abbr extension, written into the config.
    glossary = yaml.safe_dump([{"abbr": {"glossary": tooltips(catalog.glossary)}}], width=10**6)
    indented = "".join(f"  {line}" for line in glossary.splitlines(keepends=True))
    config, found = re.subn(r"(?m)^  - abbr\n", lambda _: indented, config)
    if found != 1:
        raise SystemExit("benchmark: mkdocs.yml no longer lists `- abbr` under markdown_extensions")
    nav = yaml.safe_dump({"nav": final_nav(project)}, sort_keys=False, allow_unicode=True)
    (target / "mkdocs.yml").write_text(config + "\n" + nav, encoding="utf-8")


def per_type(weight: SiteWeight, site: Path) -> dict[str, tuple[float, float]]:
    """Mean raw and gzip KB of HTML per page, by page type."""
    from fieldguide.sitecheck.weight import KB

    kinds: dict[str, list[tuple[int, int]]] = {}
    for page in weight.pages:
        raw = (site / page.page / "index.html").stat().st_size
        kinds.setdefault(page.kind, []).append((raw, page.html_gzip))
    return {
        kind: (
            statistics.mean(r for r, _ in sizes) / KB,
            statistics.mean(g for _, g in sizes) / KB,
        )
        for kind, sizes in sorted(kinds.items())
    }


def main() -> None:
    from fieldguide.build_cache import ENV
    from fieldguide.load.catalog import load_catalog
    from fieldguide.sitecheck.weight import BUDGETS_FILE, KB, load_budgets, measure_site

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="0,10,100",
        help="comma-separated numbers of copies; the smallest is the baseline (e.g. 0,100,1000)",
    )
    parser.add_argument("--no-plain", action="store_true", help="skip the plain Material builds")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="builds of each kind per size; the fastest counts (default 3)",
    )
    args = parser.parse_args()
    os.environ[ENV] = "off"  # this process's own loads (plain pages, navigation) are never cached
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, found {args.repeat}")
    budgets = load_budgets(ROOT / BUDGETS_FILE)
    rows = []
    baseline = None
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
            project = Path(tmp) / "hooked"
            project.mkdir()
            make_project(project, size)
            plain: Path | None = None
            if not args.no_plain:
                plain = Path(tmp) / "plain"
                plain.mkdir()
                make_plain(project, plain)
            if baseline is None:
                # Once, untimed: a fresh checkout's first build compiles the package's bytecode
                # and fills Jinja2's template cache, which a reader's machine does once too.
                print("  (warm-up build, not counted)", file=sys.stderr, flush=True)
                mkdocs_build(project, None)
            builds = builds_in_turns(project, plain, args.repeat, Path(tmp))
            hooked = min(b.cpu for b in builds.cold)
            plain_time = min(b.cpu for b in builds.plain) if builds.plain else None
            weight = measure_site(project / "site", budgets)
            heaviest = max(weight.pages, key=lambda p: weight.first_visit(p.page, search=False))
            row = {
                "cases": size,
                "real": len(load_catalog(ROOT).published().cases),
                "hooked": hooked,
                "warm": min(b.cpu for b in builds.warm),
                "plain": plain_time,
                "engine": statistics.median(b.engine for b in builds.cold),
                "share": statistics.median(b.share for b in builds.cold),
                "engine_warm": statistics.median(b.engine for b in builds.warm),
                "share_warm": statistics.median(b.share for b in builds.warm),
                "pages": len(weight.pages),
                "html": per_type(weight, project / "site"),
                "first_visit": (heaviest.page, weight.first_visit(heaviest.page, False) / KB),
                "first_visit_home": weight.first_visit("", search=False) / KB,
                "search": weight.search_gzip / KB,
            }
            if baseline is None:
                baseline = (size, hooked)
            added = size - baseline[0]
            row["per_case"] = (hooked - baseline[1]) / added if added else None
            rows.append(row)
            print(describe(row), file=sys.stderr, flush=True)
    print(table(rows))


def describe(row: dict[str, Any]) -> str:
    plain = f", plain {row['plain']:.1f} s" if row["plain"] is not None else ""
    engine = (
        f"engine cold {row['engine']:.2f} s ({row['share'] * 100:+.0f}%), "
        f"warm {row['engine_warm']:.2f} s ({row['share_warm'] * 100:+.0f}%)"
    )
    return (
        f"{row['cases']} cases: hooks cold {row['hooked']:.1f} s, warm {row['warm']:.1f} s"
        f"{plain}, {engine}, {row['pages']} pages"
    )


def _overhead(hooked: float, plain: float | None) -> str:
    return f"{(hooked / plain - 1) * 100:+.0f}%" if plain else "–"


def table(rows: list[dict[str, Any]]) -> str:
    kinds = sorted({kind for row in rows for kind in row["html"]})
    lines = [
        "| Cases (real + copies) | Pages | Build CPU, hooks: cold / warm cache | Plain "
        "| Overhead: cold / warm | Engine in build: cold / warm | Per case | "
        + " | ".join(f"HTML {k} KB (gzip)" for k in kinds)
        + " | First visit, heaviest page | First visit, home | Search worker + index |",
        "| " + " | ".join(["---:"] * (10 + len(kinds))) + " |",
    ]
    for row in rows:
        overhead = (
            f"{_overhead(row['hooked'], row['plain'])} / {_overhead(row['warm'], row['plain'])}"
        )
        per_case = f"{row['per_case']:.2f} s" if row["per_case"] is not None else "(baseline)"
        html = [
            f"{row['html'][k][0]:.0f} ({row['html'][k][1]:.0f})" if k in row["html"] else "–"
            for k in kinds
        ]
        page, first = row["first_visit"]
        plain = f"{row['plain']:.1f} s" if row["plain"] is not None else "–"
        engine = (
            f"{row['engine']:.2f} s, {row['share'] * 100:+.0f}% / "
            f"{row['engine_warm']:.2f} s, {row['share_warm'] * 100:+.0f}%"
        )
        lines.append(
            f"| {row['real']} + {row['cases']} | {row['pages']} "
            f"| {row['hooked']:.1f} s / {row['warm']:.1f} s | {plain} "
            f"| {overhead} | {engine} | {per_case} | "
            + " | ".join(html)
            + f" | {first:.0f} KB (`/{page}`) | {row['first_visit_home']:.0f} KB "
            f"| {row['search']:.0f} KB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == [TIMED_BUILD]:
        timed_build()
    else:
        main()

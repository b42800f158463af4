"""Contributor command line: ``fieldguide validate|new-case|depth|words|export-schema|write-pages``
(and ``prerender``, which ``make build`` runs after MkDocs).

A thin CLI over the package; ``make validate``, ``make depth``... call it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldguide.cli.jsonschema_export import SCHEMA_FILE, stale_schema_diff, write_schema
from fieldguide.cli.scaffold import ScaffoldError, scaffold_case
from fieldguide.load.catalog import load_catalog
from fieldguide.load.depth import format_report, measure
from fieldguide.load.framework import load_framework
from fieldguide.load.problems import ProblemsFound
from fieldguide.load.wordcount import format_report as words_report
from fieldguide.load.wordcount import measure_docs
from fieldguide.render.archive import zip_site
from fieldguide.render.pages import generated_pages
from fieldguide.render.prerender import MERMAID_DIST, PrerenderError, prerender_site
from fieldguide.render.search_bundle import SearchBundleError, build_search_bundle
from fieldguide.study.question_bank import load_bank
from fieldguide.study.site import study_site
from fieldguide.study.techniques import load_techniques


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fieldguide", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every case and the framework; exit 1 on any problem")
    new = sub.add_parser("new-case", help="scaffold cases/<slug>/ with every section marked TODO")
    new.add_argument("slug")
    new.add_argument("--title", default=None)
    depth = sub.add_parser(
        "depth", help="words per step, diagrams, estimates...; exit 1 below the bar"
    )
    depth.add_argument("slugs", nargs="*", help="only these cases (default: all)")
    schema = sub.add_parser("export-schema", help=f"write {SCHEMA_FILE} from the schema")
    schema.add_argument(
        "--check", action="store_true", help="exit 1 with a diff if the file is stale"
    )
    sub.add_parser("words", help="words per chapter and primer; exit 1 below the bar")
    archive = sub.add_parser("zip-site", help="zip a built site into a reproducible archive")
    archive.add_argument("site", type=Path)
    archive.add_argument("dest", type=Path)
    pages = sub.add_parser(
        "write-pages", help="write the generated pages as Markdown into a folder"
    )
    pages.add_argument("out", type=Path)
    prerender = sub.add_parser(
        "prerender", help="render every Mermaid diagram of a built site to inline SVG"
    )
    prerender.add_argument("site", type=Path, help="the folder mkdocs build wrote")
    prerender.add_argument(
        "--inline",
        action="store_true",
        help="inline every diagram (the offline edition: pages opened from file:// cannot fetch "
        "the diagrams that the published site loads near the viewport)",
    )
    bundle = sub.add_parser(
        "search-bundle",
        help="index a built site's sections with Pagefind (the published site's search)",
    )
    bundle.add_argument("site", type=Path, help="the folder mkdocs build wrote")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        return int(COMMANDS[args.command](root, args))
    except ProblemsFound as exc:
        print(exc, file=sys.stderr)
        return 1


def _validate(root: Path, args: argparse.Namespace) -> int:
    catalog = load_catalog(root)
    load_bank(root, catalog.published(), load_techniques(root))  # data/ files of the study pages
    published = len(catalog.published().cases)
    print(f"OK: {published} published case(s) and the framework are valid.")
    if catalog.drafts:
        names = ", ".join(e.slug for e in catalog.drafts)
        print(f"Drafts (shown by make serve, left out of the site and of the bar): {names}")
    return 0


def _new_case(root: Path, args: argparse.Namespace) -> int:
    framework = load_framework(root / "framework/steps.yaml", "framework/steps.yaml")
    try:
        folder = scaffold_case(root, args.slug, framework, args.title)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Created {folder.relative_to(root)}/ . While you work, add `draft: true` under its slug "
        "(make serve shows drafts); fill in every TODO, remove the draft line and run "
        "`make validate` and `make depth SLUG=...`."
    )
    return 0


def _depth(root: Path, args: argparse.Namespace) -> int:
    catalog = load_catalog(root, bar=False)
    entries = [e for e in catalog.cases if not args.slugs or e.slug in args.slugs]
    unknown = set(args.slugs) - {e.slug for e in entries}
    if unknown:
        print(f"error: no case with slug {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    depths = [measure(e.case, e.notes, e.estimates) for e in entries]
    print(format_report(depths))
    return _below_the_bar("case(s)", [d.slug for d in depths if d.shortfalls()])


def _words(root: Path, args: argparse.Namespace) -> int:
    pages = measure_docs(root / "docs")
    print(words_report(pages))
    return _below_the_bar("page(s)", [p.path for p in pages if p.shortfalls()])


def _below_the_bar(kind: str, below: list[str]) -> int:
    """Exit status of a depth report: 1, with the names on stderr, when anything falls short."""
    if below:
        print(f"\n{len(below)} {kind} below the bar: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


def _export_schema(root: Path, args: argparse.Namespace) -> int:
    if args.check:
        diff = stale_schema_diff(root)
        if diff:
            print(diff, file=sys.stderr)
            return 1
        print(f"OK: {SCHEMA_FILE} is current.")
        return 0
    print(f"Wrote {write_schema(root).relative_to(root)}")
    return 0


def _write_pages(root: Path, args: argparse.Namespace) -> int:
    catalog = load_catalog(root)
    out: Path = args.out
    pages = [*generated_pages(catalog), *study_site(catalog, root).pages]
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    print(f"Wrote {len(pages)} page(s) to {out}")
    return 0


def _zip_site(root: Path, args: argparse.Namespace) -> int:
    try:
        count = zip_site(args.site, args.dest)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wrote {args.dest} ({count} files, {args.dest.stat().st_size / 1e6:.1f} MB)")
    return 0


def _prerender(root: Path, args: argparse.Namespace) -> int:
    try:
        summary = prerender_site(args.site, root / MERMAID_DIST, defer=not args.inline)
    except PrerenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


def _search_bundle(root: Path, args: argparse.Namespace) -> int:
    try:
        summary = build_search_bundle(args.site)
    except SearchBundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


COMMANDS = {
    "zip-site": _zip_site,
    "validate": _validate,
    "new-case": _new_case,
    "depth": _depth,
    "export-schema": _export_schema,
    "write-pages": _write_pages,
    "words": _words,
    "prerender": _prerender,
    "search-bundle": _search_bundle,
}

if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Audit the built site as readers get it (run with `make audit`; not a test).

1. Builds the site into a temporary folder with ``site_url`` set to the local server (and runs
   ``fieldguide prerender`` and ``fieldguide search-bundle`` when those commands exist, as
   ``make build`` does), or takes a built folder (``--site``).
2. Serves it like GitHub Pages: Python's ``http.server`` with a handler that sends text files
   gzip-compressed (level 6), ``Cache-Control: max-age=600``, ``ETag``/``Last-Modified`` and 304
   answers, over HTTP/1.1 keep-alive (GitHub Pages also speaks HTTP/2; this server does not).
3. Runs Lighthouse (pinned in tools/audit/, installed on demand with ``npm ci --prefix
   tools/audit``) with its default mobile settings ``--runs`` times on: home, the heaviest step
   chapter, the primer with charts and the heaviest case page; reports the median of each
   category, the median run's transfer, and what keeps a score below 100.
4. Runs axe-core (node_modules, as the browser tests) through Playwright in Debian's Chromium on
   every page, in the light (``default``) and dark (``slate``) palettes.
5. Times the first search (Pagefind on the published site, Material's own search on a plain
   build; lazy-loaded either way: docs/assets/javascripts/lazy-loads.js): in a fresh Chromium
   context, from the first key typed into the search field on the home page to the first result,
   median of three; with what it fetched (gzip as sent).
6. Prints a Markdown table and what keeps each score below 100; ``--readme`` also writes them
   into README.md between the ``<!-- audit:start -->`` and ``<!-- audit:end -->`` markers.
   The median run's Lighthouse report of each page is kept in build/audit/<page type>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

from fieldguide.sitecheck.page_scripts import OPEN_SHADOW_ROOTS, RENDER_ALL
from fieldguide.sitecheck.weight import BUDGETS_FILE, load_budgets, measure_site, site_pages

ROOT = Path(__file__).resolve().parent.parent

TOOLS = ROOT / "tools" / "audit"
REPORTS = ROOT / "build" / "audit"  # Lighthouse JSON of each page's median run (git-ignored)
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHARTED_PRIMER = "concepts/offline-metrics/"
README_START, README_END = "<!-- audit:start -->", "<!-- audit:end -->"
# Compressed like text by the server, as a CDN such as GitHub Pages does for text formats (the
# sitemap is XML: Material fetches it on every page)
GZIP_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)
# Client-side Mermaid: Material turns each pre.mermaid into a div.mermaid with an SVG in its
# shadow root (opened by OPEN_SHADOW_ROOTS). Pre-rendered pages have neither.
DIAGRAMS_DONE = """() => !document.querySelector("pre.mermaid")
  && [...document.querySelectorAll("div.mermaid")].every(
    h => h.shadowRoot && h.shadowRoot.querySelector("svg"))"""


# --- a server like GitHub Pages -----------------------------------------------------------------


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip, max-age=600, ETag and 304s, as GitHub Pages answers."""

    protocol_version = "HTTP/1.1"
    cache: dict[Path, tuple[bytes, bytes, str]] = {}  # noqa: RUF012 - shared by all requests
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = Path(self.directory) / unquote(urlparse(self.path).path).lstrip("/")
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", urlparse(self.path).path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.resolve().is_relative_to(Path(self.directory).resolve()) or not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        raw, packed, etag = self._load(path)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".js", ".mjs"):
            kind = "application/javascript"
        zipped = kind.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return
        data = packed if zipped else raw
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if "text" in kind else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _load(self, path: Path) -> tuple[bytes, bytes, str]:
        with self.lock:
            if path not in self.cache:
                raw = path.read_bytes()
                etag = '"' + hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:16] + '"'
                self.cache[path] = (raw, gzip.compress(raw, compresslevel=6, mtime=0), etag)
            return self.cache[path]


@contextlib.contextmanager
def serve(folder: Path, port: int) -> Iterator[str]:
    handler = functools.partial(PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- build ---------------------------------------------------------------------------------------


def build(folder: Path, base: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(folder)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    cli = Path(sys.executable).parent / "fieldguide"
    help_text = subprocess.run([cli, "--help"], capture_output=True, text=True, check=False)
    if "prerender" in help_text.stdout:  # make build pre-renders diagrams: audit the same
        subprocess.run([cli, "prerender", str(folder)], cwd=ROOT, env=env, check=True, timeout=900)
    if "search-bundle" in help_text.stdout:  # ... and searches with Pagefind
        subprocess.run([cli, "search-bundle", str(folder)], cwd=ROOT, env=env, check=True)
    print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def ensure_lighthouse() -> None:
    stamp = TOOLS / "node_modules" / ".stamp"
    lock = TOOLS / "package-lock.json"
    if LIGHTHOUSE.is_file() and stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    print("installing the pinned Lighthouse: npm ci --prefix tools/audit", file=sys.stderr)
    subprocess.run(
        ["npm", "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
    )
    stamp.touch()


# --- Lighthouse ----------------------------------------------------------------------------------


def lighthouse(url: str, out: Path) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run"
    result = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
            "--max-wait-for-load=90000",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
    )
    if not out.is_file():
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report: dict = json.loads(out.read_text(encoding="utf-8"))
    return report


def scores(report: dict) -> dict[str, float]:
    cats = report["categories"]
    return {c: round((cats[c]["score"] or 0) * 100) for c in CATEGORIES}


def causes(report: dict) -> list[str]:
    """What keeps each category below 100 in one report: failed audits, worst first."""
    lines = []
    audits = report["audits"]
    for cat in CATEGORIES:
        score = report["categories"][cat]["score"] or 0
        if score >= 1:
            continue
        bad = []
        for ref in report["categories"][cat]["auditRefs"]:
            audit = audits[ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if audit.get("score") is None or audit["score"] >= 0.9 or mode == "informative":
                continue
            if ref.get("weight", 0) == 0 and cat != "performance":
                continue
            value = audit.get("displayValue") or ""
            bad.append((audit["score"], f"{audit['title']} {value}".strip()))
        if cat == "performance":
            for key in ("largest-contentful-paint", "total-blocking-time", "speed-index"):
                metric = audits.get(key, {})
                if metric.get("score", 1) < 0.9:
                    bad.append((metric["score"], f"{metric['title']} {metric['displayValue']}"))
        bad.sort(key=lambda pair: pair[0])
        shown = "; ".join(dict.fromkeys(text for _, text in bad[:6])) or "(no failed audit)"
        if cat == "performance":
            items = audits.get("bootup-time", {}).get("details", {}).get("items", [])
            top = sorted(items, key=lambda i: -i.get("total", 0))[:3]
            shown += "; main-thread time by script: " + ", ".join(
                f"{urlparse(i['url']).path.rsplit('/', 1)[-1] or i['url']} {i['total']:.0f} ms"
                for i in top
            )
        lines.append(f"{cat} {round(score * 100)}: {shown}")
    for warning in report.get("runWarnings", []):
        lines.append("warning: " + warning.split(" Learn more")[0])
    return lines


# --- axe -------------------------------------------------------------------------------------


def axe_all(base: str, pages: list[str]) -> dict[str, dict[str, list[str]]]:
    """Violations per palette per page (``light``/``dark``)."""
    from playwright.sync_api import sync_playwright

    axe = AXE.read_text(encoding="utf-8")
    run = (
        "async () => (await axe.run(document, {runOnly: "
        + json.dumps(AXE_TAGS)
        + "})).violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3)"
        + ".map(n => n.target.join(' ')).join(', ')}`)"
    )
    found: dict[str, dict[str, list[str]]] = {"light": {}, "dark": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for scheme in found:
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": 1280, "height": 900}
            )
            context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
            context.add_init_script(OPEN_SHADOW_ROOTS)
            page = context.new_page()
            want = "slate" if scheme == "dark" else "default"
            for path in pages:
                page.goto(base + path, wait_until="networkidle")
                with contextlib.suppress(Exception):  # an unrendered diagram is axe's to report
                    page.wait_for_function(DIAGRAMS_DONE, timeout=20_000)
                # diagrams far down the page load near the viewport: load them all, so that
                # axe checks them too (diagram-loader.js reads them all before printing)
                page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                page.wait_for_function("() => !document.querySelector('.fg-diagram__deferred')")
                # blocks far down the page render near the viewport (content-visibility): render
                # them all, as a reader who scrolled to the end has them (tests/support/browser.py)
                page.evaluate(RENDER_ALL)
                page.wait_for_timeout(1000)  # Material marks scrollable code blocks after load
                got = page.evaluate("document.body.dataset.mdColorScheme")
                if got != want:
                    raise SystemExit(f"{path}: palette {got!r}, expected {want!r}")
                page.add_script_tag(content=axe)
                violations = page.evaluate(run)
                if violations:
                    found[scheme][path] = violations
            context.close()
        browser.close()
    return found


SEARCH_WORD = "calibration"  # in many sections: the query shows a full page of results
SEARCH_READY = (
    "() => document.querySelector('.md-search-result__item') && "
    "!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)"
)


def first_search(base: str, site: Path, runs: int = 3) -> str:
    """The first search, as a reader with nothing cached does it: the time from the first key
    to the first result (on the published site: the stub index, Pagefind's files, the index
    chunks and fragments the query needs; under `mkdocs build` alone: Material's index, its
    worker's lunr index, the query), and what it fetched."""
    from playwright.sync_api import Request, sync_playwright

    from fieldguide.sitecheck.weight import sent_size

    index = json.loads((site / "search" / "search_index.json").read_bytes())
    pagefind = "pagefind" in index["config"]
    times, sent = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 412, "height": 900})
            context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
            page = context.new_page()
            page.goto(base, wait_until="networkidle")
            fetched: list[str] = []  # from the click on: it starts the search's downloads

            def note(request: Request, into: list[str] = fetched) -> None:
                into.append(urlparse(request.url).path.lstrip("/"))

            page.on("request", note)
            page.click("label[for=__search]")
            start = time.perf_counter()
            page.keyboard.type(SEARCH_WORD)
            page.wait_for_function(SEARCH_READY, timeout=120_000)
            times.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            sent.append(sum(sent_size(site / path) for path in fetched))
            context.close()
        browser.close()
    how = (
        f"Pagefind over {sum(len(d.get('sections', [])) for d in index['docs']):,} sections"
        if pagefind
        else f"Material's index of {len(index['docs']):,} sections"
    )
    return (
        f"First search (`{SEARCH_WORD}`, nothing cached, served locally so no download time; "
        f"{how}): {statistics.median(times):.2f} s from the first key to the first result "
        f"(median of {runs}); it fetched {statistics.median(sent) / 1024:,.0f} KB (gzip as sent)."
    )


# --- report ------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    ram = next(
        int(line.split()[1]) / 1024**2
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} CPUs (`nproc`), {cpu}, {ram:.0f} GB RAM, load average {load:.1f}"


def versions() -> str:
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    lock = json.loads((TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    lh = lock["packages"]["node_modules/lighthouse"]["version"]
    axe = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    return (
        f"{chromium.stdout.strip()}, Lighthouse {lh} (mobile, default throttling), axe-core {axe}"
    )


def pick_pages(site: Path) -> dict[str, str]:
    weight = measure_site(site, load_budgets(ROOT / BUDGETS_FILE))

    def heaviest(kind: str) -> str:
        return max((p for p in weight.pages if p.kind == kind), key=lambda p: p.html_gzip).page

    primer = CHARTED_PRIMER if (site / CHARTED_PRIMER).is_dir() else heaviest("primer")
    return {"home": "", "chapter": heaviest("chapter"), "primer": primer, "case": heaviest("case")}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="audit this built folder instead of building")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-axe", action="store_true", help="skip axe")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument(
        "--axe-all",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="axe on every page (default) or only the Lighthouse pages",
    )
    parser.add_argument("--no-search", action="store_true", help="skip timing the first search")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: install Debian's chromium package")
    if not args.no_lighthouse:
        ensure_lighthouse()
    port = free_port()
    with contextlib.ExitStack() as stack:
        if args.site is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="audit-")))
            build(folder / "site", f"http://127.0.0.1:{port}/")
            site = folder / "site"
        else:
            site = args.site.resolve()
        base = stack.enter_context(serve(site, port))
        targets = pick_pages(site)
        results: dict[str, dict] = {}
        notes: list[str] = []
        for kind, path in targets.items():
            if args.no_lighthouse:
                continue
            runs = []
            for i in range(args.runs):
                with tempfile.TemporaryDirectory() as tmp:
                    start = time.perf_counter()
                    report = lighthouse(base + path, Path(tmp) / "lh.json")
                    runs.append(report)
                    print(
                        f"lighthouse {kind} /{path} run {i + 1}: {scores(report)} "
                        f"({time.perf_counter() - start:.0f} s)",
                        file=sys.stderr,
                    )
            median = {c: statistics.median(scores(r)[c] for r in runs) for c in CATEGORIES}
            middle = sorted(runs, key=lambda r: scores(r)["performance"])[len(runs) // 2]
            REPORTS.mkdir(parents=True, exist_ok=True)  # the median run, for a closer look
            (REPORTS / f"{kind}.json").write_text(json.dumps(middle), encoding="utf-8")
            transfer = middle["audits"]["total-byte-weight"]["numericValue"] / 1024
            results[kind] = {"scores": median, "transfer": transfer}
            notes += [f"`/{path}` {line}" for line in causes(middle)]
        all_pages = site_pages(site)
        axe_pages = all_pages if args.axe_all else list(targets.values())
        found = {"light": {}, "dark": {}} if args.no_axe else axe_all(base, axe_pages)
        search = "" if args.no_search else first_search(base, site)
    table = render(targets, results, found, axe_pages, args)
    if search:
        table += "\n\n" + search
    notes += [
        f"axe {scheme} `/{path}`: " + "; ".join(violations)
        for scheme, pages in found.items()
        for path, violations in pages.items()
    ]
    text = table + ("\n\nWhat keeps a score below target (median run):\n\n" if notes else "")
    text += "\n".join(f"- {note}" for note in notes)
    print(text)
    if args.readme:
        write_readme(text)
    return 0


def render(
    targets: dict[str, str],
    results: dict,
    found: dict,
    axe_pages: list[str],
    args: argparse.Namespace,
) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        f"Measured {now} on {machine()}; {versions()}; "
        f"Lighthouse median of {args.runs} runs; server: Python http.server like GitHub Pages "
        "(gzip, `Cache-Control: max-age=600`, ETag), `scripts/audit.py`.",
        "",
        "| Page | Perf. | Access. | Best practices | SEO | Transfer | axe light / dark |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, path in targets.items():
        got = results.get(kind)
        cells = (
            [f"{got['scores'][c]:g}" for c in CATEGORIES] + [f"{got['transfer']:.0f} KB"]
            if got
            else ["–"] * 5
        )
        axe = (
            "–"
            if args.no_axe
            else f"{len(found['light'].get(path, []))} / {len(found['dark'].get(path, []))}"
        )
        head.append(f"| {kind} `/{path}` | " + " | ".join(cells) + f" | {axe} |")
    if args.axe_all and not args.no_axe:
        light = sum(len(v) for v in found["light"].values())
        dark = sum(len(v) for v in found["dark"].values())
        head.append(f"| all {len(axe_pages)} pages (axe only) | | | | | | {light} / {dark} |")
    return "\n".join(head)


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    current = readme.read_text(encoding="utf-8")
    if README_START not in current or README_END not in current:
        raise SystemExit(f"README.md has no {README_START} ... {README_END} block")
    before, rest = current.split(README_START, 1)
    after = rest.split(README_END, 1)[1]
    readme.write_text(f"{before}{README_START}\n{text}\n{README_END}{after}", encoding="utf-8")
    print("wrote the table into README.md", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

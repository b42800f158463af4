"""Words per hand-written chapter and primer, and whether each shows a diagram or computed table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MIN_WORDS = 2500
REQUIRED_SECTIONS = ("framework", "concepts")  # every page there except index.md must reach the bar

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


@dataclass(frozen=True)
class PageWords:
    path: str
    words: int
    diagrams: int
    examples: int
    required: bool

    def shortfalls(self) -> list[str]:
        if not self.required:
            return []
        short = []
        if self.words < MIN_WORDS:
            short.append(f"{self.words} words, expected at least {MIN_WORDS}")
        if self.diagrams + self.examples == 0:
            short.append("no diagram and no computed example")
        return short


def count_words(markdown: str) -> int:
    """Words of prose: front matter, code fences (diagrams included) and comments do not count."""
    text = _COMMENT.sub(" ", _FENCE.sub(" ", _FRONT_MATTER.sub("", markdown)))
    text = re.sub(r"\{\{\s*ex:[^}]*\}\}", "N", text)
    return len(_WORD.findall(text))


def measure_docs(docs: Path) -> list[PageWords]:
    pages = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8")
        required = rel.split("/")[0] in REQUIRED_SECTIONS and path.name != "index.md"
        pages.append(
            PageWords(
                path=f"docs/{rel}",
                words=count_words(text),
                diagrams=len(re.findall(r"^``` ?mermaid", text, re.M)),
                examples=len(re.findall(r"<!--\s*fieldguide:example\b", text)),
                required=required,
            )
        )
    return pages


def format_report(pages: list[PageWords]) -> str:
    lines = [f"{'page':<42} {'words':>6} {'diagrams':>8} {'examples':>8}  status"]
    for p in pages:
        status = "; ".join(p.shortfalls()) or ("OK" if p.required else "-")
        lines.append(f"{p.path:<42} {p.words:>6} {p.diagrams:>8} {p.examples:>8}  {status}")
    return "\n".join(lines)

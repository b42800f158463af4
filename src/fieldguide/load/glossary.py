"""The glossary (``data/glossary.yaml``): a page of definitions and hover tooltips on every page."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.load.schema import Line, Strict, Text
from fieldguide.load.validation import load_validated

GLOSSARY_FILE = "data/glossary.yaml"


class Term(Strict):
    """One glossary entry."""

    term: Line
    expansion: Line | None = Field(default=None, description="What an acronym stands for.")
    definition: Text
    abbr: bool = Field(default=False, description="Show a hover tooltip wherever the term appears.")

    @model_validator(mode="after")
    def _abbr_is_a_plain_token(self) -> Term:
        if self.abbr and not all(ch.isalnum() or ch in " -./+&" for ch in self.term):
            raise ValueError("a tooltip term may hold letters, digits, spaces and - . / + & only")
        return self

    @property
    def spoken(self) -> str:
        """The term as read aloud where a symbol stands for a word ("pass@k" is "pass at k"), so
        that it keeps its own anchor and flashcard beside a term that differs only in a symbol
        that stands for none ("pass^k")."""
        return self.term.replace("@", " at ")

    @property
    def anchor(self) -> str:
        return "term-" + "".join(c.lower() if c.isalnum() else "-" for c in self.spoken).strip("-")

    @property
    def tooltip(self) -> str:
        """One line for the hover tooltip."""
        text = f"{self.expansion}: {self.definition}" if self.expansion else self.definition
        return " ".join(text.split())


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: t.term.lower())


def load_glossary(root: Path) -> Glossary | None:
    """The glossary, or None when the project has none yet."""
    path = root / GLOSSARY_FILE
    if not path.exists():
        return None
    glossary, loaded = load_validated(path, GLOSSARY_FILE, Glossary)
    seen: dict[str, int] = {}
    problems = []
    for i, term in enumerate(glossary.terms):
        key = term.anchor  # anchor and flashcard follow it: two terms cannot share it
        if key in seen:
            line = loaded.line_for(("terms", i, "term"))
            first = glossary.terms[seen[key]].term
            problems.append(
                Problem(
                    GLOSSARY_FILE,
                    line,
                    f"terms[{i}].term",
                    f"duplicate term {term.term!r}: it reads as {first!r} (terms[{seen[key]}]) "
                    "once case and punctuation are ignored, so the two would share an anchor",
                )
            )
        seen.setdefault(key, i)
    if problems:
        raise ProblemsFound(problems)
    return glossary


def tooltips(glossary: Glossary | None) -> dict[str, str]:
    """The hover tooltip of every term marked ``abbr``, by the word it is shown on, plus the
    plural of an acronym (``GPUs`` gets the tooltip of ``GPU``: a tooltip matches whole words
    only). Given to the ``abbr`` Markdown extension as its ``glossary``, once per build: appended
    to each page as ``*[ANN]: ...`` definitions instead, they cost a quadratic parse per page
    (the block parser re-reads the rest of the list after each definition) that doubled the
    build time of the whole site at 88 tooltips."""
    if glossary is None:
        return {}
    terms = {term.term for term in glossary.terms}
    found: dict[str, str] = {}
    for term in glossary.terms:
        if term.abbr:
            found[term.term] = term.tooltip
            plural = acronym_plural(term.term)
            if plural is not None and plural not in terms:
                found[plural] = term.tooltip
    return found


def acronym_plural(term: str) -> str | None:
    """``GPUs`` for ``GPU`` and ``IoUs`` for ``IoU``: one word ending in a capital letter other
    than S (``QPS`` and ``IPS`` have no plural; ``KV cache`` and ``p99`` are not acronyms)."""
    last = term[-1]
    if " " in term or not last.isupper() or last == "S":
        return None
    return f"{term}s"

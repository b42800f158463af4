"""The JSON Schema of case files, exported from the pydantic model for editors (yaml.schemas)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from fieldguide.load.schema import Case

SCHEMA_FILE = "schema/case.schema.json"
REGENERATE = "make schema   (or: .venv/bin/fieldguide export-schema)"


def case_json_schema() -> str:
    """The schema as stable, pretty-printed JSON text."""
    schema = Case.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ML System Design Field Guide case file"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def stale_schema_diff(root: Path) -> str | None:
    """None if the committed schema file is current, else a unified diff and how to fix it."""
    path = root / SCHEMA_FILE
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    expected = case_json_schema()
    if current == expected:
        return None
    diff = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"{SCHEMA_FILE} (committed)",
            tofile=f"{SCHEMA_FILE} (from src/fieldguide/schema.py)",
        )
    )
    return f"{SCHEMA_FILE} is out of date. Regenerate it with:\n  {REGENERATE}\n\n{diff}"


def write_schema(root: Path) -> Path:
    path = root / SCHEMA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case_json_schema(), encoding="utf-8")
    return path

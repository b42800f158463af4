#!/usr/bin/env python3
"""Write schema/case.schema.json from the schema (--check: fail with a diff if it is stale)."""

from _cli import run

run("export-schema")

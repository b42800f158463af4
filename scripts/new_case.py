#!/usr/bin/env python3
"""Scaffold cases/<slug>/ with every section marked TODO.

Usage: scripts/new_case.py SLUG [--title TITLE]
"""

from _cli import run

run("new-case")

#!/usr/bin/env python3
"""Validate every case file and the framework; prints all problems with file, line and field."""

from _cli import run

run("validate")

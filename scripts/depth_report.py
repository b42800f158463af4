#!/usr/bin/env python3
"""Words per step, diagrams, estimates, follow-ups, references per case; exit 1 below the bar."""

from _cli import run

run("depth")

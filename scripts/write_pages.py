#!/usr/bin/env python3
"""Write the generated pages as Markdown into a folder, without MkDocs.

Usage: scripts/write_pages.py OUT
"""

from _cli import run

run("write-pages")

"""Stage 3: turn the validated catalog into pages.

Jinja2 templates, notes, Mermaid diagrams, charts, checklists and the HTML allowlist.
"""

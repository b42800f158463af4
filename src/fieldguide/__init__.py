"""Engine of the ML System Design Field Guide.

The flow is ``cases/ -> schema -> model -> pages, diagrams, checklists``: :mod:`fieldguide.catalog`
loads and validates every case file, :mod:`fieldguide.pages` renders them. Nothing here imports
MkDocs; the hook files in ``hooks/`` adapt MkDocs events to these functions.
"""

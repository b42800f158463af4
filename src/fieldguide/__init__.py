"""Engine of the ML System Design Field Guide, grouped by stage.

The flow is ``cases/ -> schema -> model -> pages, diagrams, checklists``:

- :mod:`fieldguide.load` reads and checks contributed data (safe YAML, schema, the bar);
- :mod:`fieldguide.numbers` computes every number the guide states;
- :mod:`fieldguide.render` turns the validated catalog into pages, diagrams and checklists;
- :mod:`fieldguide.study` builds the study tools (flashcards, question bank, matrix, ...);
- :mod:`fieldguide.cli` holds the contributor commands.

Nothing here imports MkDocs; the hook files in ``hooks/`` adapt MkDocs events to these functions.
"""

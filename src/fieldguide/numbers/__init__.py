"""Stage 2: compute every number the guide states.

The safe formula evaluator, units, metric functions and worked examples.
"""

"""Stage 1: read and check contributed data.

Safe YAML, the schema, cross-field checks, the note policy and the publishing bar.
"""

"""Contributor commands: validate, scaffold a case, export the schema, reports."""

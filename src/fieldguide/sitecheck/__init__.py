"""Checks of a built site folder (after MkDocs): page weight against the budgets."""

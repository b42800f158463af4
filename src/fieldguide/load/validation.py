"""Turn pydantic validation errors into contributor-facing problems with file, line and field."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fieldguide.load.problems import Problem, ProblemsFound, field_path
from fieldguide.load.schema import PATTERN_HINTS
from fieldguide.load.yamlsource import LoadedYaml, Loc, load_yaml_file

M = TypeVar("M", bound=BaseModel)


def load_validated(path: Path, display: str, model: type[M]) -> tuple[M, LoadedYaml]:
    """Safely load a YAML file and validate it against ``model``; raise every problem found."""
    loaded = load_yaml_file(path, display)
    try:
        return model.model_validate(loaded.data), loaded
    except ValidationError as exc:
        raise ProblemsFound(problems_from_validation_error(exc, loaded, display, model)) from exc


def problems_from_validation_error(
    exc: ValidationError, loaded: LoadedYaml, display: str, root: type[BaseModel]
) -> list[Problem]:
    """One problem per pydantic error, with the line of the offending field."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        message = _message(error, root, loc)
        problems.append(Problem(display, loaded.line_for(loc), field_path(loc), message))
    return problems


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: Any, root: type[BaseModel], loc: Loc) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = allowed_keys(root, loc[:-1])
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        key = str(loc[-1])
        if any(c in key for c in " ()") or key[:1].isupper():
            hint += ". If this is part of a text, quote the text: an unquoted ': ' starts a new key"
        return f"unknown key {key!r}{hint}"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        hint = PATTERN_HINTS.get(pattern, f"text matching {pattern}")
        return f"expected {hint}; found {_shown(error.get('input'))}"
    if kind == "model_type" and not loc:
        return f"expected a mapping of fields (key: value lines); found {_kind(error.get('input'))}"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    elif msg.startswith("Input should be "):
        msg = "expected " + msg.removeprefix("Input should be ")
    elif msg.startswith("String should "):
        msg = "expected a text that should " + msg.removeprefix("String should ")
    elif msg.startswith("List should "):
        msg = "expected a list that should " + msg.removeprefix("List should ")
    if "; found " in msg:
        return msg
    return f"{msg}; found {_shown(error.get('input'))}"


def _kind(value: Any) -> str:
    if value is None:
        return "an empty file"
    if isinstance(value, list):
        return "a list"
    return f"a single value {_shown(value)}"


def allowed_keys(root: type[BaseModel], loc: Loc) -> list[str]:
    """Keys the model at ``loc`` accepts (by alias), to suggest the right spelling of a typo."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part), None
        )
        if field is None:
            return []
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or name for name, f in model.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None and Annotated[X, ...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if inner is not None:
                return inner
    return None

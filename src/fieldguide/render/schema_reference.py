"""Describe the case schema for humans: the case-file reference page is generated from this."""

from __future__ import annotations

import enum
import inspect
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fieldguide.load.schema import Case


@dataclass(frozen=True)
class FieldDoc:
    key: str
    kind: str  # Markdown, generated here from types only
    required: bool
    description: str


@dataclass(frozen=True)
class SectionDoc:
    name: str
    anchor: str
    summary: str
    fields: list[FieldDoc]


def reference_sections(root: type[BaseModel] = Case) -> list[SectionDoc]:
    """Every model reachable from ``root``, depth-first, each with its fields."""
    order: list[type[BaseModel]] = []
    _collect(root, order)
    return [
        SectionDoc(
            name=model.__name__,
            anchor=model.__name__.lower(),
            summary=inspect.cleandoc(model.__doc__ or ""),
            fields=[_field_doc(name, info) for name, info in model.model_fields.items()],
        )
        for model in order
    ]


def _collect(model: type[BaseModel], order: list[type[BaseModel]]) -> None:
    if model in order:
        return
    order.append(model)
    for info in model.model_fields.values():
        for inner in _models_in(info.annotation):
            _collect(inner, order)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _field_doc(name: str, info: FieldInfo) -> FieldDoc:
    return FieldDoc(
        key=info.alias or name,
        kind=_kind(info.annotation, info.metadata),
        required=info.is_required(),
        description=info.description or "",
    )


def _kind(annotation: Any, metadata: list[Any] | None = None) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _kind(args[0], list(args[1:]))
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(a) for a in args if a is not type(None)]
        return " or ".join(kinds) + (" (optional)" if type(None) in args else "")
    if origin is list:
        return f"list of {_kind(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    pattern = next(
        (getattr(m, "pattern", None) for m in metadata or [] if getattr(m, "pattern", None)), None
    )
    names = {str: "text", int: "whole number", float: "number", bool: "true or false"}
    base = names.get(annotation, getattr(annotation, "__name__", str(annotation)))
    if pattern == r"^[a-z0-9]+(?:-[a-z0-9]+)*$":
        return "slug (`lower-case-words`)"
    if pattern == r"^[a-z][a-z0-9_]*$":
        return "name (`lower_snake_case`)"
    if pattern and pattern.startswith("^https?"):
        return "URL (`https://...`)"
    return base

"""The visual language of architecture graphs: one shape and one colour class per component type."""

from __future__ import annotations

from dataclasses import dataclass

from fieldguide.load.schema import ComponentType


@dataclass(frozen=True)
class Look:
    """How a component type is drawn in Mermaid and explained in the legend."""

    name: str
    opener: str
    closer: str
    shape: str
    meaning: str

    @property
    def css_class(self) -> str:
        return "fg-" + self.name.replace("_", "-")


_LOOKS = [
    Look("client", '(["', '"])', "stadium", "An app, browser or device that sends requests."),
    Look(
        "service",
        '["',
        '"]',
        "rectangle",
        "A stateless online service: gateway, orchestrator, business logic.",
    ),
    Look(
        "model",
        '[["',
        '"]]',
        "framed rectangle",
        "A model being served or trained: retrieval tower, ranker, classifier, LLM.",
    ),
    Look(
        "feature_store",
        '[("',
        '")]',
        "cylinder (dashed)",
        "Features kept consistent between training (offline) and serving (online).",
    ),
    Look("data_store", '[("', '")]', "cylinder", "A database, data lake or warehouse table."),
    Look(
        "cache", '("', '")', "rounded rectangle", "A short-lived copy kept to save latency or cost."
    ),
    Look(
        "queue",
        '[/"',
        '"/]',
        "parallelogram leaning right",
        "A log or message queue that decouples producers from consumers.",
    ),
    Look(
        "stream_processor",
        '{{"',
        '"}}',
        "hexagon",
        "A job that computes over events as they arrive (seconds to minutes).",
    ),
    Look(
        "batch_job",
        '[/"',
        '"\\]',
        "trapezoid",
        "A scheduled job over a day or hour of data: ETL, training, backfill.",
    ),
    Look(
        "ann_index",
        '[\\"',
        '"\\]',
        "parallelogram leaning left",
        "An approximate-nearest-neighbor index over embeddings.",
    ),
    Look(
        "model_registry",
        '[\\"',
        '"/]',
        "inverted trapezoid",
        "Versioned model artifacts with their metadata and lineage.",
    ),
    Look(
        "external",
        '>"',
        '"]',
        "flag (dotted outline)",
        "A system outside the design: third-party API, human raters, another team.",
    ),
]

LOOKS: dict[ComponentType, Look] = {ComponentType(look.name): look for look in _LOOKS}

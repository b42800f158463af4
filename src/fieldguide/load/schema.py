"""The case-file schema: one pydantic model per section of ``cases/<slug>/case.yaml``.

This module is the single source of truth for what a case contains. The JSON Schema for editors
(``schema/case.schema.json``) and the case-file reference page are both generated from it.
Every model forbids unknown keys, so a typo is reported instead of being silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from fieldguide.numbers.units import UNITS

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
IDENTIFIER_PATTERN = r"^[a-z][a-z0-9_]*$"
# What each pattern means, for problem reports (a raw regular expression helps nobody).
PATTERN_HINTS = {
    SLUG_PATTERN: "lower-case words joined by single hyphens, such as 'feature-store'",
    IDENTIFIER_PATTERN: "a lower-case name with underscores, such as 'peak_qps'",
}
# Diagram text (labels, titles, descriptions) is never cut: the drawing and the schema share this.
DIAGRAM_TEXT_MAX = 400  # as long as any other one-line text: nothing is ever cut

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=400)]
DiagramText = Annotated[str, StringConstraints(min_length=1, max_length=DIAGRAM_TEXT_MAX)]
# A graph's title and description become Mermaid's accTitle/accDescr, which screen readers read
# as written; Mermaid takes them raw, so only characters it passes through unchanged are allowed.
ACCESSIBLE_UNSAFE = re.compile(r"[^\w .,()'/;:|+=%!?\u2013\u2014-]")


def _refusing(unsafe: re.Pattern[str], why: str) -> Callable[[str], str]:
    """A validator that refuses text holding any character ``unsafe`` matches; ``why`` names
    them through ``{shown}``."""

    def check(text: str) -> str:
        bad = sorted(set(unsafe.findall(text)))
        if bad:
            raise ValueError(why.format(shown=" ".join(repr(c) for c in bad)))
        return text

    return check


AccessibleText = Annotated[
    DiagramText,
    AfterValidator(
        _refusing(
            ACCESSIBLE_UNSAFE,
            "a diagram title or description is read aloud as written and cannot contain {shown};"
            " write it in words (for example 'under 200 ms' instead of '< 200 ms')",
        )
    ),
]
# A case title becomes the page title, which Material prints raw in some places (so the page's
# front matter escapes it) and escapes again in others (the footer links' aria-label): a character
# HTML escapes would reach screen readers as an entity ("company&#39;s").
TITLE_UNSAFE = re.compile(r"[&<>\"']")


Title = Annotated[
    Line,
    AfterValidator(
        _refusing(
            TITLE_UNSAFE,
            "a case title cannot contain {shown}: the theme would read it to screen readers as an"
            " HTML entity; reword it (for example 'the apps of a company', 'and' for '&')",
        )
    ),
]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN, max_length=60)]
# `example-id.name`: one value of a worked example, as `from:` and `threshold_from:` name it;
# `case:slug.name`: an input another case states (a case's `from:` only)
CASE_REFERENCE = "case:"
REFERENCE = r"^(?:case:)?[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z_][a-z0-9_]*$"


def _known_unit(value: str) -> str:
    if value not in UNITS:
        raise ValueError(f"expected one of the units {', '.join(UNITS)}; found {value!r}")
    return value


UnitName = Annotated[
    str, AfterValidator(_known_unit), Field(json_schema_extra={"enum": list(UNITS)})
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"]+$", max_length=500)]


class Strict(BaseModel):
    """Base for every section: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


# --- metadata ----------------------------------------------------------------------------------


class Difficulty(StrEnum):
    """How hard the prompt is for a first attempt."""

    foundation = "foundation"
    intermediate = "intermediate"
    advanced = "advanced"


class CaseSection(StrEnum):
    """The group a case is listed under in the navigation and on the cases index."""

    recommendation = "recommendation"
    search = "search"
    marketplaces = "marketplaces"
    trust_and_safety = "trust-and-safety"
    generative_ai = "generative-ai"


# The heading of each group, in the order the navigation and the cases index show them.
SECTION_TITLES: dict[CaseSection, str] = {
    CaseSection.recommendation: "Recommendation and feeds",
    CaseSection.search: "Search and retrieval",
    CaseSection.marketplaces: "Ads, marketplaces and forecasting",
    CaseSection.trust_and_safety: "Trust, safety and privacy",
    CaseSection.generative_ai: "Generative AI",
}


class Tags(Strict):
    """Tags shown on the page and collected on the tag pages."""

    domains: list[Slug] = Field(
        min_length=1, description="Product areas, e.g. `recommendation`, `video`."
    )
    techniques: list[Slug] = Field(
        min_length=1, description="Methods used, e.g. `two-tower`, `ann`."
    )


class Reference(Strict):
    """A public source the case relies on. Check that it exists before citing it."""

    title: Line = Field(description="Exact title of the paper, post or documentation page.")
    authors: list[Line] = Field(
        min_length=1, description="Authors, or the organization that published it."
    )
    year: int = Field(ge=1950, le=2100, description="Year of publication.")
    venue: Line | None = Field(
        default=None, description="Conference, journal or site, e.g. `RecSys 2016`."
    )
    url: Url = Field(description="Stable public address (DOI, arXiv or first-party page).")
    why: Line = Field(description="What the reader learns from it for this case.")


# --- step 1: clarify ---------------------------------------------------------------------------


class Question(Strict):
    """A clarifying question and the assumption the design proceeds with."""

    question: Line = Field(description="What the candidate asks.")
    assumption: Line = Field(description="The answer we assume and design for.")


class ScaleInput(Strict):
    """A stated number an estimate can use, or one quoted from a worked example."""

    # editors flag an input with neither `value` nor `from`, or both, as the loader does
    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["value"]}, {"required": ["from"]}]}
    )

    name: Identifier = Field(description="Name used in formulas, e.g. `dau`.")
    value: float | None = Field(
        default=None,
        ge=-1e30,
        le=1e30,
        description="The number (YAML `100_000_000` is allowed). Give this or `from`.",
    )
    from_: str | None = Field(
        default=None,
        alias="from",
        pattern=REFERENCE,
        max_length=120,
        description=(
            "Instead of `value`: a value of a worked example (a primer's, a chapter's or a "
            "case's), as `example-id.name`, or in a case's scale an input another case states "
            "with a value, as `case:slug.name`; in the same unit. A number several pages share "
            "(a GPU's memory, a price) is then stated once and cannot drift apart."
        ),
    )
    unit: UnitName = Field(description="One of the units listed on this page.")
    label: Line = Field(description="What the number means, for the reader.")

    @model_validator(mode="after")
    def _value_or_reference(self) -> ScaleInput:
        if (self.value is None) == (self.from_ is None):
            raise ValueError("expected value or from (a worked example's value), exactly one")
        return self


class Estimate(Strict):
    """A named number computed at build time from inputs and earlier estimates."""

    name: Identifier = Field(description="Name, usable in later formulas.")
    label: Line = Field(description="What is being estimated.")
    formula: Line = Field(
        description="Arithmetic over declared names: + - * / // % ** and the functions "
        "min, max, ceil, floor, round, log, exp, log2, log10, sqrt, abs."
    )
    unit: UnitName = Field(description="Unit of the result (see the unit list).")
    note: Line | None = Field(default=None, description="How to read the number or why it matters.")


class Scale(Strict):
    """Scale assumptions and the estimates computed from them."""

    inputs: list[ScaleInput] = Field(min_length=1, description="Stated numbers.")
    estimates: list[Estimate] = Field(
        min_length=1,
        description="Computed numbers, in order; each may use inputs and earlier estimates.",
    )


class Clarify(Strict):
    """Step 1: clarify requirements and scope."""

    questions: list[Question] = Field(
        min_length=1, description="Clarifying questions with assumptions."
    )
    functional: list[Line] = Field(min_length=1, description="What the system must do.")
    non_functional: list[Line] = Field(
        min_length=1, description="Latency, availability, freshness, cost, privacy..."
    )
    scale: Scale
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- step 2: frame -----------------------------------------------------------------------------


class Alternative(Strict):
    """A framing that was considered and rejected."""

    framing: Line = Field(description="The alternative framing.")
    why_not: Line = Field(description="Why it loses here, and when it would win.")


class Frame(Strict):
    """Step 2: frame the product goal as an ML problem."""

    business_objective: Line = Field(description="What the business wants to move.")
    ml_objective: Line = Field(description="What the model optimizes, as a proxy for it.")
    inputs: list[Line] = Field(min_length=1, description="What the model receives.")
    outputs: list[Line] = Field(min_length=1, description="What the model returns.")
    task_type: Line = Field(
        description="e.g. multi-task pointwise ranking, retrieval, classification."
    )
    alternatives: list[Alternative] = Field(
        min_length=1, description="Other framings and why they lose."
    )
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- step 3: data ------------------------------------------------------------------------------


class Entity(StrEnum):
    """What a feature describes."""

    user = "user"
    item = "item"
    context = "context"
    interaction = "interaction"
    query = "query"


class Source(Strict):
    """A data source."""

    name: Line
    description: Line


class Label(Strict):
    """A training label: where it comes from and how it is wrong."""

    name: Line = Field(description="Name of the label, e.g. `watched ≥ 50%`.")
    how: Line = Field(description="How it is obtained.")
    delay: Line = Field(description="How long until it is known.")
    noise: Line = Field(description="How it is biased or noisy, and what we do about it.")


class Feature(Strict):
    """One row of the feature table."""

    entity: Entity = Field(strict=False)
    name: Line
    type: Line = Field(description="e.g. categorical, numeric, embedding (64-d), sequence.")
    transform: Line = Field(
        description="How it is encoded: hashing, bucketing, log, normalization..."
    )


class Data(Strict):
    """Step 3: data sources, labels and features."""

    sources: list[Source] = Field(min_length=1)
    labels: list[Label] = Field(min_length=1)
    features: list[Feature] = Field(min_length=1)
    sampling: Text = Field(description="How training examples and negatives are sampled.")
    imbalance: Text = Field(description="Class imbalance and how it is handled.")
    leakage: Text = Field(description="Where future information could leak in, and the guard.")
    privacy: Text = Field(description="Personal data, consent, retention, regulation.")
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- step 4: model -----------------------------------------------------------------------------


class ModelOption(Strict):
    """A model in the progression from baseline to the strongest option."""

    name: Line
    description: Line
    gains: Line = Field(description="What it adds over the previous option.")
    costs: Line = Field(description="What it costs: latency, data, complexity, interpretability.")


class Training(Strict):
    """How the model is trained."""

    data_volume: Line = Field(description="Examples per day and in the training window.")
    distributed: Line = Field(description="Distributed strategy, or why one machine is enough.")
    retraining: Line = Field(description="Cadence: full retrains, incremental updates.")


class Model(Strict):
    """Step 4: model development."""

    baseline: ModelOption
    progression: list[ModelOption] = Field(min_length=1, description="Stronger models, in order.")
    loss: Text = Field(description="Loss function(s) and why.")
    training: Training
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- step 5: evaluation ------------------------------------------------------------------------


class Metric(Strict):
    """A metric and the reason it is used."""

    metric: Line
    why: Line


class Evaluation(Strict):
    """Step 5: offline and online evaluation."""

    offline: list[Metric] = Field(min_length=1)
    online: list[Metric] = Field(min_length=1)
    guardrails: list[Metric] = Field(min_length=1, description="Metrics that must not get worse.")
    experiment: Text = Field(description="A/B design: unit, split, duration, decision rule.")
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- step 6: serving ---------------------------------------------------------------------------


class ComponentType(StrEnum):
    """Kinds of box in an architecture graph; each has one shape and colour (see the legend)."""

    client = "client"
    service = "service"
    model = "model"
    feature_store = "feature_store"
    data_store = "data_store"
    cache = "cache"
    queue = "queue"
    stream_processor = "stream_processor"
    batch_job = "batch_job"
    ann_index = "ann_index"
    model_registry = "model_registry"
    external = "external"


class Component(Strict):
    """A box in a graph."""

    id: Slug = Field(description="Used by edges; unique within the graph.")
    label: DiagramText = Field(description="Text shown in the box.")
    type: ComponentType = Field(strict=False)


class Edge(Strict):
    """An arrow between two declared components."""

    source: Slug = Field(alias="from", description="Id of the component the arrow leaves.")
    target: Slug = Field(alias="to", description="Id of the component the arrow reaches.")
    label: DiagramText | None = Field(default=None, description="What flows along the arrow.")


class Graph(Strict):
    """An architecture graph, drawn as a Mermaid flowchart."""

    id: Slug = Field(description="Unique within the case.")
    title: AccessibleText
    description: AccessibleText = Field(
        description="One sentence for screen readers and the text equivalent."
    )
    direction: str = Field(
        default="LR",
        pattern=r"^(LR|TB)$",
        description="`LR` (left to right, the default) or `TB` (top to bottom).",
    )
    components: list[Component] = Field(
        min_length=2,
        description="At least two; ids unique within the graph, each one used by an edge.",
    )
    edges: list[Edge] = Field(min_length=1, description="Each joins two declared components.")


class LatencyPart(Strict):
    """One stage of the request path and its share of the budget."""

    stage: Line
    ms: float = Field(gt=0, le=1e6)


class Latency(Strict):
    """A latency budget whose parts must fit in the SLA."""

    sla_ms: float = Field(gt=0, le=1e6, description="End-to-end target in milliseconds.")
    percentile: str = Field(
        default="p99",
        pattern=r"^p[0-9]{2}(\.[0-9]+)?$",
        description="Percentile the SLA applies to, such as `p99` (the default) or `p99.9`.",
    )
    parts: list[LatencyPart] = Field(min_length=1)


class Serving(Strict):
    """Step 6: deployment and serving."""

    graphs: list[Graph] = Field(
        min_length=2, description="At least the serving path and the training/data pipeline."
    )
    latency: Latency
    rollout: Text = Field(description="How a new model is shipped and rolled back.")
    fallbacks: list[Line] = Field(
        min_length=1, description="What happens when a component is down."
    )
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- step 7: monitoring ------------------------------------------------------------------------


class Alert(Strict):
    """An alert: what is watched, when it fires, what happens then."""

    signal: Line
    condition: Line
    action: Line


class Monitoring(Strict):
    """Step 7: monitoring and the feedback loop."""

    data: list[Line] = Field(min_length=1, description="Data-quality and drift signals.")
    model: list[Line] = Field(min_length=1, description="Model-quality signals.")
    system: list[Line] = Field(min_length=1, description="Latency, errors, saturation.")
    business: list[Line] = Field(min_length=1, description="Product KPIs.")
    alerts: list[Alert] = Field(min_length=1)
    retraining_triggers: list[Line] = Field(min_length=1)
    feedback_loops: list[Line] = Field(min_length=1)
    checklist: list[Line] = Field(
        default_factory=list, description="Case-specific checklist items for this step."
    )


# --- the interview ---------------------------------------------------------------------------


class FollowUp(Strict):
    """A follow-up question and a model answer (shown after the reader has tried)."""

    question: Line
    answer: Text


class Levels(Strict):
    """What each level is expected to say on this prompt."""

    mid: list[Line] = Field(min_length=1)
    senior: list[Line] = Field(min_length=1)
    staff: list[Line] = Field(min_length=1)


class Pitfall(Strict):
    """A common mistake on this prompt and the better move."""

    mistake: Line
    better: Line


class PacingSlot(Strict):
    """A slice of the interview clock."""

    minutes: int = Field(ge=1, le=60)
    focus: Line


class Interview(Strict):
    """The interview around the design."""

    duration_minutes: int = Field(
        default=45,
        ge=20,
        le=90,
        description="Length of the session the pacing plan fills, 20 to 90; default 45.",
    )
    follow_ups: list[FollowUp] = Field(min_length=1)
    levels: Levels
    pitfalls: list[Pitfall] = Field(min_length=1)
    pacing: list[PacingSlot] = Field(
        min_length=1, description="Minutes must add up to `duration_minutes`."
    )


# --- the case --------------------------------------------------------------------------------


class Case(Strict):
    """A case study: `cases/<slug>/case.yaml`. Long-form prose lives in `cases/<slug>/notes/`."""

    slug: Slug = Field(
        description="Unique id, equal to the case's folder name; the page is `cases/<slug>/`."
    )
    draft: bool = Field(
        default=False,
        description="Work in progress: shown by `make serve` with a draft banner, left out of the "
        "deployed site, and exempt from the bar (TODO markers, depth).",
    )
    title: Title = Field(
        description="The page title: plain words, without & < > or quotes (the theme would escape "
        "them twice for screen readers)."
    )
    summary: Line = Field(description="One line shown in the index and at the top of the page.")
    section: CaseSection = Field(
        strict=False,
        description="The group the case is listed under in the navigation and on the cases "
        "index: "
        + "; ".join(f"`{value.value}` ({title})" for value, title in SECTION_TITLES.items())
        + ".",
    )
    prompts: list[Line] = Field(min_length=1, description="Interview prompts this case answers.")
    difficulty: Difficulty = Field(strict=False)
    tags: Tags
    related: list[Slug] = Field(
        default_factory=list, description="Slugs of related cases (must exist)."
    )
    references: list[Reference] = Field(
        default_factory=list,
        description="Sources the case relies on, each checked to exist; the bar asks for four.",
    )
    clarify: Clarify
    frame: Frame
    data: Data
    model: Model
    evaluation: Evaluation
    serving: Serving
    monitoring: Monitoring
    interview: Interview

"""Worked examples for the chapters: stated inputs in ``data/examples/*.yaml``, results computed.

An example is one of: ``estimates`` (capacity arithmetic, the same format as a case's scale),
``classification`` or ``ranking`` metrics on a small sample, or ``lists`` (diversity and
coverage). Pages place one with ``<!-- fieldguide:example id=... -->`` and quote a computed value
with ``{{ ex:ID.NAME }}``; no number in a chapter has to be typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from . import metrics as m
from .problems import Problem, ProblemsFound, field_path
from .scale import Computed, compute
from .schema import Identifier, Line, Scale, Slug, Strict
from .units import format_value
from .validation import problems_from_validation_error
from .yamlsource import LoadedYaml, load_yaml_file

EXAMPLES_DIR = "data/examples"
CASES_DIR = "cases"
CASE_EXAMPLES = "examples.yaml"


class ClassificationMetric(StrEnum):
    precision = "precision"
    recall = "recall"
    f1 = "f1"
    accuracy = "accuracy"
    roc_auc = "roc_auc"
    pr_auc = "pr_auc"
    log_loss = "log_loss"
    normalized_entropy = "normalized_entropy"
    ece = "ece"


class RankingMetric(StrEnum):
    precision_at_k = "precision_at_k"
    recall_at_k = "recall_at_k"
    map_at_k = "map_at_k"
    mrr = "mrr"
    ndcg_at_k = "ndcg_at_k"


class ListMetric(StrEnum):
    coverage = "coverage"
    intra_list_diversity = "intra_list_diversity"


class Classification(Strict):
    """Binary labels and predicted probabilities for a handful of items."""

    labels: list[Literal[0, 1]] = Field(min_length=2, max_length=60)
    scores: list[float] = Field(min_length=2, max_length=60)
    threshold: float = Field(default=0.5, ge=0, le=1)
    bins: int = Field(default=10, ge=2, le=20)
    background_rate: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description=(
            "Positive rate of the training data, the denominator of normalized entropy "
            "(He et al., 2014); without it, the positive rate of these labels is used."
        ),
    )
    metrics: list[Annotated[ClassificationMetric, Field(strict=False)]] = Field(min_length=1)
    chart: Literal["pr_curve", "roc_curve", "calibration"] | None = None

    @model_validator(mode="after")
    def _aligned(self) -> Classification:
        if len(self.labels) != len(self.scores):
            raise ValueError(
                f"expected as many scores as labels ({len(self.labels)}); found {len(self.scores)}"
            )
        if any(not 0 <= s <= 1 for s in self.scores):
            raise ValueError("expected every score between 0 and 1")
        if len(set(self.labels)) < 2:
            raise ValueError("expected both classes (0 and 1) among the labels")
        return self


class Query(Strict):
    """One ranked result list and the relevance judgments of its query."""

    relevance: list[Annotated[int, Field(ge=0)]] = Field(
        min_length=1,
        max_length=50,
        description="Graded relevance of each returned result, top first (0 = not relevant).",
    )
    judged: list[Annotated[int, Field(ge=1)]] = Field(
        max_length=200,
        description=(
            "Grade of every item judged relevant for the query, returned or not, in any order. "
            "Its length is R (recall@k, AP@k); its best-first order is the ideal list of nDCG@k."
        ),
    )

    @property
    def total_relevant(self) -> int:
        """R: the items judged relevant for the query."""
        return len(self.judged)

    @model_validator(mode="after")
    def _returned_are_judged(self) -> Query:
        missing = Counter(r for r in self.relevance if r > 0) - Counter(self.judged)
        if missing:
            raise ValueError(
                "expected every relevant result among the judged grades; "
                f"not judged: {', '.join(map(str, sorted(missing.elements(), reverse=True)))}"
            )
        return self


class Ranking(Strict):
    k: int = Field(ge=1, le=50)
    queries: list[Query] = Field(min_length=1, max_length=10)
    metrics: list[Annotated[RankingMetric, Field(strict=False)]] = Field(min_length=1)


class Lists(Strict):
    catalog_size: int = Field(ge=1)
    recommendations: list[list[str]] = Field(min_length=1, max_length=20)
    categories: dict[str, str] = Field(default_factory=dict)
    metrics: list[Annotated[ListMetric, Field(strict=False)]] = Field(min_length=1)


class BarChart(Strict):
    type: Literal["bars"]
    names: list[Identifier] = Field(min_length=1, max_length=20)
    y_label: Line
    scale: Literal["linear", "log10"] = "linear"


class Example(Strict):
    """A worked example; exactly one of estimates, classification, ranking or lists."""

    id: Slug
    title: Line
    estimates: Scale | None = None
    classification: Classification | None = None
    ranking: Ranking | None = None
    lists: Lists | None = None
    chart: BarChart | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Example:
        kinds = [k for k in ("estimates", "classification", "ranking", "lists") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError(
                "expected exactly one of estimates, classification, ranking, lists; "
                f"found {', '.join(kinds) or 'none'}"
            )
        if self.chart is not None and self.estimates is None:
            raise ValueError("a bars chart draws estimates; put it on an estimates example")
        return self


class ExampleFile(Strict):
    examples: list[Example] = Field(min_length=1)


@dataclass(frozen=True)
class Value:
    """A computed (or stated) number and its human text."""

    value: float
    shown: str


@dataclass
class WorkedExample:
    """An example with everything computed."""

    example: Example
    source: str
    values: dict[str, Value] = field(default_factory=dict)
    computed: list[Computed] = field(default_factory=list)
    confusion: m.Confusion | None = None
    curve: list[tuple[float, float, float]] = field(default_factory=list)  # threshold, x, y
    bins: list[m.CalibrationBin] = field(default_factory=list)
    per_query: list[dict[str, float]] = field(default_factory=list)


CLASSIFICATION: dict[ClassificationMetric, tuple[str, str]] = {
    ClassificationMetric.precision: ("Precision", "TP / (TP + FP)"),
    ClassificationMetric.recall: ("Recall", "TP / (TP + FN)"),
    ClassificationMetric.f1: ("F1", "2 TP / (2 TP + FP + FN)"),
    ClassificationMetric.accuracy: ("Accuracy", "(TP + TN) / all"),
    ClassificationMetric.roc_auc: (
        "ROC-AUC",
        "share of (positive, negative) pairs ordered correctly",
    ),
    ClassificationMetric.pr_auc: (
        "PR-AUC (average precision)",
        "sum over thresholds of Δrecall × precision",
    ),
    ClassificationMetric.log_loss: ("Log loss", "−mean(y log p + (1 − y) log(1 − p))"),
    ClassificationMetric.normalized_entropy: (
        "Normalized entropy",
        "log loss ÷ entropy of the background rate p, −(p ln p + (1 − p) ln(1 − p)); "
        "p is the training positive rate when stated, else the rate of these labels",
    ),
    ClassificationMetric.ece: ("ECE", "Σ bins (n_bin / n) × |positive rate − mean score|"),
}
RANKING: dict[RankingMetric, tuple[str, str]] = {
    RankingMetric.precision_at_k: ("Precision@k", "relevant in top k ÷ k"),
    RankingMetric.recall_at_k: ("Recall@k", "relevant in top k ÷ all relevant"),
    RankingMetric.map_at_k: (
        "MAP@k",
        "mean over queries of AP@k = (sum of precision@i over the ranks i ≤ k that hold a "
        "relevant result) ÷ min(k, R), R = relevant items for the query",
    ),
    RankingMetric.mrr: (
        "MRR@k",
        "mean over queries of 1 ÷ rank of the first relevant result in the top k (0 if none)",
    ),
    RankingMetric.ndcg_at_k: (
        "nDCG@k",
        "DCG@k ÷ ideal DCG@k; gains 2^rel − 1, discount log2(rank + 1); the ideal list is the "
        "top k of all judged relevant items, best first",
    ),
}
LISTS: dict[ListMetric, tuple[str, str]] = {
    ListMetric.coverage: ("Catalog coverage", "distinct items recommended ÷ catalog size"),
    ListMetric.intra_list_diversity: (
        "Intra-list diversity",
        "mean share of item pairs per list with different categories",
    ),
}


def compute_example(example: Example, source: str) -> WorkedExample:
    """Compute every result of an example (raises ValueError with a reason on bad input)."""
    worked = WorkedExample(example, source)
    if example.estimates is not None:
        computed, errors = compute(example.estimates)
        if errors:
            raise ValueError("; ".join(f"{field_path(e.loc)}: {e.message}" for e in errors))
        worked.computed = computed
        for item in example.estimates.inputs:
            worked.values[item.name] = Value(item.value, format_value(item.value, item.unit))
        for c in computed:
            worked.values[c.name] = Value(c.value, c.shown)
        if example.chart is not None:
            missing = [n for n in example.chart.names if n not in worked.values]
            if missing:
                raise ValueError(f"chart names unknown values: {', '.join(missing)}")
    elif example.classification is not None:
        _classification(worked, example.classification)
    elif example.ranking is not None:
        _ranking(worked, example.ranking)
    elif example.lists is not None:
        _lists(worked, example.lists)
    return worked


def _classification(worked: WorkedExample, c: Classification) -> None:
    labels, scores = list(c.labels), c.scores
    conf = m.confusion(labels, scores, c.threshold)
    worked.confusion = conf
    functions: dict[ClassificationMetric, Callable[[], float]] = {
        ClassificationMetric.precision: lambda: m.precision(conf),
        ClassificationMetric.recall: lambda: m.recall(conf),
        ClassificationMetric.f1: lambda: m.f1(conf),
        ClassificationMetric.accuracy: lambda: m.accuracy(conf),
        ClassificationMetric.roc_auc: lambda: m.roc_auc(labels, scores),
        ClassificationMetric.pr_auc: lambda: m.pr_auc(labels, scores),
        ClassificationMetric.log_loss: lambda: m.log_loss(labels, scores),
        ClassificationMetric.normalized_entropy: lambda: m.normalized_entropy(
            labels, scores, c.background_rate
        ),
        ClassificationMetric.ece: lambda: m.ece(labels, scores, c.bins),
    }
    for metric in c.metrics:
        value = functions[metric]()
        worked.values[metric.value] = Value(value, f"{value:.3f}")
    for name, count in (("tp", conf.tp), ("fp", conf.fp), ("tn", conf.tn), ("fn", conf.fn)):
        worked.values[name] = Value(count, str(count))
    worked.values["threshold"] = Value(c.threshold, f"{c.threshold:g}")
    if c.chart in ("pr_curve", "roc_curve"):
        for threshold, point in m.curve_points(labels, scores):
            if c.chart == "pr_curve":
                worked.curve.append((threshold, m.recall(point), m.precision(point)))
            else:
                fpr = point.fp / (point.fp + point.tn)
                worked.curve.append((threshold, fpr, m.recall(point)))
    worked.bins = m.calibration_bins(labels, scores, c.bins)


def _ranking(worked: WorkedExample, r: Ranking) -> None:
    functions: dict[RankingMetric, Callable[[Query], float]] = {
        RankingMetric.precision_at_k: lambda q: m.precision_at_k(q.relevance, r.k),
        RankingMetric.recall_at_k: lambda q: m.recall_at_k(q.relevance, r.k, q.total_relevant),
        RankingMetric.map_at_k: lambda q: m.average_precision_at_k(
            q.relevance, r.k, q.total_relevant
        ),
        RankingMetric.mrr: lambda q: m.reciprocal_rank(q.relevance, r.k),
        RankingMetric.ndcg_at_k: lambda q: m.ndcg_at_k(q.relevance, r.k, q.judged),
    }
    for q in r.queries:
        worked.per_query.append({metric.value: functions[metric](q) for metric in r.metrics})
    for metric in r.metrics:
        value = sum(row[metric.value] for row in worked.per_query) / len(worked.per_query)
        worked.values[metric.value] = Value(value, f"{value:.3f}")
    worked.values["k"] = Value(r.k, str(r.k))


def _lists(worked: WorkedExample, lists: Lists) -> None:
    items = {item for rec in lists.recommendations for item in rec}
    if len(items) > lists.catalog_size:
        raise ValueError(f"{len(items)} distinct items exceed catalog_size {lists.catalog_size}")
    for metric in lists.metrics:
        if metric is ListMetric.coverage:
            value = m.coverage(lists.recommendations, lists.catalog_size)
        else:
            missing = sorted(items - set(lists.categories))
            if missing:
                raise ValueError(f"categories missing for: {', '.join(missing)}")
            value = m.intra_list_diversity(lists.recommendations, lists.categories)
        worked.values[metric.value] = Value(value, f"{value:.3f}")


def example_files(root: Path) -> list[tuple[Path, str]]:
    """(path, display name) of every example file: ``data/examples/*.yaml`` for the chapters and
    ``cases/<slug>/examples.yaml`` for the worked examples a case places in its notes."""
    folder = root / EXAMPLES_DIR
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    files += sorted((root / CASES_DIR).glob(f"*/{CASE_EXAMPLES}"))
    return [(path, path.relative_to(root).as_posix()) for path in files]


def load_examples(root: Path) -> dict[str, WorkedExample]:
    """Load and compute every example file; raise all problems together."""
    problems: list[Problem] = []
    found: dict[str, WorkedExample] = {}
    for path, display in example_files(root):
        try:
            loaded = load_yaml_file(path, display)
        except ProblemsFound as exc:
            problems.extend(exc.problems)
            continue
        data = loaded.data
        if (
            not isinstance(data, dict)
            or set(data) != {"examples"}
            or not isinstance(data["examples"], list)
        ):
            problems.append(
                Problem(display, 1, "", "expected a mapping with one key, examples: a list")
            )
            continue
        for i, item in enumerate(data["examples"]):  # one bad example does not hide the others
            try:
                example = Example.model_validate(item)
            except ValidationError as exc:
                for problem in problems_from_validation_error(
                    exc, _Shifted(loaded, i), display, Example
                ):
                    inner = f".{problem.field}" if problem.field else ""
                    problems.append(
                        Problem(display, problem.line, f"examples[{i}]{inner}", problem.message)
                    )
                continue
            problems.extend(_add(found, example, i, loaded, display))
    if problems:
        raise ProblemsFound(problems)
    return found


class _Shifted(LoadedYaml):
    """Line lookup for one example validated on its own: its locations start at examples[i]."""

    def __init__(self, loaded: LoadedYaml, index: int) -> None:
        super().__init__(data=loaded.data, lines=loaded.lines)
        self.index = index

    def line_for(self, loc: tuple[str | int, ...]) -> int:
        return super().line_for(("examples", self.index, *loc))


def _add(
    found: dict[str, WorkedExample], example: Example, i: int, loaded: LoadedYaml, display: str
) -> list[Problem]:
    loc = ("examples", i)
    if example.id in found:
        other = found[example.id].source
        return [
            Problem(
                display,
                loaded.line_for((*loc, "id")),
                field_path((*loc, "id")),
                f"duplicate example id {example.id!r}; already used in {other}",
            )
        ]
    if example.estimates is not None:
        _, errors = compute(example.estimates)
        if errors:
            return [
                Problem(
                    display,
                    loaded.line_for((*loc, "estimates", *e.loc)),
                    field_path((*loc, "estimates", *e.loc)),
                    e.message,
                )
                for e in errors
            ]
    try:
        found[example.id] = compute_example(example, display)
    except (ValueError, ZeroDivisionError) as exc:
        return [Problem(display, loaded.line_for(loc), field_path(loc), str(exc))]
    return []

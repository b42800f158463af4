"""Worked examples for the chapters: stated inputs in ``data/examples/*.yaml``, results computed.

An example is one of: ``estimates`` (capacity arithmetic, the same format as a case's scale),
``classification`` or ``ranking`` metrics on a small sample, ``lists`` (diversity and
coverage), or ``detection`` (object-detection boxes scored against ground-truth boxes: IoU,
precision and recall at a score threshold, average precision at an IoU threshold). Pages place
one with ``<!-- fieldguide:example id=... -->`` and quote a computed value with
``{{ ex:ID.NAME }}``; no number in a chapter has to be typed. An example may also use another
example's value: an ``estimates`` input given as ``from: ID.NAME`` instead of ``value:`` (the
counts of a classification example, say), and a classification's ``threshold_from: ID.NAME``
(a threshold an estimates example derives). Examples are computed in the order their references
need, in any file; a cycle of references is reported.

A ``detection`` example lists images, each with its ground-truth boxes and scored predictions;
a box is ``[x1, y1, x2, y2]`` with x2 > x1 and y2 > y1::

    - id: detection-faces
      title: Two photos scored by a face detector
      detection:
        iou_threshold: 0.5        # default 0.5; a prediction needs IoU >= this to match
        score_threshold: 0.5      # default 0.5; precision, recall and iou keep scores >= this
        images:
          - ground_truth: [[10, 10, 50, 50], [60, 60, 90, 100]]
            predictions:
              - {box: [12, 11, 49, 52], score: 0.92}
              - {box: [100, 100, 120, 130], score: 0.40}
        metrics: [iou, precision, recall, average_precision]
        chart: pr_curve           # optional

It exposes the chosen metrics, ``tp``, ``fp``, ``fn`` (at the score threshold),
``iou_threshold``, ``score_threshold``, ``ground_truth`` and ``predictions`` (box counts) and
``best_iou_N``, the best IoU of the prediction ranked N by score (as numbered in its table).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationError, model_validator

from fieldguide.load.problems import Problem, ProblemsFound, field_path
from fieldguide.load.schema import (
    CASE_REFERENCE,
    REFERENCE,
    Estimate,
    Identifier,
    Line,
    Scale,
    ScaleInput,
    Slug,
    Strict,
)
from fieldguide.load.validation import problems_from_validation_error
from fieldguide.load.yamlsource import LoadedYaml, load_yaml_file
from fieldguide.numbers import metrics as m
from fieldguide.numbers.scale import Computed, compute
from fieldguide.numbers.units import format_value

# `{{ ex:ID.NAME }}` quotes one computed value of worked example ID, in chapters and case notes.
INLINE_NUMBER = re.compile(r"\{\{\s*ex:(?P<id>[a-z0-9-]+)\.(?P<name>[a-z][a-z0-9_]*)\s*\}\}")
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


class DetectionMetric(StrEnum):
    iou = "iou"
    precision = "precision"
    recall = "recall"
    average_precision = "average_precision"


class Classification(Strict):
    """Binary labels and predicted probabilities for a handful of items."""

    labels: list[Literal[0, 1]] = Field(min_length=2, max_length=60)
    scores: list[float] = Field(min_length=2, max_length=60)
    threshold: float = Field(default=0.5, ge=0, le=1)
    threshold_from: str | None = Field(
        default=None,
        pattern=REFERENCE,
        max_length=120,
        description=(
            "A threshold derived elsewhere, as `example-id.name`: a value of an estimates "
            "example (a cost-derived decision threshold, say). It replaces `threshold`, so a "
            "derived number is computed, never typed."
        ),
    )
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
        if self.threshold_from is not None and "threshold" in self.model_fields_set:
            raise ValueError("expected threshold or threshold_from, not both")
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
    relevant_grade: int = Field(
        default=1,
        ge=1,
        description=(
            "Lowest grade that counts as relevant for precision@k, recall@k, MAP@k and MRR "
            "(e.g. 2 when grade 1 means 'marginal'); nDCG@k uses the grades themselves."
        ),
    )
    metrics: list[Annotated[RankingMetric, Field(strict=False)]] = Field(min_length=1)


class RegressionMetric(StrEnum):
    mae = "mae"
    rmse = "rmse"
    mape = "mape"
    wape = "wape"
    bias = "bias"
    pinball = "pinball"
    coverage = "coverage"


class Regression(Strict):
    """Actual outcomes and predictions (times, demand...), with optional quantile predictions."""

    actual: list[float] = Field(min_length=2, max_length=40)
    predicted: list[float] = Field(min_length=2, max_length=40)
    lower: list[float] | None = Field(
        default=None, description="Lower quantile predictions (for pinball loss and coverage)."
    )
    upper: list[float] | None = Field(default=None, description="Upper quantile predictions.")
    lower_quantile: float = Field(default=0.1, gt=0, lt=1)
    upper_quantile: float = Field(default=0.9, gt=0, lt=1)
    unit: Line | None = Field(default=None, description="Unit of the values, e.g. `minutes`.")
    metrics: list[Annotated[RegressionMetric, Field(strict=False)]] = Field(min_length=1)

    @model_validator(mode="after")
    def _aligned(self) -> Regression:
        n = len(self.actual)
        for name in ("predicted", "lower", "upper"):
            values = getattr(self, name)
            if values is not None and len(values) != n:
                raise ValueError(f"expected {n} {name} values, one per actual; found {len(values)}")
        needs_interval = {RegressionMetric.pinball, RegressionMetric.coverage} & set(self.metrics)
        if needs_interval and (self.lower is None or self.upper is None):
            raise ValueError("pinball and coverage need lower and upper quantile predictions")
        if self.lower_quantile >= self.upper_quantile:
            raise ValueError("expected lower_quantile below upper_quantile")
        if self.lower is not None and self.upper is not None:
            bad = [
                i + 1
                for i, (lo, hi) in enumerate(zip(self.lower, self.upper, strict=True))
                if lo > hi
            ]
            if bad:
                raise ValueError(f"expected lower <= upper; rows {bad} are reversed")
        return self


class Lists(Strict):
    catalog_size: int = Field(ge=1)
    recommendations: list[list[str]] = Field(min_length=1, max_length=20)
    categories: dict[str, str] = Field(default_factory=dict)
    metrics: list[Annotated[ListMetric, Field(strict=False)]] = Field(min_length=1)


def _valid_box(box: list[float]) -> list[float]:
    if len(box) != 4:
        raise ValueError(f"expected a box of 4 numbers [x1, y1, x2, y2]; found {len(box)} numbers")
    x1, y1, x2, y2 = box
    if not (x2 > x1 and y2 > y1):
        raise ValueError(
            f"expected a box [x1, y1, x2, y2] with x2 > x1 and y2 > y1; found {_box_text(box)}"
        )
    return box


def _box_text(box: m.Box) -> str:
    return "[" + ", ".join(f"{v:g}" for v in box) + "]"


BoxCoordinates = Annotated[
    list[Annotated[float, Field(ge=0, le=100_000)]],
    AfterValidator(_valid_box),
    Field(description="[x1, y1, x2, y2] in pixels, x2 > x1 and y2 > y1."),
]
MAX_GROUND_TRUTH = 30
MAX_PREDICTIONS = 50


class Prediction(Strict):
    box: BoxCoordinates
    score: float = Field(ge=0, le=1)


class ImageBoxes(Strict):
    """One image (one object class): its ground-truth boxes and the detector's predictions."""

    ground_truth: list[BoxCoordinates] = Field(max_length=MAX_GROUND_TRUTH)
    predictions: list[Prediction] = Field(max_length=MAX_PREDICTIONS)


class Detection(Strict):
    """Predicted boxes with scores, matched to ground-truth boxes image by image."""

    iou_threshold: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="A prediction matches a ground-truth box when their IoU is at least this.",
    )
    score_threshold: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Predictions scoring at least this count for precision, recall and iou.",
    )
    images: list[ImageBoxes] = Field(min_length=1, max_length=10)
    metrics: list[Annotated[DetectionMetric, Field(strict=False)]] = Field(min_length=1)
    chart: Literal["pr_curve"] | None = None

    @model_validator(mode="after")
    def _sizes(self) -> Detection:
        boxes = sum(len(image.ground_truth) for image in self.images)
        predictions = sum(len(image.predictions) for image in self.images)
        if boxes == 0:
            raise ValueError("expected at least one ground-truth box among the images")
        if boxes > MAX_GROUND_TRUTH or predictions > MAX_PREDICTIONS:
            raise ValueError(
                f"expected at most {MAX_GROUND_TRUTH} ground-truth boxes and "
                f"{MAX_PREDICTIONS} predictions in all images, a sample a reader can check; "
                f"found {boxes} and {predictions}"
            )
        return self


class BarChart(Strict):
    type: Literal["bars"]
    names: list[Identifier] = Field(min_length=1, max_length=20)
    y_label: Line
    scale: Literal["linear", "log10"] = "linear"


KINDS = ("estimates", "classification", "ranking", "lists", "detection", "regression")


class Example(Strict):
    """A worked example; exactly one of estimates, classification, ranking, lists or detection."""

    id: Slug
    title: Line
    estimates: Scale | None = None  # a case's scale format; inputs may quote other examples
    classification: Classification | None = None
    ranking: Ranking | None = None
    lists: Lists | None = None
    detection: Detection | None = None
    regression: Regression | None = None
    chart: BarChart | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Example:
        kinds = [k for k in KINDS if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError(
                "expected exactly one of estimates, classification, ranking, lists, detection, "
                "regression; "
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
    relevant_in_collection: list[int] = field(default_factory=list)  # R per query, at the grade
    detections: list[DetectionRow] = field(default_factory=list)  # highest score first
    ground_truth: list[GroundTruthRow] = field(default_factory=list)
    # (recall, precision at the step, interpolated precision) per recall step 1/N .. N/N
    recall_steps: list[tuple[float, float, float]] = field(default_factory=list)
    metric_rows: list[tuple[str, str, Value]] = field(default_factory=list)  # name, definition


@dataclass(frozen=True)
class DetectionRow:
    """One prediction as the worked example shows it, in the ranking AP walks down."""

    rank: int
    image: int  # 1-based
    box: str
    score: float
    best_iou: float
    outcome: str  # "TP (ground truth 2)", "FP (duplicate)", "FP (IoU < 0.5)"
    precision: float
    recall: float


@dataclass(frozen=True)
class GroundTruthRow:
    number: int  # 1-based over all images, in listed order
    image: int  # 1-based
    box: str
    matched_rank: int | None  # rank of the prediction that matched it; None: missed


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
DETECTION: dict[DetectionMetric, tuple[str, str]] = {
    DetectionMetric.iou: (
        "Mean IoU of true positives",
        "mean IoU of each true positive with its ground-truth box, at score ≥ the score threshold; "
        "IoU = area of intersection ÷ area of union",
    ),
    DetectionMetric.precision: (
        "Precision",
        "TP ÷ predictions with score ≥ the score threshold",
    ),
    DetectionMetric.recall: ("Recall", "TP ÷ ground-truth boxes, at the same score threshold"),
    DetectionMetric.average_precision: (
        "Average precision (AP)",
        "over all scores, highest first: sum over true positives of (1 ÷ ground-truth boxes) × "
        "interpolated precision, the highest precision at that recall or beyond (PASCAL VOC "
        "all-point interpolation)",
    ),
}
REGRESSION: dict[RegressionMetric, tuple[str, str]] = {
    RegressionMetric.mae: ("MAE", "mean of |actual − predicted|"),
    RegressionMetric.rmse: ("RMSE", "square root of the mean of (actual − predicted)²"),
    RegressionMetric.mape: ("MAPE", "mean of |actual − predicted| ÷ |actual|"),
    RegressionMetric.wape: ("WAPE", "sum of |actual − predicted| ÷ sum of |actual|"),
    RegressionMetric.bias: ("Mean bias", "mean of predicted − actual (positive: over-predicts)"),
    RegressionMetric.pinball: (
        "Pinball loss",
        "mean quantile loss of the lower and upper predictions: an actual above a "
        "q-quantile costs q per unit, one below it 1 − q",
    ),
    RegressionMetric.coverage: (
        "Interval coverage",
        "share of actual values between the lower and upper predictions",
    ),
}
LISTS: dict[ListMetric, tuple[str, str]] = {
    ListMetric.coverage: ("Catalog coverage", "distinct items recommended ÷ catalog size"),
    ListMetric.intra_list_diversity: (
        "Intra-list diversity",
        "mean share of item pairs per list with different categories",
    ),
}


def compute_example(
    example: Example, source: str, computed: list[Computed] | None = None
) -> WorkedExample:
    """Compute every result of an example (raises ValueError with a reason on bad input).

    ``computed``: its estimates, when the caller has computed them already (without errors).
    """
    worked = WorkedExample(example, source)
    if example.estimates is not None:
        unresolved = [i.from_ for i in example.estimates.inputs if i.value is None]
        if unresolved:  # load_examples resolves them first
            raise ValueError(f"from {unresolved[0]!r} was not resolved")
        if computed is None:
            computed, errors = compute(example.estimates)
            if errors:
                raise ValueError("; ".join(f"{field_path(e.loc)}: {e.message}" for e in errors))
        worked.computed = computed
        for item in example.estimates.inputs:
            assert item.value is not None  # resolved above
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
    elif example.detection is not None:
        _detection(worked, example.detection)
    elif example.regression is not None:
        _regression(worked, example.regression)
    return worked


def _classification(worked: WorkedExample, c: Classification) -> None:
    if c.threshold_from is not None and "threshold" not in c.model_fields_set:
        # load_examples resolves it first; computing without it would use the default silently
        raise ValueError(f"threshold_from {c.threshold_from!r} was not resolved")
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
    def hits(q: Query) -> list[int]:  # 1 where the result counts as relevant for binary metrics
        return [int(grade >= r.relevant_grade) for grade in q.relevance]

    def total(q: Query) -> int:  # R at that grade
        return sum(1 for grade in q.judged if grade >= r.relevant_grade)

    functions: dict[RankingMetric, Callable[[Query], float]] = {
        RankingMetric.precision_at_k: lambda q: m.precision_at_k(hits(q), r.k),
        RankingMetric.recall_at_k: lambda q: m.recall_at_k(hits(q), r.k, total(q)),
        RankingMetric.map_at_k: lambda q: m.average_precision_at_k(hits(q), r.k, total(q)),
        RankingMetric.mrr: lambda q: m.reciprocal_rank(hits(q), r.k),
        RankingMetric.ndcg_at_k: lambda q: m.ndcg_at_k(q.relevance, r.k, q.judged),
    }
    for q in r.queries:
        worked.per_query.append({metric.value: functions[metric](q) for metric in r.metrics})
        worked.relevant_in_collection.append(total(q))
    for metric in r.metrics:
        value = sum(row[metric.value] for row in worked.per_query) / len(worked.per_query)
        worked.values[metric.value] = Value(value, f"{value:.3f}")
    worked.values["k"] = Value(r.k, str(r.k))
    worked.values["relevant_grade"] = Value(r.relevant_grade, str(r.relevant_grade))


def _regression(worked: WorkedExample, r: Regression) -> None:
    actual, predicted = r.actual, r.predicted
    lower, upper = r.lower or [], r.upper or []
    functions: dict[RegressionMetric, Callable[[], float]] = {
        RegressionMetric.mae: lambda: m.mean_absolute_error(actual, predicted),
        RegressionMetric.rmse: lambda: m.root_mean_squared_error(actual, predicted),
        RegressionMetric.mape: lambda: m.mean_absolute_percentage_error(actual, predicted),
        RegressionMetric.wape: lambda: m.weighted_absolute_percentage_error(actual, predicted),
        RegressionMetric.bias: lambda: m.mean_bias(actual, predicted),
        RegressionMetric.pinball: lambda: (
            (
                m.pinball_loss(actual, lower, r.lower_quantile)
                + m.pinball_loss(actual, upper, r.upper_quantile)
            )
            / 2
        ),
        RegressionMetric.coverage: lambda: m.interval_coverage(actual, lower, upper),
    }
    percent = {RegressionMetric.mape, RegressionMetric.wape, RegressionMetric.coverage}
    for metric in r.metrics:
        value = functions[metric]()
        shown = f"{value:.1%}" if metric in percent else f"{value:.3g}"
        worked.values[metric.value] = Value(value, shown)
    worked.values["nominal_coverage"] = Value(
        r.upper_quantile - r.lower_quantile, f"{r.upper_quantile - r.lower_quantile:.0%}"
    )


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
        # coverage is a share of the catalog, read as a percentage; diversity a mean distance
        shown = (
            f"{value:.1%}".replace(".0%", "%") if metric is ListMetric.coverage else f"{value:.3g}"
        )
        worked.values[metric.value] = Value(value, shown)


def _detection(worked: WorkedExample, d: Detection) -> None:
    images = [
        m.DetectionImage(
            ground_truth=[tuple(box) for box in image.ground_truth],
            predictions=[m.Detection(tuple(p.box), p.score) for p in image.predictions],
        )
        for image in d.images
    ]
    ranked = m.rank_detections(images, d.iou_threshold)
    counts = m.detection_counts(images, d.iou_threshold, d.score_threshold)
    numbers: dict[tuple[int, int], int] = {}  # (image, box index) -> ground-truth number
    for i, image in enumerate(d.images):
        for g in range(len(image.ground_truth)):
            numbers[(i, g)] = len(numbers) + 1
    matched_by: dict[int, int] = {}
    for r in ranked:
        box = d.images[r.image].predictions[r.match.prediction].box
        if r.match.ground_truth is not None:
            number = numbers[(r.image, r.match.ground_truth)]
            matched_by[number] = r.rank
            outcome = f"TP (ground truth {number})"
        elif r.match.best_iou >= d.iou_threshold:
            outcome = "FP (duplicate)"
        else:
            outcome = f"FP (IoU < {d.iou_threshold:g})"
        worked.detections.append(
            DetectionRow(
                rank=r.rank,
                image=r.image + 1,
                box=_box_text(box),
                score=r.score,
                best_iou=r.match.best_iou,
                outcome=outcome,
                precision=r.precision,
                recall=r.recall,
            )
        )
        worked.values[f"best_iou_{r.rank}"] = Value(r.match.best_iou, f"{r.match.best_iou:.3f}")
    for (i, g), number in numbers.items():
        worked.ground_truth.append(
            GroundTruthRow(
                number, i + 1, _box_text(d.images[i].ground_truth[g]), matched_by.get(number)
            )
        )
    total = len(numbers)
    step_precisions = [r.precision for r in ranked if r.match.true_positive]
    interpolated = [
        max(r.precision for r in ranked[k:]) for k, r in enumerate(ranked) if r.match.true_positive
    ]
    for k in range(total):
        reached = k < len(step_precisions)
        worked.recall_steps.append(
            (
                (k + 1) / total,
                step_precisions[k] if reached else 0.0,
                interpolated[k] if reached else 0.0,
            )
        )
    kept_ious = [
        r.match.matched_iou
        for r in ranked
        if r.match.true_positive and r.score >= d.score_threshold
    ]
    functions: dict[DetectionMetric, Callable[[], float]] = {
        DetectionMetric.iou: lambda: _mean_iou(kept_ious, d.score_threshold),
        DetectionMetric.precision: lambda: counts.precision,
        DetectionMetric.recall: lambda: counts.recall,
        DetectionMetric.average_precision: lambda: m.detection_average_precision(
            images, d.iou_threshold
        ),
    }
    for metric in d.metrics:
        value = functions[metric]()
        worked.values[metric.value] = Value(value, f"{value:.3f}")
        worked.metric_rows.append((*DETECTION[metric], worked.values[metric.value]))
    for name, count in (("tp", counts.tp), ("fp", counts.fp), ("fn", counts.fn)):
        worked.values[name] = Value(count, str(count))
    worked.values["ground_truth"] = Value(total, str(total))
    worked.values["predictions"] = Value(len(ranked), str(len(ranked)))
    worked.values["iou_threshold"] = Value(d.iou_threshold, f"{d.iou_threshold:g}")
    worked.values["score_threshold"] = Value(d.score_threshold, f"{d.score_threshold:g}")


def _mean_iou(ious: list[float], score_threshold: float) -> float:
    if not ious:
        raise ValueError(
            f"iou is the mean IoU of the true positives, and no prediction scoring at least "
            f"{score_threshold:g} is one"
        )
    return sum(ious) / len(ious)


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
    valid: list[tuple[Example, int, LoadedYaml, str]] = []
    broken: set[str] = set()  # ids of examples that failed the schema (their problems reported)
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
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    broken.add(item["id"])
                continue
            valid.append((example, i, loaded, display))
    problems.extend(_compute_in_order(valid, found, broken))
    if problems:
        raise ProblemsFound(problems)
    return found


def _references(example: Example) -> set[str]:
    """The ids of the examples whose values this one uses."""
    named = [i.from_ for i in example.estimates.inputs] if example.estimates is not None else []
    if example.classification is not None:
        named.append(example.classification.threshold_from)
    return {
        reference.split(".", 1)[0]
        for reference in named
        if reference is not None and not reference.startswith(CASE_REFERENCE)  # refused later
    }


_Valid = tuple[Example, int, LoadedYaml, str]  # an example, its index, its file, its name


def _compute_in_order(
    valid: list[_Valid], found: dict[str, WorkedExample], broken: set[str]
) -> list[Problem]:
    """Compute every example after those it quotes, whatever file and order they are in.

    A repeated id is reported and only its first example counts. An example that quotes one
    with a problem of its own (``broken``: it failed the schema) is skipped, since that problem
    is reported; so is one that only waits on a cycle. Each example on a cycle is reported at
    its reference, with the cycle."""
    problems: list[Problem] = []
    first: dict[str, _Valid] = {}
    for item in valid:
        example, i, loaded, display = item
        if example.id in first:
            where = ("examples", i, "id")
            message = f"duplicate example id {example.id!r}; already used in {first[example.id][3]}"
            problems.append(Problem(display, loaded.line_for(where), field_path(where), message))
        else:
            first[example.id] = item
    done = set(broken)  # computed, failed or skipped
    waiting = list(first.values())
    while waiting:
        ready = [v for v in waiting if all(r in done or r not in first for r in _references(v[0]))]
        if not ready:
            return problems + _cycle_problems(waiting)
        for item in ready:
            waiting.remove(item)
            example = item[0]
            done.add(example.id)
            if all(
                r in found or (r not in first and r not in broken) for r in _references(example)
            ):
                problems.extend(_add(found, *item, known=first.keys()))
    return problems


def _cycle_problems(waiting: list[_Valid]) -> list[Problem]:
    """Each waiting example that is on a cycle of references, reported at the reference that
    starts its cycle (``a → b → a``); the others only wait on a cycle."""
    by_id = {item[0].id: item for item in waiting}
    edges = {key: [r for r in sorted(_references(v[0])) if r in by_id] for key, v in by_id.items()}
    problems = []
    for key, (example, i, loaded, display) in by_id.items():
        loop = _path(edges, key)
        if loop is None:
            continue
        where = ("examples", i, *_reference_field(example, loop[1]))
        message = f"expected no cycle of references between examples; found {' → '.join(loop)}"
        problems.append(Problem(display, loaded.line_for(where), field_path(where), message))
    return problems


def _path(edges: dict[str, list[str]], start: str) -> list[str] | None:
    """The shortest path of references from ``start`` back to itself, if there is one."""
    parents: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in edges[node]:
            if target == start:
                chain = [node]
                while chain[-1] != start:
                    chain.append(parents[chain[-1]])
                return [*reversed(chain), start]
            if target not in parents:
                parents[target] = node
                queue.append(target)
    return None


def _reference_field(example: Example, target: str) -> tuple[str | int, ...]:
    """Where ``example`` names example ``target`` (its first such reference)."""
    if example.estimates is not None:
        for j, item in enumerate(example.estimates.inputs):
            if item.from_ is not None and item.from_.split(".", 1)[0] == target:
                return ("estimates", "inputs", j, "from")
    return ("classification", "threshold_from")


class _Shifted(LoadedYaml):
    """Line lookup for one example validated on its own: its locations start at examples[i]."""

    def __init__(self, loaded: LoadedYaml, index: int) -> None:
        super().__init__(data=loaded.data, lines=loaded.lines)
        self.index = index

    def line_for(self, loc: tuple[str | int, ...]) -> int:
        return super().line_for(("examples", self.index, *loc))


def _add(
    found: dict[str, WorkedExample],
    example: Example,
    i: int,
    loaded: LoadedYaml,
    display: str,
    *,
    known: Collection[str],
) -> list[Problem]:
    loc = ("examples", i)
    computed: list[Computed] | None = None
    if example.estimates is not None:
        quoted = quote_inputs(found, example.estimates, known)
        if isinstance(quoted, list):
            quotes = [((*loc, "estimates", "inputs", j, "from"), message) for j, message in quoted]
            return [Problem(display, loaded.line_for(q), field_path(q), msg) for q, msg in quotes]
        example = example.model_copy(update={"estimates": quoted})
        assert example.estimates is not None
        computed, errors = compute(example.estimates)
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
    c = example.classification
    if c is not None and c.threshold_from is not None:
        threshold = _derived_threshold(found, c.threshold_from, known)
        if isinstance(threshold, str):
            where = (*loc, "classification", "threshold_from")
            return [Problem(display, loaded.line_for(where), field_path(where), threshold)]
        update = {"classification": c.model_copy(update={"threshold": threshold})}
        example = example.model_copy(update=update)
    try:
        found[example.id] = compute_example(example, display, computed)
    except (ValueError, ZeroDivisionError) as exc:
        return [Problem(display, loaded.line_for(loc), field_path(loc), str(exc))]
    return []


def quote_inputs(
    found: dict[str, WorkedExample],
    scale: Scale,
    known: Collection[str],
    *,
    cases_resolved: bool = False,
) -> Scale | list[tuple[int, str]]:
    """``scale`` with every ``from`` input given the value it names, or each (index, problem).
    A value another estimates example states or computes keeps its unit; counts and metrics
    of the other kinds have none to compare. ``cases_resolved``: the caller (a case's catalog
    entry) has given ``case:slug.name`` inputs their values; elsewhere they are a problem."""
    inputs = list(scale.inputs)
    problems: list[tuple[int, str]] = []
    for j, item in enumerate(inputs):
        if item.from_ is None:
            continue
        if item.from_.startswith(CASE_REFERENCE):
            if not cases_resolved:
                problems.append(
                    (
                        j,
                        "expected a worked example's value (example-id.name); only a case's "
                        f"scale can quote another case, found {item.from_!r}",
                    )
                )
            continue  # the catalog resolved it, with the other cases' inputs
        example, name = item.from_.split(".", 1)
        value = quoted_value(found, example, name, known=known)
        if isinstance(value, str):
            problems.append((j, value))
            continue
        unit = _unit_of(found[example], name)
        if unit is not None and unit != item.unit:
            problems.append(
                (j, f"expected unit {unit!r}, the unit of {item.from_}; found {item.unit!r}")
            )
        inputs[j] = item.model_copy(update={"value": value.value})
    return problems or scale.model_copy(update={"inputs": inputs})


def _unit_of(worked: WorkedExample, name: str) -> str | None:
    """The unit of a value of an estimates example (None for other kinds)."""
    scale = worked.example.estimates
    if scale is None:
        return None
    items: list[ScaleInput | Estimate] = [*scale.inputs, *scale.estimates]
    return next((str(item.unit) for item in items if item.name == name), None)


def _derived_threshold(
    found: dict[str, WorkedExample], reference: str, known: Collection[str]
) -> float | str:
    """The value ``threshold_from`` names, or the problem to report."""
    example, name = reference.split(".", 1)
    worked = found.get(example)
    if worked is not None and worked.example.estimates is None:
        return f"expected an estimates example; {example!r} is not one"
    value = quoted_value(found, example, name, known=known)
    if isinstance(value, str):
        return value
    if not 0 <= value.value <= 1:
        return f"expected a threshold between 0 and 1; {reference} is {value.value:g}"
    return value.value


def quoted_value(
    examples: dict[str, WorkedExample],
    example: str,
    name: str,
    *,
    known: Collection[str] | None = None,
) -> Value | str:
    """The value ``{{ ex:example.name }}`` quotes, or the problem to report when there is none.
    ``known``: every example id, when ``examples`` holds only those computed so far."""
    worked = examples.get(example)
    if worked is None:
        close = difflib.get_close_matches(example, list(known or examples), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return f"unknown example {example!r}{hint}"
    found = worked.values.get(name)
    if found is None:
        return f"example {example!r} has no value {name!r}; it has: {', '.join(worked.values)}"
    return found

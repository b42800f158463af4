"""Offline metrics, computed from small stated inputs for the worked examples in the chapters.

Plain Python on purpose (no NumPy at build time): inputs are a few dozen numbers. Each function
follows the textbook definition; tests compare each with scikit-learn where scikit-learn has the
same metric, and with values worked out by hand where it does not.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

EPS = 1e-15


@dataclass(frozen=True)
class Confusion:
    """Counts of a binary classifier at one threshold."""

    tp: int
    fp: int
    tn: int
    fn: int


def confusion(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Confusion:
    """A score at or above the threshold predicts the positive class."""
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y == 1 and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if y == 0 and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores, strict=True) if y == 1 and s < threshold)
    tn = len(labels) - tp - fp - fn
    return Confusion(tp, fp, tn, fn)


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def precision(c: Confusion) -> float:
    return _ratio(c.tp, c.tp + c.fp)


def recall(c: Confusion) -> float:
    return _ratio(c.tp, c.tp + c.fn)


def f1(c: Confusion) -> float:
    return _ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)


def accuracy(c: Confusion) -> float:
    return _ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn)


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    positives = [s for y, s in zip(labels, scores, strict=True) if y == 1]
    negatives = [s for y, s in zip(labels, scores, strict=True) if y == 0]
    if not positives or not negatives:
        raise ValueError("ROC-AUC needs at least one positive and one negative")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def curve_points(labels: Sequence[int], scores: Sequence[float]) -> list[tuple[float, Confusion]]:
    """(threshold, confusion) at every distinct score, from the highest threshold down."""
    return [(t, confusion(labels, scores, t)) for t in sorted(set(scores), reverse=True)]


def pr_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Average precision: precision at each threshold weighted by the recall it adds."""
    if not any(labels):
        raise ValueError("PR-AUC needs at least one positive")
    total, previous_recall = 0.0, 0.0
    for _, c in curve_points(labels, scores):
        r = recall(c)
        total += (r - previous_recall) * precision(c)
        previous_recall = r
    return total


def log_loss(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Mean negative log-likelihood of the labels under the predicted probabilities."""
    total = 0.0
    for y, s in zip(labels, scores, strict=True):
        p = min(max(s, EPS), 1 - EPS)
        total -= math.log(p) if y == 1 else math.log(1 - p)
    return total / len(labels)


def binary_entropy(rate: float) -> float:
    """Log loss, in nats, of always predicting ``rate`` on data whose positive rate is ``rate``."""
    if not 0.0 < rate < 1.0:
        raise ValueError("the entropy of a rate needs a rate strictly between 0 and 1")
    return -(rate * math.log(rate) + (1 - rate) * math.log(1 - rate))


def normalized_entropy(
    labels: Sequence[int], scores: Sequence[float], background_rate: float | None = None
) -> float:
    """Log loss divided by the entropy of the background positive rate (He et al., 2014).

    He et al. normalize by the entropy of the background CTR, the average rate of the training
    data. Pass that rate as ``background_rate``; without it, the positive rate of the evaluated
    labels is used, and the result is the log loss relative to the best constant prediction on
    this very sample.
    """
    if background_rate is None:
        background_rate = sum(labels) / len(labels)
        if background_rate in (0.0, 1.0):
            raise ValueError("normalized entropy needs both classes (or a background rate)")
    return log_loss(labels, scores) / binary_entropy(background_rate)


@dataclass(frozen=True)
class CalibrationBin:
    """One equal-width bin of predicted probability."""

    low: float
    high: float
    count: int
    mean_score: float
    positive_rate: float


def calibration_bins(
    labels: Sequence[int], scores: Sequence[float], bins: int
) -> list[CalibrationBin]:
    """Non-empty equal-width bins; a score on an inner edge belongs to the lower bin."""
    inner = [i / bins for i in range(1, bins)]
    members: dict[int, list[tuple[int, float]]] = {}
    for y, s in zip(labels, scores, strict=True):
        members.setdefault(bisect_left(inner, s), []).append((y, s))
    return [
        CalibrationBin(
            low=b / bins,
            high=(b + 1) / bins,
            count=len(items),
            mean_score=sum(s for _, s in items) / len(items),
            positive_rate=sum(y for y, _ in items) / len(items),
        )
        for b, items in sorted(members.items())
    ]


def ece(labels: Sequence[int], scores: Sequence[float], bins: int) -> float:
    """Expected calibration error: bin-size-weighted gap between predicted and observed rates."""
    total = len(labels)
    return sum(
        b.count / total * abs(b.positive_rate - b.mean_score)
        for b in calibration_bins(labels, scores, bins)
    )


# --- ranking ------------------------------------------------------------------------------------


# Conventions shared with the worked examples (examples.RANKING) and the glossary: ``relevance``
# holds the grade of each returned result, top first (0 = not relevant); R is the number of items
# judged relevant for the query, returned or not; ``judged`` lists their grades.


def precision_at_k(relevance: Sequence[int], k: int) -> float:
    """Relevant results in the top k divided by k."""
    return sum(1 for r in relevance[:k] if r > 0) / k


def recall_at_k(relevance: Sequence[int], k: int, total_relevant: int) -> float:
    """Relevant results in the top k divided by R, all relevant items for the query."""
    return _ratio(sum(1 for r in relevance[:k] if r > 0), total_relevant)


def average_precision_at_k(relevance: Sequence[int], k: int, total_relevant: int) -> float:
    """AP@k = (sum of precision@i over the ranks i ≤ k that hold a relevant result) ÷ min(k, R).

    R = relevant items for the query (``total_relevant``); MAP@k is the mean of AP@k over queries.

    Dividing by min(k, R), not by the relevant results found, makes a relevant item missing from
    the top k count as a zero, while a list that fills all k slots with relevant items scores 1
    even when R > k.
    """
    hits, total = 0, 0.0
    for i, r in enumerate(relevance[:k], start=1):
        if r > 0:
            hits += 1
            total += hits / i
    return _ratio(total, min(k, total_relevant))


def reciprocal_rank(relevance: Sequence[int], k: int) -> float:
    """RR@k: 1 / rank of the first relevant result in the top k, or 0 if there is none."""
    return next((1 / i for i, r in enumerate(relevance[:k], start=1) if r > 0), 0.0)


def dcg_at_k(relevance: Sequence[int], k: int) -> float:
    """Discounted cumulative gain with gains 2^rel - 1 and log2(rank + 1) discounts.

    Järvelin and Kekäläinen (2002) defined DCG with the grade itself as the gain; the exponential
    gain 2^rel - 1, which weights a perfect result far above a fair one, is from Burges et al.
    (2005) and is the default in LightGBM and XGBoost; scikit-learn and trec_eval use the grade.
    """
    return float(sum((2.0**r - 1) / math.log2(i + 1) for i, r in enumerate(relevance[:k], start=1)))


def ndcg_at_k(relevance: Sequence[int], k: int, judged: Sequence[int]) -> float:
    """DCG@k divided by the ideal DCG@k: the top k of all judged relevant items, best first.

    The ideal comes from the judgments, not from the returned list, so a relevant item the system
    failed to return lowers nDCG. ``judged`` must include the grade of every relevant result in
    ``relevance``.
    """
    missing = Counter(r for r in relevance if r > 0) - Counter(g for g in judged if g > 0)
    if missing:
        raise ValueError(
            f"returned grades {sorted(missing.elements(), reverse=True)} are not among the "
            f"judged grades {sorted(judged, reverse=True)}"
        )
    return _ratio(dcg_at_k(relevance, k), dcg_at_k(sorted(judged, reverse=True), k))


# --- lists --------------------------------------------------------------------------------------


def coverage(recommendations: Sequence[Sequence[str]], catalog_size: int) -> float:
    """Share of the catalog recommended to at least one user."""
    return len({item for items in recommendations for item in items}) / catalog_size


def intra_list_diversity(
    recommendations: Sequence[Sequence[str]], categories: dict[str, str]
) -> float:
    """Mean over lists of the share of item pairs whose categories differ."""
    shares = []
    for items in recommendations:
        pairs = list(combinations(items, 2))
        if pairs:
            shares.append(sum(1 for a, b in pairs if categories[a] != categories[b]) / len(pairs))
    return sum(shares) / len(shares) if shares else 0.0


# --- object detection ---------------------------------------------------------------------------


# Conventions shared with the worked examples (examples.DETECTION): a box is [x1, y1, x2, y2] in
# continuous image coordinates with x2 > x1 and y2 > y1, covering [x1, x2] × [y1, y2]; its area is
# (x2 - x1) × (y2 - y1). One class at a time: AP of several classes is the mean of their APs (mAP).

Box = Sequence[float]


def _check_box(box: Box) -> None:
    if len(box) != 4 or not (box[2] > box[0] and box[3] > box[1]):
        raise ValueError(f"expected a box [x1, y1, x2, y2] with x2 > x1 and y2 > y1; found {box}")


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two axis-aligned boxes [x1, y1, x2, y2].

    Coordinates are continuous, as in COCO and most current libraries: boxes that only touch
    along an edge or at a corner share zero area, so their IoU is 0. (The PASCAL VOC devkit counts
    pixels and adds 1 to every width and height, which gives slightly larger overlaps for small
    boxes.)
    """
    _check_box(a)
    _check_box(b)
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    intersection = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection
    return min(intersection / union, 1.0)


@dataclass(frozen=True)
class Detection:
    """One predicted box and its confidence score."""

    box: Box
    score: float


@dataclass(frozen=True)
class DetectionImage:
    """The ground-truth boxes of one image (one class) and the predictions for it."""

    ground_truth: Sequence[Box]
    predictions: Sequence[Detection]


@dataclass(frozen=True)
class Match:
    """What greedy matching decided for one prediction of an image."""

    prediction: int  # index into the image's predictions
    best_iou: float  # highest IoU with any ground-truth box of the image, taken or not (0 if none)
    ground_truth: int | None  # index of the ground-truth box it matched; None: a false positive
    matched_iou: float  # IoU with that box (0 for a false positive)

    @property
    def true_positive(self) -> bool:
        return self.ground_truth is not None


def _by_score(scores: Sequence[float]) -> list[int]:
    """Indices from the highest score down; equal scores keep their listed order (stable)."""
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def match_detections(
    ground_truth: Sequence[Box], predictions: Sequence[Detection], iou_threshold: float
) -> list[Match]:
    """Greedy matching of one image's predictions to its ground-truth boxes, highest score first.

    Each prediction, in descending score order (equal scores keep their listed order), takes the
    still-unmatched ground-truth box with which its IoU is highest, provided that IoU is at least
    ``iou_threshold`` (equal IoUs go to the first listed box); it is then a true positive.
    Otherwise it is a false positive: it overlaps no box enough, or every box it overlaps enough
    was already taken by a higher-scoring prediction (a duplicate detection). Each ground-truth
    box matches at most one prediction; the boxes left unmatched are the missed objects (false
    negatives). Returns one :class:`Match` per prediction, in the order they were matched.

    This is the rule of the COCO evaluator (pycocotools), without its crowd regions, area ranges
    and cap of 100 detections per image. The PASCAL VOC devkit differs in one corner case: it
    compares a prediction only with its single highest-IoU box, so a prediction whose best box is
    already taken is a false positive even when another free box overlaps it enough; VOC also
    ignores boxes marked "difficult".
    """
    if not 0 < iou_threshold <= 1:
        raise ValueError(f"expected an IoU threshold in (0, 1]; found {iou_threshold}")
    for box in ground_truth:
        _check_box(box)
    taken: set[int] = set()
    matches = []
    for p in _by_score([d.score for d in predictions]):
        overlaps = [iou(predictions[p].box, g) for g in ground_truth]
        best, chosen = iou_threshold, None
        for g, overlap in enumerate(overlaps):
            if g not in taken and overlap >= best and (chosen is None or overlap > best):
                best, chosen = overlap, g
        if chosen is not None:
            taken.add(chosen)
        matches.append(
            Match(
                prediction=p,
                best_iou=max(overlaps, default=0.0),
                ground_truth=chosen,
                matched_iou=overlaps[chosen] if chosen is not None else 0.0,
            )
        )
    return matches


@dataclass(frozen=True)
class RankedDetection:
    """One prediction in the ranking that average precision walks down, highest score first."""

    rank: int  # 1-based
    image: int  # index into the images
    match: Match
    score: float
    precision: float  # true positives ÷ predictions, over this rank and every rank above it
    recall: float  # true positives ÷ ground-truth boxes of all images, over the same ranks


def rank_detections(
    images: Sequence[DetectionImage], iou_threshold: float
) -> list[RankedDetection]:
    """Match every image on its own, then rank all predictions of all images by score.

    Equal scores keep image order, then listed order (a stable sort, as pycocotools does).
    """
    total = sum(len(image.ground_truth) for image in images)
    if total == 0:
        raise ValueError("detection metrics need at least one ground-truth box")
    pooled = [
        (image.predictions[m.prediction].score, i, m)
        for i, image in enumerate(images)
        for m in match_detections(image.ground_truth, image.predictions, iou_threshold)
    ]
    pooled.sort(key=lambda item: (-item[0], item[1], item[2].prediction))
    ranked, hits = [], 0
    for rank, (score, i, m) in enumerate(pooled, start=1):
        hits += m.true_positive
        ranked.append(RankedDetection(rank, i, m, score, hits / rank, hits / total))
    return ranked


def detection_average_precision(
    images: Sequence[DetectionImage],
    iou_threshold: float,
    interpolation: Literal["all_points", "none"] = "all_points",
) -> float:
    """Area under the precision-recall curve of a detector at one IoU threshold.

    Predictions of all images are ranked by score and matched as in :func:`match_detections`.
    Walking down the ranking, each true positive raises recall by 1 / (ground-truth boxes), and
    AP sums precision × that step. With ``"all_points"`` interpolation (the default, PASCAL VOC
    from 2010 on) the precision used at each step is the highest precision reached at that recall
    or any higher one, which makes the curve non-increasing from the right and ignores the
    saw-tooth a false positive adds. Missed objects are never reached, so their recall steps add
    nothing: AP is at most the final recall.

    ``"none"`` uses the precision at the step itself, the step-wise sum of
    ``sklearn.metrics.average_precision_score`` with the missed objects counted in the recall
    denominator. It is never larger than the interpolated value.

    The COCO evaluator interpolates the same way but reads the curve at 101 fixed recall levels
    (0, 0.01, ..., 1) and averages them, so its AP at IoU 0.5 ("AP50") can differ from this one in
    the second or third decimal; COCO's headline AP also averages over IoU thresholds 0.5 to 0.95.
    VOC 2007 used 11 recall levels.
    """
    ranked = rank_detections(images, iou_threshold)
    total = sum(len(image.ground_truth) for image in images)
    precisions = [r.precision for r in ranked]
    if interpolation == "all_points":
        for k in range(len(precisions) - 2, -1, -1):
            precisions[k] = max(precisions[k], precisions[k + 1])
    elif interpolation != "none":
        raise ValueError(f"unknown interpolation {interpolation!r}")
    return sum(p for p, r in zip(precisions, ranked, strict=True) if r.match.true_positive) / total


@dataclass(frozen=True)
class DetectionCounts:
    """Detections kept at a score threshold: true and false positives, missed objects."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)


def detection_counts(
    images: Sequence[DetectionImage], iou_threshold: float, score_threshold: float
) -> DetectionCounts:
    """Counts when only predictions scoring at least ``score_threshold`` are kept.

    Matching goes from the highest score down, so the kept predictions are matched exactly as if
    the others had never been made: dropping low scores never changes a higher score's match.
    """
    ranked = [r for r in rank_detections(images, iou_threshold) if r.score >= score_threshold]
    tp = sum(1 for r in ranked if r.match.true_positive)
    total = sum(len(image.ground_truth) for image in images)
    return DetectionCounts(tp=tp, fp=len(ranked) - tp, fn=total - tp)


def detection_precision_recall(
    images: Sequence[DetectionImage], iou_threshold: float, score_threshold: float
) -> tuple[float, float]:
    """Precision and recall of the predictions scoring at least ``score_threshold``."""
    counts = detection_counts(images, iou_threshold, score_threshold)
    return counts.precision, counts.recall


# --- regression and forecasts ----------------------------------------------------------------


def mean_absolute_error(actual: Sequence[float], predicted: Sequence[float]) -> float:
    """Mean of |actual - predicted|."""
    return sum(abs(a - p) for a, p in zip(actual, predicted, strict=True)) / len(actual)


def root_mean_squared_error(actual: Sequence[float], predicted: Sequence[float]) -> float:
    """Square root of the mean squared error: punishes large misses more than MAE does."""
    squared = sum((a - p) ** 2 for a, p in zip(actual, predicted, strict=True))
    return math.sqrt(squared / len(actual))


def mean_absolute_percentage_error(actual: Sequence[float], predicted: Sequence[float]) -> float:
    """Mean of |actual - predicted| / |actual| (undefined when an actual is 0: refused)."""
    if any(a == 0 for a in actual):
        raise ValueError("MAPE divides by each actual value; an actual of 0 has no percentage")
    pairs = zip(actual, predicted, strict=True)
    return sum(abs(a - p) / abs(a) for a, p in pairs) / len(actual)


def weighted_absolute_percentage_error(
    actual: Sequence[float], predicted: Sequence[float]
) -> float:
    """Sum of |actual - predicted| over sum of |actual|: a total error, safe for zero actuals."""
    total = sum(abs(a) for a in actual)
    if total == 0:
        raise ValueError("WAPE divides by the total of the actual values, which is 0")
    return sum(abs(a - p) for a, p in zip(actual, predicted, strict=True)) / total


def mean_bias(actual: Sequence[float], predicted: Sequence[float]) -> float:
    """Mean of predicted - actual: positive when the model over-predicts."""
    return sum(p - a for a, p in zip(actual, predicted, strict=True)) / len(actual)


def pinball_loss(actual: Sequence[float], predicted: Sequence[float], quantile: float) -> float:
    """Mean quantile (pinball) loss: under-prediction costs ``quantile`` per unit, over-prediction
    ``1 - quantile``; minimised by the true ``quantile``-quantile of the outcome."""
    if not 0 < quantile < 1:
        raise ValueError(f"expected a quantile strictly between 0 and 1; found {quantile}")
    total = 0.0
    for a, p in zip(actual, predicted, strict=True):
        total += quantile * (a - p) if a >= p else (1 - quantile) * (p - a)
    return total / len(actual)


def interval_coverage(
    actual: Sequence[float], lower: Sequence[float], upper: Sequence[float]
) -> float:
    """Share of actual values inside [lower, upper]: compare with the interval's nominal level."""
    inside = sum(1 for a, lo, hi in zip(actual, lower, upper, strict=True) if lo <= a <= hi)
    return inside / len(actual)

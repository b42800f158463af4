"""Offline metrics, computed from small stated inputs for the worked examples in the chapters.

Plain Python on purpose (no NumPy at build time): inputs are a few dozen numbers. Each function
follows the textbook definition; tests compare every one with scikit-learn on the same inputs.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

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


def normalized_entropy(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Log loss divided by the log loss of always predicting the base rate (He et al., 2014)."""
    base = sum(labels) / len(labels)
    if base in (0.0, 1.0):
        raise ValueError("normalized entropy needs both classes")
    entropy = -(base * math.log(base) + (1 - base) * math.log(1 - base))
    return log_loss(labels, scores) / entropy


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


def precision_at_k(relevance: Sequence[int], k: int) -> float:
    return sum(1 for r in relevance[:k] if r > 0) / k


def recall_at_k(relevance: Sequence[int], k: int, total_relevant: int) -> float:
    return _ratio(sum(1 for r in relevance[:k] if r > 0), total_relevant)


def average_precision_at_k(relevance: Sequence[int], k: int, total_relevant: int) -> float:
    """Mean of precision@i over the ranks i <= k that hold a relevant item."""
    hits, total = 0, 0.0
    for i, r in enumerate(relevance[:k], start=1):
        if r > 0:
            hits += 1
            total += hits / i
    return _ratio(total, min(k, total_relevant))


def reciprocal_rank(relevance: Sequence[int]) -> float:
    return next((1 / i for i, r in enumerate(relevance, start=1) if r > 0), 0.0)


def dcg_at_k(relevance: Sequence[int], k: int) -> float:
    """Discounted cumulative gain with gains 2^rel - 1 and log2(rank + 1) discounts."""
    return float(sum((2.0**r - 1) / math.log2(i + 1) for i, r in enumerate(relevance[:k], start=1)))


def ndcg_at_k(relevance: Sequence[int], k: int) -> float:
    """DCG divided by the DCG of the same results in the best order."""
    return _ratio(dcg_at_k(relevance, k), dcg_at_k(sorted(relevance, reverse=True), k))


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

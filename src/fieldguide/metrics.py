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
    (2005) and is the form most libraries use.
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

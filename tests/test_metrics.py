"""Every metric function of the worked examples, compared with scikit-learn on the same inputs
where scikit-learn has the metric, and with values derived by hand where it does not."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import entropy
from sklearn import metrics as sk
from sklearn.calibration import calibration_curve
from sklearn.metrics.pairwise import pairwise_distances
from sklearn.preprocessing import MultiLabelBinarizer

from fieldguide import metrics as fg

# A labelled sample with both classes and a few tied scores.
labelled = st.integers(min_value=4, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(
            lambda ys: 0 < sum(ys) < len(ys)
        ),
        st.lists(st.sampled_from([i / 20 for i in range(1, 20)]), min_size=n, max_size=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(labelled, st.sampled_from([0.3, 0.5, 0.7]))
def test_threshold_metrics_match_sklearn(
    sample: tuple[list[int], list[float]], threshold: float
) -> None:
    labels, scores = sample
    predicted = [int(s >= threshold) for s in scores]
    c = fg.confusion(labels, scores, threshold)
    assert fg.precision(c) == pytest.approx(sk.precision_score(labels, predicted, zero_division=0))
    assert fg.recall(c) == pytest.approx(sk.recall_score(labels, predicted, zero_division=0))
    assert fg.f1(c) == pytest.approx(sk.f1_score(labels, predicted, zero_division=0))
    assert fg.accuracy(c) == pytest.approx(sk.accuracy_score(labels, predicted))
    tn, fp, fn, tp = sk.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    assert (c.tp, c.fp, c.tn, c.fn) == (tp, fp, tn, fn)


@settings(max_examples=150, deadline=None)
@given(labelled)
def test_ranking_quality_of_scores_matches_sklearn(sample: tuple[list[int], list[float]]) -> None:
    labels, scores = sample
    assert fg.roc_auc(labels, scores) == pytest.approx(sk.roc_auc_score(labels, scores))
    assert fg.pr_auc(labels, scores) == pytest.approx(sk.average_precision_score(labels, scores))
    assert fg.log_loss(labels, scores) == pytest.approx(sk.log_loss(labels, scores))


@settings(max_examples=100, deadline=None)
@given(labelled)
def test_normalized_entropy_is_log_loss_over_base_rate_log_loss(
    sample: tuple[list[int], list[float]],
) -> None:
    labels, scores = sample
    base = float(np.mean(labels))
    expected = sk.log_loss(labels, scores) / sk.log_loss(labels, [base] * len(labels))
    assert fg.normalized_entropy(labels, scores) == pytest.approx(expected)


@settings(max_examples=100, deadline=None)
@given(labelled, st.sampled_from([0.02, 0.1, 0.3, 0.5]))
def test_normalized_entropy_with_a_background_rate(
    sample: tuple[list[int], list[float]], background: float
) -> None:
    """He et al. (2014) divide by the entropy of the background (training) rate."""
    labels, scores = sample
    background_entropy = float(entropy([background, 1 - background]))  # nats
    expected = sk.log_loss(labels, scores) / background_entropy
    assert fg.normalized_entropy(labels, scores, background) == pytest.approx(expected)


def test_normalized_entropy_by_hand() -> None:
    # Two examples, one click: log loss = -(ln 0.8 + ln 0.8) / 2 = -ln 0.8.
    # Background rate 0.02: entropy = -(0.02 ln 0.02 + 0.98 ln 0.98).
    expected = -math.log(0.8) / -(0.02 * math.log(0.02) + 0.98 * math.log(0.98))
    assert fg.normalized_entropy([1, 0], [0.8, 0.2], 0.02) == pytest.approx(expected)
    # Without a background rate, the sample's own rate (0.5) is used: entropy ln 2.
    assert fg.normalized_entropy([1, 0], [0.8, 0.2]) == pytest.approx(-math.log(0.8) / math.log(2))


@settings(max_examples=100, deadline=None)
@given(labelled, st.integers(2, 10))
def test_calibration_matches_sklearn_calibration_curve(
    sample: tuple[list[int], list[float]], bins: int
) -> None:
    labels, scores = sample
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=bins, strategy="uniform")
    ours = fg.calibration_bins(labels, scores, bins)
    assert [b.positive_rate for b in ours] == pytest.approx(list(prob_true))
    assert [b.mean_score for b in ours] == pytest.approx(list(prob_pred))
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], scores), minlength=bins)
    counts = counts[counts > 0]
    expected = float(np.sum(counts * np.abs(prob_true - prob_pred)) / len(labels))
    assert fg.ece(labels, scores, bins) == pytest.approx(expected)


graded = st.lists(st.integers(0, 3), min_size=2, max_size=15).filter(lambda rel: any(rel))


@settings(max_examples=150, deadline=None)
@given(graded, st.integers(1, 15))
def test_ndcg_matches_sklearn_with_exponential_gains(relevance: list[int], k: int) -> None:
    k = min(k, len(relevance))
    scores = [[len(relevance) - i for i in range(len(relevance))]]  # ranked order: top first
    gains = [[2**r - 1 for r in relevance]]
    judged = [r for r in relevance if r > 0]
    assert fg.ndcg_at_k(relevance, k, judged) == pytest.approx(sk.ndcg_score(gains, scores, k=k))
    assert fg.dcg_at_k(relevance, k) == pytest.approx(sk.dcg_score(gains, scores, k=k))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=12),
    st.lists(st.integers(1, 3), min_size=1, max_size=6),
    st.integers(1, 12),
)
def test_ndcg_counts_judged_items_that_were_not_returned(
    relevance: list[int], unreturned: list[int], k: int
) -> None:
    """sklearn sees the whole judged collection; the unreturned items rank below the list."""
    k = min(k, len(relevance))
    judged = [r for r in relevance if r > 0] + unreturned
    gains = [[2**r - 1 for r in relevance + unreturned]]
    scores = [[len(relevance) - i for i in range(len(relevance))] + [-1] * len(unreturned)]
    assert fg.ndcg_at_k(relevance, k, judged) == pytest.approx(sk.ndcg_score(gains, scores, k=k))


def test_ndcg_by_hand_when_relevant_items_are_missing() -> None:
    discount = [math.log2(i + 1) for i in range(1, 6)]  # ranks 1..5
    # Returned grades 3, 2, 0, 1, 0; a fourth relevant item (grade 1) was not returned.
    dcg = 7 / discount[0] + 3 / discount[1] + 1 / discount[3]
    ideal = 7 / discount[0] + 3 / discount[1] + 1 / discount[2] + 1 / discount[3]
    assert fg.ndcg_at_k([3, 2, 0, 1, 0], 5, [3, 2, 1, 1]) == pytest.approx(dcg / ideal)
    assert dcg / ideal == pytest.approx(0.9491, abs=1e-4)
    # k < R: one of three relevant items in the top 2, at rank 2.
    assert fg.ndcg_at_k([0, 1], 2, [1, 1, 1]) == pytest.approx(
        (1 / discount[1]) / (1 / discount[0] + 1 / discount[1])
    )
    # The best judged item (grade 3) is missing: the list's own best order would score 1.0.
    assert fg.ndcg_at_k([1, 0, 0], 3, [3, 1]) == pytest.approx(1 / (7 + 1 / discount[1]))
    assert fg.ndcg_at_k([0, 0, 0], 3, [2, 1]) == 0.0


def test_ndcg_refuses_a_returned_grade_that_was_not_judged() -> None:
    with pytest.raises(ValueError, match="judged"):
        fg.ndcg_at_k([3, 1], 2, [1, 1])


@settings(max_examples=150, deadline=None)
@given(graded)
def test_average_precision_matches_sklearn_over_the_full_list(relevance: list[int]) -> None:
    binary = [int(r > 0) for r in relevance]
    scores = [len(relevance) - i for i in range(len(relevance))]
    k = len(relevance)
    assert fg.average_precision_at_k(relevance, k, sum(binary)) == pytest.approx(
        sk.average_precision_score(binary, scores)
    )
    hits = sum(binary[:k])
    assert fg.precision_at_k(relevance, k) == pytest.approx(sk.precision_score(binary, [1] * k))
    assert fg.recall_at_k(relevance, k, sum(binary)) == pytest.approx(hits / sum(binary))


@pytest.mark.parametrize(
    ("relevance", "k", "total_relevant", "expected"),
    [
        # R > hits: two of four relevant items returned, at ranks 1 and 3.
        # (1/1 + 2/3) / min(5, 4) = (5/3) / 4
        ([1, 0, 1, 0, 0], 5, 4, (1 + 2 / 3) / 4),
        # k < R: five relevant items, hits at ranks 1 and 2 of the top 3.
        # (1/1 + 2/2) / min(3, 5) = 2 / 3
        ([1, 1, 0, 1, 1, 1], 3, 5, 2 / 3),
        # k < R with every slot relevant: (1 + 1 + 1) / min(3, 10) = 1
        ([1, 1, 1, 1], 3, 10, 1.0),
        # All relevant returned late: (1/2 + 2/5) / min(5, 2)
        ([0, 1, 0, 0, 2], 5, 2, (1 / 2 + 2 / 5) / 2),
        # Relevant items exist, none returned.
        ([0, 0, 0], 3, 2, 0.0),
    ],
)
def test_average_precision_at_k_by_hand(
    relevance: list[int], k: int, total_relevant: int, expected: float
) -> None:
    assert fg.average_precision_at_k(relevance, k, total_relevant) == pytest.approx(expected)


def test_recall_and_precision_at_k_by_hand() -> None:
    assert fg.recall_at_k([1, 0, 1, 0, 0], 5, 4) == pytest.approx(2 / 4)  # R > hits
    assert fg.recall_at_k([1, 1, 1, 1], 2, 4) == pytest.approx(2 / 4)  # k < R
    assert fg.precision_at_k([1, 1, 1, 1], 2) == 1.0
    assert fg.precision_at_k([0, 2, 0, 0, 1], 5) == pytest.approx(2 / 5)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(0, 11), st.integers(1, 12))
def test_reciprocal_rank_at_k_matches_sklearn_label_ranking_average_precision(
    n: int, position: int, k: int
) -> None:
    """With one relevant item, RR equals LRAP while that item is in the top k, else 0."""
    position = min(position, n - 1)
    relevance = [1 if i == position else 0 for i in range(n)]
    scores = [[n - i for i in range(n)]]
    expected = sk.label_ranking_average_precision_score([relevance], scores) if position < k else 0
    assert fg.reciprocal_rank(relevance, k) == pytest.approx(expected)


def test_reciprocal_rank_at_k_by_hand() -> None:
    assert fg.reciprocal_rank([0, 0, 1], 2) == 0.0
    assert fg.reciprocal_rank([0, 0, 1], 3) == pytest.approx(1 / 3)
    assert fg.reciprocal_rank([0, 2, 1], 3) == pytest.approx(1 / 2)


lists_strategy = st.lists(
    st.lists(st.sampled_from("abcdefgh"), min_size=2, max_size=5, unique=True),
    min_size=1,
    max_size=5,
)


@settings(max_examples=100, deadline=None)
@given(lists_strategy)
def test_coverage_matches_a_multilabel_binarizer(recommendations: list[list[str]]) -> None:
    catalog = list("abcdefghij")
    matrix = MultiLabelBinarizer(classes=catalog).fit_transform(recommendations)
    assert fg.coverage(recommendations, len(catalog)) == pytest.approx(matrix.any(axis=0).mean())


@settings(max_examples=100, deadline=None)
@given(lists_strategy)
def test_intra_list_diversity_matches_sklearn_pairwise_distances(
    recommendations: list[list[str]],
) -> None:
    categories = {item: cat for item, cat in zip("abcdefgh", "xxyyzzxy", strict=True)}
    names = sorted(set(categories.values()))
    shares = []
    for items in recommendations:
        onehot = np.array([[categories[i] == n for n in names] for i in items], dtype=bool)
        distances = (
            pairwise_distances(onehot, metric="hamming") * len(names) / 2
        )  # 1 if categories differ
        upper = distances[np.triu_indices(len(items), k=1)]
        shares.append(upper.mean())
    assert fg.intra_list_diversity(recommendations, categories) == pytest.approx(
        float(np.mean(shares))
    )


def test_degenerate_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        fg.roc_auc([1, 1], [0.2, 0.4])
    with pytest.raises(ValueError):
        fg.normalized_entropy([0, 0], [0.2, 0.4])
    with pytest.raises(ValueError):
        fg.normalized_entropy([1, 0], [0.2, 0.4], 1.0)

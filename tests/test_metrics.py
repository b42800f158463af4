"""Every metric function of the worked examples, compared with scikit-learn on the same inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    assert fg.ndcg_at_k(relevance, k) == pytest.approx(sk.ndcg_score(gains, scores, k=k))
    assert fg.dcg_at_k(relevance, k) == pytest.approx(sk.dcg_score(gains, scores, k=k))


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


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(0, 11))
def test_reciprocal_rank_matches_sklearn_label_ranking_average_precision(
    n: int, position: int
) -> None:
    position = min(position, n - 1)
    relevance = [1 if i == position else 0 for i in range(n)]
    scores = [[n - i for i in range(n)]]
    assert fg.reciprocal_rank(relevance) == pytest.approx(
        sk.label_ranking_average_precision_score([relevance], scores)
    )


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

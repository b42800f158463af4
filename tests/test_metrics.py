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

from fieldguide.numbers import metrics as fg

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


# --- object detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([0, 0, 2, 2], [0, 0, 2, 2], 1.0),  # identical
        ([0, 0, 1, 1], [2, 2, 3, 3], 0.0),  # disjoint
        ([0, 0, 1, 1], [1, 0, 2, 1], 0.0),  # touching along an edge: zero-area intersection
        ([0, 0, 1, 1], [1, 1, 2, 2], 0.0),  # touching at a corner
        ([0, 0, 4, 4], [1, 1, 3, 3], 4 / 16),  # nested: intersection = inner box, union = outer
        ([0, 0, 2, 2], [1, 1, 3, 3], 1 / 7),  # partial: 1 shared, 4 + 4 - 1 covered
        ([0, 0, 4, 2], [2, 0, 6, 2], 4 / 12),  # half of each: 4 shared, 8 + 8 - 4 covered
        ([10, 10, 50, 50], [12, 11, 49, 52], 37 * 39 / (1600 + 37 * 41 - 37 * 39)),
    ],
)
def test_iou_by_hand(a: list[float], b: list[float], expected: float) -> None:
    assert fg.iou(a, b) == pytest.approx(expected)
    assert fg.iou(b, a) == pytest.approx(expected)


@pytest.mark.parametrize("bad", [[0, 0, 0, 1], [0, 0, 1, 0], [2, 0, 1, 1], [0, 0, 1]])
def test_iou_refuses_boxes_without_area(bad: list[float]) -> None:
    with pytest.raises(ValueError, match="x2 > x1"):
        fg.iou(bad, [0, 0, 1, 1])


float_box = st.tuples(
    st.floats(-1000, 1000),
    st.floats(-1000, 1000),
    st.floats(0.01, 500),
    st.floats(0.01, 500),
).map(lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))
# Integer boxes on a small canvas, so that random boxes overlap often.
int_box = st.tuples(
    st.integers(0, 24), st.integers(0, 24), st.integers(4, 16), st.integers(4, 16)
).map(lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@settings(max_examples=200, deadline=None)
@given(float_box, float_box, st.sampled_from([0.001, 0.5, 3.0, 1000.0]))
def test_iou_properties(a: tuple[float, ...], b: tuple[float, ...], scale: float) -> None:
    value = fg.iou(a, b)
    assert 0.0 <= value <= 1.0
    assert value == fg.iou(b, a)
    assert fg.iou(a, a) == pytest.approx(1.0)
    scaled = fg.iou([v * scale for v in a], [v * scale for v in b])
    assert scaled == pytest.approx(value, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(int_box, int_box)
def test_iou_matches_counting_pixels(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    """For integer corners, areas are counts of unit cells: rasterize both boxes and count."""
    canvas_a = np.zeros((48, 48), dtype=bool)
    canvas_b = np.zeros((48, 48), dtype=bool)
    canvas_a[a[1] : a[3], a[0] : a[2]] = True
    canvas_b[b[1] : b[3], b[0] : b[2]] = True
    expected = (canvas_a & canvas_b).sum() / (canvas_a | canvas_b).sum()
    assert fg.iou(a, b) == pytest.approx(expected)


def _image(
    ground_truth: list[list[float]], predictions: list[tuple[list[float], float]]
) -> fg.DetectionImage:
    return fg.DetectionImage(ground_truth, [fg.Detection(box, score) for box, score in predictions])


def test_matching_greedy_by_score_with_duplicates() -> None:
    gt = [[0, 0, 10, 10]]
    # Listed low score first: matching still goes by score.
    matches = fg.match_detections(
        gt, [fg.Detection([0, 0, 10, 9], 0.8), fg.Detection([0, 0, 10, 10], 0.9)], 0.5
    )
    assert [(m.prediction, m.ground_truth) for m in matches] == [(1, 0), (0, None)]
    duplicate = matches[1]
    assert not duplicate.true_positive and duplicate.best_iou == pytest.approx(0.9)
    assert duplicate.matched_iou == 0.0


def test_matching_falls_back_to_a_free_box_as_coco_does() -> None:
    """A prediction whose best box is taken matches another free box it overlaps enough.

    The PASCAL VOC devkit would call the second prediction a false positive instead.
    """
    gt = [[0, 0, 10, 10], [2, 0, 12, 10]]
    predictions = [fg.Detection([0, 0, 10, 10], 0.9), fg.Detection([0, 0, 10, 10], 0.8)]
    matches = fg.match_detections(gt, predictions, 0.5)
    assert [m.ground_truth for m in matches] == [0, 1]
    assert matches[1].best_iou == 1.0 and matches[1].matched_iou == pytest.approx(80 / 120)


def test_matching_edge_cases() -> None:
    # IoU exactly at the threshold matches: 1 shared of 2 covered.
    (m,) = fg.match_detections([[0, 0, 2, 1]], [fg.Detection([0, 0, 1, 1], 0.5)], 0.5)
    assert m.true_positive and m.matched_iou == 0.5
    # Equal scores keep their listed order: the first takes the only box.
    tied = fg.match_detections(
        [[0, 0, 4, 4]], [fg.Detection([0, 0, 4, 3], 0.7), fg.Detection([0, 0, 4, 4], 0.7)], 0.5
    )
    assert [(m.prediction, m.ground_truth) for m in tied] == [(0, 0), (1, None)]
    # Equal IoUs with two free boxes go to the first listed box.
    (m,) = fg.match_detections([[0, 0, 2, 2], [2, 0, 4, 2]], [fg.Detection([1, 0, 3, 2], 0.9)], 0.3)
    assert m.ground_truth == 0
    # An image without ground truth: every prediction is a false positive with IoU 0.
    (m,) = fg.match_detections([], [fg.Detection([0, 0, 1, 1], 0.9)], 0.5)
    assert m.ground_truth is None and m.best_iou == 0.0
    with pytest.raises(ValueError, match="IoU threshold"):
        fg.match_detections([], [], 0.0)


EXACT = [0, 0, 10, 10]


@pytest.mark.parametrize(
    ("images", "interpolated", "step_wise"),
    [
        # Every object found, nothing else: AP 1.
        ([_image([EXACT], [(EXACT, 0.9)])], 1.0, 1.0),
        # A duplicate below the only true positive: recall is already complete, AP stays 1.
        ([_image([EXACT], [(EXACT, 0.9), ([0, 0, 10, 9], 0.8)])], 1.0, 1.0),
        # A duplicate between two true positives (TP, FP, TP): precision 1, 1/2, 2/3;
        # AP = (1 + 2/3) / 2.
        (
            [
                _image(
                    [EXACT, [50, 50, 60, 60]], [(EXACT, 0.9), (EXACT, 0.8), ([50, 50, 60, 60], 0.7)]
                )
            ],
            (1 + 2 / 3) / 2,
            (1 + 2 / 3) / 2,
        ),
        # A missed object: two of three found at precision 1; the last recall step adds nothing.
        (
            [
                _image([EXACT], [(EXACT, 0.9)]),
                _image([EXACT, [50, 50, 60, 60]], [(EXACT, 0.8)]),
            ],
            2 / 3,
            2 / 3,
        ),
        # A low-score true positive (TP, FP, TP, TP at 0.1): precision 1, 1/2, 2/3, 3/4.
        # Interpolated: the step at rank 3 uses max(2/3, 3/4) = 3/4, so AP = (1 + 3/4 + 3/4) / 3;
        # step-wise: (1 + 2/3 + 3/4) / 3.
        (
            [
                _image([EXACT], [(EXACT, 0.9), ([30, 30, 40, 40], 0.8)]),
                _image([EXACT, [50, 50, 60, 60]], [(EXACT, 0.7), ([50, 50, 60, 60], 0.1)]),
            ],
            (1 + 3 / 4 + 3 / 4) / 3,
            (1 + 2 / 3 + 3 / 4) / 3,
        ),
        # A box that overlaps too little (IoU 0.4 < 0.5) is a false positive and its object
        # is missed: FP then TP, precision 1/2 at recall 1/2.
        (
            [_image([EXACT, [50, 50, 60, 60]], [([0, 0, 10, 4], 0.9), ([50, 50, 60, 60], 0.3)])],
            (1 / 2) / 2,
            (1 / 2) / 2,
        ),
    ],
)
def test_detection_average_precision_by_hand(
    images: list[fg.DetectionImage], interpolated: float, step_wise: float
) -> None:
    assert fg.detection_average_precision(images, 0.5) == pytest.approx(interpolated)
    assert fg.detection_average_precision(images, 0.5, "none") == pytest.approx(step_wise)


def test_detection_precision_recall_at_a_score_threshold_by_hand() -> None:
    images = [
        _image([EXACT], [(EXACT, 0.9), ([0, 0, 10, 9], 0.8)]),  # TP, duplicate FP
        _image([EXACT, [50, 50, 60, 60]], [(EXACT, 0.3)]),  # TP below 0.5, one object missed
    ]
    counts = fg.detection_counts(images, 0.5, 0.5)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 2)
    assert fg.detection_precision_recall(images, 0.5, 0.5) == (0.5, 1 / 3)
    assert fg.detection_precision_recall(images, 0.5, 0.0) == (2 / 3, 2 / 3)
    assert fg.detection_precision_recall(images, 0.5, 0.95) == (0.0, 0.0)


def test_detection_refuses_no_ground_truth() -> None:
    with pytest.raises(ValueError, match="ground-truth"):
        fg.detection_average_precision([_image([], [(EXACT, 0.9)])], 0.5)


# An independent implementation from the definitions, written the way the PASCAL VOC devkit and
# pycocotools lay it out (arrays, cumulative sums, a precision envelope with sentinels), to check
# the loop-based code under test on random inputs.


def _reference_match(gt: Boxes, preds: Scored, threshold: float) -> list[tuple[float, bool]]:
    """(score, is true positive) per prediction, greedy by descending score (stable)."""
    order = np.argsort([-s for _, s in preds], kind="mergesort")
    g = np.array(gt, dtype=float).reshape(-1, 4)
    taken = np.zeros(len(gt), dtype=bool)
    out = []
    for d in order:
        box = np.array(preds[d][0], dtype=float)
        w = np.clip(np.minimum(g[:, 2], box[2]) - np.maximum(g[:, 0], box[0]), 0, None)
        h = np.clip(np.minimum(g[:, 3], box[3]) - np.maximum(g[:, 1], box[1]), 0, None)
        inter = w * h
        union = (g[:, 2] - g[:, 0]) * (g[:, 3] - g[:, 1]) + (box[2] - box[0]) * (box[3] - box[1])
        ious = inter / (union - inter)
        candidates = np.where((ious >= threshold) & ~taken, ious, -1.0)
        hit = len(gt) > 0 and candidates.max() >= threshold
        if hit:
            taken[int(np.argmax(candidates))] = True  # argmax: first of equal maxima
        out.append((preds[d][1], bool(hit)))
    return out


def _reference_ap(
    images: list[tuple[Boxes, Scored]],
    threshold: float,
    interpolate: bool,
) -> float:
    pooled = [r for gt, preds in images for r in _reference_match(gt, preds, threshold)]
    npos = sum(len(gt) for gt, _ in images)
    if not pooled:
        return 0.0
    order = np.argsort([-s for s, _ in pooled], kind="mergesort")
    tp = np.array([pooled[i][1] for i in order], dtype=float)
    tp_sum, fp_sum = np.cumsum(tp), np.cumsum(1 - tp)
    recall = tp_sum / npos
    precision = tp_sum / (tp_sum + fp_sum)
    mrec = np.concatenate(([0.0], recall))
    mpre = np.concatenate(([0.0], precision))
    if interpolate:
        mpre = np.maximum.accumulate(mpre[::-1])[::-1]  # best precision at this recall or beyond
    steps = np.where(mrec[1:] != mrec[:-1])[0]  # indices where recall moves
    return float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1]))


Boxes = list[tuple[int, ...]]
Scored = list[tuple[tuple[int, ...], float]]


@st.composite
def detection_image(draw: st.DrawFn) -> tuple[Boxes, Scored]:
    """Ground truth plus predictions, half of them a ground-truth box moved by a few pixels
    (near and far matches, duplicates), the rest anywhere; scores repeat, so ties happen."""
    gt = draw(st.lists(int_box, max_size=4))
    predictions = []
    for _ in range(draw(st.integers(0, 6))):
        if gt and draw(st.booleans()):
            x1, y1, x2, y2 = draw(st.sampled_from(gt))
            dx1, dy1, dx2, dy2 = draw(st.lists(st.integers(-4, 4), min_size=4, max_size=4))
            box = (x1 + dx1, y1 + dy1, max(x2 + dx2, x1 + dx1 + 1), max(y2 + dy2, y1 + dy1 + 1))
        else:
            box = draw(int_box)
        predictions.append((box, draw(st.sampled_from([i / 10 for i in range(1, 10)]))))
    return gt, predictions


detection_images = st.lists(detection_image(), min_size=1, max_size=4).filter(
    lambda images: any(gt for gt, _ in images)
)


def _fg_images(
    images: list[tuple[Boxes, Scored]],
) -> list[fg.DetectionImage]:
    return [_image([list(b) for b in gt], [(list(b), s) for b, s in p]) for gt, p in images]


@settings(max_examples=300, deadline=None)
@given(detection_images, st.sampled_from([0.3, 0.5, 0.75]))
def test_detection_average_precision_matches_a_reference(
    images: list[tuple[Boxes, Scored]],
    threshold: float,
) -> None:
    ours = _fg_images(images)
    interpolated = fg.detection_average_precision(ours, threshold)
    step_wise = fg.detection_average_precision(ours, threshold, "none")
    assert interpolated == pytest.approx(_reference_ap(images, threshold, interpolate=True))
    assert step_wise == pytest.approx(_reference_ap(images, threshold, interpolate=False))
    # Interpolation only ever raises precision; AP cannot exceed the recall finally reached.
    final_recall = fg.detection_precision_recall(ours, threshold, 0.0)[1]
    assert step_wise <= interpolated + 1e-12 <= final_recall + 2e-12


@settings(max_examples=300, deadline=None)
@given(detection_images, st.sampled_from([0.3, 0.5, 0.75]), st.sampled_from([0.0, 0.35, 0.5]))
def test_detection_counts_match_a_reference(
    images: list[tuple[Boxes, Scored]],
    threshold: float,
    score_threshold: float,
) -> None:
    pooled = [r for gt, preds in images for r in _reference_match(gt, preds, threshold)]
    kept = [hit for score, hit in pooled if score >= score_threshold]
    boxes = sum(len(gt) for gt, _ in images)
    counts = fg.detection_counts(_fg_images(images), threshold, score_threshold)
    assert (counts.tp, counts.fp, counts.fn) == (
        sum(kept),
        len(kept) - sum(kept),
        boxes - sum(kept),
    )
    # Dropping the low scores before matching changes nothing: matching goes highest score first.
    above = [(gt, [p for p in preds if p[1] >= score_threshold]) for gt, preds in images]
    assert fg.detection_counts(_fg_images(above), threshold, 0.0) == counts


@settings(max_examples=300, deadline=None)
@given(detection_images, st.sampled_from([0.3, 0.5, 0.75]))
def test_step_wise_detection_ap_is_sklearn_average_precision_rescaled(
    images: list[tuple[Boxes, Scored]],
    threshold: float,
) -> None:
    """sklearn's average_precision_score is the step-wise sum without interpolation.

    Give it one sample per prediction (label: true positive or not). Its recall divides by the
    true positives found, not by every ground-truth box, so rescale by found / boxes: missed
    objects contribute no recall step in either. VOC's all-point AP replaces the precision at
    each step by the best precision at that recall or beyond, so it is never lower than this and
    differs whenever precision rises again after a false positive (a low-score true positive).
    Scores are made distinct: sklearn pools tied scores into one threshold, while detection AP
    walks tied predictions one by one.
    """
    distinct = [
        (gt, [(box, round(s + 0.01 * i + 0.001 * j, 4)) for j, (box, s) in enumerate(preds)])
        for i, (gt, preds) in enumerate(images)
    ]
    pooled = [r for gt, preds in distinct for r in _reference_match(gt, preds, threshold)]
    labels = [int(hit) for _, hit in pooled]
    step_wise = fg.detection_average_precision(_fg_images(distinct), threshold, "none")
    if not any(labels):
        assert step_wise == 0.0
        return
    boxes = sum(len(gt) for gt, _ in images)
    expected = sum(labels) / boxes * sk.average_precision_score(labels, [s for s, _ in pooled])
    assert step_wise == pytest.approx(expected)


def test_interpolation_differs_from_sklearn_when_precision_rises_again() -> None:
    """Ranked TP, FP, TP, TP: precision 1, 1/2, 2/3, 3/4. sklearn (like the step-wise variant)
    weights the second recall step by 2/3; VOC's interpolation uses 3/4, the best precision at
    that recall or beyond, because the low-score true positive raised precision again."""
    images = [
        _image([EXACT], [(EXACT, 0.9), ([30, 30, 40, 40], 0.8)]),
        _image([EXACT, [50, 50, 60, 60]], [(EXACT, 0.7), ([50, 50, 60, 60], 0.1)]),
    ]
    sklearn_ap = sk.average_precision_score([1, 0, 1, 1], [0.9, 0.8, 0.7, 0.1])
    assert fg.detection_average_precision(images, 0.5, "none") == pytest.approx(sklearn_ap)
    assert sklearn_ap == pytest.approx((1 + 2 / 3 + 3 / 4) / 3)
    assert fg.detection_average_precision(images, 0.5) == pytest.approx((1 + 3 / 4 + 3 / 4) / 3)


# --- regression and forecasts, against scikit-learn -------------------------------------------

_values = st.lists(
    st.floats(min_value=0.5, max_value=1e4, allow_nan=False, allow_infinity=False),
    min_size=2,
    max_size=30,
)


@given(_values, _values, st.floats(min_value=0.01, max_value=0.99))
def test_regression_metrics_match_scikit_learn(
    actual: list[float], predicted: list[float], quantile: float
) -> None:
    n = min(len(actual), len(predicted))
    a, p = actual[:n], predicted[:n]
    assert fg.mean_absolute_error(a, p) == pytest.approx(sk.mean_absolute_error(a, p))
    assert fg.root_mean_squared_error(a, p) == pytest.approx(
        sk.mean_squared_error(a, p) ** 0.5, rel=1e-9
    )
    assert fg.mean_absolute_percentage_error(a, p) == pytest.approx(
        sk.mean_absolute_percentage_error(a, p)
    )
    assert fg.pinball_loss(a, p, quantile) == pytest.approx(
        sk.mean_pinball_loss(a, p, alpha=quantile)
    )


def test_regression_metrics_by_hand() -> None:
    actual, predicted = [10.0, 20.0, 0.0], [12.0, 15.0, 1.0]
    # errors +2, -5, +1: WAPE = 8 / 30, bias = (2 - 5 + 1) / 3
    assert fg.weighted_absolute_percentage_error(actual, predicted) == pytest.approx(8 / 30)
    assert fg.mean_bias(actual, predicted) == pytest.approx(-2 / 3)
    with pytest.raises(ValueError, match="actual of 0"):
        fg.mean_absolute_percentage_error(actual, predicted)
    # under-predicting the 0.9 quantile by 5 costs 0.9 x 5; over-predicting by 2 costs 0.1 x 2
    assert fg.pinball_loss([10.0, 10.0], [5.0, 12.0], 0.9) == pytest.approx((4.5 + 0.2) / 2)
    assert fg.interval_coverage([1.0, 5.0, 9.0], [0.0, 6.0, 8.0], [2.0, 7.0, 9.0]) == 2 / 3

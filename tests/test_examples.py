"""Worked examples, shortcodes, computed numbers in chapters, the glossary and the word report."""

from __future__ import annotations

import math
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.glossary import acronym_plural, tooltips
from fieldguide.load.problems import ProblemsFound
from fieldguide.load.wordcount import count_words, measure_docs
from fieldguide.numbers import metrics as fm
from fieldguide.numbers.examples import Example, compute_example
from fieldguide.render.charts import example_chart
from fieldguide.render.pages import render_example
from fieldguide.render.shortcodes import expand

from .conftest import Project, line_of
from .test_pages import site_markdown

EXAMPLES = textwrap.dedent(
    """\
    examples:
      - id: cap
        title: Capacity
        estimates:
          inputs:
            - {name: users, value: 86_400_000, unit: users, label: Daily users}
            - {name: loads, value: 10, unit: per_user_per_day, label: Loads per user}
          estimates:
            - {name: qps, label: Average QPS, formula: "users * loads / 86400", unit: qps}
        chart: {type: bars, names: [users, qps], y_label: Count, scale: log10}
      - id: clf
        title: "Four <items>"
        classification:
          labels: [1, 0, 1, 0]
          scores: [0.9, 0.2, 0.6, 0.7]
          bins: 4
          metrics: [precision, recall, roc_auc, ece]
          chart: pr_curve
      - id: rank
        title: One query
        ranking:
          k: 3
          queries:
            - {relevance: [0, 2, 1], judged: [2, 1]}
          metrics: [precision_at_k, mrr, ndcg_at_k]
      - id: div
        title: Lists
        lists:
          catalog_size: 4
          recommendations: [[a, b], [a, c]]
          categories: {a: x, b: x, c: y}
          metrics: [coverage, intra_list_diversity]
    """
)


@pytest.fixture
def with_examples(project: Project) -> Project:
    (project.root / "data" / "examples").mkdir(parents=True)
    (project.root / "data" / "examples" / "demo.yaml").write_text(EXAMPLES)
    return project


def test_examples_are_computed(with_examples: Project) -> None:
    examples = load_catalog(with_examples.root).examples
    assert examples["cap"].values["qps"].shown == "10,000 QPS"  # 86.4M × 10 / 86,400, exact
    assert examples["clf"].values["precision"].shown == "0.667"  # TP 2, FP 1
    assert examples["clf"].values["roc_auc"].value == pytest.approx(0.75)  # 3 of 4 pairs
    assert examples["rank"].values["mrr"].value == pytest.approx(0.5)
    assert examples["div"].values["coverage"].value == pytest.approx(0.75)
    assert examples["div"].values["intra_list_diversity"].value == pytest.approx(0.5)
    # 3 of 4 items shown: a share of the catalog reads as a percentage, with no padded zeros
    assert examples["div"].values["coverage"].shown == "75%"
    assert examples["div"].values["intra_list_diversity"].shown == "0.5"


def test_example_shortcode_renders_tables_and_chart(with_examples: Project) -> None:
    catalog = load_catalog(with_examples.root)
    page = "Intro.\n\n<!-- fieldguide:example id=clf -->\n\nAUC is {{ ex:clf.roc_auc }}.\n"
    markdown = expand(page, catalog, "docs/x.md")
    html = site_markdown().convert(markdown)
    assert "AUC is 0.750." in html
    assert "Four &lt;items&gt;" in html and "<items>" not in html
    assert "xychart-beta" in html and 'class="mermaid"' in html
    assert "<td>0.667</td>" in html or "<strong>0.667</strong>" in html
    # The chart has an accessible name and description (an xychart's title is painted only).
    assert re.search(r"accTitle: Four items\n", html), html
    assert "accDescr: Chart: a line of Precision against Recall." in html


@pytest.mark.parametrize("chart", ["pr_curve", "roc_curve"])
def test_curve_charts_never_repeat_an_x_axis_category(chart: str) -> None:
    """Thresholds that move only one axis used to repeat a category (0.50, 0.50, ...)."""
    example = Example.model_validate(
        {
            "id": "c",
            "title": "t",
            "classification": {
                "labels": [1, 0, 0, 1, 1, 0, 0, 1],
                "scores": [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2],
                "metrics": ["pr_auc"],
                "chart": chart,
            },
        }
    )
    source = example_chart(compute_example(example, "f"))
    assert source is not None
    axis = next(line for line in source.splitlines() if line.lstrip().startswith("x-axis"))
    categories = axis[axis.index("[") + 1 : axis.index("]")].split(", ")
    assert len(categories) == len(set(categories)) > 2
    if chart == "pr_curve":
        # recall 0.25, 0.50, 0.75, 1.00 reached at ranks 1, 4, 5, 8: precision 1, 2/4, 3/5, 4/8
        assert categories == ['"0.25"', '"0.50"', '"0.75"', '"1.00"']
        assert "line [1, 0.5, 0.6, 0.5]" in source


@pytest.mark.parametrize("example_id", ["cap", "clf", "rank", "div"])
def test_every_kind_converts_to_html(with_examples: Project, example_id: str) -> None:
    catalog = load_catalog(with_examples.root)
    html = site_markdown().convert(
        expand(f"<!-- fieldguide:example id={example_id} -->\n", catalog, "p.md")
    )
    assert 'class="admonition example"' in html and "<table>" in html


def test_unknown_example_and_value_are_reported_with_the_line(with_examples: Project) -> None:
    catalog = load_catalog(with_examples.root)
    page = (
        "One.\n<!-- fieldguide:example id=nope -->\n"
        "Three {{ ex:cap.missing }} and {{ ex:ghost.x }}.\n{{ ex:bad }}\n"
    )
    with pytest.raises(ProblemsFound) as info:
        expand(page, catalog, "docs/framework/x.md")
    found = {(p.file, p.line) for p in info.value.problems}
    assert found == {
        ("docs/framework/x.md", 2),
        ("docs/framework/x.md", 3),
        ("docs/framework/x.md", 4),
    }
    messages = " ".join(p.message for p in info.value.problems)
    assert "'nope'" in messages and "'missing'" in messages and "'ghost'" in messages


def test_a_computed_number_broken_across_lines_is_reported(with_examples: Project) -> None:
    """Rewrapping can split a number after its braces; it must fail, not show raw text."""
    catalog = load_catalog(with_examples.root)
    assert "ex:" not in expand(
        "Load {{ ex:cap.qps }} a second.\n", catalog, "x.md"
    )  # one line: fine
    with pytest.raises(ProblemsFound) as info:
        expand("One.\nLoad {{\n  ex:cap.qps }} a second.\n", catalog, "docs/framework/x.md")
    [problem] = info.value.problems
    assert (problem.file, problem.line) == ("docs/framework/x.md", 2)
    assert "broken across lines" in problem.message


def test_bad_example_data_names_file_line_and_field(project: Project) -> None:
    folder = project.root / "data" / "examples"
    folder.mkdir(parents=True)
    bad = EXAMPLES.replace("scores: [0.9, 0.2, 0.6, 0.7]", "scores: [0.9, 0.2, 0.6]").replace(
        'formula: "users * loads / 86400"', 'formula: "users * lods / 86400"'
    )
    (folder / "bad.yaml").write_text(bad)
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    problems = {(p.file, p.line, p.field): p.message for p in info.value.problems}
    assert (
        "data/examples/bad.yaml",
        line_of(bad, "- id: clf") + 2,
        "examples[1].classification",
    ) in problems
    formula = (
        "data/examples/bad.yaml",
        line_of(bad, "lods"),
        "examples[0].estimates.estimates[0].formula",
    )
    assert "undeclared name(s) lods" in problems[formula]


def test_duplicate_example_ids_are_reported(with_examples: Project) -> None:
    (with_examples.root / "data" / "examples" / "more.yaml").write_text(EXAMPLES)
    with pytest.raises(ProblemsFound) as info:
        load_catalog(with_examples.root)
    assert len(info.value.problems) == 4
    assert all(
        "duplicate example id" in p.message and p.file == "data/examples/more.yaml"
        for p in info.value.problems
    )


def test_an_example_has_exactly_one_kind() -> None:
    with pytest.raises(ValueError, match="exactly one of"):
        Example.model_validate({"id": "x", "title": "t"})


def test_a_returned_grade_missing_from_the_judgments_is_refused() -> None:
    with pytest.raises(ValueError, match="not judged: 2"):
        Example.model_validate(
            {
                "id": "r",
                "title": "t",
                "ranking": {
                    "k": 2,
                    "queries": [{"relevance": [2, 1], "judged": [1, 1]}],
                    "metrics": ["mrr"],
                },
            }
        )


def test_ranking_uses_the_judgments_for_recall_map_and_ndcg() -> None:
    """A relevant item that was not returned counts in R and in the ideal list of nDCG."""
    example = Example.model_validate(
        {
            "id": "r",
            "title": "t",
            "ranking": {
                "k": 3,
                "queries": [{"relevance": [0, 1, 0], "judged": [3, 1]}],
                "metrics": ["recall_at_k", "map_at_k", "mrr", "ndcg_at_k"],
            },
        }
    )
    worked = compute_example(example, "f")
    assert worked.values["recall_at_k"].value == pytest.approx(1 / 2)
    assert worked.values["map_at_k"].value == pytest.approx((1 / 2) / 2)  # (1/2) / min(3, 2)
    assert worked.values["mrr"].value == pytest.approx(1 / 2)
    # DCG = 1 / log2(3); ideal = 7 / log2(2) + 1 / log2(3)
    dcg = 1 / math.log2(3)
    assert worked.values["ndcg_at_k"].value == pytest.approx(dcg / (7 + dcg))


def test_a_relevance_grade_threshold_binarizes_all_but_ndcg() -> None:
    """At relevant_grade 2, a grade-1 result is a miss for the binary metrics, not for nDCG."""
    ranking = {
        "k": 3,
        "queries": [{"relevance": [1, 0, 2], "judged": [3, 2, 1]}],
        "metrics": ["precision_at_k", "recall_at_k", "map_at_k", "mrr", "ndcg_at_k"],
    }
    graded = compute_example(
        Example.model_validate(
            {"id": "r", "title": "t", "ranking": {**ranking, "relevant_grade": 2}}
        ),
        "f",
    )
    plain = compute_example(
        Example.model_validate({"id": "r", "title": "t", "ranking": ranking}), "f"
    )
    assert graded.values["precision_at_k"].value == pytest.approx(1 / 3)  # only rank 3 counts
    assert graded.values["recall_at_k"].value == pytest.approx(1 / 2)  # R = 2 at grade >= 2
    assert graded.values["map_at_k"].value == pytest.approx((1 / 3) / 2)
    assert graded.values["mrr"].value == pytest.approx(1 / 3)
    assert plain.values["mrr"].value == pytest.approx(1.0)  # the default counts grade 1
    assert graded.values["ndcg_at_k"].value == pytest.approx(plain.values["ndcg_at_k"].value)
    assert graded.relevant_in_collection == [2]  # judged grades 3 and 2 reach grade 2
    assert plain.relevant_in_collection == [3]
    html = site_markdown().convert(render_example(graded))
    assert "grade 2 or above" in html
    assert "<td>1, 0, 2</td>\n<td>2</td>" in html.replace(' style="text-align: right;"', "")


def test_normalized_entropy_uses_a_stated_background_rate() -> None:
    example = Example.model_validate(
        {
            "id": "c",
            "title": "t",
            "classification": {
                "labels": [1, 0],
                "scores": [0.8, 0.2],
                "background_rate": 0.02,
                "metrics": ["normalized_entropy"],
            },
        }
    )
    worked = compute_example(example, "f")
    background_entropy = -(0.02 * math.log(0.02) + 0.98 * math.log(0.98))
    assert worked.values["normalized_entropy"].value == pytest.approx(
        -math.log(0.8) / background_entropy
    )


GLOSSARY = textwrap.dedent(
    """\
    terms:
      - term: ANN
        expansion: approximate nearest neighbor
        definition: Finding vectors close to a query without comparing against all of them.
        abbr: true
      - term: Two-tower model
        definition: "A retrieval model with <separate> user and item networks."
    """
)


def test_glossary_page_and_tooltips(project: Project) -> None:
    (project.root / "data").mkdir()
    (project.root / "data" / "glossary.yaml").write_text(GLOSSARY)
    catalog = load_catalog(project.root)
    page = expand("# Glossary\n\n<!-- fieldguide:glossary -->\n", catalog, "docs/glossary.md")
    html = site_markdown(abbr={"glossary": tooltips(catalog.glossary)}).convert(
        page + "\nWe use ANN here, and ANNs there.\n"
    )
    assert '<dt id="term-ann">' in html and "(approximate nearest neighbor)</dt>" in html
    assert "&lt;separate&gt;" in html
    tooltip = '<abbr title="approximate nearest neighbor: Finding vectors close'
    assert f'{tooltip} to a query without comparing against all of them.">ANN</abbr>' in html
    assert f'{tooltip} to a query without comparing against all of them.">ANNs</abbr>' in html


@pytest.mark.parametrize(
    ("term", "plural"),
    [
        *[("GPU", "GPUs"), ("IoU", "IoUs"), ("PR-AUC", "PR-AUCs"), ("nDCG", "nDCGs")],
        *[("QPS", None), ("IPS", None), ("KV cache", None), ("p99", None)],
        ("Two-tower model", None),
    ],
)
def test_only_acronyms_get_a_plural_tooltip(term: str, plural: str | None) -> None:
    assert acronym_plural(term) == plural


def test_duplicate_glossary_terms_are_reported(project: Project) -> None:
    (project.root / "data").mkdir()
    text = GLOSSARY + "  - term: ann\n    definition: Again.\n"
    (project.root / "data" / "glossary.yaml").write_text(text)
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("data/glossary.yaml", line_of(text, "term: ann"))


def test_word_count_ignores_front_matter_code_and_comments(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\n---\n\n# Title here\n\nOne two {{ ex:a.b }}.\n\n"
        "```mermaid\nflowchart LR\n```\n<!-- hidden words -->\n"
    )
    assert count_words(text) == 5  # Title, here, One, two, and the number
    (tmp_path / "framework").mkdir()
    (tmp_path / "framework" / "clarify.md").write_text(text)
    (tmp_path / "framework" / "index.md").write_text(text)
    pages = {p.path: p for p in measure_docs(tmp_path)}
    assert pages["docs/framework/clarify.md"].shortfalls()[0].startswith("5 words")
    assert pages["docs/framework/index.md"].shortfalls() == []
    assert pages["docs/framework/clarify.md"].diagrams == 1


# Three dashcam frames; boxes are [x1, y1, x2, y2]. Frame 1: a true positive, a duplicate of it
# and a loosely placed true positive; frame 2: a true positive and a false alarm, one small
# pedestrian missed; frame 3: a box that overlaps too little and a true positive scored 0.35.
DETECTION = textwrap.dedent(
    """\
    examples:
      - id: det
        title: Pedestrians
        detection:
          iou_threshold: 0.5
          score_threshold: 0.5
          images:
            - ground_truth:
                - [100, 80, 160, 240]
                - [300, 90, 350, 230]
              predictions:
                - {box: [104, 84, 162, 236], score: 0.95}
                - {box: [110, 90, 170, 250], score: 0.72}
                - {box: [306, 100, 358, 246], score: 0.64}
            - ground_truth: [[400, 100, 470, 300], [50, 150, 70, 200]]
              predictions:
                - {box: [412, 118, 478, 306], score: 0.88}
                - {box: [520, 60, 580, 220], score: 0.81}
            - ground_truth: [[200, 100, 260, 260], [420, 120, 470, 250]]
              predictions:
                - {box: [215, 130, 275, 290], score: 0.77}
                - {box: [422, 124, 471, 252], score: 0.35}
          metrics: [iou, precision, recall, average_precision]
          chart: pr_curve
    """
)


def _detection_inputs() -> list[fm.DetectionImage]:
    return [
        fm.DetectionImage(
            [[100, 80, 160, 240], [300, 90, 350, 230]],
            [
                fm.Detection([104, 84, 162, 236], 0.95),
                fm.Detection([110, 90, 170, 250], 0.72),
                fm.Detection([306, 100, 358, 246], 0.64),
            ],
        ),
        fm.DetectionImage(
            [[400, 100, 470, 300], [50, 150, 70, 200]],
            [fm.Detection([412, 118, 478, 306], 0.88), fm.Detection([520, 60, 580, 220], 0.81)],
        ),
        fm.DetectionImage(
            [[200, 100, 260, 260], [420, 120, 470, 250]],
            [fm.Detection([215, 130, 275, 290], 0.77), fm.Detection([422, 124, 471, 252], 0.35)],
        ),
    ]


def _write_examples(project: Project, text: str) -> None:
    folder = project.root / "data" / "examples"
    folder.mkdir(parents=True)
    (folder / "det.yaml").write_text(text)


def test_detection_example_is_computed_with_the_metric_functions(project: Project) -> None:
    _write_examples(project, DETECTION)
    worked = load_catalog(project.root).examples["det"]
    values = {name: v.value for name, v in worked.values.items()}
    images = _detection_inputs()
    assert values["average_precision"] == pytest.approx(fm.detection_average_precision(images, 0.5))
    precision, recall = fm.detection_precision_recall(images, 0.5, 0.5)
    assert (values["precision"], values["recall"]) == (precision, recall)
    # By hand. Ranked by score: TP 0.95, TP 0.88, FP 0.81 (no overlap), FP 0.77 (IoU 0.438),
    # FP 0.72 (duplicate), TP 0.64, TP 0.35; six pedestrians. Precision at the true positives:
    # 1, 1, 3/6, 4/7; interpolated: 1, 1, 4/7, 4/7.
    assert values["average_precision"] == pytest.approx((1 + 1 + 4 / 7 + 4 / 7) / 6)
    assert (values["tp"], values["fp"], values["fn"]) == (3, 3, 3)  # scores >= 0.5
    assert precision == recall == 0.5
    assert values["iou"] == pytest.approx(
        (
            fm.iou([104, 84, 162, 236], [100, 80, 160, 240])
            + fm.iou([412, 118, 478, 306], [400, 100, 470, 300])
            + fm.iou([306, 100, 358, 246], [300, 90, 350, 230])
        )
        / 3
    )
    # Shared 45 × 130 of 60 × 160 + 60 × 160 - 45 × 130.
    assert values["best_iou_4"] == pytest.approx(45 * 130 / (2 * 9600 - 45 * 130))
    assert values["ground_truth"] == 6 and values["predictions"] == 7
    assert [row.outcome for row in worked.detections] == [
        "TP (ground truth 1)",
        "TP (ground truth 3)",
        "FP (IoU < 0.5)",
        "FP (IoU < 0.5)",
        "FP (duplicate)",
        "TP (ground truth 2)",
        "TP (ground truth 6)",
    ]
    assert [g.matched_rank for g in worked.ground_truth] == [1, 6, 2, None, None, 7]


def test_detection_example_renders_tables_chart_and_numbers(project: Project) -> None:
    _write_examples(project, DETECTION)
    catalog = load_catalog(project.root)
    page = "<!-- fieldguide:example id=det -->\n\nAP is {{ ex:det.average_precision }}.\n"
    html = site_markdown().convert(expand(page, catalog, "docs/x.md"))
    assert "AP is 0.524." in html
    for text in ("TP (ground truth 1)", "FP (duplicate)", "FP (IoU &lt; 0.5)", "missed"):
        assert text in html
    assert "<strong>0.524</strong>" in html and 'class="mermaid"' in html
    chart = example_chart(catalog.examples["det"])
    assert chart is not None
    bars = next(line for line in chart.splitlines() if line.strip().startswith("bar"))
    heights = [float(v) for v in bars[bars.index("[") + 1 : bars.index("]")].split(", ")]
    # One bar per recall step of 1/6: the interpolated precision AP uses, so AP = mean of bars
    # (to the three significant digits of the chart).
    assert len(heights) == 6
    assert sum(heights) / 6 == pytest.approx((1 + 1 + 4 / 7 + 4 / 7) / 6, abs=1e-3)


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        (
            "- [300, 90, 350, 230]",
            "- [300, 90, 250, 230]",
            "[300, 90, 250, 230]",
            "images[0].ground_truth[1]",
            "with x2 > x1 and y2 > y1; found [300, 90, 250, 230]",
        ),
        (
            "{box: [110, 90, 170, 250], score: 0.72}",
            "{box: [110, 90, 170], score: 0.72}",
            "[110, 90, 170]",
            "images[0].predictions[1].box",
            "expected a box of 4 numbers [x1, y1, x2, y2]; found 3 numbers",
        ),
        (
            "{box: [306, 100, 358, 246], score: 0.64}",
            "{box: [306, 100, 358, 246], score: 1.5}",
            "score: 1.5",
            "images[0].predictions[2].score",
            "less than or equal to 1",
        ),
        (
            "- [100, 80, 160, 240]",
            "- [-100, 80, 160, 240]",
            "[-100, 80, 160, 240]",
            "images[0].ground_truth[0][0]",
            "greater than or equal to 0",
        ),
        (
            "{box: [104, 84, 162, 236], score: 0.95}",
            "{box: [104, 84, 162, .nan], score: 0.95}",
            ".nan",
            "images[0].predictions[0].box[3]",
            "finite number",
        ),
    ],
)
def test_bad_detection_boxes_name_file_line_and_field(
    project: Project, old: str, new: str, needle: str, field: str, message: str
) -> None:
    bad = DETECTION.replace(old, new)
    assert bad != DETECTION
    _write_examples(project, bad)
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.field) == (
        "data/examples/det.yaml",
        line_of(bad, needle),
        f"examples[0].detection.{field}",
    )
    assert message in problem.message


def test_detection_sizes_and_results_are_checked(project: Project) -> None:
    """No ground truth at all, and a mean IoU of true positives when there is none."""
    empty = textwrap.dedent(
        """\
        examples:
          - id: det
            title: Nothing to find
            detection:
              images:
                - ground_truth: []
                  predictions: [{box: [1, 1, 2, 2], score: 0.9}]
              metrics: [average_precision]
        """
    )
    strict = DETECTION.replace("score_threshold: 0.5", "score_threshold: 0.99")
    crowded = DETECTION.replace(
        "- ground_truth: [[400, 100, 470, 300], [50, 150, 70, 200]]",
        "- ground_truth: [" + ", ".join(["[400, 100, 470, 300]"] * 29) + "]",
    )
    for text, line, field, message in (
        (empty, "detection:", "examples[0].detection", "at least one ground-truth box"),
        (crowded, "detection:", "examples[0].detection", "at most 30 ground-truth boxes"),
        (strict, "- id: det", "examples[0]", "no prediction scoring at least 0.99"),
    ):
        folder = project.root / "data" / "examples"
        if folder.exists():
            shutil.rmtree(folder)
        _write_examples(project, text)
        with pytest.raises(ProblemsFound) as info:
            load_catalog(project.root)
        (problem,) = info.value.problems
        assert (problem.line, problem.field) == (line_of(text, line), field)
        assert message in problem.message


def examples_folder(root: Path) -> Path:
    """An empty data/examples/ under ``root``, for load_examples(root)."""
    folder = root / "data" / "examples"
    folder.mkdir(parents=True)
    return folder


def test_regression_example_is_computed_with_the_metric_functions(tmp_path: Path) -> None:
    from fieldguide.numbers import metrics as mt
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    (folder / "r.yaml").write_text(
        "examples:\n  - id: r\n    title: T\n    regression:\n"
        "      actual: [12, 30, 8]\n      predicted: [10, 33, 8]\n"
        "      lower: [8, 25, 6]\n      upper: [15, 40, 11]\n"
        "      metrics: [mae, wape, pinball, coverage]\n"
    )
    worked = load_examples(tmp_path)["r"]
    assert worked.values["mae"].value == mt.mean_absolute_error([12, 30, 8], [10, 33, 8])
    assert worked.values["wape"].shown == "10.0%"  # 5 / 50
    assert worked.values["coverage"].value == 1.0
    assert worked.values["nominal_coverage"].shown == "80%"
    (folder / "r.yaml").write_text(
        "examples:\n  - id: r\n    title: T\n    regression:\n"
        "      actual: [12, 30, 8]\n      predicted: [10, 33]\n      metrics: [mae]\n"
    )
    with pytest.raises(ProblemsFound) as info:
        load_examples(tmp_path)
    assert "one per actual" in str(info.value) and "r.yaml:" in str(info.value)


def test_a_threshold_can_come_from_an_estimate_in_any_file(tmp_path: Path) -> None:
    """A derived threshold is computed, not typed; the estimate may sit in a later file."""
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    scored = (
        "examples:\n  - id: scored\n    title: T\n    classification:\n"
        "      labels: [1, 1, 0, 0]\n      scores: [0.9, 0.4, 0.35, 0.1]\n"
        "      threshold_from: {ref}\n      metrics: [precision, recall]\n"
    )
    costs = (
        "examples:\n  - id: costs\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: miss, value: 3, unit: usd, label: Cost of a miss}\n"
        "        - {name: alarm, value: 2, unit: usd, label: Cost of a false alarm}\n"
        "      estimates:\n"
        "        - {name: cut, label: Threshold, formula: alarm / (alarm + miss), unit: fraction}\n"
        "        - {name: big, label: Not a threshold, formula: alarm + miss, unit: usd}\n"
    )
    (folder / "a.yaml").write_text(scored.format(ref="costs.cut"))
    (folder / "b.yaml").write_text(costs)
    worked = load_examples(tmp_path)["scored"]
    assert worked.values["threshold"].value == pytest.approx(0.4)  # 2 / (2 + 3)
    assert (worked.values["tp"].value, worked.values["fp"].value) == (2, 0)  # 0.4 and up
    for ref, message in (
        ("costs.big", "between 0 and 1"),
        ("costs.nope", "has no value 'nope'"),
        ("ghost.cut", "unknown example 'ghost'"),
    ):
        (folder / "a.yaml").write_text(scored.format(ref=ref))
        with pytest.raises(ProblemsFound) as info:
            load_examples(tmp_path)
        [problem] = info.value.problems
        assert problem.file == "data/examples/a.yaml" and problem.line == 7
        assert problem.field == "examples[0].classification.threshold_from"
        assert message in problem.message
    second = (
        scored.format(ref="scored.precision")
        .replace("examples:\n", "")
        .replace("id: scored", "id: second")
    )
    (folder / "a.yaml").write_text(scored.format(ref="costs.cut") + second)
    with pytest.raises(ProblemsFound, match="expected an estimates example; 'scored'"):
        load_examples(tmp_path)  # order-free: only estimates, computed first, can be named
    both = scored.format(ref="costs.cut").replace(
        "      metrics", "      threshold: 0.5\n      metrics"
    )
    (folder / "a.yaml").write_text(both)
    with pytest.raises(ProblemsFound, match="threshold or threshold_from, not both"):
        load_examples(tmp_path)
    unresolved = Example.model_validate(
        {
            "id": "x",
            "title": "t",
            "classification": {
                "labels": [1, 0],
                "scores": [0.9, 0.1],
                "threshold_from": "costs.cut",
                "metrics": ["precision"],
            },
        }
    )
    with pytest.raises(ValueError, match="not resolved"):
        compute_example(unresolved, "f")


def test_an_input_can_quote_another_example_in_any_order(tmp_path: Path) -> None:
    """`from: id.name` gives an estimates input another example's value (counts a
    classification computes, an estimate), so no number is copied by hand; examples are
    computed in the order their references need, across files."""
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    quoting = (
        "examples:\n  - id: agreement\n    title: T\n    estimates:\n      inputs:\n"
        "        - {{name: tp{tp}, unit: count, label: Passed and right}}\n"
        "        - {{name: fp, from: judge.fp, unit: count, label: Passed and wrong}}\n"
        "      estimates:\n"
        "        - {{name: passed, label: Passed, formula: tp + fp, unit: count}}\n"
    )
    judge = (
        "examples:\n  - id: judge\n    title: T\n    classification:\n"
        "      labels: [1, 1, 0, 0, 1]\n      scores: [0.9, 0.7, 0.6, 0.2, 0.3]\n"
        "      threshold: 0.5\n      metrics: [precision]\n"
    )
    (folder / "a.yaml").write_text(quoting.format(tp=", from: judge.tp"))  # read before b.yaml
    (folder / "b.yaml").write_text(judge)
    worked = load_examples(tmp_path)["agreement"]
    labels, scores = [1, 1, 0, 0, 1], [0.9, 0.7, 0.6, 0.2, 0.3]
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y == 1 and s >= 0.5)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if y == 0 and s >= 0.5)
    assert (worked.values["tp"].value, worked.values["fp"].value) == (tp, fp)
    assert worked.values["passed"].value == tp + fp
    for tp_field, message, field in (
        (", from: judge.nope", "has no value 'nope'", "examples[0].estimates.inputs[0].from"),
        (", from: ghost.tp", "unknown example 'ghost'", "examples[0].estimates.inputs[0].from"),
        (", value: 2, from: judge.tp", "exactly one", "examples[0].estimates.inputs[0]"),
        ("", "exactly one", "examples[0].estimates.inputs[0]"),  # neither
        (", from: agre.tp", "did you mean 'agreement'?", "examples[0].estimates.inputs[0].from"),
        (
            ", from: agreement.passed",
            "found agreement → agreement",
            "examples[0].estimates.inputs[0].from",
        ),
    ):
        (folder / "a.yaml").write_text(quoting.format(tp=tp_field))
        with pytest.raises(ProblemsFound) as info:
            load_examples(tmp_path)
        [problem] = info.value.problems
        assert problem.file == "data/examples/a.yaml", problem
        assert problem.field == field and message in problem.message, problem
        assert problem.line == 6, problem


def test_examples_quoting_each_other_in_a_cycle_are_reported(tmp_path: Path) -> None:
    """Each example on the cycle is reported at the reference that closes it; one that only
    waits on the cycle adds no problem of its own."""
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    pair = (
        "examples:\n"
        "  - id: first\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: a, from: second.b, unit: count, label: A}\n"
        "      estimates:\n        - {name: a2, label: A2, formula: a * 2, unit: count}\n"
        "  - id: second\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: b, from: first.a2, unit: count, label: B}\n"
        "      estimates:\n        - {name: b2, label: B2, formula: b * 2, unit: count}\n"
        "  - id: bystander\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: c, from: first.a, unit: count, label: C}\n"
        "      estimates:\n        - {name: c2, label: C2, formula: c * 2, unit: count}\n"
    )
    (folder / "a.yaml").write_text(pair)
    with pytest.raises(ProblemsFound) as info:
        load_examples(tmp_path)
    reported = {(p.line, p.field, p.message.rsplit("found ", 1)[1]) for p in info.value.problems}
    assert reported == {
        (
            line_of(pair, "from: second.b"),
            "examples[0].estimates.inputs[0].from",
            "first → second → first",
        ),
        (
            line_of(pair, "from: first.a2"),
            "examples[1].estimates.inputs[0].from",
            "second → first → second",
        ),
    }


def test_references_chain_across_files_and_kinds(tmp_path: Path) -> None:
    """A chain in reverse file order (c.yaml quoted by b.yaml quoted by a.yaml), and a
    threshold from an estimate that itself quotes a classification, all compute."""
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    (folder / "a.yaml").write_text(
        "examples:\n  - id: top\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: x, from: middle.y, unit: count, label: X}\n"
        "      estimates:\n        - {name: x3, label: X3, formula: x * 3, unit: count}\n"
        "  - id: rescored\n    title: T\n    classification:\n"
        "      labels: [1, 0, 1, 0]\n      scores: [0.9, 0.6, 0.3, 0.1]\n"
        "      threshold_from: middle.share\n      metrics: [recall]\n"
    )
    (folder / "b.yaml").write_text(
        "examples:\n  - id: middle\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: positives, from: base.tp, unit: count, label: P}\n"
        "        - {name: all, value: 8, unit: count, label: All}\n"
        "      estimates:\n"
        "        - {name: y, label: Y, formula: positives + 1, unit: count}\n"
        "        - {name: share, label: S, formula: positives / all, unit: fraction}\n"
    )
    (folder / "c.yaml").write_text(
        "examples:\n  - id: base\n    title: T\n    classification:\n"
        "      labels: [1, 1, 0]\n      scores: [0.8, 0.7, 0.2]\n      metrics: [precision]\n"
    )
    found = load_examples(tmp_path)
    assert found["middle"].values["positives"].value == 2  # base: two positives above 0.5
    assert found["top"].values["x3"].value == (2 + 1) * 3
    assert found["rescored"].values["threshold"].value == pytest.approx(2 / 8)
    assert found["rescored"].values["tp"].value == 2  # 0.9 and 0.3 reach 0.25 (at 0.5: one)


def test_quotes_report_units_duplicates_and_every_bad_reference(tmp_path: Path) -> None:
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    source = (
        "examples:\n  - id: prices\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: gpu_hour, value: 3, unit: usd, label: Price}\n"
        "      estimates:\n        - {name: day, label: D, formula: gpu_hour * 24, unit: usd}\n"
    )
    quoting = (
        "examples:\n  - id: user\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: a, from: prices.gpu_hour, unit: count, label: A}\n"
        "        - {name: b, from: prices.nothing, unit: usd, label: B}\n"
        "        - {name: c, from: prices.day, unit: usd, label: C}\n"
        "      estimates:\n        - {name: d, label: D, formula: a + b + c, unit: usd}\n"
    )
    (folder / "a.yaml").write_text(quoting)
    twice = source + source.replace("examples:\n", "")
    (folder / "b.yaml").write_text(twice)
    with pytest.raises(ProblemsFound) as info:
        load_examples(tmp_path)
    reported = sorted((p.file, p.line, p.field) for p in info.value.problems)
    assert reported == [
        ("data/examples/a.yaml", 6, "examples[0].estimates.inputs[0].from"),
        ("data/examples/a.yaml", 7, "examples[0].estimates.inputs[1].from"),
        ("data/examples/b.yaml", line_of(twice, "id: prices", 2), "examples[1].id"),
    ]
    messages = " ".join(p.message for p in info.value.problems)
    assert "expected unit 'usd', the unit of prices.gpu_hour; found 'count'" in messages
    assert "has no value 'nothing'" in messages and "duplicate example id 'prices'" in messages


def test_an_example_quoting_one_that_fails_the_schema_adds_no_second_problem(
    tmp_path: Path,
) -> None:
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    (folder / "a.yaml").write_text(
        "examples:\n  - id: bad\n    title: T\n    classification:\n"
        "      labels: [1, 0]\n      scores: [0.9]\n      metrics: [precision]\n"
        "  - id: quoting\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: z, from: bad.tp, unit: count, label: Z}\n"
        "      estimates:\n        - {name: w, label: W, formula: z + 1, unit: count}\n"
    )
    with pytest.raises(ProblemsFound) as info:
        load_examples(tmp_path)
    assert [p.field.split(".")[0] for p in info.value.problems] == ["examples[0]"]


def test_an_example_quoting_a_broken_one_adds_no_second_problem(tmp_path: Path) -> None:
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    (folder / "a.yaml").write_text(
        "examples:\n  - id: broken\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: x, value: 1, unit: count, label: X}\n"
        "      estimates:\n        - {name: y, label: Y, formula: x / 0, unit: count}\n"
        "  - id: quoting\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: z, from: broken.y, unit: count, label: Z}\n"
        "      estimates:\n        - {name: w, label: W, formula: z + 1, unit: count}\n"
    )
    with pytest.raises(ProblemsFound) as info:
        load_examples(tmp_path)
    [problem] = info.value.problems
    assert problem.field.startswith("examples[0].estimates") and problem.line == 8


def test_an_unresolved_quote_is_never_computed_silently() -> None:
    example = Example.model_validate(
        {
            "id": "x",
            "title": "t",
            "estimates": {
                "inputs": [{"name": "a", "from": "other.b", "unit": "count", "label": "A"}],
                "estimates": [{"name": "c", "label": "C", "formula": "a + 1", "unit": "count"}],
            },
        }
    )
    with pytest.raises(ValueError, match="not resolved"):
        compute_example(example, "f")


def test_a_quoted_input_shows_where_it_comes_from(tmp_path: Path) -> None:
    from fieldguide.numbers.examples import load_examples

    folder = examples_folder(tmp_path)
    (folder / "a.yaml").write_text(
        "examples:\n  - id: base\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: price, value: 2.5, unit: usd, label: Price}\n"
        "      estimates:\n        - {name: twice, label: D, formula: price * 2, unit: usd}\n"
        "  - id: user\n    title: T\n    estimates:\n      inputs:\n"
        "        - {name: cost, from: base.twice, unit: usd, label: Cost}\n"
        "        - {name: n, value: 3, unit: count, label: N}\n"
        "      estimates:\n        - {name: all, label: A, formula: cost * n, unit: usd}\n"
    )
    text = render_example(load_examples(tmp_path)["user"])
    quoted = next(line for line in text.splitlines() if "| `cost` |" in line)
    stated = next(line for line in text.splitlines() if "| `n` |" in line)
    assert quoted.rstrip().endswith("| \\$5 (from `base.twice`) |"), quoted  # $ escaped
    assert "(from" not in stated

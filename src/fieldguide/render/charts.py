"""Charts from computed data, drawn with Mermaid's ``xychart-beta`` (the diagram pipeline)."""

from __future__ import annotations

import math
from typing import Literal

from fieldguide.numbers.examples import WorkedExample
from fieldguide.numbers.units import significant
from fieldguide.render.diagrams import accessible_text


def _number(value: float) -> str:
    """Three significant digits in plain notation (Mermaid does not read 2.05e+11)."""
    return significant(value).replace(",", "")


def xychart(
    title: str,
    x_label: str,
    x_values: list[str],
    y_label: str,
    series: list[tuple[str, list[float]]],
    y_range: tuple[float, float] | None = None,
) -> str:
    """Mermaid source; every text goes through the same sanitiser as accessibility lines.
    ``accTitle``/``accDescr`` give the drawn SVG its accessible name and description (an
    xychart otherwise has none: its title is only painted text)."""
    labels = ", ".join(f'"{accessible_text(x)}"' for x in x_values)
    shapes = " and ".join(dict.fromkeys("bars" if k == "bar" else "a line" for k, _ in series))
    against = f" against {x_label}" if x_label else ""
    described = accessible_text(f"Chart: {shapes or 'no data'} of {y_label}{against}.")
    lines = [
        "xychart-beta",
        f"  accTitle: {accessible_text(title)}",
        f"  accDescr: {described}",
        f'  title "{accessible_text(title)}"',
        f'  x-axis "{accessible_text(x_label)}" [{labels}]' if x_label else f"  x-axis [{labels}]",
    ]
    y_axis = f'  y-axis "{accessible_text(y_label)}"'
    if y_range is not None:
        y_axis += f" {_number(y_range[0])} --> {_number(y_range[1])}"
    lines.append(y_axis)
    for kind, values in series:
        lines.append(f"  {kind} [{', '.join(_number(v) for v in values)}]")
    return "\n".join(lines)


def _one_per_x(
    points: list[tuple[float, float]], keep: Literal["first", "last"]
) -> list[tuple[float, float]]:
    """Points in order with each x once: the first or the last point seen at that x."""
    chosen: dict[float, float] = {}
    for x, y in points:
        if keep == "last" or x not in chosen:
            chosen[x] = y
    return list(chosen.items())


def _x_labels(xs: list[float]) -> list[str]:
    """Distinct labels for distinct x values: two decimals, more only if two would collide."""
    for decimals in (2, 3, 4):
        labels = [f"{x:.{decimals}f}" for x in xs]
        if len(set(labels)) == len(labels):
            return labels
    return [repr(x) for x in xs]


def example_chart(worked: WorkedExample) -> str | None:
    """The chart an example asks for, or None."""
    ex = worked.example
    if ex.chart is not None:
        values = [worked.values[name].value for name in ex.chart.names]
        if ex.chart.scale == "log10":
            values = [math.log10(v) if v > 0 else 0.0 for v in values]
        return xychart(ex.title, "", list(ex.chart.names), ex.chart.y_label, [("bar", values)])
    if ex.detection is not None:
        if ex.detection.chart is None:
            return None
        # One category per recall step of 1 / (ground-truth boxes): equal widths, so the mean of
        # the bars (interpolated precision, 0 where recall is never reached) is exactly the AP.
        return xychart(
            ex.title,
            "Recall",
            _x_labels([recall for recall, _, _ in worked.recall_steps]),
            "Precision",
            [
                ("bar", [interpolated for _, _, interpolated in worked.recall_steps]),
                ("line", [step for _, step, _ in worked.recall_steps]),
            ],
            (0, 1),
        )
    c = ex.classification
    if c is None or c.chart is None:
        return None
    if c.chart == "pr_curve":
        # One point per recall level: the precision at the threshold where that recall is first
        # reached, which is the precision average precision weights. Lower thresholds that add
        # only false positives keep the recall and would repeat an x-axis category.
        points = _one_per_x([(x, y) for _, x, y in worked.curve], keep="first")
        return xychart(
            ex.title,
            "Recall",
            _x_labels([x for x, _ in points]),
            "Precision",
            [("line", [y for _, y in points])],
            (0, 1),
        )
    if c.chart == "roc_curve":
        # One point per false-positive rate: the highest true-positive rate reached at it (the
        # corner of each vertical step), so no x-axis category repeats.
        points = _one_per_x([(0.0, 0.0)] + [(x, y) for _, x, y in worked.curve], keep="last")
        return xychart(
            ex.title,
            "False positive rate",
            _x_labels([x for x, _ in points]),
            "True positive rate",
            [("line", [y for _, y in points])],
            (0, 1),
        )
    mids = [f"{(b.low + b.high) / 2:.2f}" for b in worked.bins]
    return xychart(
        ex.title,
        "Predicted probability (bin centre)",
        mids,
        "Observed positive rate (bars) vs mean prediction (line)",
        [
            ("bar", [b.positive_rate for b in worked.bins]),
            ("line", [b.mean_score for b in worked.bins]),
        ],
        (0, 1),
    )

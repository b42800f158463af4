"""What if? The browser recomputes a case's estimates with the build's own formulas and formatting.

``docs/assets/javascripts/tools/what-if-calculator.js`` re-implements the formula evaluator
(:mod:`fieldguide.numbers.estimates`) and the number formatting (:mod:`fieldguide.numbers.units`).
These tests run it in Node over every estimate of every case, with each input as stated, halved
and doubled, over random formulas and over awkward values in every unit, and require the same
values and the same text as Python. Browser tests drive the panel on a built case page.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from typing import Any

import pytest

from fieldguide.load.catalog import CaseEntry, load_catalog
from fieldguide.numbers.estimates import (
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_FORMULA_CHARS,
    MAX_MAGNITUDE,
    MAX_NODES,
    FormulaError,
    evaluate,
    parse_formula,
)
from fieldguide.numbers.units import UNITS, format_value
from fieldguide.numbers.what_if import DEFAULT_RANGE, case_numbers, input_range, recompute
from fieldguide.render.pages import render_case
from fieldguide.render.sanitize import clean_html

from .conftest import ROOT

SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "tools" / "what-if-calculator.js"
NODE = shutil.which("node")
if NODE is None:  # a missing Node is an error, never a silent skip
    pytest.fail(
        "node not found: the what-if parity tests run what-if-calculator.js in Node", pytrace=False
    )

# Reads a JSON list of jobs on stdin and answers each, in order, on stdout.
RUNNER = """
const api = require(process.argv[1]);
let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(text).map((job) => {
    try {
      if (job.kind === "eval") {
        const value = api.evaluate(job.formula, job.values);
        return {value, negative: value < 0 || Object.is(value, -0)};  // JSON loses -0
      }
      if (job.kind === "api") return {functions: api.functions, limits: api.limits};
      if (job.kind === "format") {
        return {text: api.formatValue(job.value, job.unit, job.spec)};
      }
      if (job.kind === "case") {
        return job.variants.map((values) => {
          const result = api.computeAll(job.data, values);
          const shown = {};
          for (const est of job.data.estimates) {
            if (est.name in result.values) {
              shown[est.name] = api.formatValue(
                result.values[est.name], est.unit, job.data.units[est.unit]);
            }
          }
          return {values: result.values, errors: Object.keys(result.errors), shown};
        });
      }
      return {error: "unknown job"};
    } catch (error) {
      if (!(error instanceof api.FormulaError)) return {crash: String(error && error.stack)};
      return {error: error.message};
    }
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def run_node(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert NODE is not None
    done = subprocess.run(
        [NODE, "-e", RUNNER, str(SCRIPT)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(answers) == len(jobs)
    crashes = [a["crash"] for a in answers if "crash" in a]
    assert crashes == [], crashes[:3]
    return answers


@cache
def entries() -> tuple[CaseEntry, ...]:
    return tuple(load_catalog(ROOT).cases)


def same_number(python: float, javascript: float) -> bool:
    """Equal, or within a few units in the last place (libm and V8 may round log/pow apart)."""
    return python == javascript or math.isclose(python, javascript, rel_tol=1e-14, abs_tol=0)


# --- parity over the cases -------------------------------------------------------------------


def case_jobs() -> tuple[list[dict[str, Any]], list[list[tuple[str, dict[str, float | None]]]]]:
    """Every case with: its stated inputs; all halved; all doubled; each halved or doubled at
    random (three times); each scaled by 0.1 to 10; six alone, halved or doubled. With Python's
    answer for each."""
    rng = random.Random(12)  # noqa: S311 (seeded test data)
    jobs: list[dict[str, Any]] = []
    expected: list[list[tuple[str, dict[str, float | None]]]] = []
    for entry in entries():
        scale = entry.case.clarify.scale
        data = case_numbers(scale, entry.estimates)
        stated = {i.name: float(i.value) for i in scale.inputs}
        variants: list[dict[str, float]] = [stated]
        for factors in ((0.5,), (2.0,), (0.5, 2.0), (0.5, 2.0), (0.5, 2.0), (0.1, 0.3, 3, 10)):
            variants.append({n: v * rng.choice(factors) for n, v in stated.items()})
        for item in rng.sample(scale.inputs, min(6, len(scale.inputs))):  # one, as a reader does
            variants.append({**stated, item.name: item.value * rng.choice((0.5, 2.0))})
        jobs.append({"kind": "case", "data": data, "variants": variants})
        expected.append([(f"{entry.slug} with {v}", recompute(scale, v)) for v in variants])
    return jobs, expected


def test_every_estimate_of_every_case_matches_python_in_node() -> None:
    jobs, expected = case_jobs()
    assert len(jobs) == len(entries()) >= 10
    compared = 0
    for job, answers, pythons in zip(jobs, run_node(jobs), expected, strict=True):
        units = job["data"]["units"]
        unit_of = {e["name"]: e["unit"] for e in job["data"]["estimates"]}
        for answer, (where, python) in zip(answers, pythons, strict=True):
            failed = sorted(name for name, value in python.items() if value is None)
            assert sorted(answer["errors"]) == failed, where
            for name, value in python.items():
                if value is None:
                    continue
                assert same_number(value, answer["values"][name]), (where, name)
                assert answer["shown"][name] == format_value(value, unit_of[name]), (where, name)
                assert units[unit_of[name]]["style"] == UNITS[unit_of[name]].style
                compared += 1
    assert compared > 1000


def test_the_stated_inputs_reproduce_every_shown_estimate_exactly() -> None:
    """With the case's own inputs the browser writes every number exactly as the page does."""
    jobs = [
        {"kind": "case", "data": case_numbers(e.case.clarify.scale, e.estimates), "variants": [{}]}
        for e in entries()
    ]
    for entry, [answer] in zip(entries(), run_node(jobs), strict=True):
        assert answer["errors"] == [], entry.slug
        assert answer["shown"] == {e.name: e.shown for e in entry.estimates}, entry.slug
        assert answer["values"] == {e.name: e.value for e in entry.estimates}, entry.slug


# --- parity over random formulas and awkward values ------------------------------------------

NAMES = ("a", "b", "c")
# Division, remainder and rounding are exact in both; log, exp and ** may differ in the last bit
# between the C library and V8, which a later // % or round can turn into a different number.
EXACT = (("+", "-", "*", "/", "//", "%"), ("min", "max", "ceil", "floor", "round", "sqrt", "abs"))
SMOOTH = (("+", "-", "*", "/", "**"), ("min", "max", "log", "exp", "log2", "log10", "sqrt", "abs"))


def random_formula(rng: random.Random, kinds: tuple[tuple[str, ...], ...], depth: int = 0) -> str:
    operators, functions = kinds
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return rng.choice(
            [
                *NAMES,
                str(rng.randint(0, 100)),
                repr(round(rng.uniform(-5, 5), rng.randint(0, 4))),
                "1_000",
                "2.5e3",
                ".5",
                "0x10",
            ]
        )
    if roll < 0.65:
        op = rng.choice(operators)
        left, right = (random_formula(rng, kinds, depth + 1) for _ in range(2))
        return f"{left} {op} {right}"
    if roll < 0.75:
        return f"-{random_formula(rng, kinds, depth + 1)}"
    if roll < 0.85:
        return f"({random_formula(rng, kinds, depth + 1)})"
    name = rng.choice(functions)
    _, fewest, most = FUNCTIONS[name]
    count = rng.randint(fewest, min(most, 3))
    args = [random_formula(rng, kinds, depth + 1) for _ in range(count)]
    return f"{name}({', '.join(args)})"


def python_eval(formula: str, values: dict[str, float]) -> float | None:
    try:
        return evaluate(parse_formula(formula), values)
    except FormulaError:
        return None


def random_parity(kinds: tuple[tuple[str, ...], ...], seed: int) -> list[tuple[Any, ...]]:
    """Evaluate 3,000 random formulas in both; the pairs (job, python, node) that differ."""
    rng = random.Random(seed)  # noqa: S311 (seeded test data)
    jobs: list[dict[str, Any]] = []
    expected: list[float | None] = []
    while len(jobs) < 3000:
        formula = random_formula(rng, kinds)
        values = {n: rng.choice([0.0, 1.0, -2.0, 0.5, 3.0, 1e6, 7.25, 86400.0]) for n in NAMES}
        jobs.append({"kind": "eval", "formula": formula, "values": values})
        expected.append(python_eval(formula, values))
    answers = run_node(jobs)
    outcomes = {python is None for python in expected}
    assert outcomes == {True, False}  # both values and errors were exercised
    return [
        (job, python, answer) for job, python, answer in zip(jobs, expected, answers, strict=True)
    ]


def test_random_formulas_with_exact_operations_give_identical_results() -> None:
    """+ - * / // % and min max ceil floor round sqrt abs: the very same float, sign included."""
    rng_results = random_parity(EXACT, seed=7)
    wrong = []
    for job, python, answer in rng_results:
        if python is None:
            if "error" not in answer:
                wrong.append((job, python, answer))
        elif answer.get("value") != python or answer["negative"] != (math.copysign(1, python) < 0):
            wrong.append((job, python, answer))
    assert wrong == [], wrong[:5]


def test_random_formulas_with_log_exp_and_powers_agree_closely() -> None:
    """** log exp log2 log10: the same outcome, values equal to about 12 significant digits."""
    wrong = []
    for job, python, answer in random_parity(SMOOTH, seed=8):
        if python is None:
            if "error" not in answer:
                wrong.append((job, python, answer))
        elif "value" not in answer or not math.isclose(
            python, answer["value"], rel_tol=1e-12, abs_tol=1e-12
        ):
            wrong.append((job, python, answer))
    assert wrong == [], wrong[:5]


EDGE_FORMULAS = [
    ("-2 ** 2", {}),
    ("2 ** -1", {}),
    ("2 ** 3 ** 2", {}),
    ("-7 // 2", {}),
    ("7 // -2", {}),
    ("-7 % 3", {}),
    ("7.5 % -2", {}),
    ("-0.0 // 5", {}),
    ("round(2.5) + round(3.5) + round(-2.5) + round(0.49999999999999994)", {}),
    ("ceil(-0.5) + floor(-0.5)", {}),
    ("log(8, 2) + log(100) + log2(1024) + log10(1000)", {}),
    ("max(1, 2, 3, 2) - min(4, 1, 1)", {}),
    ("(min)(a, b)", {"a": 1.0, "b": 2.0}),
    ("max(a, b,)", {"a": 1.0, "b": 2.0}),
    ("a  # a comment", {"a": 4.0}),
    ("1e30 * 10", {}),
    ("1e31", {}),
    ("10 ** 65", {}),
    ("(-8) ** 0.5", {}),
    ("0 ** -1", {}),
    ("1 / 0", {}),
    ("5 % 0", {}),
    ("log(0)", {}),
    ("log(5, 1)", {}),
    ("sqrt(-1)", {}),
    ("exp(1000)", {}),
    ("1j", {}),
    ("a.b", {"a": 1.0}),
    ("a[0]", {"a": 1.0}),
    ("a < 2", {"a": 1.0}),
    ("(a, 2)", {"a": 1.0}),
    ("pow(2, 3)", {}),
    ("min(1)", {}),
    ("True + 1", {}),
    ("012", {}),
    ("1__0", {}),
    ("", {}),
    ("   ", {}),
    ("a" * 401, {}),
    ("+".join(["1"] * 101), {}),
    ("ceil", {}),
    ("b", {"a": 1.0}),
]


@pytest.mark.parametrize(
    ("formula", "values"), EDGE_FORMULAS, ids=[f[0][:30] for f in EDGE_FORMULAS]
)
def test_edge_formulas_behave_alike(formula: str, values: dict[str, float]) -> None:
    [answer] = run_node([{"kind": "eval", "formula": formula, "values": values}])
    python = python_eval(formula, values)
    if python is None:
        assert "error" in answer, answer
    else:
        assert "value" in answer, answer
        assert same_number(python, answer["value"])
        assert answer["negative"] == (math.copysign(1, python) < 0)


def awkward_values() -> list[float]:
    rng = random.Random(3)  # noqa: S311 (seeded test data)
    values = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        5.475,
        0.5,
        999.5,
        999.95,
        99_999.0,
        100_000.0,
        99_999.5,
        999_950.0,
        999_949.0,
        1e3,
        1e6 - 1,
        9.995,
        11.57,
        0.0005,
        0.00099995,
        1e-7,
        59.99,
        60.0,
        3599.9,
        86_399.0,
        86_400.0,
        31_535_999.0,
        31_536_000.0,
        1.5e18,
        9.9996e17,
        1e30,
        -1e30,
        123_456.0,
        2.5,
        0.125,
        1 / 3,
        2 / 3,
        0.045,
        0.0449999,
        123.45,
        4096.0,
        -4096.5,
        1e15 - 0.5,
    ]
    for _ in range(1500):
        values.append(rng.uniform(-1, 1) * 10 ** rng.uniform(-8, 25))
        values.append(float(rng.randint(0, 10**6)) * 10 ** rng.randint(-4, 12))
        values.append(round(rng.uniform(0, 1000), rng.randint(0, 3)))
    return values


def test_every_unit_formats_awkward_values_alike() -> None:
    jobs = [
        {
            "kind": "format",
            "value": value,
            "unit": unit,
            "spec": {"style": u.style, "suffix": u.suffix},
        }
        for value in awkward_values()
        for unit, u in UNITS.items()
    ]
    answers = run_node(jobs)
    wrong = [
        (job["value"], job["unit"], format_value(job["value"], job["unit"]), answer.get("text"))
        for job, answer in zip(jobs, answers, strict=True)
        if answer.get("text") != format_value(job["value"], job["unit"])
    ]
    assert wrong == [], wrong[:10]
    assert len(jobs) > 50_000


def test_the_script_knows_the_same_functions_and_limits() -> None:
    [answer] = run_node([{"kind": "api"}])
    assert answer["functions"] == {name: [low, high] for name, (_, low, high) in FUNCTIONS.items()}
    assert answer["limits"] == {
        "chars": MAX_FORMULA_CHARS,
        "nodes": MAX_NODES,
        "exponent": MAX_EXPONENT,
        "magnitude": MAX_MAGNITUDE,
    }


def test_input_ranges() -> None:
    scale = entries()[0].case.clarify.scale
    share = scale.inputs[0].model_copy(update={"value": 0.3, "unit": "fraction"})
    below = scale.inputs[0].model_copy(update={"value": -4.0, "unit": "usd"})
    count = scale.inputs[0].model_copy(update={"value": 12.0, "unit": "count"})
    assert input_range(share) == (0.0, 1.0)
    assert input_range(below) == (-MAX_MAGNITUDE, MAX_MAGNITUDE)
    assert input_range(count) == DEFAULT_RANGE
    data = case_numbers(scale.model_copy(update={"inputs": [share, below, count]}), [])
    assert [(i.get("min"), i.get("max")) for i in data["inputs"]] == [
        (None, 1.0),
        (-MAX_MAGNITUDE, None),
        (None, None),
    ]


def test_names_that_javascript_objects_inherit_are_plain_names() -> None:
    """``constructor`` is a valid input name; the script must not find it on Object.prototype."""
    unit = {"style": "si", "suffix": ""}
    data = {
        "inputs": [{"name": "constructor", "value": 3.0, "unit": "count"}],
        "estimates": [
            {"name": "double", "formula": "constructor * 2", "unit": "count"},
            {"name": "later", "formula": "double + 1", "unit": "count"},
        ],
        "units": {"count": unit},
    }
    [[answer]] = run_node([{"kind": "case", "data": data, "variants": [{}]}])
    assert answer == {
        "values": {"double": 6, "later": 7},
        "errors": [],
        "shown": {"double": "6", "later": "7"},
    }


def test_the_parity_checks_can_fail() -> None:
    """A formatter that rounds half to even, as JavaScript's toFixed sometimes does, is caught."""
    assert format_value(5.475, "count") == "5.48"
    assert format_value(0.125, "fraction") == "12.5%"
    [answer] = run_node(
        [{"kind": "format", "value": 5.475, "unit": "count", "spec": {"style": "si", "suffix": ""}}]
    )
    assert answer["text"] == "5.48" != f"{5.475:.2f}"


# --- the page ---------------------------------------------------------------------------------


def panel_data(markdown: str) -> dict[str, Any]:
    found = re.findall(r'<div class="fg-whatif" data-whatif="([^"]*)"></div>', markdown)
    assert len(found) == 1
    data: dict[str, Any] = json.loads(html.unescape(found[0]))
    return data


def test_case_page_carries_the_numbers_and_loads_the_script() -> None:
    catalog = load_catalog(ROOT)
    entry = catalog.by_slug("video-recommendation")
    markdown = render_case(entry, catalog)
    assert "assets/javascripts/tools/what-if.js" in markdown.split("---", 2)[1]
    data = panel_data(markdown)
    assert data == json.loads(json.dumps(case_numbers(entry.case.clarify.scale, entry.estimates)))
    for est in entry.estimates:  # every estimate shown in the table has its hook
        assert f'<span class="fg-num" data-number="{est.name}">' in markdown
    assert markdown.count("data-number=") > len(entry.estimates) + len(data["inputs"])


def test_contributed_labels_stay_text_in_the_data_attribute() -> None:
    catalog = load_catalog(ROOT)
    entry = catalog.by_slug("video-recommendation")
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    scale = entry.case.clarify.scale
    inputs = [scale.inputs[0].model_copy(update={"label": hostile}), *scale.inputs[1:]]
    case = entry.case.model_copy(
        update={
            "clarify": entry.case.clarify.model_copy(
                update={"scale": scale.model_copy(update={"inputs": inputs})}
            )
        }
    )
    changed = replace(entry, case=case)
    markdown = render_case(changed, catalog)
    assert "<script>" not in markdown and "<img" not in markdown
    assert panel_data(markdown)["inputs"][0]["label"] == hostile


def test_the_hooks_pass_the_html_allowlist() -> None:
    """The sanitizer keeps exactly the hooks the script needs and nothing that could run."""
    data = html.escape(json.dumps({"inputs": [], "label": "<b>x</b>"}), quote=True)
    markup = (
        f'<div class="fg-whatif" data-whatif="{data}"></div>'
        '<p><strong><span class="fg-num" data-number="peak_qps">52.1k QPS</span></strong></p>'
        '<input type="number" value="3"><span data-number="x" onclick="alert(1)">1</span>'
    )
    cleaned = clean_html(markup)
    assert f'data-whatif="{data}"' in cleaned.replace("&quot;", "&quot;")
    assert '<span class="fg-num" data-number="peak_qps">52.1k QPS</span>' in cleaned
    assert 'type="number"' not in cleaned and "onclick" not in cleaned
    assert (
        json.loads(html.unescape(re.findall(r'data-whatif="([^"]*)"', cleaned)[0]))["label"]
        == "<b>x</b>"
    )


# --- in the browser ---------------------------------------------------------------------------

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from .support.browser import (  # noqa: E402
    OPEN_SHADOW_ROOTS,
    Site,
    Watch,
    axe_violations,
    diagram_count,
    instant_navigate,
    wait_for_diagrams,
)

CASE = "video-recommendation"
NUMBER_TEXTS = """() => {
  const out = {};
  document.querySelectorAll("article [data-number]").forEach((span) => {
    if (span.closest(".fg-whatif")) return;  // the panel's own copy is checked separately
    const name = span.getAttribute("data-number");
    const changed = span.classList.contains("fg-num--changed");
    (out[name] = out[name] || []).push([span.textContent, changed]);
  });
  return out;
}"""


def dependents(data: dict[str, Any], name: str) -> set[str]:
    """The estimates that use ``name``, directly or through other estimates."""
    found = {name}
    for est in data["estimates"]:
        if found & set(parse_formula(est["formula"]).names):
            found.add(est["name"])
    return found - {name}


def expected_texts(entry: CaseEntry, values: dict[str, float]) -> dict[str, str]:
    scale = entry.case.clarify.scale
    texts = {i.name: format_value(values.get(i.name, i.value), i.unit) for i in scale.inputs}
    for est, value in zip(scale.estimates, recompute(scale, values).values(), strict=True):
        assert value is not None
        texts[est.name] = format_value(value, est.unit)
    return texts


def open_panel(page: Page, site: Site, slug: str = CASE) -> None:
    page.goto(site.url(f"cases/{slug}/"))
    page.locator(".fg-whatif summary").click()
    page.locator(".fg-whatif input").first.wait_for()


def field(page: Page, data: dict[str, Any], name: str) -> Any:
    index = [i["name"] for i in data["inputs"]].index(name)
    return page.locator(f"#fg-whatif-0-{index}")


@pytest.mark.browser
def test_changing_an_input_recomputes_its_dependents_and_only_them(
    site: Site, page: Page, watch: Watch
) -> None:
    entry = load_catalog(ROOT).by_slug(CASE)
    data = case_numbers(entry.case.clarify.scale, entry.estimates)
    stated = expected_texts(entry, {})
    open_panel(page, site)
    before = page.evaluate(NUMBER_TEXTS)
    assert len(before) > len(data["estimates"])  # tables and notes carry the hooks
    for name, spans in before.items():  # on arrival nothing is rewritten or marked
        assert {text for text, _ in spans} == {stated[name]}, name
        assert not any(changed for _, changed in spans)
    # an input some estimates use and others do not
    name = max(
        (i["name"] for i in data["inputs"]),
        key=lambda n: (
            0 < len(dependents(data, n)) < len(data["estimates"]) and len(dependents(data, n))
        ),
    )
    affected = dependents(data, name)
    assert 0 < len(affected) < len(data["estimates"])
    item = next(i for i in data["inputs"] if i["name"] == name)
    field(page, data, name).fill(repr(item["value"] * 2))
    after = page.evaluate(NUMBER_TEXTS)
    wanted = expected_texts(entry, {name: item["value"] * 2})
    for other, spans in after.items():
        assert {text for text, _ in spans} == {wanted[other]}, other
        changed = other == name or other in affected
        assert all(mark == changed for _, mark in spans), other
        if other not in affected and other != name:
            assert spans == before[other]
    assert any(wanted[n] != stated[n] for n in affected)
    assert "differ from the case" in page.locator(".fg-whatif [role=status]").inner_text()
    # every formula is shown in the panel, as the table shows it
    formulas = page.locator(".fg-whatif table tbody tr td:nth-child(2)").all_inner_texts()
    assert formulas == [f"{e.name} = {e.formula}" for e in entry.estimates]
    page.locator(".fg-whatif__reset").click()
    assert page.evaluate(NUMBER_TEXTS) == before
    assert float(field(page, data, name).input_value()) == item["value"]
    assert watch.errors == []


@pytest.mark.browser
def test_bad_input_says_why_and_keeps_the_numbers(site: Site, page: Page, watch: Watch) -> None:
    entry = load_catalog(ROOT).by_slug(CASE)
    scale = entry.case.clarify.scale
    data = case_numbers(scale, entry.estimates)
    open_panel(page, site)
    first = data["inputs"][0]["name"]
    box = field(page, data, first)
    box.fill(repr(data["inputs"][0]["value"] * 3))
    good = page.evaluate(NUMBER_TEXTS)
    error = page.locator(".fg-whatif__error").first
    for bad in ("", "-5"):
        box.fill(bad)
        assert "last value that worked" in error.inner_text()
        assert box.get_attribute("aria-invalid") == "true"
        assert page.evaluate(NUMBER_TEXTS) == good
    box.fill("7")
    assert error.inner_text() == "" and box.get_attribute("aria-invalid") is None
    # an input that some formula divides by: zero cannot be computed, and the page says which
    divisor = next(
        (i.name for i in scale.inputs if None in recompute(scale, {i.name: 0.0}).values()), None
    )
    assert divisor is not None
    before = page.evaluate(NUMBER_TEXTS)
    field(page, data, divisor).fill("0")
    index = [i["name"] for i in data["inputs"]].index(divisor)
    assert "Cannot compute" in page.locator(f"#fg-whatif-0-{index}-error").inner_text()
    assert page.evaluate(NUMBER_TEXTS) == before
    assert watch.errors == []


CALCULATOR = "assets/javascripts/tools/what-if-calculator.js"


@pytest.mark.browser
def test_the_calculator_loads_only_when_the_panel_opens(
    site: Site, page: Page, watch: Watch
) -> None:
    """A visit that never opens the panel does not download the calculator (first-visit weight);
    opening it loads the calculator once, and a second panel opening does not load it again."""
    page.goto(site.url(f"cases/{CASE}/"))
    page.locator(".fg-whatif summary").wait_for()
    page.wait_for_load_state("networkidle")
    assert not [url for url in watch.requests if url.endswith(CALCULATOR)]
    assert page.locator(".fg-whatif input").count() == 0
    page.locator(".fg-whatif summary").click()
    page.locator(".fg-whatif input").first.wait_for()
    page.locator(".fg-whatif summary").click()  # close and open again
    page.locator(".fg-whatif summary").click()
    assert page.locator(".fg-whatif__inputs").count() == 1
    assert len([url for url in watch.requests if url.endswith(CALCULATOR)]) == 1
    assert watch.errors == []


@pytest.mark.browser
def test_a_calculator_that_fails_to_load_is_reported_and_retried(site: Site, page: Page) -> None:
    failing = {"on": True}

    def route(request: Any) -> None:
        if failing["on"]:
            request.fulfill(status=404, body="missing")
        else:
            request.continue_()

    page.route(re.compile(re.escape(CALCULATOR) + "$"), route)
    page.goto(site.url(f"cases/{CASE}/"))
    summary = page.locator(".fg-whatif summary")
    summary.click()
    status = page.locator(".fg-whatif__loading")
    status.filter(has_text="could not be loaded").wait_for()
    assert "try again" in status.inner_text()
    assert page.locator(".fg-whatif input").count() == 0
    failing["on"] = False
    summary.click()  # close
    summary.click()  # and open: the script is inserted again
    page.locator(".fg-whatif input").first.wait_for()
    assert page.locator(".fg-whatif__loading").count() == 0


@pytest.mark.browser
def test_the_panel_mounts_once_through_instant_navigation(site: Site, page: Page) -> None:
    page.goto(site.url("cases/"))
    page.wait_for_load_state("networkidle")  # instant navigation is set up (sitemap loaded)
    case_link = page.locator(f'article a[href$="/cases/{CASE}/"]').first
    instant_navigate(page, case_link.click, f"/cases/{CASE}/")
    page.locator(".fg-whatif summary").wait_for()
    page.evaluate("window.__fgMarker = 'still here'")  # gone if a full page load happens
    cases_tab = page.locator(".md-tabs__link", has_text=re.compile(r"^\s*Cases\s*$"))
    instant_navigate(page, cases_tab.click, "/cases/")
    instant_navigate(page, case_link.click, f"/cases/{CASE}/")
    page.locator(".fg-whatif summary").wait_for()
    assert page.locator(".fg-whatif__panel").count() == 1
    assert page.evaluate("window.__fgMarker") == "still here"  # instant navigation all along
    # as text: the panel is far down, in a block not laid out yet (content-visibility)
    expect(page.locator(".fg-whatif__panel summary")).to_have_text(re.compile(r"^\s*What if\?"))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_panel_passes_axe(site: Site, browser: Browser, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    entry = load_catalog(ROOT).by_slug(CASE)
    data = case_numbers(entry.case.clarify.scale, entry.estimates)
    open_panel(page, site)
    # as tests/test_browser.py does: Material makes scrolling code blocks focusable once laid out
    wait_for_diagrams(page, diagram_count(site, f"cases/{CASE}/"))
    page.wait_for_load_state("networkidle")
    field(page, data, data["inputs"][0]["name"]).fill(repr(data["inputs"][0]["value"] * 2))
    field(page, data, data["inputs"][1]["name"]).fill("")  # an error message on show
    violations = axe_violations(page)
    context.close()
    assert violations == []

"""The mock interview page: phase budgets for each session length and the data the page runs on.

The timer runs through the seven framework steps with the budgets of ``framework/steps.yaml``
(``minutes``, 45 in all): the design time of a 60-minute interview, once introductions and the
candidate's questions are out. A 45-minute interview leaves about 40 minutes of design time; as
the framework overview says, the five middle steps each give a minute and clarifying and
monitoring stay whole.

Interviewer view: the case model has no per-step probes, so each step gets probes derived from
the part of the case that answers it (see :func:`probes`): the clarifying questions with the
assumption to give when asked (clarify), the objectives and the rejected framings (frame), the
labels, leakage and sampling (data), the model progression (model), offline metrics, the
experiment's decision rule and guardrails (evaluation), the time budget, fallbacks and rollout
(serving), alerts and retraining triggers (monitoring). Follow-up questions, level expectations
and pitfalls are not tied to a step in the schema: the page shows them for the whole interview
(follow-up questions only; their model answers stay on the case page).

The data reaches the browser as generated scripts, so the page works offline without a fetch
(issue 13: a first visit under 150 KB). The page loads a small index (``DATA_SCRIPT``: steps,
budgets per session, and each case's slug, title and data file: a few words a case); the rest
of a case (its prompts, checklist items, probes, levels, pitfalls, follow-up questions) is one
script per case (``case_script``), loaded by the page's script only when that case's interview
starts. The prompts were in the index until 2026-12-05: about 0.2 KB gzip a case, which would
have taken the page over its budget near 75 cases.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.load.framework import Framework

PAGE_PATH = "study/mock-interview.md"
TOOLS = "assets/javascripts/tools"
DATA_SCRIPT = f"{TOOLS}/mock-interview-data.js"  # the index: window.fieldguideMock
CASE_FOLDER = "mock"  # one script per case, under TOOLS: window.fieldguideMockCases[slug]
TEMPLATE = "study/mock-interview.md.j2"
SESSIONS = (45, 60)  # interview lengths offered; their design time is 40 and 45 minutes


def session_budgets(framework: Framework) -> dict[str, list[int]]:
    """Phase budgets (minutes per step, in step order) per interview length, keyed '45', '60'.

    '60' is the framework's own budgets; '45' takes a minute from each step but the first and
    the last (docs/framework/index.md: keep clarifying and monitoring whole).
    """
    full = [step.minutes for step in framework.steps]
    short = [m - 1 if 0 < i < len(full) - 1 else m for i, m in enumerate(full)]
    if len(full) < 3 or min(short) < 1:
        raise ValueError(f"budgets {full} leave no minute to take from the middle steps")
    return {"45": short, "60": full}


def _bare(text: str) -> str:
    """A phrase quoted inside a question, without its closing full stop."""
    return text.rstrip().removesuffix(".")


def _probe(question: str, *answer: str) -> dict[str, Any]:
    return {"q": question, "a": [line for line in answer if line]}


def probes(entry: CaseEntry) -> dict[str, dict[str, Any]]:
    """What the interviewer asks in each step, and what a good answer covers, from the case."""
    case = entry.case
    latency = case.serving.latency
    return {
        "clarify": {
            "intro": "The candidate should ask these. When asked, reply with the assumption.",
            "items": [_probe(q.question, q.assumption) for q in case.clarify.questions],
        },
        "frame": {
            "intro": "Ask how the model's objective stands in for the business goal, then about a "
            "framing the candidate did not choose.",
            "items": [
                _probe(
                    "What does the model optimize, and how does that serve the business goal?",
                    f"Business: {case.frame.business_objective}",
                    f"Model: {case.frame.ml_objective}",
                    f"Task: {case.frame.task_type}",
                ),
                *(
                    _probe(f"Why not frame it as “{_bare(a.framing)}”?", a.why_not)
                    for a in case.frame.alternatives
                ),
            ],
        },
        "data": {
            "intro": "Ask where each label comes from, then how training data could mislead.",
            "items": [
                *(
                    _probe(
                        f"How do you get the label “{_bare(label.name)}”, and can you trust it?",
                        label.how,
                        f"Delay: {label.delay}",
                        f"Noise: {label.noise}",
                    )
                    for label in case.data.labels
                ),
                _probe("Where could future information leak into training?", case.data.leakage),
                _probe("How do you sample training examples and negatives?", case.data.sampling),
            ],
        },
        "model": {
            "intro": "Ask for a baseline, then why each step up is worth it.",
            "items": [
                _probe(
                    "What is your baseline?",
                    f"{case.model.baseline.name}: {case.model.baseline.description}",
                ),
                *(
                    _probe(
                        f"Why move to “{_bare(option.name)}”?",
                        f"Gains: {option.gains}",
                        f"Costs: {option.costs}",
                    )
                    for option in case.model.progression
                ),
            ],
        },
        "evaluation": {
            "intro": "Ask what is checked offline, then how a launch is decided.",
            "items": [
                _probe(
                    "What do you check offline before any experiment?",
                    *(f"{m.metric}: {m.why}" for m in case.evaluation.offline),
                ),
                _probe(
                    "How is the launch decided?",
                    case.evaluation.experiment,
                    *(f"{m.metric}: {m.why}" for m in case.evaluation.online),
                ),
                _probe(
                    "What must not get worse?",
                    *(f"{m.metric}: {m.why}" for m in case.evaluation.guardrails),
                ),
            ],
        },
        "serving": {
            "intro": "Ask where the time goes, what happens when something breaks, and how a "
            "new model ships.",
            "items": [
                _probe(
                    "What is the time budget, and where does the time go?",
                    f"Target: {latency.sla_ms:g} ms at {latency.percentile}",
                    *(f"{part.stage}: {part.ms:g} ms" for part in latency.parts),
                ),
                _probe("What happens when a component is down?", *case.serving.fallbacks),
                _probe("How do you ship a new model, and roll it back?", case.serving.rollout),
            ],
        },
        "monitoring": {
            "intro": "Ask what would wake someone up, and when the model is retrained.",
            "items": [
                _probe(
                    "What do you alert on?",
                    *(f"{a.signal}: {a.condition}; {a.action}" for a in case.monitoring.alerts),
                ),
                _probe("When do you retrain?", *case.monitoring.retraining_triggers),
            ],
        },
    }


def case_file(slug: str) -> str:
    """A case's data script, relative to the page's script (``mock-interview.js``)."""
    return f"{CASE_FOLDER}/{slug}.js"


def case_script(slug: str) -> str:
    """A case's data script, as a site path."""
    return f"{TOOLS}/{case_file(slug)}"


def case_summary(entry: CaseEntry) -> dict[str, Any]:
    """What the page needs of a case before its interview starts: the choice."""
    return {"slug": entry.slug, "title": entry.case.title, "file": case_file(entry.slug)}


def case_details(entry: CaseEntry) -> dict[str, Any]:
    """The rest of a case, in its own script (plain text; the script inserts it as text)."""
    case = entry.case
    interview = case.interview
    return {
        "prompts": list(case.prompts),
        "own": {  # the case's own checklist items: the step summaries of its answer
            step: list(getattr(case, step).checklist)
            for step in ("clarify", "frame", "data", "model", "evaluation", "serving", "monitoring")
        },
        "probes": probes(entry),
        "followUps": [f.question for f in interview.follow_ups],  # answers: on the case page
        "levels": {
            "mid": list(interview.levels.mid),
            "senior": list(interview.levels.senior),
            "staff": list(interview.levels.staff),
        },
        "pitfalls": [{"mistake": p.mistake, "better": p.better} for p in interview.pitfalls],
    }


def case_parts(catalog: Catalog) -> list[tuple[CaseEntry, dict[str, Any]]]:
    """Each case with the data of its own script."""
    return [(entry, case_details(entry)) for entry in catalog.cases]


def page_data(catalog: Catalog) -> dict[str, Any]:
    """The index the mock interview script reads first: steps, budgets per session, cases."""
    return {
        "sessions": session_budgets(catalog.framework),
        "steps": [
            {
                "id": step.id,
                "title": step.title,
                "goal": step.goal,
                "checklist": [item.text for item in step.checklist],
            }
            for step in catalog.framework.steps
        ],
        "cases": [case_summary(entry) for entry in catalog.cases],
    }


def render_mock_interview(catalog: Catalog, env: Environment) -> str:
    """The Markdown of the mock interview page (the script builds the tool inside it)."""
    framework = catalog.framework
    sessions = session_budgets(framework)
    return env.get_template(TEMPLATE).render(
        scripts=[DATA_SCRIPT, f"{TOOLS}/mock-interview.js"],
        steps=framework.steps,
        sessions=[(int(total), budgets) for total, budgets in sessions.items()],
        cases=catalog.cases,
    )

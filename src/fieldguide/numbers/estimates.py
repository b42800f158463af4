"""A small, safe evaluator for capacity estimates: arithmetic over declared names, never ``eval``.

Formulas are parsed with :mod:`ast` and only a whitelist of node types is walked: numbers,
declared names, + - * / // % **, unary minus and a few functions. Attribute access, subscripts,
comparisons, lambdas and any other call are rejected. Bounds keep every formula to a moment:
a length limit, a node-count limit, and a cap on exponents and on the size of every result.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_FORMULA_CHARS = 400
MAX_NODES = 200
MAX_EXPONENT = 64
MAX_MAGNITUDE = 1e30

FUNCTIONS: dict[str, tuple[Callable[..., float], int, int]] = {
    # name: (function, fewest arguments, most arguments)
    "min": (min, 2, 16),
    "max": (max, 2, 16),
    "ceil": (math.ceil, 1, 1),
    "floor": (math.floor, 1, 1),
    "round": (round, 1, 1),
    "log": (math.log, 1, 2),
    "exp": (math.exp, 1, 1),
    "log2": (math.log2, 1, 1),
    "log10": (math.log10, 1, 1),
    "sqrt": (math.sqrt, 1, 1),
    "abs": (abs, 1, 1),
}

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_SYMBOLS = {
    ast.Add: "+",
    ast.Sub: "−",
    ast.Mult: "×",
    ast.Div: "÷",
    ast.FloorDiv: "÷÷",
    ast.Mod: "mod",
    ast.Pow: "^",
}


class FormulaError(ValueError):
    """A formula that cannot be evaluated; the message says why, for a contributor."""


@dataclass(frozen=True)
class Formula:
    """A parsed formula and the names it uses, in order of first use."""

    text: str
    tree: ast.expr
    names: tuple[str, ...]


def parse_formula(text: str) -> Formula:
    """Parse and check a formula's shape; names are checked later against what is declared."""
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"expected a formula of at most {MAX_FORMULA_CHARS} characters")
    if not text.strip():
        raise FormulaError("expected a formula, found an empty string")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"not a valid formula: {exc.msg}") from exc
    except (RecursionError, MemoryError, ValueError) as exc:
        raise FormulaError("formula is nested too deeply") from exc
    used: list[ast.Name] = []
    for count, node in enumerate(ast.walk(tree)):
        if count >= MAX_NODES:
            raise FormulaError(f"expected at most {MAX_NODES} terms in a formula")
        _check_node(node, used)
    ordered = sorted(used, key=lambda n: (n.lineno, n.col_offset))
    names = tuple(dict.fromkeys(n.id for n in ordered))
    return Formula(text=text.strip(), tree=tree, names=names)


def _check_node(node: ast.AST, used: list[ast.Name]) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"expected a number, found {node.value!r}")
    elif isinstance(node, ast.Name):
        if node.id not in FUNCTIONS:
            used.append(node)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise FormulaError(f"only these functions may be called: {allowed}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"{node.func.id}() takes plain arguments only")
        _, fewest, most = FUNCTIONS[node.func.id]
        if not fewest <= len(node.args) <= most:
            raise FormulaError(
                f"{node.func.id}() takes {fewest}..{most} arguments, found {len(node.args)}"
            )
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise FormulaError("only + - * / // % ** are allowed")
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise FormulaError("only unary minus and plus are allowed")
    elif not isinstance(node, (ast.operator, ast.unaryop, ast.Load)):
        raise FormulaError(f"{type(node).__name__.lower()} is not allowed in a formula")


def evaluate(formula: Formula, values: Mapping[str, float]) -> float:
    """Evaluate a parsed formula with the given name values (all must be present)."""
    missing = [name for name in formula.names if name not in values]
    if missing:
        raise FormulaError(f"undeclared name(s): {', '.join(missing)}")
    try:
        result = _eval(formula.tree, values)
    except FormulaError:
        raise
    except ZeroDivisionError as exc:
        raise FormulaError("division by zero") from exc
    except (OverflowError, ValueError, TypeError) as exc:
        raise FormulaError(f"cannot compute: {exc}") from exc
    return result


def _bounded(value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise FormulaError(f"result out of range (larger than {MAX_MAGNITUDE:g})")
    return value


def _eval(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return _bounded(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"{node.id} is a function; call it as {node.id}(...)")
        return _bounded(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, values)
        right = _eval(node.right, values)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise FormulaError(f"exponent larger than {MAX_EXPONENT}")
        return _bounded(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        function = FUNCTIONS[node.func.id][0]
        args = [_eval(arg, values) for arg in node.args]
        return _bounded(function(*args))
    raise FormulaError(f"{type(node).__name__} is not allowed")  # unreachable after parse


def pretty(formula: Formula) -> str:
    """The formula with typographic operators: 'dau * 8 / 86400' -> 'dau × 8 ÷ 86400'."""
    return _pretty(formula.tree, 0)


_PRECEDENCE = {
    ast.Add: 1,
    ast.Sub: 1,
    ast.Mult: 2,
    ast.Div: 2,
    ast.FloorDiv: 2,
    ast.Mod: 2,
    ast.Pow: 4,
}


def _pretty(node: ast.expr, outer: int) -> str:
    if isinstance(node, ast.Constant):
        return f"{node.value:,}" if isinstance(node.value, int) else repr(node.value)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.UnaryOp):
        sign = "−" if isinstance(node.op, ast.USub) else "+"
        return f"{sign}{_pretty(node.operand, 3)}"
    if isinstance(node, ast.BinOp):
        prec = _PRECEDENCE[type(node.op)]
        right_prec = prec + 1 if not isinstance(node.op, ast.Pow) else prec
        left_prec = prec if not isinstance(node.op, ast.Pow) else prec + 1
        text = (
            f"{_pretty(node.left, left_prec)} {_SYMBOLS[type(node.op)]} "
            f"{_pretty(node.right, right_prec)}"
        )
        return f"({text})" if prec < outer else text
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return f"{node.func.id}({', '.join(_pretty(a, 0) for a in node.args)})"
    return "?"

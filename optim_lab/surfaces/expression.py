"""A user's own loss surface f(x, y), parsed without ever running the text as code.

``parse_expression(text)`` turns text such as ``"(1-x)**2 + 100*(y-x**2)**2"``
into a checked sympy expression; ``compile_expression`` differentiates it with
``sympy.diff`` (gradient and exact Hessian) and compiles value, gradient and
Hessian once, to Python floats (the interactive path) and to numpy columns.
``expression_surface`` wraps the result in a :class:`Surface2D`, so a custom
surface runs, sweeps and is diagnosed exactly like a built-in one.

How the text is handled (and why):

1. Normalised with NFKC (Python compares identifiers after NFKC, so ``ｅｘｅｃ``
   *is* ``exec``); a few typographic symbols are mapped first (``−`` ``×`` ``·``
   ``÷`` and superscript digits: ``x²`` means ``x**2``).  Capped at
   :data:`MAX_LENGTH` characters before anything else.
2. Parsed by ``ast.parse(mode="eval")`` -- which only builds a syntax tree --
   with ``SyntaxError``, ``RecursionError``, ``MemoryError`` and ``ValueError``
   turned into :class:`ExpressionError` (deep nests can crash the parser,
   cpython #95185).
3. The tree is walked against an allow-list: int/float literals, the names
   ``x``, ``y``, ``pi``, ``e``, the operators ``+ - * / **``, unary ``-``/``+``,
   and positional calls of the functions in :data:`FUNCTIONS`.  Anything else
   (attributes, subscripts, strings, lambdas, comprehensions, keywords, ``^``,
   other names) is refused with a message naming the offending part.  Depth,
   node count, literal size, constant exponents and constant values are bounded
   while walking, *before* sympy sees a number (``9**9**9`` would otherwise be
   computed exactly).
4. The sympy expression is built node by node from the checked tree.  User
   text never reaches ``sympify``, ``parse_expr``, ``eval``, ``exec`` or
   ``compile`` (sympy's string parsers call ``eval``; numexpr, asteval and
   simpleeval have all had sandbox escapes).  ``lambdify`` only ever sees the
   tree built here, whose only symbols are ``x`` and ``y``.
5. Derivatives are size-checked (:data:`MAX_DERIVATIVE_SIZE`) and the whole
   build is interrupted after :data:`MAX_DERIVATIVE_SECONDS` of CPU time
   (:func:`with_deadline`).

Kinks: ``abs``, ``min`` and ``max`` differentiate to ``sign``/Heaviside (½ on
the kink) and their second derivative, a Dirac delta, is taken as 0.
"""

from __future__ import annotations

import ast
import ctypes
import gc
import math
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL",
    "MAX_NODES",
    "CompiledExpression",
    "ExpressionError",
    "ParsedExpression",
    "compile_expression",
    "parse_bounds",
    "parse_expression",
]

MAX_LENGTH = 400  # characters, after normalisation
MAX_DEPTH = 30  # syntax-tree levels
MAX_NODES = 160  # syntax-tree nodes
MAX_LITERAL = 1e12  # |numeric literal|
MAX_EXPONENT = 64  # |constant exponent|
MAX_CONSTANT = 1e100  # |any constant part|, e.g. 10**20 or exp(50)
MAX_DERIVATIVE_SIZE = 40_000  # sympy tree nodes in gradient + Hessian
MAX_DERIVATIVE_SECONDS = 1.0  # CPU seconds for parsing, differentiating, compiling
MAX_BOUND = 1e6  # |plotting bound|

X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", real=True)
_NAMES = {"x": X, "y": Y, "pi": sp.pi, "e": sp.E}
_CONST_FLOATS = {"pi": math.pi, "e": math.e}


@dataclass(frozen=True)
class _Func:
    arity: int
    build: Callable
    evaluate: Callable  # float version, for constant arguments
    doc: str


FUNCTIONS: dict[str, _Func] = {
    "sin": _Func(1, sp.sin, math.sin, "sine"),
    "cos": _Func(1, sp.cos, math.cos, "cosine"),
    "tan": _Func(1, sp.tan, math.tan, "tangent"),
    "asin": _Func(1, sp.asin, math.asin, "inverse sine (also arcsin)"),
    "acos": _Func(1, sp.acos, math.acos, "inverse cosine (also arccos)"),
    "atan": _Func(1, sp.atan, math.atan, "inverse tangent (also arctan)"),
    "sinh": _Func(1, sp.sinh, math.sinh, "hyperbolic sine"),
    "cosh": _Func(1, sp.cosh, math.cosh, "hyperbolic cosine"),
    "tanh": _Func(1, sp.tanh, math.tanh, "hyperbolic tangent"),
    "exp": _Func(1, sp.exp, math.exp, "e to the power"),
    "log": _Func(1, sp.log, math.log, "natural logarithm (also ln)"),
    "sqrt": _Func(1, sp.sqrt, math.sqrt, "square root"),
    "abs": _Func(1, sp.Abs, abs, "absolute value"),
    "min": _Func(2, sp.Min, min, "smaller of two"),
    "max": _Func(2, sp.Max, max, "larger of two"),
}
_ALIASES = {"arcsin": "asin", "arccos": "acos", "arctan": "atan", "ln": "log"}

_BINOPS = {
    ast.Add: ("+", lambda a, b: a + b),
    ast.Sub: ("-", lambda a, b: a - b),
    ast.Mult: ("*", lambda a, b: a * b),
    ast.Div: ("/", lambda a, b: a / b),
    ast.Pow: ("**", lambda a, b: a**b),
}
TOO_LONG = "expression too long: {length} characters (limit {limit})"
TOO_DEEP = "expression nested too deeply (limit {limit} levels)"
CONSTANT_TOO_LARGE = "this constant part is too large (limit {limit})"
RANGE_NUMBERS = "the range must be four numbers xmin, xmax, ymin, ymax"
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 3}
_OPERATOR_HINTS = {
    ast.BitXor: "'^' is not a power here: write x**2",
    ast.FloorDiv: "'//' is not allowed: use /",
    ast.Mod: "'%' is not allowed",
    ast.MatMult: "'@' is not allowed",
    ast.BitAnd: "'&' is not allowed",
    ast.BitOr: "'|' is not allowed",
    ast.LShift: "'<<' is not allowed",
    ast.RShift: "'>>' is not allowed",
}
_TYPOGRAPHY = str.maketrans({"−": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/", "π": "pi"})
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))


from .expression_errors import ExpressionError  # noqa: E402  (re-exported)


@dataclass(frozen=True)
class ParsedExpression:
    """A checked expression: the normalised text and the sympy tree built from it."""

    text: str
    expr: sp.Expr
    node_count: int
    depth: int


def function_table() -> list[tuple[str, int, str]]:
    """(name, number of arguments, description) for the documentation and the editor."""
    return [(name, f.arity, f.doc) for name, f in FUNCTIONS.items()]


def normalise(text: str) -> str:
    """NFKC, typographic minus/times/divide, superscript digits as ``**n``."""
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text, not {type}", type=type(text).__name__)
    if len(text) > 4 * MAX_LENGTH:  # before any per-character work
        raise ExpressionError(TOO_LONG, length=len(text), limit=MAX_LENGTH)
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in _SUPERSCRIPTS:
            j = i
            while j < len(text) and text[j] in _SUPERSCRIPTS:
                j += 1
            out.append("**" + "".join(_SUPERSCRIPTS[c] for c in text[i:j]))
            i = j
            continue
        out.append(ch)
        i += 1
    norm = unicodedata.normalize("NFKC", "".join(out).translate(_TYPOGRAPHY)).strip()
    if len(norm) > MAX_LENGTH:
        raise ExpressionError(TOO_LONG, length=len(norm), limit=MAX_LENGTH)
    return norm


def _fail(text: str, node: ast.AST | None, template: str, **values) -> ExpressionError:
    # ast offsets count UTF-8 bytes; report characters
    raw = text.encode("utf-8")
    col = getattr(node, "col_offset", None)
    end = getattr(node, "end_col_offset", None)
    snippet = raw[col:end].decode("utf-8", "replace") if col is not None and end is not None else ""
    if col is not None:
        col = len(raw[:col].decode("utf-8", "ignore"))
    if snippet and len(snippet) > 40:
        snippet = snippet[:37] + "..."
    return ExpressionError(template, col, snippet, **values)


class _Builder:
    """Walk an ``ast`` tree against the allow-list and build the sympy tree."""

    def __init__(self, text: str):
        self.text = text
        self.nodes = 0
        self.max_depth = 0

    def build(self, node: ast.AST, depth: int = 1) -> tuple[sp.Expr, float | None]:
        """(sympy expression, float value if the part is constant else None)."""
        if depth > MAX_DEPTH:
            raise _fail(self.text, node, TOO_DEEP, limit=MAX_DEPTH)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _fail(self.text, node, "expression too large (limit {limit} parts)", limit=MAX_NODES)
        self.max_depth = max(self.max_depth, depth)
        if isinstance(node, ast.Constant):
            return self._literal(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise _fail(self.text, node, "only unary minus and plus are allowed")
            e, v = self.build(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return e, v
            return -e, (None if v is None else -v)
        if isinstance(node, ast.BinOp):
            return self._binop(node, depth)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise _fail(self.text, node, "{what} is not allowed", what=_describe(node))

    def _literal(self, node: ast.Constant) -> tuple[sp.Expr, float]:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _fail(self.text, node, "{what} is not allowed: only real numbers",
                        what=_describe(node))
        if not math.isfinite(v) or abs(v) > MAX_LITERAL:
            raise _fail(self.text, node, "number too large (limit {limit})", limit=f"{MAX_LITERAL:g}")
        return (sp.Integer(v) if isinstance(v, int) else sp.Float(v)), float(v)

    def _name(self, node: ast.Name) -> tuple[sp.Expr, float | None]:
        name = node.id
        if name in _NAMES:
            return _NAMES[name], _CONST_FLOATS.get(name)
        if name in FUNCTIONS or name in _ALIASES:
            raise _fail(self.text, node, "{name} is a function: write {name}(...)", name=name)
        raise _fail(self.text, node, "unknown name '{name}': the variables are x, y, pi, e",
                    name=name)

    def _binop(self, node: ast.BinOp, depth: int) -> tuple[sp.Expr, float | None]:
        op = type(node.op)
        if op not in _BINOPS:
            raise _fail(self.text, node, _OPERATOR_HINTS.get(op, "operator not allowed"))
        # a + b + c parses as ((a + b) + c): a flat chain counts as one level
        chain = (
            op is not ast.Pow and isinstance(node.left, ast.BinOp)
            and _PRECEDENCE.get(type(node.left.op)) == _PRECEDENCE[op]
        )
        a, va = self.build(node.left, depth if chain else depth + 1)
        b, vb = self.build(node.right, depth + 1)
        symbol, fn = _BINOPS[op]
        if op is ast.Pow and vb is not None and abs(vb) > MAX_EXPONENT:
            raise _fail(self.text, node.right, "exponent too large (limit {limit})",
                        limit=MAX_EXPONENT)
        if op is ast.Div and vb == 0:
            raise _fail(self.text, node.right, "division by zero")
        value = None
        if va is not None and vb is not None:
            value = self._constant(node, fn, va, vb)
        if op is ast.Sub:
            return a - b, value
        if op is ast.Div:
            return a / b, value
        if op is ast.Pow:
            if isinstance(b, sp.Float) and b == int(b):
                b = sp.Integer(int(b))  # x**2.0 is x**2 (keeps negative bases defined)
            return sp.Pow(a, b), value
        return (a + b if op is ast.Add else a * b), value

    def _constant(self, node: ast.AST, fn: Callable, *args: float) -> float:
        try:
            v = fn(*args)
        except OverflowError:
            v = math.inf
        except (ZeroDivisionError, ValueError):
            v = math.nan
        if not isinstance(v, complex) and math.isinf(v):
            raise _fail(self.text, node, CONSTANT_TOO_LARGE, limit=f"{MAX_CONSTANT:g}")
        if isinstance(v, complex) or not math.isfinite(v):
            raise _fail(self.text, node, "this constant part is undefined or not a real number")
        if abs(v) > MAX_CONSTANT:
            raise _fail(self.text, node, CONSTANT_TOO_LARGE, limit=f"{MAX_CONSTANT:g}")
        return float(v)

    def _call(self, node: ast.Call, depth: int) -> tuple[sp.Expr, float | None]:
        if not isinstance(node.func, ast.Name):
            raise _fail(self.text, node.func, "only the listed functions can be called")
        name = _ALIASES.get(node.func.id, node.func.id)
        if name not in FUNCTIONS:
            known = ", ".join(FUNCTIONS)
            raise _fail(self.text, node.func, "unknown function '{name}': use {known}",
                        name=node.func.id, known=known)
        if node.keywords:
            raise _fail(self.text, node, "keyword arguments are not allowed")
        f = FUNCTIONS[name]
        if len(node.args) != f.arity:
            raise _fail(self.text, node, "{name} takes {arity} argument(s), got {count}",
                        name=name, arity=f.arity, count=len(node.args))
        parts = [self.build(a, depth + 1) for a in node.args]  # Starred is refused there
        value = None
        if all(v is not None for _, v in parts):
            value = self._constant(node, f.evaluate, *(v for _, v in parts))
        return f.build(*(e for e, _ in parts)), value


def _describe(node: ast.AST) -> str:
    kinds = {
        ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Lambda: "lambda",
        ast.ListComp: "a comprehension", ast.GeneratorExp: "a comprehension",
        ast.SetComp: "a comprehension", ast.DictComp: "a comprehension",
        ast.NamedExpr: "':=' (assignment)", ast.Starred: "'*' unpacking",
        ast.JoinedStr: "an f-string", ast.Compare: "a comparison", ast.BoolOp: "'and'/'or'",
        ast.IfExp: "'if ... else'", ast.Tuple: "a tuple", ast.List: "a list",
        ast.Dict: "a dict", ast.Set: "a set", ast.Await: "await", ast.Yield: "yield",
        ast.YieldFrom: "yield", ast.Slice: "a slice",
    }
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return "a string"
        if isinstance(node.value, complex):
            return "a complex number"
        if isinstance(node.value, bool):
            return "True/False"
        return f"the constant {node.value!r}"[:60]
    return kinds.get(type(node), f"'{type(node).__name__}'")


def parse_expression(text: str) -> ParsedExpression:
    """Check ``text`` against the allow-list and build its sympy expression.

    Raises :class:`ExpressionError` (and nothing else) for any bad input.
    """
    norm = normalise(text)
    if not norm:
        raise ExpressionError("the expression is empty: type f(x, y), e.g. x**2 + 3*y**2")
    # a quoted escape such as "\\o" makes Python's parser warn: refuse such text before parsing
    quote = next((i for i, ch in enumerate(norm) if ch in "'\""), None) if "\\" in norm else None
    if quote is not None:
        raise ExpressionError("{what} is not allowed", quote, norm[quote:quote + 10], what="a string")
    try:
        tree = ast.parse(norm, mode="eval")
    except SyntaxError as exc:
        col = (exc.offset - 1) if exc.offset else None
        snippet = norm[col:col + 10] if col is not None else ""
        raise ExpressionError("syntax error ({detail})", col, snippet, detail=exc.msg) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise ExpressionError("the expression cannot be parsed ({detail})",
                              detail=type(exc).__name__) from None
    builder = _Builder(norm)
    try:
        expr, _ = builder.build(tree.body)
    except RecursionError:
        raise ExpressionError(TOO_DEEP, limit=MAX_DEPTH) from None
    _check_real(expr)
    return ParsedExpression(norm, expr, builder.nodes, builder.max_depth)


def _check_real(expr: sp.Expr) -> None:
    """sympy simplifies as it builds (log(x - x) becomes log(0) = zoo): refuse such results."""
    bad = (sp.zoo, sp.oo, -sp.oo, sp.nan, sp.I)
    if any(expr.has(b) for b in bad):
        raise ExpressionError("the expression simplifies to something undefined or complex")


def _tree_size_exceeds(exprs, limit: int) -> bool:
    n = 0
    for e in exprs:
        for _ in sp.preorder_traversal(e):
            n += 1
            if n > limit:
                return True
    return False


@dataclass(frozen=True, eq=False)
class CompiledExpression:
    """Value, gradient and exact Hessian of one expression, compiled once.

    ``fg(x, y, m)`` returns ``(f, df/dx, df/dy)`` and ``hess(x, y, m)`` returns
    ``(d2f/dx2, d2f/dxdy, d2f/dy2)``; ``m`` is ``math`` (Python floats: raises
    ``ValueError``/``OverflowError``/``ZeroDivisionError`` where f is undefined,
    as ``math`` does) or ``numpy`` (arrays: NaN/inf there; numpy may warn unless
    called under ``np.errstate``, as :class:`ExpressionSurface` does).
    """

    parsed: ParsedExpression
    gradient: tuple[sp.Expr, sp.Expr]
    hessian: tuple[sp.Expr, sp.Expr, sp.Expr]
    fg: Callable
    hess: Callable
    seconds: float


_RPOW = sp.Function("rpow")  # a real power: math.pow raises, numpy gives NaN, never complex


def _real_powers(expr: sp.Expr) -> sp.Expr:
    """Replace every non-integer power b**p with rpow(b, p) for the compiled code.

    Python's ``(-8.0) ** (1/3)`` is a complex number; ``math.pow`` raises instead.
    """
    return expr.replace(
        lambda e: isinstance(e, sp.Pow) and not e.exp.is_Integer,
        lambda e: _RPOW(e.base, e.exp),
    )


def _no_delta(expr: sp.Expr) -> sp.Expr:
    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


def _np_heaviside(v, h0=0.5):
    return np.heaviside(v, h0)


def _math_heaviside(v, h0=0.5):
    return float(h0) if v == 0 else float(v > 0)


_MATH_MODULES = [{"rpow": math.pow, "Heaviside": _math_heaviside}, "math"]
_NUMPY_MODULES = [{"rpow": np.power, "Heaviside": _np_heaviside}, "numpy"]


def _lambdify(exprs, modules):
    return sp.lambdify((X, Y), list(exprs), modules=modules, cse=True, docstring_limit=0)


def _rpow_any(base, exponent):
    """Real power for floats (math.pow: raises where undefined) and arrays (NaN there)."""
    if isinstance(base, (int, float)) and isinstance(exponent, (int, float)):
        return math.pow(base, exponent)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        return np.power(base, exponent)


# Printed as math.<name>(...) with ``math`` the function's third argument, the code
# runs on floats with m = math and on arrays with m = numpy: one call, no dispatch
# (the interactive loop calls fg once per step).  Kinks (printed as Python
# conditionals and max/min) and constant outputs (scalars for an array input) use
# the two-function form instead.
_M = sp.Symbol("math")
_KINKS = (sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min)
_NUMPY_HAS_MATH_NAMES = all(hasattr(np, n) for n in ("asin", "acos", "atan", "pow"))


class _ProductPrinter(PythonCodePrinter):
    """Prints b**2, b**3 and b**4 as products: a float ``**`` costs 2-3 multiplies."""

    def _print_Pow(self, expr, rational=False):
        n = expr.exp
        if n.is_Integer and 2 <= int(n) <= 4:
            base = self._print(expr.base)
            base = base if expr.base.is_Symbol else f"({base})"
            return "(" + "*".join([base] * int(n)) + ")"
        return super()._print_Pow(expr, rational=rational)


def _compile(exprs: list) -> Callable:
    shared = (
        _NUMPY_HAS_MATH_NAMES
        and all(e.free_symbols for e in exprs)
        and not any(e.has(*_KINKS) for e in exprs)
    )
    if shared:
        return sp.lambdify(
            (X, Y, _M), tuple(exprs), modules=[{"rpow": _rpow_any}, "math"],
            printer=_ProductPrinter({"fully_qualified_modules": True,
                                     "user_functions": {"rpow": "rpow"}}), cse=True,
            docstring_limit=0,
        )
    return _dispatch(_lambdify(exprs, _MATH_MODULES),
                     _numpy_version(_lambdify(exprs, _NUMPY_MODULES)))


def _numpy_version(raw: Callable) -> Callable:
    def call(x, y):
        with np.errstate(all="ignore"):
            out = raw(x, y)
            shape = np.broadcast(x, y).shape
        return tuple(
            v if isinstance(v, np.ndarray) and v.shape == shape else np.full(shape, v, dtype=float)
            for v in out
        )

    return call


def _dispatch(math_fn: Callable, numpy_fn: Callable) -> Callable:
    def fn(x, y, m):
        if m is math:
            return math_fn(x, y)
        return numpy_fn(x, y)

    return fn


class _Deadline(BaseException):
    """Raised asynchronously in the compiling thread when its time budget is spent."""


def _thread_cpu_seconds(ident: int) -> float | None:
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (AttributeError, OSError, OverflowError):
        return None


def with_deadline(fn: Callable[[], object], cpu_seconds: float, wall_seconds: float):
    """``fn()`` in this thread, interrupted once it has used ``cpu_seconds`` of its own
    CPU time (or ``wall_seconds`` of wall time, where CPU time cannot be read).

    sympy's differentiation and ``lambdify``'s common-subexpression pass are pure
    Python and cannot be bounded in advance; a watchdog thread polls this thread's
    CPU clock and raises :class:`_Deadline` in it with CPython's
    ``PyThreadState_SetAsyncExc`` (delivered between bytecodes).  CPU time, not
    wall time, so a busy machine (other processes, other threads holding the GIL)
    does not refuse a legitimate expression; wall time is the measure only where
    the thread's CPU clock cannot be read.  The cyclic garbage collector is paused
    meanwhile: a full collection of a large process is not the expression's cost
    (the work is bounded in size by :data:`MAX_DERIVATIVE_SIZE`, so the pause is short).
    Returns ``fn()``'s result; raises :class:`ExpressionError` on the deadline.
    """
    ident = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    cpu0 = _thread_cpu_seconds(ident)
    wall0 = time.monotonic()
    collecting = gc.isenabled()

    def watch() -> None:
        while True:
            time.sleep(0.01)
            with lock:
                if state["done"]:
                    return
                cpu = _thread_cpu_seconds(ident)
                if cpu is None or cpu0 is None:
                    spent = time.monotonic() - wall0 > wall_seconds
                else:
                    spent = cpu - cpu0 > cpu_seconds
                if spent:
                    state["fired"] = True
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(
                        ctypes.c_ulong(ident), ctypes.py_object(_Deadline)
                    )
                    return

    watcher = threading.Thread(target=watch, name="expression-deadline", daemon=True)
    try:
        try:
            watcher.start()
            gc.disable()
            return fn()
        finally:
            if collecting:
                gc.enable()
            with lock:
                state["done"] = True
                if state["fired"]:  # delivered or still pending: clear a pending one
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)
    except _Deadline:
        raise ExpressionError("this expression takes too long to differentiate (limit {limit} s)",
                              limit=f"{cpu_seconds:g}") from None


_warm = False


def _warm_up() -> None:
    """Import sympy's code printers once, outside any deadline (a cold import costs
    more CPU time than differentiating a typical expression)."""
    global _warm
    if not _warm:
        _lambdify([X + Y, sp.Abs(X) * sp.Max(X, Y)], _MATH_MODULES)
        _lambdify([X + Y, sp.Abs(X) * sp.Max(X, Y)], _NUMPY_MODULES)
        sp.diff(sp.sin(X) * sp.exp(Y) + sp.Abs(X), X)
        _warm = True


def compile_expression(
    parsed: ParsedExpression | str, seconds: float = MAX_DERIVATIVE_SECONDS
) -> CompiledExpression:
    """Differentiate (``sympy.diff``) and compile value, gradient and exact Hessian.

    Refuses derivatives larger than :data:`MAX_DERIVATIVE_SIZE` nodes, or work
    beyond ``seconds`` of CPU time, with an :class:`ExpressionError`.
    """
    _warm_up()
    t0 = time.perf_counter()
    if isinstance(parsed, str):
        text = parsed
        parsed = with_deadline(lambda: parse_expression(text), seconds, 5 * seconds)
    out = with_deadline(lambda: _derive_and_compile(parsed), seconds, 5 * seconds)
    return CompiledExpression(parsed, *out, seconds=time.perf_counter() - t0)


def _derive_and_compile(parsed: ParsedExpression):
    f = parsed.expr
    too_big = ExpressionError(
        "the derivatives of this expression are too large to use (limit {limit} parts)",
        limit=MAX_DERIVATIVE_SIZE,
    )
    try:
        gx, gy = sp.diff(f, X), sp.diff(f, Y)
        if _tree_size_exceeds((gx, gy), MAX_DERIVATIVE_SIZE // 4):
            raise too_big
        hxx = _no_delta(sp.diff(gx, X))
        hxy = _no_delta(sp.diff(gx, Y))
        hyy = _no_delta(sp.diff(gy, Y))
        if _tree_size_exceeds((hxx, hxy, hyy), MAX_DERIVATIVE_SIZE):
            raise too_big
        first = [_real_powers(e) for e in (f, gx, gy)]
        second = [_real_powers(e) for e in (hxx, hxy, hyy)]
        fg, hess = _compile(first), _compile(second)
    except (RecursionError, MemoryError):
        raise too_big from None
    return (gx, gy), (hxx, hxy, hyy), fg, hess


def parse_bounds(bounds) -> np.ndarray:
    """Plotting box from ``(xmin, xmax, ymin, ymax)`` or ``[[xmin, xmax], [ymin, ymax]]``.

    Finite, ``min < max``, ``|bound| <= MAX_BOUND``; returns a (2, 2) array.
    """
    try:
        b = np.asarray(bounds, dtype=float)
    except (TypeError, ValueError):
        raise ExpressionError(RANGE_NUMBERS) from None
    if b.size != 4:
        raise ExpressionError(RANGE_NUMBERS)
    b = b.reshape(2, 2)
    if not np.all(np.isfinite(b)) or np.any(np.abs(b) > MAX_BOUND):
        raise ExpressionError("the range must be finite numbers within ±{limit}",
                              limit=f"{MAX_BOUND:g}")
    for (lo, hi), axis in zip(b, "xy"):
        if not lo < hi:
            raise ExpressionError("the {axis} range needs min < max, got {lo} to {hi}",
                                  axis=axis, lo=f"{lo:g}", hi=f"{hi:g}")
        if hi - lo < 1e-6 * max(1.0, abs(lo), abs(hi)):
            raise ExpressionError("the {axis} range is too narrow ({lo} to {hi})",
                                  axis=axis, lo=f"{lo:g}", hi=f"{hi:g}")
    return b

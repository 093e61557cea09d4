"""User text f(x, y) is never run as code: escape attempts, resource bombs, fuzzing.

Every attempt must end in an ExpressionError with a message; none may create the
canary file, import a module, or take long (the bombs are refused before any
arithmetic; ratios, not wall-clock limits, are asserted).
"""

from __future__ import annotations

import ast
import builtins
import sys
import time
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optim_lab.surfaces import ExpressionError, get_surface
from optim_lab.surfaces.expression import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    compile_expression,
    parse_bounds,
    parse_expression,
    with_deadline,
)


def _attempts(canary: str) -> list[str]:
    c = repr(canary)
    return [
        f"__import__('os').system('touch {canary}')",
        f"open({c}, 'w')",
        f"exec(\"open({c}, 'w')\")",
        f"eval(\"open({c}, 'w')\")",
        "ｅｘｅｃ('1')",  # NFKC: Python reads this as exec
        "ｏｐｅｎ('x')",
        "x.__class__.__mro__[1].__subclasses__()",
        "().__class__.__bases__[0].__subclasses__()",
        "sin.__globals__",
        "x.real",
        "getattr(x, '__class__')",
        "globals()",
        "vars()",
        "locals()",
        "breakpoint()",
        "compile('1', 'f', 'eval')",
        "(lambda: 1)()",
        "lambda x: x",
        "[c for c in ().__class__.__bases__]",
        "{k: 1 for k in 'ab'}",
        "(c for c in 'ab')",
        "'x'",
        "b'x'",
        "f'{x}'",
        "f'{__import__(\"os\")}'",
        "(z := 1)",
        "sin(*[x])",
        "max(*[x, y])",
        "max(x, y, key=abs)",
        "sin(x=1)",
        "x if y else 1",
        "x[0]",
        "x[0:1]",
        "{x}",
        "{'a': x}",
        "(x, y)",
        "[x]",
        "x < y",
        "x and y",
        "not x",
        "~x",
        "x @ y",
        "x // y",
        "x % y",
        "x ^ 2",
        "x | y",
        "x << 2",
        "await x",
        "yield x",
        "...",
        "None",
        "True + x",
        "1j * x",
        "__builtins__",
        "__name__",
        "sympy",
        "np",
        "math.pi",
        "sin(x)(y)",
        "sin(x).evalf()",
        "pi.evalf",
        "x; import os",
        "import os",
        "x = 1",
        "del x",
        "x\nimport os",
        "#",
        "\x00",
        "x\x00",
        "𝐱 + __import__('os')",
        "Symbol('x')",
        "Function('f')(x)",
        "rpow(x, 2)",
        "DiracDelta(x)",
        "S(1)",
        "Integer(2)**x",
        "sin",
        "unknown_name",
        "x y",
        "2x",
        "",
        "   ",
    ]


def test_no_escape_attempt_runs_code_or_imports(tmp_path):
    compile_expression("x**2 + sin(y)")  # warm up sympy's lazily imported printers
    canary = tmp_path / "canary"
    before = set(sys.modules)
    attempts = _attempts(str(canary))
    for text in attempts:
        with pytest.raises(ExpressionError) as info:
            compile_expression(text)
        assert str(info.value), text
        with pytest.raises(ExpressionError):
            get_surface("custom", expression=text)
    assert not canary.exists()
    assert set(sys.modules) - before == set()


def test_user_text_reaches_compile_only_to_build_a_syntax_tree(monkeypatch):
    """eval/exec/compile run (lambdify compiles the source it prints from our sympy
    tree; ast.parse is compile with PyCF_ONLY_AST) but the user's text only ever
    reaches compile with the AST-only flag, and never eval or exec."""
    calls = []
    for name in ("eval", "exec", "compile"):
        real = getattr(builtins, name)

        def spy(source, *args, _real=real, _name=name, **kwargs):
            flags = args[2] if _name == "compile" and len(args) > 2 else kwargs.get("flags", 0)
            calls.append((_name, source if isinstance(source, str) else "", flags))
            return _real(source, *args, **kwargs)

        monkeypatch.setattr(builtins, name, spy)
    text = "x**2 + 17.25*y**2 + 0*x"  # "+ 0*x" does not survive sympy's printing
    get_surface("custom", expression=text, bounds=(-2, 2, -2, 2))
    with_text = [(n, f) for n, s, f in calls if text in s]
    assert with_text == [("compile", ast.PyCF_ONLY_AST)]
    assert any(n == "exec" for n, _, _ in calls)  # the spy did see lambdify's own code


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9**9**9", f"exponent too large (limit {MAX_EXPONENT})"),
        ("x**10**10", "exponent too large"),
        ("x**(2**7)", "exponent too large"),
        ("(" * 10_000 + "x" + ")" * 10_000, "too long"),
        ("-" * 10_000 + "x", "too long"),
        ("x+" * 50_000 + "x", "too long"),
        ("a" * 100_000, "too long"),
        ("-" * (MAX_LENGTH - 1) + "x", f"nested too deeply (limit {MAX_DEPTH}"),
        ("sin(" * 40 + "x" + ")" * 40, "nested too deeply"),
        ("10000000000000 * x", "number too large"),
        ("1e308 * x", "number too large"),
        ("(1e12)**40 * x", "too large"),
        ("exp(1000) * x", "too large"),
        ("log(0) + x", "undefined"),
        ("sqrt(-1) * x", "undefined"),
        ("(-8)**(1/3) * x", "undefined"),
        ("x / 0", "division by zero"),
        ("log(x - x)", "undefined"),
        ("x ^ 2", "write x**2"),
    ],
)
def test_resource_bombs_and_undefined_constants_get_a_clear_message(text, fragment):
    with pytest.raises(ExpressionError) as info:
        compile_expression(text)
    assert fragment in str(info.value)


def test_bombs_are_refused_much_faster_than_a_real_compile():
    """Refusals happen before any symbolic work: each bomb costs far less than
    compiling one small valid expression (a ratio in one process, no wall limit)."""
    bombs = ["9**9**9", "x**10**10", "(" * 10_000 + "x" + ")" * 10_000, "a" * 100_000,
             "-" * (MAX_LENGTH - 1) + "x"]
    compile_expression("x**2 + y")  # warm up
    t = time.perf_counter()
    compile_expression("(1-x)**2 + 100*(y-x**2)**2")
    real = time.perf_counter() - t
    for bomb in bombs:
        costs = []
        for _ in range(3):  # best of three: a busy machine can stall any one call
            t = time.perf_counter()
            with pytest.raises(ExpressionError):
                compile_expression(bomb)
            costs.append(time.perf_counter() - t)
        assert min(costs) < 0.5 * real, bomb


def test_derivative_work_is_interrupted_by_the_deadline():
    """Differentiation that would run long is stopped at the CPU budget with a message."""
    heavy = ("tanh(sin(x**y)*cos(y**x)*exp(x*y)*log(x+y)*sqrt(x*y))"
             "**(sin(x)**cos(y))**(tan(x*y)**atan(x/y))")
    with pytest.raises(ExpressionError, match="too long to differentiate"):
        compile_expression(heavy, seconds=0.05)
    compile_expression("x**2 + y**2", seconds=5.0)  # the thread is usable afterwards


def test_a_busy_machine_does_not_refuse_an_expression():
    """The budget is the compiling thread's CPU time: waiting (for the GIL, for a core
    other processes hold) costs none of it, and the collector's pauses are not counted."""
    import gc

    seen = {}

    def slow_but_idle():
        seen["collecting"] = gc.isenabled()
        time.sleep(0.3)  # wall time far past both budgets, almost no CPU time
        return "done"

    was = gc.isenabled()
    assert with_deadline(slow_but_idle, cpu_seconds=0.05, wall_seconds=0.1) == "done"
    assert seen["collecting"] is False
    assert gc.isenabled() is was

    def spin():
        t = time.thread_time()
        while time.thread_time() - t < 5:
            pass

    with pytest.raises(ExpressionError, match="too long to differentiate"):
        with_deadline(spin, cpu_seconds=0.05, wall_seconds=0.1)
    assert gc.isenabled() is was


def test_error_points_at_the_offending_part():
    with pytest.raises(ExpressionError) as info:
        parse_expression("x**2 + foo(y)")
    assert info.value.column == 7 and info.value.snippet == "foo"
    with pytest.raises(ExpressionError) as info:
        parse_expression("σ + x")  # a multi-byte character before: column counts characters
    assert info.value.column == 0 and info.value.snippet == "σ"
    with pytest.raises(ExpressionError) as info:
        parse_expression("x²·y + ｚ")
    assert info.value.snippet == "z"


def test_typography_and_unicode_are_normalised_before_checking():
    assert parse_expression("x² − 3×y²").text == "x**2 - 3*y**2"
    assert parse_expression("ｘ＊＊２").text == "x**2"
    assert parse_expression("π*x").text == "pi*x"
    assert parse_expression("sⅰn(x)").text == "sin(x)"  # roman numeral one: NFKC gives i


@pytest.mark.parametrize(
    "bounds",
    [(0, 0, -1, 1), (1, -1, -1, 1), (float("nan"), 1, -1, 1), (0, float("inf"), 0, 1),
     (0, 1, 0), "abc", None, (-1e9, 1e9, 0, 1), (0, 1e-12, 0, 1)],
)
def test_bad_bounds_are_refused(bounds):
    with pytest.raises(ExpressionError):
        parse_bounds(bounds)
    with pytest.raises(ValueError):
        get_surface("custom", expression="x**2", bounds=bounds)


_ALPHABET = "xyepi0123456789.+-*/()^, _[]{}'\"=:;<>!@#$%&|~`\\ sincoqrtlgabmhd\n\x00ｅｘπ²"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(alphabet=_ALPHABET, max_size=60), st.text(max_size=60)))
def test_fuzz_only_expression_errors_escape_the_parser(text):
    try:
        parsed = parse_expression(text)
    except ExpressionError as exc:
        assert str(exc)
        return
    assert parsed.node_count >= 1 and parsed.expr.free_symbols <= {
        s for s in parsed.expr.free_symbols if s.name in ("x", "y")
    }


_TOKENS = ["x", "y", "pi", "e", "2", "0.5", "+", "-", "*", "/", "**", "(", ")", "sin(", "log(",
           "exp(", "sqrt(", "abs(", "max(", "min(", ",", "atan(", "10", "3"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=14))
def test_fuzz_token_soup_compiles_or_gives_an_expression_error(tokens):
    try:
        c = compile_expression("".join(tokens))
    except ExpressionError as exc:
        assert str(exc)
        return
    f, gx, gy = c.fg(0.3, -0.7, __import__("numpy"))
    assert f.shape == gx.shape == gy.shape == ()


@pytest.mark.parametrize("text", ["'\\o'", "x + \"\\d\"", "b'\\q' + x", "f'{x}\\z'"])
def test_quoted_text_is_refused_without_a_python_warning(text):
    """Python's parser warns about escapes like ``\\o`` in literals: refused before parsing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ExpressionError) as info:
            parse_expression(text)
    assert caught == []
    assert "a string is not allowed" in str(info.value)
    assert info.value.column == text.index(next(c for c in text if c in "'\""))

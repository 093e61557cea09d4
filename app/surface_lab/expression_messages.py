# ruff: noqa: E501  (translation list: one literal per line, as lupdate reads it)
"""The engine's expression error messages, marked for translation.

:class:`optim_lab.surfaces.ExpressionError` carries an English ``template`` and
its ``values``; :func:`tr_expression_error` translates the template (and the
description of a refused construct) here, then fills the values in.  A template
missing from this list is shown in English.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from optim_lab.surfaces import ExpressionError

CONTEXT = "ExpressionErrors"

TEMPLATES = (
    QT_TRANSLATE_NOOP("ExpressionErrors", " at column {column}: '{snippet}'"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "expression too long: {length} characters (limit {limit})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "expression nested too deeply (limit {limit} levels)"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "expression too large (limit {limit} parts)"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "this constant part is too large (limit {limit})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "this constant part is undefined or not a real number"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the range must be four numbers xmin, xmax, ymin, ymax"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the range must be finite numbers within ±{limit}"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the {axis} range needs min < max, got {lo} to {hi}"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the {axis} range is too narrow ({lo} to {hi})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "an expression must be text, not {type}"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "f is undefined (or overflows) everywhere in the plotting range"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "syntax error ({detail})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the expression cannot be parsed ({detail})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the expression is empty: type f(x, y), e.g. x**2 + 3*y**2"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the expression simplifies to something undefined or complex"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "this expression takes too long to differentiate (limit {limit} s)"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "the derivatives of this expression are too large to use (limit {limit} parts)"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "keyword arguments are not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "number too large (limit {limit})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "only unary minus and plus are allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "unknown name '{name}': the variables are x, y, pi, e"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "{name} is a function: write {name}(...)"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "{name} takes {arity} argument(s), got {count}"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "{what} is not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "{what} is not allowed: only real numbers"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "only the listed functions can be called"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "unknown function '{name}': use {known}"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "division by zero"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "exponent too large (limit {limit})"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "operator not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'^' is not a power here: write x**2"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'//' is not allowed: use /"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'%' is not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'@' is not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'&' is not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'|' is not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'<<' is not allowed"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'>>' is not allowed"),
)

CONSTRUCTS = (
    QT_TRANSLATE_NOOP("ExpressionErrors", "attribute access"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "indexing"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "lambda"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a comprehension"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "':=' (assignment)"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'*' unpacking"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "an f-string"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a comparison"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'and'/'or'"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "'if ... else'"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a tuple"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a list"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a dict"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a set"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a slice"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a string"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "a complex number"),
    QT_TRANSLATE_NOOP("ExpressionErrors", "True/False"),
)


def tr_expression_error(err: ExpressionError) -> str:
    """The error's message in the UI language (English if its template is not listed)."""
    template = getattr(err, "template", None)
    if template not in TEMPLATES:
        return str(err)
    values = dict(err.values)
    if "what" in values and values["what"] in CONSTRUCTS:
        values["what"] = QCoreApplication.translate(CONTEXT, values["what"])
    try:
        text = QCoreApplication.translate(CONTEXT, template).format(**values)
        if err.column is not None and err.snippet:
            where = QCoreApplication.translate(CONTEXT, " at column {column}: '{snippet}'")
            text += where.format(column=err.column + 1, snippet=err.snippet)
    except (KeyError, IndexError, ValueError):  # a damaged translation: fall back to English
        return str(err)
    return text

"""What a custom surface needs before sympy is imported: its name, default range and error type.

Importing :mod:`optim_lab.surfaces.expression` loads sympy (about 0.8 s), so the
registry and the app's start-up path import only this module; the parser and
compiler load the first time a custom f(x, y) is built.
"""

from __future__ import annotations

__all__ = ["CUSTOM_NAME", "DEFAULT_BOUNDS", "WHERE", "ExpressionError"]

CUSTOM_NAME = "custom"
DEFAULT_BOUNDS = (-3.0, 3.0, -3.0, 3.0)

WHERE = " at column {column}: '{snippet}'"


class ExpressionError(ValueError):
    """Bad user text or range.

    ``template`` is the English message with ``{placeholders}`` filled from
    ``values`` (a GUI translates the template, then formats); ``column``
    (0-based, in the normalised text) and ``snippet`` point at the offending part.
    """

    def __init__(self, template: str, column: int | None = None, snippet: str = "",
                 **values):
        message = template.format(**values)
        if column is not None and snippet:
            message += WHERE.format(column=column + 1, snippet=snippet)
        super().__init__(message)
        self.template = template
        self.values = values
        self.column = column
        self.snippet = snippet

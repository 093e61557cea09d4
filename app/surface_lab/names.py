"""Surface names and descriptions from the engine, marked for translation.

The engine is Qt-free, so its English texts are listed here for ``pyside6-lupdate``;
a text missing from the list (a new surface) is simply shown untranslated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

TEXTS = (
    QT_TRANSLATE_NOOP("Surfaces", 'Quadratic bowl'),
    QT_TRANSLATE_NOOP("Surfaces", '½(x² + κ y²) with κ = 10: Hessian eigenvalues 1 and κ.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Booth'),
    QT_TRANSLATE_NOOP("Surfaces", '(x+2y−7)² + (2x+y−5)²: a tilted bowl, Hessian eigenvalues 2 and 18.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Rosenbrock'),
    QT_TRANSLATE_NOOP("Surfaces", '(1−x)² + 100(y−x²)²: a curved, badly conditioned valley.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Himmelblau'),
    QT_TRANSLATE_NOOP("Surfaces", '(x²+y−11)² + (x+y²−7)²: four equal minima; the start decides.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Beale'),
    QT_TRANSLATE_NOOP("Surfaces", 'Sharp ridges and flat plains; one minimum at (3, 0.5).'),
    QT_TRANSLATE_NOOP("Surfaces", 'Rastrigin'),
    QT_TRANSLATE_NOOP("Surfaces", 'A bowl covered in local minima, one per integer lattice point.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Ackley'),
    QT_TRANSLATE_NOOP("Surfaces", 'A needle-shaped global minimum in a field of ripples.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Goldstein–Price'),
    QT_TRANSLATE_NOOP("Surfaces", 'Values from 3 to 10⁶: needs a log colour scale.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Six-hump camel'),
    QT_TRANSLATE_NOOP("Surfaces", 'Two global and four local minima.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Styblinski–Tang'),
    QT_TRANSLATE_NOOP("Surfaces", 'Four minima, one global; saddles between them.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Saddle x² − y²'),
    QT_TRANSLATE_NOOP("Surfaces", 'x² − y²: a saddle at the origin, unbounded below along y.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Monkey saddle'),
    QT_TRANSLATE_NOOP("Surfaces", 'x³ − 3xy²: a degenerate saddle (Hessian 0) at the origin.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Two wells'),
    QT_TRANSLATE_NOOP("Surfaces", 'A shallow local minimum beside a deeper global one.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Plateau'),
    QT_TRANSLATE_NOOP("Surfaces", '1 − exp(−x²−y²): almost flat far from the minimum.'),
    QT_TRANSLATE_NOOP("Surfaces", 'N-D saddle'),
    QT_TRANSLATE_NOOP("Surfaces", 'A saddle at 0 with 1 negative-curvature direction(s); minima at ±1.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Quartic saddle'),
    QT_TRANSLATE_NOOP("Surfaces", '½x² + ¼y⁴ − ½y²: a saddle at 0 between minima at (0, ±1).'),
    QT_TRANSLATE_NOOP("Surfaces", 'Catapult ½(uv − 1)²'),
    QT_TRANSLATE_NOOP("Surfaces", '½(uv − 1)²: a hyperbola of minima uv = 1, sharpness u² + v² there.'),
    QT_TRANSLATE_NOOP("Surfaces", 'Quartic bowl x⁴ + y⁴'),
    QT_TRANSLATE_NOOP("Surfaces", 'x⁴ + y⁴: a flat bottom; the gradient grows like distance³.'),
)


def tr_surface(text: str) -> str:
    """The translation of an engine surface label or description (or the text itself)."""
    return QCoreApplication.translate("Surfaces", text)

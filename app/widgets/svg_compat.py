"""Work around pyqtgraph 0.14.0's SVG exporter failing on closed paths (pyqtgraph issue #3495).

Qt 6.11's SVG generator ends closed paths with a bare ``Z`` token, which
``SVGExporter.correctCoordinates`` cannot parse ("not enough values to
unpack").  The wrapper removes the ``Z`` tokens, lets pyqtgraph transform the
coordinates, then closes the same paths again.  Remove once pyqtgraph > 0.14.0
(fixed upstream) is the pinned version.

"""

from __future__ import annotations

import sys

import pyqtgraph.exporters  # noqa: F401  (loads the SVGExporter module)

_module = sys.modules["pyqtgraph.exporters.SVGExporter"]
_original = _module.correctCoordinates


def _correct_coordinates(node, defs, item, options):
    closed = []
    for path in node.getElementsByTagName("path"):
        d = path.getAttribute("d")
        tokens = d.split()
        if any(t in ("Z", "z") for t in tokens):
            path.setAttribute("d", " ".join(t for t in tokens if t not in ("Z", "z")))
            closed.append(path)
    result = _original(node, defs, item, options)
    for path in closed:
        path.setAttribute("d", path.getAttribute("d").rstrip() + " Z")
    return result


def install() -> None:
    if _module.correctCoordinates is not _correct_coordinates:
        _module.correctCoordinates = _correct_coordinates

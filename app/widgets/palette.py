"""Okabe–Ito colours (Okabe & Ito 2008): distinguishable with every common colour-vision deficiency.

Ordered for a light heatmap background: yellow and black come last because
they are the hardest to see on it.
"""

from __future__ import annotations

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#0072B2",  # blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple (before vermillion, which is close to orange on thin lines)
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)


def run_color(index: int) -> str:
    """The colour of the ``index``-th run (cycles after eight)."""
    return OKABE_ITO[index % len(OKABE_ITO)]

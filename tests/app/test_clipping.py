"""Clipping what the labs draw to the view (``app.widgets.clipping``, pure numpy)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.widgets.clipping import clip_polyline, inside_box

BOX = (-2.0, 2.0, -1.0, 3.0)


def _distance_to_segments(q: np.ndarray, P: np.ndarray, joined: np.ndarray) -> np.ndarray:
    """Distance of each point of ``q`` (M, 2) to the joined segments of the polyline ``P``."""
    a, b = P[:-1][joined], P[1:][joined]
    d = b - a
    L = np.maximum(np.sum(d * d, axis=1), 1e-300)
    t = np.clip(np.einsum("mkj,kj->mk", q[:, None, :] - a[None], d) / L, 0, 1)
    nearest = a[None] + t[..., None] * d[None]
    return np.min(np.linalg.norm(q[:, None, :] - nearest, axis=2), axis=1)


def test_a_path_inside_the_box_is_drawn_unchanged():
    P = np.array([[0.0, 0.0], [1.0, 2.0], [-1.5, 2.9], [1.9, -0.9]])
    c = clip_polyline(P, BOX)
    np.testing.assert_array_equal(np.column_stack([c.x, c.y]), P)
    assert c.connect.tolist() == [True, True, True, False]
    assert c.upto.tolist() == [0, 2, 3, 4] and not c.outside.any()
    np.testing.assert_array_equal(c.marker, P)


def test_a_diverging_run_ends_on_the_edge_with_its_marker_and_direction_there():
    # GD on x² - like blow-up: alternating sign, growing 3x per step
    P = np.array([[0.5 * (-3.0) ** k, 1.0] for k in range(12)])
    c = clip_polyline(P, BOX)
    assert np.all(np.abs(c.x) <= 2.0) and np.all((c.y >= -1) & (c.y <= 3))
    last = len(P) - 1
    assert c.outside[last]
    assert abs(abs(c.marker[last, 0]) - 2.0) < 1e-12  # on the left or right edge
    ux, uy = c.exit_direction(P, last)
    assert np.sign(ux) == np.sign(P[last, 0]) and abs(uy) < 1e-12


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=1, max_size=40),
       st.lists(st.booleans(), min_size=40, max_size=40))
def test_clipping_keeps_exactly_the_visible_part(points, joins):
    P = np.array(points, dtype=float)
    n = len(P)
    connect = np.array(joins[:n], dtype=bool)
    c = clip_polyline(P, BOX, connect=connect)
    drawn = np.column_stack([c.x, c.y])
    assert np.all(inside_box(drawn, BOX))  # nothing drawn outside the box
    assert len(drawn) <= 2 * max(n - 1, 0)
    joined = connect[: n - 1]
    # every drawn segment lies on a joined input segment ...
    if c.connect.any() and joined.any():
        i = np.flatnonzero(c.connect[:-1])
        mids = 0.5 * (drawn[i] + drawn[i + 1])
        scale = max(1.0, float(np.abs(P).max()))
        assert np.all(_distance_to_segments(mids, P, joined) <= 1e-9 * scale)
    # ... and every visible piece of a joined input segment is drawn
    if joined.any():
        t = np.linspace(0, 1, 9)[:, None, None]
        samples = (P[:-1][joined][None] * (1 - t) + P[1:][joined][None] * t).reshape(-1, 2)
        seen = samples[inside_box(samples, BOX)]
        if len(seen):
            ok = c.connect[:-1] if len(c.connect) > 1 else np.zeros(0, bool)
            assert ok.any()
            dist = _distance_to_segments(seen, drawn, ok)
            assert np.all(dist <= 1e-9 * max(1.0, float(np.abs(P).max())))
    # markers: the point itself when inside, else on the box
    inside = inside_box(P, BOX)
    np.testing.assert_array_equal(c.marker[inside], P[inside])
    assert np.all(inside_box(c.marker, BOX))
    assert c.upto[0] == 0 and np.all(np.diff(c.upto) >= 0) and c.upto[-1] == len(drawn)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(-2.0, 2.0), st.floats(-1.0, 3.0)), min_size=2, max_size=60))
def test_a_path_inside_the_box_takes_the_short_route_to_the_general_result(points):
    """The all-inside shortcut (a slider drag's usual run) returns, array for array, what the
    general per-segment clipping returns (forced here with an all-joined ``connect``)."""
    P = np.array(points, dtype=float)
    fast = clip_polyline(P, BOX)
    general = clip_polyline(P, BOX, connect=np.ones(len(P), dtype=bool))
    for name in ("x", "y", "connect", "upto", "marker", "outside"):
        a, b = getattr(fast, name), getattr(general, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    for j in (0, 1, len(P) // 2, len(P) - 1):
        for u, v in zip(fast.until(j), general.until(j), strict=True):
            np.testing.assert_array_equal(u, v)

"""LeanDataItem's short ``setData`` leaves the item and its curve exactly as
``pg.PlotDataItem.setData`` does, on linear and log axes, with connect arrays, and takes
pyqtgraph's own path for everything else (non-finite data, downsampling, symbols)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from app.widgets.lean_data_item import LeanDataItem

_KEEP: list = []


@pytest.fixture(autouse=True)
def _release_plots():
    yield
    _KEEP.clear()


def _pair(qtbot, log_y: bool = False, **opts):
    """The same line twice, one plain ``PlotDataItem`` and one ``LeanDataItem``, each in a
    shown plot."""
    items = []
    for cls in (pg.PlotDataItem, LeanDataItem):
        w = pg.PlotWidget()
        qtbot.addWidget(w)
        w.resize(300, 200)
        w.show()
        it = cls(pen=pg.mkPen("#1f77b4", width=2), skipFiniteCheck=True, dynamicRangeLimit=None,
                 **opts)
        w.addItem(it)
        w.setLogMode(x=False, y=log_y)
        items.append(it)
        _KEEP.append(w)  # the plot must outlive this function
    return items


def _same(a: pg.PlotDataItem, b: pg.PlotDataItem) -> None:
    for u, v in ((a.curve.xData, b.curve.xData), (a.curve.yData, b.curve.yData)):
        np.testing.assert_array_equal(u, v)
        assert u.dtype == v.dtype
    ca, cb = a.curve.opts["connect"], b.curve.opts["connect"]
    if isinstance(ca, np.ndarray) or isinstance(cb, np.ndarray):
        np.testing.assert_array_equal(ca, cb)
    else:
        assert ca == cb
    for key in ("skipFiniteCheck", "antialias"):
        assert a.curve.opts[key] == b.curve.opts[key]
    assert a.curve.isVisible() == b.curve.isVisible()
    for u, v in zip(a.getData(), b.getData(), strict=True):
        np.testing.assert_array_equal(u, v)
    for u, v in zip(a.getOriginalDataset(), b.getOriginalDataset(), strict=True):
        np.testing.assert_array_equal(u, v)
    assert a.dataBounds(0) == b.dataBounds(0)
    assert a.dataBounds(1) == b.dataBounds(1)
    assert a.curve.boundingRect() == b.curve.boundingRect()


def _lean_calls(monkeypatch) -> list:
    """Records the calls that went through pyqtgraph's pipeline."""
    calls = []
    orig = pg.PlotDataItem.updateItems

    def spy(self, *args, **kwargs):
        calls.append(self)
        return orig(self, *args, **kwargs)

    monkeypatch.setattr(pg.PlotDataItem, "updateItems", spy)
    return calls


@pytest.mark.parametrize("log_y", [False, True])
def test_plain_lines_equal_plot_data_item(qtbot, monkeypatch, log_y):
    rng = np.random.default_rng(7)
    ref, lean = _pair(qtbot, log_y)
    piped = _lean_calls(monkeypatch)
    for n in (1000, 3, 1000, 57):
        x = np.arange(n, dtype=float)
        y = np.exp(rng.normal(size=n) * 4)  # positive: finite on a log axis
        ref.setData(x, y)
        lean.setData(x, y)
        _same(ref, lean)
    assert piped.count(lean) == 1  # the first data takes pyqtgraph's path, then the short one


def test_connect_arrays_equal_plot_data_item(qtbot, monkeypatch):
    rng = np.random.default_rng(3)
    ref, lean = _pair(qtbot, antialias=True)
    piped = _lean_calls(monkeypatch)
    for n in (400, 1000, 2):
        x, y = rng.normal(size=n), rng.normal(size=n)
        conn = rng.random(n) > 0.2
        ref.setData(x, y, connect=conn)
        lean.setData(x, y, connect=conn)
        _same(ref, lean)
    assert piped.count(lean) == 1


@pytest.mark.parametrize("case", ["nan", "zero_on_log", "inf"])
def test_non_finite_data_takes_pyqtgraphs_path(qtbot, monkeypatch, case):
    ref, lean = _pair(qtbot, log_y=case == "zero_on_log")
    x = np.arange(50, dtype=float)
    y = np.linspace(1, 2, 50)
    for it in (ref, lean):
        it.setData(x, y)  # finite data first (the curve gets its style)
    y[10] = {"nan": np.nan, "zero_on_log": 0.0, "inf": np.inf}[case]
    piped = _lean_calls(monkeypatch)
    ref.setData(x, y)
    lean.setData(x, y)
    assert lean in piped
    _same(ref, lean)
    y[10] = 1.5  # and back to finite data: the short path again, same result
    piped.clear()
    ref.setData(x, y)
    lean.setData(x, y)
    assert lean not in piped
    _same(ref, lean)


def test_other_options_and_arguments_take_pyqtgraphs_path(qtbot, monkeypatch):
    ref, lean = _pair(qtbot)
    piped = _lean_calls(monkeypatch)
    x = np.arange(3000, dtype=float)
    y = np.sin(x / 40)
    for it in (ref, lean):
        it.setDownsampling(auto=True, method="peak")
    piped.clear()
    ref.setData(x, y)
    lean.setData(x, y)
    assert lean in piped
    _same(ref, lean)
    for it in (ref, lean):
        it.setDownsampling(ds=1, auto=False)
        it.setData([0, 1, 2], [3, 1, 2])  # lists
    _same(ref, lean)
    for it in (ref, lean):
        it.setData([], [])  # empty: the curve hides
    _same(ref, lean)
    assert not lean.curve.isVisible()
    for it in (ref, lean):
        it.setData(x[:10], y[:10])  # and shows again on the short path
    _same(ref, lean)
    for it in (ref, lean):
        it.setPen(pg.mkPen("#ff0000", width=3))
        it.setData(x[:20], y[:20] * 2)
    _same(ref, lean)
    assert lean.curve.opts["pen"].color().name() == "#ff0000"


def test_dynamic_range_limit_or_symbols_take_pyqtgraphs_path(qtbot, monkeypatch):
    for opts in ({"dynamicRangeLimit": 1e6}, {"symbol": "o"}):
        w = pg.PlotWidget()
        qtbot.addWidget(w)
        kwargs = {"pen": "b", "dynamicRangeLimit": None} | opts
        lean = LeanDataItem(**kwargs)
        w.addItem(lean)
        _KEEP.append(w)
        lean.setData(np.arange(5.0), np.arange(5.0))
        piped = _lean_calls(monkeypatch)
        lean.setData(np.arange(5.0), np.arange(5.0) * 2)
        assert lean in piped
        monkeypatch.undo()

"""Lesson setups and checks on the Deep Stack Lab (lessons with ``"lab": "deep"``).

A setup is ``{"scenario": KEY}`` (a Deep Stack Lab scenario: vanishing, skips, exploding,
healthy, batchnorm_explodes, edge_of_stability) or ``{"config": {DeepConfig fields},
"compare": false, "steps": 2000}``. A check atom reads one stack of
:class:`optim_lab.deep.state.DeepStackState` (``"stack": 0`` is the only stack, or the plain
one when comparing; ``1`` the residual one):

- ``residual`` (true/false): the stack has skip connections;
- ``trained_at_least`` (steps): it has trained that many steps;
- ``ratio_below`` / ``ratio_above`` (a number > 0): the first/last activation-gradient ratio
  ``‖∂L/∂h_1‖ / ‖∂L/∂h_L‖`` at the latest step;
- ``accuracy_above``, ``loss_below`` (numbers); ``diverged`` (true/false).

Checks combine with ``all`` / ``any`` / ``not`` as Surface Lab checks do; nothing is
evaluated as code. The feedback states the computed facts, in English or Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..deep.config import config_from_dict
from ..deep.scenarios import DEEP_SCENARIOS, deep_scenario
from ..deep.state import DeepSetup, DeepStackState
from ..files import is_number
from .checks import CheckResult, FactReader

__all__ = ["DEEP_CONDITIONS", "deep_setup", "evaluate_deep", "validate_deep_atom"]

MAX_BUDGET = 100_000
DEEP_CONDITIONS: Mapping[str, str] = {
    "residual": "bool", "trained_at_least": "count", "ratio_below": "positive",
    "ratio_above": "positive", "accuracy_above": "number", "loss_below": "number",
    "diverged": "bool",
}

_T = {
    "en": {
        "plain": "the plain stack", "residual": "the residual stack",
        "untrained": "{stack} has not trained yet",
        "trained": "{stack} trained {k} steps (loss {loss}, accuracy {acc})",
        "ratio": "first/last gradient ratio {ratio}",
        "no_ratio": "the last layer's gradient is 0: no ratio",
        "diverged": "{stack} diverged",
        "missing": "there is no stack {n} (compare plain and residual to get two)",
        "join": "; ",
    },
    "zh_CN": {
        "plain": "普通堆叠", "residual": "残差堆叠",
        "untrained": "{stack}还没有训练",
        "trained": "{stack}训练了 {k} 步（损失 {loss}，准确率 {acc}）",
        "ratio": "首层/末层梯度比 {ratio}",
        "no_ratio": "末层梯度为 0：没有比值",
        "diverged": "{stack}发散了",
        "missing": "没有第 {n} 个堆叠（并排比较普通与残差才有两个）",
        "join": "；",
    },
}


def _g(v: float) -> str:
    return f"{v:.2e}" if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-2) else f"{v:.3g}"


def deep_setup(raw: Any, fail: Callable[[str, str], Exception]) -> DeepSetup:
    """A validated setup; ``fail(field, why)`` builds the error raised for a problem."""
    if not isinstance(raw, dict):
        raise fail("setup", 'expected {"scenario": KEY} or {"config": {...}, "compare": false}')
    if "scenario" in raw:
        if set(raw) != {"scenario"}:
            raise fail("setup", "a scenario setup has only the key 'scenario'")
        key = raw["scenario"]
        keys = [s.key for s in DEEP_SCENARIOS if not s.sweep]
        if not isinstance(key, str) or key not in keys:
            raise fail("setup.scenario", f"unknown Deep Stack Lab scenario {str(key)[:60]!r}; "
                       f"choose one of: {', '.join(keys)}")
        s = deep_scenario(key)
        return DeepSetup(s.config, s.compare, s.steps)
    unknown = set(raw) - {"config", "compare", "steps"}
    if unknown:
        raise fail("setup", f"unknown key {sorted(map(str, unknown))[0]!r}")
    try:
        config = config_from_dict(raw.get("config", {}))
    except (ValueError, TypeError) as exc:
        raise fail("setup.config", str(exc)[:300]) from None
    compare = raw.get("compare", False)
    if not isinstance(compare, bool):
        raise fail("setup.compare", "expected true or false")
    steps = raw.get("steps", 2000)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_BUDGET:
        raise fail("setup.steps", f"expected a whole number from 1 to {MAX_BUDGET}")
    return DeepSetup(config, compare, steps)


def validate_deep_atom(raw: Mapping[str, Any], field: str,
                       fail: Callable[[str, str], Exception]) -> dict:
    stack = raw.get("stack")
    if isinstance(stack, bool) or stack not in (0, 1):
        raise fail(f"{field}.stack", "expected 0 (the stack, or the plain one when comparing) "
                   "or 1 (the residual one)")
    conds = [k for k in raw if k != "stack"]
    if len(conds) != 1 or conds[0] not in DEEP_CONDITIONS:
        bad = next((k for k in conds if k not in DEEP_CONDITIONS), None)
        why = (f"unknown condition {str(bad)[:60]!r}" if bad is not None
               else "expected exactly one condition")
        raise fail(field, f"{why}; conditions: {', '.join(DEEP_CONDITIONS)}")
    cond = conds[0]
    v = raw[cond]
    kind = DEEP_CONDITIONS[cond]
    ok = {"bool": isinstance(v, bool),
          "count": isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_BUDGET,
          "number": is_number(v),
          "positive": is_number(v) and v > 0}[kind]
    if not ok:
        expected = {"bool": "true or false", "count": f"a whole number from 0 to {MAX_BUDGET}",
                    "number": "a finite number", "positive": "a finite number above 0"}[kind]
        raise fail(f"{field}.{cond}", f"expected {expected}, got {v!r}"[:300])
    return dict(raw)


class _DeepReader(FactReader):
    def __init__(self, state: DeepStackState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.t = _T["zh_CN" if lang.startswith("zh") else "en"]

    def atom(self, c: Mapping[str, Any]) -> bool:
        n = c["stack"]
        if n >= len(self.state.stacks):
            self.note(self.t["missing"].format(n=n))
            return False
        s = self.state.stacks[n]
        name = self.t["residual" if s.residual else "plain"]
        if s.steps == 0:
            self.note(self.t["untrained"].format(stack=name))
        else:
            self.note(self.t["trained"].format(stack=name, k=s.steps, loss=_g(s.loss or 0.0),
                                               acc=f"{(s.accuracy or 0.0):.0%}"))
            self.note(self.t["ratio"].format(ratio=_g(s.ratio)) if s.ratio is not None
                      else self.t["no_ratio"])
        if s.diverged:
            self.note(self.t["diverged"].format(stack=name))
        cond, v = next((k, x) for k, x in c.items() if k != "stack")
        if cond == "residual":
            return s.residual is v
        if cond == "trained_at_least":
            return s.steps >= v
        if cond == "diverged":
            return s.diverged is v
        if s.steps == 0:
            return False
        if cond in ("ratio_below", "ratio_above"):
            if s.ratio is None:
                return False
            return s.ratio < v if cond == "ratio_below" else s.ratio > v
        if cond == "accuracy_above":
            return s.accuracy is not None and s.accuracy > v
        if cond == "loss_below":
            return s.loss is not None and s.loss < v
        raise ValueError(f"unknown condition {cond!r}")  # unreachable for validated checks


def evaluate_deep(check: Mapping[str, Any], state: DeepStackState, lang: str = "en"
                  ) -> CheckResult:
    """Whether the Deep Stack Lab's ``state`` satisfies a validated ``check``, and why."""
    reader = _DeepReader(state, lang)
    passed = reader.check(check)
    facts = reader.facts
    if facts:  # the feedback starts a sentence
        facts[0] = facts[0][:1].upper() + facts[0][1:]
    return CheckResult(bool(passed), tuple(facts))

"""Evaluate a lesson check on a :class:`~optim_lab.session.SurfaceSession` and say why.

Checks are plain data (validated by :mod:`optim_lab.lessons.model`), interpreted here by a
fixed table of conditions; nothing in a lesson is ever evaluated as code. Each atom reads
one run (``"run": i`` counts ``session.run_ids()`` from 0) and its computed trajectory:

- ``status``: ``trajectory.status`` is the value (or one of the list);
- ``reached``: converged, and to a global / local / any minimum (``end.is_global``);
- ``converged_within`` / ``diverged_within``: converged (diverged) at step ≤ n;
- ``stalled_steps_below``: fewer than n steps near a saddle;
- ``lr_above_limit``: lr > α_crit, the stability limit at the minimum nearest the start
  (2/λ for GD, 2(1+β)/λ for heavy ball, 2(1+β)/((1+2β)λ) for Nesterov, λ the largest
  Hessian eigenvalue there; :mod:`optim_lab.stability`); false for an adaptive method;
- ``lr_above`` / ``lr_below``, ``hyper_at_least`` / ``hyper_at_most``: the settings;
- ``final_loss_below``, ``enabled``, ``optimizer``;
- on the run's training dynamics (:class:`~optim_lab.dynamics.Dynamics`):
  ``noise_at_least`` (gradient-noise σ ≥ v), ``schedule`` (the schedule's canonical
  name, :mod:`optim_lab.schedules`, is the value or one of the list), ``clip_at_most``
  (clipping on, ``clip_grad_norm_`` max norm ≤ v), ``amsgrad`` (true / false);
- ``end_sharpness_below``: converged at a point of a curve of minima whose sharpness
  λ_max (``Outcome.sharpness``) is < v; the feedback compares it with 2/lr, lr the
  schedule's peak rate (GD stays only where λ_max < 2/lr: the catapult);
- ``noise_ball_below``: a noisy run settled, in a ball of RMS radius
  (``Trajectory.noise_ball``) < v;
- ``reached_minimum_near``: converged to the surface's known minimum nearest to the
  point v = [x, y] (``Outcome.point`` is that tabulated minimum) — which basin of
  attraction the run's start lies in.

The feedback states the computed facts the check looked at ("GD (lr 0.13) diverged at
step 23 — lr 0.13 is above the limit 2/λ = 0.1111 (λ = 18)"), in English or Chinese.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..schedules import parse_schedule
from ..session import SurfaceSession

__all__ = ["CheckResult", "evaluate"]

_T = {
    "en": {
        "run": "{label} (lr {lr})",
        "off": "{run} is switched off",
        "error": "{run} cannot run: {why}",
        "diverged": "{run} diverged at step {k}",
        "converged_global": "{run} reached the global minimum in {k} steps",
        "converged_local": "{run} reached a local minimum in {k} steps (loss {loss})",
        "converged": "{run} converged in {k} steps",
        "stalled": "{run} stalled near the saddle for {k} steps",
        "max_steps": "{run} is still moving after {k} steps (loss {loss})",
        "above": "lr {lr} is above the limit {formula} = {limit} (λ = {lam})",
        "below": "lr {lr} is below the limit {formula} = {limit} (λ = {lam})",
        "adaptive": "{label} has no fixed stability limit",
        "hyper": "{label}'s {name} is {value}",
        "missing": "there is no run {n}",
        "noise": "{label}'s gradient noise is σ = {sigma}",
        "schedule": "{label}'s learning-rate schedule is {spec}",
        "clip": "{label} clips the gradient at norm {clip}",
        "no_clip": "{label} does not clip the gradient",
        "amsgrad_on": "{label} uses AMSGrad",
        "amsgrad_off": "{label} does not use AMSGrad",
        "sharp_below": "it ended where the sharpness is {lam}, below 2/lr = {limit}",
        "sharp_above": "it ended where the sharpness is {lam}, not below 2/lr = {limit}",
        "no_sharpness": "its end point is not on a curve of minima (no sharpness)",
        "ball": "it settled in a noise ball of radius {r}",
        "no_ball": "it has not settled in a noise ball",
        "at_min": "it ended at the minimum ({x}, {y})",
        "want_min": "the minimum asked for is ({x}, {y})",
        "join": "; ",
    },
    "zh_CN": {
        "run": "{label}（学习率 {lr}）",
        "off": "{run}已关闭",
        "error": "{run}无法运行：{why}",
        "diverged": "{run}在第 {k} 步发散",
        "converged_global": "{run}用 {k} 步到达全局最小值",
        "converged_local": "{run}用 {k} 步到达一个局部最小值（损失 {loss}）",
        "converged": "{run}用 {k} 步收敛",
        "stalled": "{run}在鞍点附近停滞了 {k} 步",
        "max_steps": "{run}走了 {k} 步仍在移动（损失 {loss}）",
        "above": "学习率 {lr} 高于上限 {formula} = {limit}（λ = {lam}）",
        "below": "学习率 {lr} 低于上限 {formula} = {limit}（λ = {lam}）",
        "adaptive": "{label} 没有固定的稳定上限",
        "hyper": "{label} 的 {name} 为 {value}",
        "missing": "没有第 {n} 个运行",
        "noise": "{label} 的梯度噪声为 σ = {sigma}",
        "schedule": "{label} 的学习率调度为 {spec}",
        "clip": "{label} 把梯度裁剪到范数 {clip}",
        "no_clip": "{label} 没有裁剪梯度",
        "amsgrad_on": "{label} 使用 AMSGrad",
        "amsgrad_off": "{label} 没有使用 AMSGrad",
        "sharp_below": "它停在锐度为 {lam} 的地方，低于 2/学习率 = {limit}",
        "sharp_above": "它停在锐度为 {lam} 的地方，不低于 2/学习率 = {limit}",
        "no_sharpness": "它的终点不在一条最小值曲线上（没有锐度）",
        "ball": "它停在半径为 {r} 的噪声球内",
        "no_ball": "它没有停在噪声球内",
        "at_min": "它停在最小值 ({x}, {y})",
        "want_min": "要求到达的最小值是 ({x}, {y})",
        "join": "；",
    },
}
_HYPER_ZH = {"momentum": "动量 β", "beta1": "β₁", "beta2": "β₂", "eps": "ε",
             "weight_decay": "权重衰减", "lr": "学习率"}
_DYNAMICS_SETTINGS = ("noise_at_least", "schedule", "clip_at_most", "amsgrad")
_FORMULA = {"gd": "2/λ", "momentum": "2(1+β)/λ", "nesterov": "2(1+β)/((1+2β)λ)"}


def _g(v: float) -> str:
    return f"{v:.4g}"


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    facts: tuple[str, ...]  # computed sentences about what the check read

    def feedback(self, lang: str = "en") -> str:
        return _T[_lang(lang)]["join"].join(self.facts)


def _lang(lang: str) -> str:
    return "zh_CN" if lang.startswith("zh") else "en"


class FactReader:
    """The part every lab's check reader shares: the facts it noted (each once, in order)
    and the ``all`` / ``any`` / ``not`` combinators over its ``atom`` conditions."""

    def __init__(self) -> None:
        self.facts: list[str] = []

    def note(self, text: str) -> None:
        if text not in self.facts:
            self.facts.append(text)

    def atom(self, c: Mapping[str, Any]) -> bool:
        raise NotImplementedError

    def check(self, c: Mapping[str, Any]) -> bool:
        # every branch is evaluated (no short cut) so the feedback names every fact it reads
        if "all" in c:
            return all([self.check(x) for x in c["all"]])
        if "any" in c:
            return any([self.check(x) for x in c["any"]])
        if "not" in c:
            return not self.check(c["not"])
        return self.atom(c)


class _Reader(FactReader):
    def __init__(self, session: SurfaceSession, lang: str) -> None:
        super().__init__()
        self.s, self.t = session, _T[_lang(lang)]
        self.ids = session.run_ids()

    def run_name(self, rid: int) -> str:
        r = self.s.run(rid)
        return self.t["run"].format(label=r.label, lr=_g(r.hyper["lr"]))

    def outcome(self, rid: int):
        """The trajectory (noting what happened), or None (noting why there is none)."""
        name = self.run_name(rid)
        if not self.s.run(rid).enabled:
            self.note(self.t["off"].format(run=name))
            return None
        traj = self.s.result(rid)
        if traj is None:
            self.note(self.t["error"].format(run=name, why=self.s.error(rid)))
            return None
        loss = _g(traj.final_loss)
        if traj.status == "diverged":
            self.note(self.t["diverged"].format(run=name, k=traj.diverged_at))
        elif traj.status == "converged":
            k = traj.converged_at if traj.converged_at is not None else traj.steps
            key = {True: "converged_global", False: "converged_local"}.get(traj.end.is_global,
                                                                             "converged")
            self.note(self.t[key].format(run=name, k=k, loss=loss))
        elif traj.status == "stalled":
            self.note(self.t["stalled"].format(run=name, k=traj.steps_near_saddle))
        else:
            self.note(self.t["max_steps"].format(run=name, k=traj.steps, loss=loss))
        return traj

    def atom(self, c: Mapping[str, Any]) -> bool:
        n = c["run"]
        if n >= len(self.ids):
            self.note(self.t["missing"].format(n=n))
            return False
        rid = self.ids[n]
        r = self.s.run(rid)
        cond, v = next((k, x) for k, x in c.items() if k != "run")
        if cond == "enabled":
            if not r.enabled:
                self.note(self.t["off"].format(run=self.run_name(rid)))
            return r.enabled == v
        if cond == "optimizer":
            return r.optimizer == v
        if cond in _DYNAMICS_SETTINGS:
            return self.dynamics_setting(cond, v, r)
        if cond in ("lr_above", "lr_below"):
            self.outcome(rid)
            return r.hyper["lr"] > v if cond == "lr_above" else r.hyper["lr"] < v
        if cond in ("hyper_at_least", "hyper_at_most"):
            ok = True
            for name, bound in v.items():
                if name not in r.hyper:
                    ok = False
                    continue
                shown = _HYPER_ZH.get(name, name) if self.t is _T["zh_CN"] else name
                self.note(self.t["hyper"].format(label=r.label, name=shown, value=_g(r.hyper[name])))
                ok &= r.hyper[name] >= bound if cond == "hyper_at_least" else r.hyper[name] <= bound
            return ok
        if cond == "lr_above_limit":
            self.outcome(rid)
            lim = self.s.limit(rid)
            if lim is None or lim.lr is None:
                self.note(self.t["adaptive"].format(label=r.label))
                return v is False
            above = r.hyper["lr"] > lim.lr
            self.note(self.t["above" if above else "below"].format(
                lr=_g(r.hyper["lr"]), formula=_FORMULA.get(r.optimizer, "α"), limit=_g(lim.lr),
                lam=_g(lim.lam_max)))
            return above == v
        traj = self.outcome(rid)
        if traj is None:
            return False
        if cond == "status":
            return traj.status == v if isinstance(v, str) else traj.status in v
        if cond == "reached":
            return traj.status == "converged" and (
                v == "any" or traj.end.is_global is (v == "global"))
        if cond == "converged_within":
            return traj.status == "converged" and (traj.converged_at or traj.steps) <= v
        if cond == "diverged_within":
            return traj.status == "diverged" and traj.diverged_at is not None and traj.diverged_at <= v
        if cond == "stalled_steps_below":
            return traj.steps_near_saddle < v
        if cond == "final_loss_below":
            return traj.final_loss < v
        if cond == "end_sharpness_below":
            lam = traj.outcome.sharpness if traj.status == "converged" else None
            if lam is None:
                self.note(self.t["no_sharpness"])
                return False
            peak = r.dynamics.peak_lr(r.hyper["lr"])
            limit = 2.0 / peak if peak > 0 else math.inf
            self.note(self.t["sharp_below" if lam < limit else "sharp_above"].format(
                lam=_g(lam), limit=_g(limit)))
            return lam < v
        if cond == "reached_minimum_near":
            return self.reached_minimum_near(traj, v)
        if cond == "noise_ball_below":
            if traj.noise_ball is None:
                self.note(self.t["no_ball"])
                return False
            self.note(self.t["ball"].format(r=_g(traj.noise_ball)))
            return traj.noise_ball < v
        raise ValueError(f"unknown condition {cond!r}")  # unreachable for validated checks

    def reached_minimum_near(self, traj, v) -> bool:
        minima = [m.point for m in self.s.surface.minima]
        if not minima:
            return False
        want = min(minima, key=lambda m: math.dist(m, v))
        o = traj.outcome
        at = o.point if traj.status == "converged" and o.point_is_known else None
        if at is not None:
            self.note(self.t["at_min"].format(x=_g(at[0]), y=_g(at[1])))
        ok = at is not None and math.dist(at, want) <= 1e-9 * max(1.0, math.hypot(*want))
        if not ok:
            self.note(self.t["want_min"].format(x=_g(want[0]), y=_g(want[1])))
        return ok

    def dynamics_setting(self, cond: str, v: Any, r) -> bool:
        """The atoms on a run's Dynamics (settings only: nothing is computed)."""
        d = r.dynamics
        if cond == "noise_at_least":
            self.note(self.t["noise"].format(label=r.label, sigma=_g(d.noise)))
            return d.noise >= v
        if cond == "schedule":
            name = parse_schedule(d.schedule).name
            self.note(self.t["schedule"].format(label=r.label, spec=d.schedule))
            return name == v if isinstance(v, str) else name in v
        if cond == "clip_at_most":
            if d.clip is None:
                self.note(self.t["no_clip"].format(label=r.label))
                return False
            self.note(self.t["clip"].format(label=r.label, clip=_g(d.clip)))
            return d.clip <= v
        self.note(self.t["amsgrad_on" if d.amsgrad else "amsgrad_off"].format(label=r.label))
        return d.amsgrad == v


def evaluate(check: Mapping[str, Any], session: SurfaceSession, lang: str = "en") -> CheckResult:
    """Whether ``session`` satisfies a validated ``check``, and the facts it read."""
    reader = _Reader(session, lang)
    passed = reader.check(check)
    return CheckResult(bool(passed), tuple(reader.facts))

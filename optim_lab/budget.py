"""Memory budget: size a request before doing it, refuse it above the limit.

Every command-line entry point estimates the bytes it will hold at its peak and
calls :func:`check_memory` before any work, so a request that cannot fit fails
at once with the estimate in the message, e.g.::

    needs ≈ 745 GiB for 1,000,001 recorded points of dimension 100000; the limit
    is 1 GiB; use --every K or fewer steps

The limit is 1 GiB (:data:`DEFAULT_LIMIT`); set ``OPTIM_LAB_MEMORY_LIMIT`` (bytes,
or a number with K, M, G: ``4G``) to change it.
"""

from __future__ import annotations

import os

__all__ = ["DEFAULT_LIMIT", "MemoryBudgetError", "check_memory", "format_bytes", "memory_limit"]

DEFAULT_LIMIT = 1 << 30
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class MemoryBudgetError(ValueError):
    """A request whose estimated memory is above the limit; the message gives both."""


def memory_limit() -> int:
    """Bytes allowed: ``OPTIM_LAB_MEMORY_LIMIT`` if set and valid, else 1 GiB."""
    text = os.environ.get("OPTIM_LAB_MEMORY_LIMIT", "").strip().upper().removesuffix("IB")
    text = text.removesuffix("B")
    if not text:
        return DEFAULT_LIMIT
    unit = text[-1] if text[-1] in _UNITS else ""
    number = text[:-1] if unit else text
    try:
        value = float(number) * _UNITS[unit]
    except ValueError:
        raise MemoryBudgetError(
            f"OPTIM_LAB_MEMORY_LIMIT={os.environ['OPTIM_LAB_MEMORY_LIMIT']!r} is not a size "
            "(use bytes or a number with K, M or G, e.g. 4G)"
        ) from None
    if not 1 <= value < 2**63:
        raise MemoryBudgetError("OPTIM_LAB_MEMORY_LIMIT must be a positive size")
    return int(value)


def format_bytes(n: float) -> str:
    """``745 GiB``, ``1.5 GiB``, ``320 MiB``: two or three significant figures."""
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v >= 10 else f"{v:.1f} {unit}".replace(".0 ", " ")
    return f"{int(n)} bytes"


def check_memory(nbytes: float, what: str, hint: str, limit: int | None = None) -> None:
    """Raise :class:`MemoryBudgetError` if ``nbytes`` exceeds the limit:
    ``needs ≈ <nbytes> for <what>; the limit is <limit>; <hint>``."""
    limit = memory_limit() if limit is None else limit
    if nbytes > limit:
        raise MemoryBudgetError(
            f"needs ≈ {format_bytes(nbytes)} for {what}; the limit is {format_bytes(limit)}; {hint}"
        )

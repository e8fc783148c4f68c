"""Warning and critical levels of a metric, and the judgement of a value against them
with hysteresis: a level is reached when the value is at or above it, and left only
when the value falls below it by more than the hysteresis, so a value on the line does
not flap."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("ok", "warning", "critical")
"""The severities in rising order; an alert is open at warning or critical."""


@dataclass(frozen=True)
class Levels:
    """A metric's warning and critical levels (either may be absent) and hysteresis."""

    warning: float | None = None
    critical: float | None = None
    hysteresis: float = 0.0

    def at(self, severity: str) -> float | None:
        """The level of ``severity`` (warning or critical)."""
        return self.warning if severity == "warning" else self.critical

    def judge(self, current: str, value: float) -> str:
        """The severity ``value`` gives, coming from ``current`` (ok, warning or
        critical): up at once, down only past the hysteresis."""
        reached = "ok"
        for severity in ("warning", "critical"):
            level = self.at(severity)
            if level is not None and value >= level:
                reached = severity
        rank = SEVERITIES.index
        if rank(reached) >= rank(current):
            return reached
        held = current
        while rank(held) > rank(reached):
            level = self.at(held)
            if level is not None and value >= level - self.hysteresis:
                return held
            held = SEVERITIES[rank(held) - 1]
        return held

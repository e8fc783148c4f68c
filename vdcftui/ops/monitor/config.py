"""The collectors' settings: the ``[monitor]`` table of settings.toml.

::

    [monitor]
    enabled = true        # the resident engine collects (false: it does not)
    timeout = 30          # seconds one node may take to answer a collection

    [monitor.interval]    # seconds between two collections of each kind
    usage = 60            # CPU and memory of the node and its zones (kstat, prstat -Z), swap
    filesystems = 300     # zfs list, df -k
    health = 300          # svcs -x, fmadm faulty

    [monitor.retention]   # days each resolution is kept
    raw = 1
    hourly = 31
    daily = 3650
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from vdcftui.errors import OperatorError
from vdcftui.ops.monitor.history import Retention
from vdcftui.paths import settings_table

KINDS = ("usage", "filesystems", "health")
"""What a collection reads, each at its own interval."""
DEFAULT_INTERVALS = {"usage": 60.0, "filesystems": 300.0, "health": 300.0}
MIN_INTERVAL = 1.0


@dataclass(frozen=True)
class MonitorSettings:
    """Whether the engine collects, how often each kind, how long it waits for a node,
    and how long the history keeps each resolution."""

    enabled: bool = True
    intervals: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_INTERVALS))
    timeout: float = 30.0
    retention: Retention = field(default_factory=Retention)


def _number(where: str, value: Any, least: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
        raise OperatorError(f"{where} must be a number of at least {least:g}, not {value!r}")
    return float(value)


def _table(where: str, value: Any, known: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise OperatorError(f"{where} must be a table")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise OperatorError(
            f"{where}: unknown setting {', '.join(unknown)} (known: {', '.join(known)})"
        )
    return value


def monitor_settings(data: Any, where: str = "[monitor]") -> MonitorSettings:
    """The settings of a ``[monitor]`` table (already read from TOML); clear errors."""
    table = _table(where, data, ("enabled", "timeout", "interval", "retention"))
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise OperatorError(f"{where} enabled must be true or false, not {enabled!r}")
    given = _table(f"{where} interval", table.get("interval", {}), KINDS)
    intervals = dict(DEFAULT_INTERVALS)
    intervals.update(
        {k: _number(f"{where} interval.{k}", v, MIN_INTERVAL) for k, v in given.items()}
    )
    days = _table(f"{where} retention", table.get("retention", {}), ("raw", "hourly", "daily"))
    kept = {k: timedelta(days=_number(f"{where} retention.{k}", v, 1)) for k, v in days.items()}
    return MonitorSettings(
        enabled,
        intervals,
        _number(f"{where} timeout", table.get("timeout", 30.0), 1),
        Retention(**kept),
    )


def load_monitor_settings(path: Path | None = None) -> MonitorSettings:
    """The ``[monitor]`` table of settings.toml; defaults without the file or table."""
    found = settings_table("monitor", path)
    if found is None:
        return MonitorSettings()
    table, where = found
    return monitor_settings(table, f"{where}: [monitor]")

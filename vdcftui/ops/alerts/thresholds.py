"""The collected metrics against their levels: each series (object and metric) whose
latest value reaches a level raises an alert, changes it when the severity changes,
and clears it once the value is back under the level past the hysteresis.

The open severity of every series is kept in memory (loaded from the repository when
the engine starts), so a collection of thousands of series touches the repository only
for the series whose severity changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from vdcftui.ops.alerts.levels import Levels
from vdcftui.ops.alerts.settings import AlertSettings
from vdcftui.ops.alerts.store import Condition, clear_alert, raise_alert
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

Series = tuple[str, str, str]
"""(object type, object name, metric)."""
KINDS = {"services": "service", "faults": "fault"}
"""The alert kind of a metric that counts problems; the others are thresholds."""
UNITS = {"disk": " %", "cpu": " %", "memory": " MB", "swap": " MB"}
WATCHED_KINDS = ("threshold", "service", "fault", "monitor")
FAILURES_BEFORE_ALERT = 3
"""Collections of a node that fail in a row before an alert says it gives no samples."""


def series_key(series: Series) -> str:
    """An alert key: 'disk:vserver:shop01'."""
    object_type, name, metric = series
    return f"{metric}:{object_type}:{name}"


def describe(series: Series, value: float, severity: str, levels: Levels, note: str) -> str:
    """What the alert says: 'vserver shop01: disk 91.2 % used (warning at 85 %)'."""
    object_type, name, metric = series
    level = levels.at(severity)
    where = f"{object_type} {name}"
    if metric == "services":
        count = int(value)
        return f"{where}: {count} SMF service{'s' if count != 1 else ''} in maintenance: {note}"
    if metric == "faults":
        count = int(value)
        return (
            f"{where}: {count} fault{'s' if count != 1 else ''} held by the fault manager: {note}"
        )
    unit = UNITS.get(metric, "")
    used = " used" if metric == "disk" else ""
    return f"{where}: {metric} {value:g}{unit}{used} ({severity} at {level:g}{unit})"


def collection_key(node: str) -> str:
    """The key of the alert of a node that gives no samples."""
    return f"collect:node:{node}"


class ThresholdWatch:
    """Judges each new sample against its levels and keeps the alerts in step; also
    says when a node's collections keep failing, and when it answers again."""

    def __init__(self, settings: AlertSettings) -> None:
        self.settings = settings
        self.open: dict[str, str] = dict(
            tuples(
                m.AlertRecord.select(m.AlertRecord.key, m.AlertRecord.severity).where(
                    m.AlertRecord.cleared.is_null() & m.AlertRecord.kind.in_(WATCHED_KINDS)
                )
            )
        )

    def collection_failed(self, node: str, failures: int, error: str) -> None:
        """A node's collection failed, ``failures`` times in a row."""
        key = collection_key(node)
        if failures < FAILURES_BEFORE_ALERT or key in self.open:
            return
        self.open[key] = "warning"
        raise_alert(
            Condition(
                key,
                "monitor",
                "node",
                node,
                "warning",
                f"node {node} gives no samples: {failures} collections failed in a row, "
                f"the last: {error}",
            )
        )

    def collection_succeeded(self, node: str) -> None:
        """A node's collection gave samples."""
        if self.open.pop(collection_key(node), None) is not None:
            clear_alert(collection_key(node), "collected again")

    def judge(
        self,
        rows: Iterable[tuple[datetime, str, str, str, float]],
        notes: dict[Series, str] | None = None,
    ) -> int:
        """Judge the latest value of each series in ``rows``; how many alerts were
        raised, changed or cleared."""
        latest: dict[Series, tuple[datetime, float]] = {}
        for time, object_type, name, metric, value in rows:
            series = (object_type, name, metric)
            if series not in latest or time >= latest[series][0]:
                latest[series] = (time, value)
        changes = 0
        for series, (_time, value) in latest.items():
            levels = self.settings.levels_for(*series)
            if levels is None:
                continue
            key = series_key(series)
            current = self.open.get(key, "ok")
            severity = levels.judge(current, value)
            if severity == current:
                continue
            changes += 1
            if severity == "ok":
                self.open.pop(key, None)
                level = levels.at(current)
                unit = UNITS.get(series[2], "")
                clear_alert(key, f"{series[2]} {value:g}{unit}, under {level:g}{unit}")
                continue
            self.open[key] = severity
            note = (notes or {}).get(series, "")
            raise_alert(
                Condition(
                    key,
                    KINDS.get(series[2], "threshold"),
                    series[0],
                    series[1],
                    severity,
                    describe(series, value, severity, levels, note),
                    series[2],
                    value,
                )
            )
        return changes

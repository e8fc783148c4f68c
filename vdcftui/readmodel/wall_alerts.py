"""The NOC's alerts: the open alerts the engine recorded (thresholds, services,
faults, HA) together with those derived from the repository, critical first."""

from __future__ import annotations

from datetime import datetime

from vdcftui.readmodel.alerts import CRITICAL, Alert, current_alerts
from vdcftui.repo import models as m


def recorded_open_alerts() -> list[Alert]:
    """The recorded alerts not cleared yet, newest first, with who acknowledged them."""
    query = (
        m.AlertRecord.select()
        .where(m.AlertRecord.cleared.is_null())
        .order_by(m.AlertRecord.raised.desc(), m.AlertRecord.id.desc())
    )
    return [
        Alert(
            alert.severity,
            alert.kind,
            alert.object_name,
            alert.message,
            alert.raised,
            alert.acked_by,
        )
        for alert in query
    ]


def wall_alerts(now: datetime) -> list[Alert]:
    """Every alert to show on the wall, critical first; within a severity the recorded
    ones newest first, then the derived ones (nodes, vServers, jobs, LUNs)."""
    alerts = recorded_open_alerts() + current_alerts(now)
    return sorted(alerts, key=lambda a: a.severity != CRITICAL)

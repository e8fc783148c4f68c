"""The alerts the engine recorded (thresholds, services, faults, HA), as rows for the
console's alerts view and records for `vdcftui alert list`. No Textual here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vdcftui.display import printable
from vdcftui.readmodel.rows import Row
from vdcftui.repo import models as m

RECENT_CLEARED = 200
"""How many cleared alerts the list shows with ``--all`` / in the console."""


def _alerts(include_cleared: bool) -> list[m.AlertRecord]:
    open_ = list(
        m.AlertRecord.select()
        .where(m.AlertRecord.cleared.is_null())
        .order_by(m.AlertRecord.severity != "critical", m.AlertRecord.id.desc())
    )
    if not include_cleared:
        return open_
    cleared = list(
        m.AlertRecord.select()
        .where(m.AlertRecord.cleared.is_null(False))
        .order_by(m.AlertRecord.cleared.desc())
        .limit(RECENT_CLEARED)
    )
    return open_ + cleared


def _state(alert: m.AlertRecord) -> str:
    if alert.cleared is not None:
        return "cleared"
    return "acknowledged" if alert.acked_by else "open"


def _when(value: datetime | None) -> str | None:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else None


def alert_records(include_cleared: bool = False) -> list[dict[str, Any]]:
    """Open alerts, critical first then newest; with ``include_cleared``, the latest
    cleared ones after them."""
    return [
        {
            "id": alert.id,
            "state": _state(alert),
            "severity": alert.severity,
            "kind": alert.kind,
            "object": f"{alert.object_type} {alert.object_name}",
            "message": alert.message,
            "raised": _when(alert.raised),
            "cleared": _when(alert.cleared),
            "cleared_why": alert.cleared_why,
            "acked_by": alert.acked_by,
            "acked_at": _when(alert.acked_at),
            "ack_note": alert.ack_note,
            "notified": alert.notified.strip().splitlines(),
        }
        for alert in _alerts(include_cleared)
    ]


def alert_rows() -> list[Row]:
    """The alerts view: open alerts first, then the latest cleared, keyed by id."""
    return [
        (
            str(record["id"]),
            (
                record["id"],
                record["severity"],
                record["state"],
                record["kind"],
                record["object"],
                printable(record["message"]),
                record["raised"],
                record["acked_by"] or "-",
            ),
        )
        for record in alert_records(include_cleared=True)
    ]

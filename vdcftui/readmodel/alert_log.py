"""The alerts the engine recorded (thresholds, services, faults, HA), as rows for the
console's alerts view and records for `vdcftui alert list`. No Textual here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vdcftui.display import printable
from vdcftui.readmodel.detail import Section
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


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def alert_detail(alert_id: int) -> list[Section]:
    """Everything recorded of one alert: what and how bad, when raised and cleared (and
    why), who acknowledged it with their note, and what its notifications did."""
    alert = m.AlertRecord.get_or_none(m.AlertRecord.id == alert_id)
    if alert is None:
        return [Section(f"alert {alert_id}").add("state", "no longer in the repository")]
    alert_section = (
        Section(f"alert {alert.id}: {alert.severity} {alert.object_type} {alert.object_name}")
        .add("state", _state(alert))
        .add("severity", alert.severity)
        .add("kind", alert.kind)
        .add("object", f"{alert.object_type} {alert.object_name}")
        .add("condition", alert.key)
        .add("metric", alert.metric)
        .add("value", alert.value)
        .add("message", alert.message.splitlines())
        .add("raised", _when(alert.raised))
        .add("cleared", _when(alert.cleared))
        .add("cleared why", alert.cleared_why)
    )
    ack = (
        Section("acknowledgement")
        .add("acked by", alert.acked_by)
        .add("acked at", _when(alert.acked_at))
        .add("note", alert.ack_note)
    )
    notified = alert.notified.strip().splitlines()
    notifications = (
        Section("notifications")
        .add("raise notified", _yes_no(alert.raise_notified))
        .add("clear notified", _yes_no(alert.clear_notified) if alert.cleared else "-")
        .add("record", notified or "none yet")
    )
    return [alert_section, ack, notifications]

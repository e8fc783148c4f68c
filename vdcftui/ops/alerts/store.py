"""Alerts in the repository: raised when a condition begins, changed when its severity
does, cleared when it ends, acknowledged by an operator (audited; refused read-only).
At most one alert of a key is open; every raise, change and clear is left for the
notifier (``raise_notified``, ``clear_notified``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction

ACK_NOTE_MAX = 500


@dataclass(frozen=True)
class Condition:
    """A condition that is an alert while it holds: what it is about and how bad."""

    key: str
    kind: str
    object_type: str
    object_name: str
    severity: str
    message: str
    metric: str | None = None
    value: float | None = None


def open_alert(key: str) -> m.AlertRecord | None:
    """The open alert of ``key``, if any."""
    return (
        m.AlertRecord.select()
        .where((m.AlertRecord.key == key) & m.AlertRecord.cleared.is_null())
        .first()
    )


def raise_alert(condition: Condition, notify_again: bool = False) -> m.AlertRecord:
    """Open the condition's alert, or bring the open one up to date (a new severity is
    notified again, and with ``notify_again`` a new message; a new value is not)."""
    with transaction():
        alert = open_alert(condition.key)
        if alert is None:
            return m.AlertRecord.create(
                key=condition.key,
                kind=condition.kind,
                object_type=condition.object_type,
                object_name=condition.object_name,
                metric=condition.metric,
                severity=condition.severity,
                message=condition.message,
                value=condition.value,
            )
        changed = alert.severity != condition.severity or (
            notify_again and alert.message != condition.message
        )
        alert.severity = condition.severity
        alert.message = condition.message
        alert.value = condition.value
        if changed:
            alert.raise_notified = False
        alert.save()
        return alert


def node_failure_key(node: str) -> str:
    """The key of the alert of a node the health watcher found failed."""
    return f"failed:node:{node}"


def partition_key(pool: str) -> str:
    """The key of the alert of a pool whose nodes went silent together."""
    return f"partition:pool:{pool}"


def clear_alert(key: str, why: str) -> m.AlertRecord | None:
    """Clear the open alert of ``key`` (None when there is none)."""
    with transaction():
        alert = open_alert(key)
        if alert is None:
            return None
        alert.cleared = datetime.now()
        alert.cleared_why = why
        alert.save()
        return alert


def acknowledge(session: Session, alert_id: int, note: str = "") -> m.AlertRecord:
    """An operator takes an alert on: who, when and a note are recorded, and audited."""
    session.require_writable(f"acknowledge alert {alert_id}")
    note = note.strip()
    if len(note) > ACK_NOTE_MAX or any(ord(c) < 32 or ord(c) == 127 for c in note):
        raise OperatorError(
            f"an acknowledgement note is one line of at most {ACK_NOTE_MAX} printable characters"
        )
    with transaction():
        alert = m.AlertRecord.get_or_none(m.AlertRecord.id == alert_id)
        if alert is None:
            raise OperatorError(f"no alert {alert_id} (vdcftui alert list --all lists them)")
        if alert.acked_by is not None:
            raise OperatorError(
                f"alert {alert_id} was acknowledged by {alert.acked_by} at "
                f"{alert.acked_at:%Y-%m-%d %H:%M:%S}"
            )
        alert.acked_by = session.operator
        alert.acked_at = datetime.now()
        alert.ack_note = note or None
        alert.save()
        audit(
            session,
            "acknowledge alert",
            alert.object_type,
            alert.object_name,
            f"alert {alert.id} ({alert.severity}): {alert.message}"
            + (f"; note: {note}" if note else ""),
        )
    return alert

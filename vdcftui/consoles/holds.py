"""Console holds: one operator at a time on an object's serial console.

A hold is a repository row (object, operator, pid, host, since).  A second operator is
refused with the holder's name and the time they attached; taking the console over is
a deliberate change, refused in a read-only session and written to the audit trail.
A hold whose process is gone (same host, dead pid) is stale and silently replaced.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime

from peewee import IntegrityError

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction


class ConsoleHeld(OperatorError):
    """The console is held by another operator or process."""

    exit_status = 4


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(hold: m.ConsoleHold, host: str) -> bool:
    """A hold taken on this host by a process that no longer runs."""
    return hold.host == host and not pid_alive(hold.pid)


def describe(hold: m.ConsoleHold) -> str:
    """``alice (pid 4242 on ws01) since 2025-01-31 10:02:03``."""
    since = hold.since.strftime("%Y-%m-%d %H:%M:%S")
    return f"{hold.operator} (pid {hold.pid} on {hold.host}) since {since}"


def acquire(
    object_type: str, object_name: str, session: Session, *, take_over: bool = False
) -> m.ConsoleHold:
    """Hold the console of an object for this process, or say who holds it."""
    host = socket.gethostname()
    what = f"console {object_type} {object_name}"
    if take_over:
        session.require_writable(f"take over the {what}")
    with transaction():
        current = m.ConsoleHold.get_or_none(object_type=object_type, object_name=object_name)
        if current is not None and not is_stale(current, host):
            if not take_over:
                raise ConsoleHeld(
                    f"the console of {object_type} {object_name} is held by "
                    f"{describe(current)}: --take-over takes it on purpose"
                )
            audit(
                session,
                "console take-over",
                object_type,
                object_name,
                json.dumps(
                    {
                        "from_operator": current.operator,
                        "from_pid": current.pid,
                        "from_host": current.host,
                        "held_since": current.since.isoformat(),
                    }
                ),
            )
        if current is not None:
            current.delete_instance()
        try:
            return m.ConsoleHold.create(
                object_type=object_type,
                object_name=object_name,
                operator=session.operator,
                pid=os.getpid(),
                host=host,
                since=datetime.now(),
            )
        except IntegrityError:
            raise ConsoleHeld(
                f"the console of {object_type} {object_name} was taken "
                "at the same moment by someone else"
            ) from None


def release(hold: m.ConsoleHold) -> bool:
    """Drop this hold (not one that replaced it after a take-over); True if it was ours."""
    deleted = (
        m.ConsoleHold.delete()
        .where(
            (m.ConsoleHold.id == hold.id)
            & (m.ConsoleHold.pid == hold.pid)
            & (m.ConsoleHold.operator == hold.operator)
        )
        .execute()
    )
    return bool(deleted)


def current_holder(object_type: str, object_name: str) -> m.ConsoleHold | None:
    """Who holds the console of an object now (a stale hold of this host is nobody)."""
    hold = m.ConsoleHold.get_or_none(object_type=object_type, object_name=object_name)
    if hold is None or is_stale(hold, socket.gethostname()):
        return None
    return hold

"""Master/slave relations between vServers (F-VDP), and their priorities."""

from __future__ import annotations

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.lookup import vserver_named


def add_dependency(session: Session, slave: str, master: str) -> None:
    """Make ``slave`` depend on ``master``; refuses cycles and unknown names."""
    session.require_writable(f"depend {slave} on {master}")
    rows = {name: vserver_named(name) for name in (slave, master)}
    if slave == master or _depends(rows[master], rows[slave]):
        raise OperatorError(f"{slave} cannot depend on {master}: that makes a cycle")
    m.VServerDependency.get_or_create(master=rows[master], slave=rows[slave])
    audit(session, "depend", "vserver", slave, f"on {master}")


def _depends(vserver: m.VServer, on: m.VServer) -> bool:
    """Whether ``vserver`` depends on ``on``, directly or through others."""
    pending = [vserver]
    seen = set()
    while pending:
        current = pending.pop()
        for dep in m.VServerDependency.select().where(m.VServerDependency.slave == current):
            if dep.master_id == on.id:
                return True
            if dep.master_id not in seen:
                seen.add(dep.master_id)
                pending.append(dep.master)
    return False


PRIORITY_RANGE = range(0, 100)


def set_priority(session: Session, name: str, priority: int) -> None:
    """Set a vServer's priority (0-99; higher moves and restarts first), audited."""
    session.require_writable(f"set priority of {name}")
    if priority not in PRIORITY_RANGE:
        raise OperatorError(f"a priority is a whole number from 0 to 99, not {priority}")
    vserver = vserver_named(name)
    m.VServer.update(priority=priority).where(m.VServer.id == vserver.id).execute()
    audit(session, "set", "vserver", name, f"priority {vserver.priority} -> {priority}")

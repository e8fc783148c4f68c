"""Opting pools and vServers in and out of automated failover (audited)."""

from __future__ import annotations

from vdcftui.ops.ha.keepalive import shared_secret
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import NotFound, pool_named, vserver_named
from vdcftui.repo.queries import transaction
from vdcftui.solaris.names import InvalidName


def _find(name: str) -> m.ComputePool | m.VServer:
    """The pool, else the vServer, of that name (a name valid for neither is refused)."""
    for lookup in (pool_named, vserver_named):
        try:
            return lookup(name)
        except (NotFound, InvalidName):
            continue
    raise NotFound(f"no compute pool or vServer named {name!r} in the repository")


def set_ha(session: Session, name: str, on: bool, credentials: CredentialStore | None) -> str:
    """Turn failover on or off for a pool or a vServer; what was changed ("pool X").
    Turning it on makes the keep-alive secret of the credentials file if there is none."""
    verb = "enable" if on else "disable"
    session.require_writable(f"ha {verb} {name}")
    found = _find(name)
    kind = "pool" if isinstance(found, m.ComputePool) else "vserver"
    with transaction():
        type(found).update(ha_enabled=on).where(type(found).id == found.id).execute()
        audit(session, f"ha {verb}", kind, found.name)
    if on and credentials is not None:
        shared_secret(credentials, create=True)
    return f"{kind} {found.name}"

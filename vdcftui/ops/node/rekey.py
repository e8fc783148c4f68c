"""Pinning a node's new host key (a reinstalled node, a replaced board): both
fingerprints are shown, and the new key is pinned only when the operator names the
fingerprint they checked out of band. Audited."""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.remote.pool import fingerprint, presented_host_key
from vdcftui.repo import models as m
from vdcftui.repo.lookup import node_named
from vdcftui.repo.queries import transaction


@dataclass(frozen=True)
class HostKeys:
    """The key pinned for a node and the one it presents now, by fingerprint."""

    node: str
    pinned: str | None
    presented: str
    pinned_now: bool = False


async def rekey(session: Session, name: str, accept: str | None = None) -> HostKeys:
    """Read the key the node presents; with ``accept`` (its fingerprint, as checked
    on the node's console), pin it in place of the old one."""
    session.require_writable(f"rekey node {name}")
    node = node_named(name)
    if not node.address:
        raise OperatorError(f"node {name} has no address in the repository")
    line = await presented_host_key(node.address, node.ssh_port)
    presented = fingerprint(line)
    row = m.HostKey.get_or_none(m.HostKey.host == node.name)
    pinned = row.fingerprint if row is not None else None
    if accept is None:
        return HostKeys(node.name, pinned, presented)
    if accept != presented:
        raise OperatorError(f"{node.name} presents {presented}, not {accept}: nothing was pinned")
    with transaction():
        values = {
            "address": node.address,
            "port": node.ssh_port,
            "key_type": line.split()[0],
            "public_key": line,
            "fingerprint": presented,
        }
        if row is None:
            m.HostKey.create(host=node.name, **values)
        else:
            m.HostKey.update(**values).where(m.HostKey.id == row.id).execute()
        audit(session, "rekey", "node", node.name, f"{pinned or 'none'} -> {presented}")
    return HostKeys(node.name, pinned, presented, pinned_now=True)

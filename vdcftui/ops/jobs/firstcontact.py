"""First contact with a freshly installed host, within a job: the host key it
presents is pinned (trust on first use, as the install has just made it), its
fingerprint returned for the step's output and written to the audit trail.

A job that is recovered keeps a key pinned since the job was created and lets the
connection verify it; an older key (the node's before it was reinstalled) is
replaced.
"""

from __future__ import annotations

import asyncio

from vdcftui.errors import OperatorError
from vdcftui.remote.pool import fingerprint, presented_host_key
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction

POLL_SECONDS = 2.0


async def pin_presented_key(job: m.Job, host: str, seconds: float) -> str:
    """Pin the key ``host`` (a node of the repository) presents, polling for up to
    ``seconds`` until its SSH server answers; the line for the step's output. An
    :class:`OperatorError` when it does not answer in time."""
    node = m.Node.get_or_none(m.Node.name == host)
    if node is None or not node.address:
        raise OperatorError(f"node {host} has no address in the repository")
    pinned = m.HostKey.get_or_none(m.HostKey.host == host)
    if pinned is not None and pinned.recorded >= job.created:
        return f"host key of {host} pinned by this job: {pinned.fingerprint} (kept)\n"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        try:
            line = await presented_host_key(node.address, node.ssh_port)
            break
        except OperatorError:
            if loop.time() >= deadline:
                raise OperatorError(
                    f"{host} ({node.address}:{node.ssh_port}) presented no host key "
                    f"within {seconds:.0f} s"
                ) from None
            await asyncio.sleep(POLL_SECONDS)
    seen = fingerprint(line)
    with transaction():
        m.HostKey.delete().where(m.HostKey.host == host).execute()
        m.HostKey.create(
            host=host,
            address=node.address,
            port=node.ssh_port,
            key_type=line.split()[0],
            public_key=line,
            fingerprint=seen,
        )
        m.AuditRecord.create(
            operator=job.operator,
            action="pin host key",
            object_type="node",
            object_name=host,
            detail=f"first contact after install: {node.address}:{node.ssh_port} key {seen}",
            job=job,
        )
    return f"first contact: pinned the host key of {host}: {seen}\n"

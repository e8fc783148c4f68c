"""A discovery run: which hosts, with which pinned keys, read and recorded."""

from __future__ import annotations

import uuid
from dataclasses import replace

from vdcftui.ops.discovery.collect import read_nodes
from vdcftui.ops.discovery.record import Recorder, RunSummary
from vdcftui.ops.node.hosts import SSH_KEY_REF, SSH_USER_REF
from vdcftui.ops.node.inventory import Inventory
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.queries import transaction
from vdcftui.solaris.names import validate_hostname


def targets_from_hosts(
    hosts: list[str], username: str = "root", port: int = 22, key_files: tuple[str, ...] = ()
) -> list[HostTarget]:
    """Targets for host names or addresses typed by the operator (validated first)."""
    targets = []
    for host in hosts:
        name, _, port_text = host.partition(":")
        validate_hostname(name)
        targets.append(
            HostTarget(
                name=name.split(".")[0] if not name[0].isdigit() else name,
                address=name,
                port=int(port_text) if port_text else port,
                username=username,
                client_keys=key_files,
            )
        )
    return targets


def registered(targets: list[HostTarget]) -> list[HostTarget]:
    """Each target typed as the name of a registered node, with that node's address
    and SSH port (``vdcftui node add``)."""
    nodes = {n.name: n for n in m.Node.select().where(m.Node.address.is_null(False))}
    found = []
    for target in targets:
        node = nodes.get(target.address)
        if node is not None and node.address:
            target = replace(target, name=node.name, address=node.address, port=node.ssh_port)
        found.append(target)
    return found


def targets_from_inventory(inventory: Inventory) -> list[HostTarget]:
    """Targets for every running node of a lab inventory, with the keys the lab reports
    (a GDom that is bound or inactive is known through its CDom, not over SSH)."""
    keys = (inventory.client_key,) if inventory.client_key else ()
    return [
        HostTarget(
            name=n.name,
            address=n.address,
            port=n.port,
            username=inventory.username,
            client_keys=keys,
            password=inventory.password,
            pinned_key=n.host_key,
        )
        for n in inventory.nodes
        if n.powered or n.kind != "gdom"
    ]


def pin_from_repository(targets: list[HostTarget]) -> list[HostTarget]:
    """Each target with the host key pinned in the repository, where one is."""
    pinned = {k.host: k.public_key for k in m.HostKey.select()}
    return [replace(t, pinned_key=pinned.get(t.name, t.pinned_key)) for t in targets]


async def discover(
    targets: list[HostTarget],
    *,
    pools: dict[str, str] | None = None,
    ssh: SSHPool | None = None,
    concurrency: int = 64,
) -> RunSummary:
    """Read every target and record the results as one run; unreachable nodes are
    reported in the summary while the others complete."""
    own_pool = ssh is None
    ssh = ssh or SSHPool()
    known: dict[str, list[str]] = {}
    for vserver in m.VServer.select(m.VServer.name, m.Node.name).join(m.Node):
        node = vserver.node
        assert node is not None  # the inner join leaves out vServers without a node
        known.setdefault(node.name, []).append(vserver.name)
    try:
        readings = await read_nodes(
            ssh, pin_from_repository(targets), concurrency, known_zones=known
        )
    finally:
        if own_pool:
            await ssh.close()
    return Recorder(uuid.uuid4().hex[:12], pools).record(readings)


def record_lab_controllers(inventory: Inventory, credentials: CredentialStore) -> None:
    """Record the lab's system controllers and terminal-server ports; passwords go to
    the owner-only credentials file, the repository keeps only a reference."""
    if inventory.client_key:
        credentials.set(SSH_KEY_REF, inventory.client_key)
        credentials.set(SSH_USER_REF, inventory.username)
    with transaction():
        for sc in inventory.system_controllers:
            ref = f"sc:{sc['name']}"
            if sc.get("password"):
                credentials.set(ref, sc["password"])
            controller, _ = m.SystemController.get_or_create(
                name=sc["name"],
                defaults={"type": sc["type"], "address": sc["address"], "port": sc["port"]},
            )
            controller.type, controller.address, controller.port = (
                sc["type"],
                sc["address"],
                sc["port"],
            )
            controller.username = sc.get("username")
            controller.credential_ref = ref
            controller.host_key = sc.get("host_key")
            domains = sc.get("domains") or {}
            # the XSCF domain of the one node it serves (`console -d N`); with several
            # domains the node's own is not known from the controller alone
            controller.domain_id = int(next(iter(domains))) if len(domains) == 1 else None
            controller.save()
            served = [sc["node"]] if sc.get("node") else list((sc.get("domains") or {}).values())
            m.Node.update(sc=controller).where(m.Node.name.in_(served)).execute()
            if sc.get("node"):
                controller.node = m.Node.get_or_none(m.Node.name == sc["node"])
                controller.save()
        for ts in inventory.terminal_servers:
            server, _ = m.TerminalServer.get_or_create(
                name=ts["name"], defaults={"type": ts["type"], "address": ts["address"]}
            )
            for node_name, port in (ts.get("ports") or {}).items():
                console, _ = m.ConsolePort.get_or_create(terminal_server=server, port=int(port))
                node = m.Node.get_or_none(m.Node.name == node_name)
                if node is not None:
                    console.node = node
                    console.save()
                    m.Node.update(console_port=console).where(m.Node.id == node.id).execute()

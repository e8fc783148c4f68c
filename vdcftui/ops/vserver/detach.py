"""Detach and attach of vServers on their own, and disaster recovery (F-VMG, F-VDR).

`detach` stops the zone, detaches it and exports its pools: the vServer then belongs to
no node. `detach --force` is for a node that is gone: it changes only the repository
and marks the old node refused as a boot target, so that the zone cannot come back
there. `attach --to NODE` imports the pools (forcing the import only when the old
node is refused, i.e. known dead), configures the zone from the repository, attaches
and, on request, boots it.
"""

from __future__ import annotations

from vdcftui.display import printable
from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.effects import MoveVServer, SetVServerState
from vdcftui.ops.jobs.expectations import VServerWas
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.readback import ZoneOnNode
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.ops.vserver.steps import (
    attach,
    configure,
    detach,
    export_pools,
    import_pools,
    read_zone,
    stop,
    unconfigure,
)
from vdcftui.ops.vserver.steps import boot as boot_step
from vdcftui.repo import models as m
from vdcftui.repo.lookup import checked, usable_node, usable_vserver, vserver_named
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.zones import ZoneDefinition, ZoneNetwork, zone_definition_script
from vdcftui.solaris.names import validate_node_name, validate_zonename, validate_zpool_name


def _pools(vserver: m.VServer) -> list[str]:
    pools = [validate_zpool_name(d.name) for d in vserver.datasets.order_by(m.Dataset.name)]
    if not pools:
        raise PrecheckFailed(f"{vserver.name} has no dataset")
    return pools


def zone_config_script(vserver: m.VServer) -> list[str]:
    """The zonecfg subcommands that configure the vServer, from the repository."""
    lofs = []
    datasets = []
    for fs in vserver.filesystems.order_by(m.Filesystem.name):
        if fs.kind == "lofs":
            lofs.append((fs.mountpoint or "", fs.special or ""))
        elif fs.kind == "data" and fs.name.endswith("/data"):
            datasets.append(fs.name)
    for dataset in vserver.datasets.order_by(m.Dataset.name):
        if not dataset.filesystems.exists():  # a whole pool added to the zone
            datasets.append(dataset.name)
    definition = ZoneDefinition(
        brand=vserver.brand or "",
        zonepath=vserver.zonepath or "",
        ip_type=vserver.ip_type or "exclusive",
        autoboot=bool(vserver.autoboot),
        networks=tuple(
            ZoneNetwork(n.linkname, n.interface_name or "auto", n.address, n.prefixlen)
            for n in vserver.nets.order_by(m.VServerNet.linkname)
        ),
        lofs=tuple(lofs),
        datasets=tuple(datasets),
    )
    try:
        return zone_definition_script(definition)
    except ValueError as exc:
        raise PrecheckFailed(
            f"the configuration of {vserver.name} in the repository cannot be passed safely: "
            f"{printable(str(exc))}"
        ) from None


def plan_detach(name: str) -> Plan:
    """Stop (if running), detach and export the pools of a vServer."""
    vserver = usable_vserver(name)
    node = vserver.node
    if node is None or node.state != "up":
        raise PrecheckFailed(
            f"cannot detach {name}: its node is not up (for a node that is gone, use --force)"
        )
    if vserver.state not in ("running", "installed"):
        raise PrecheckFailed(f"cannot detach {name}: it is {vserver.state}")
    zone = validate_zonename(name)
    steps = [stop(node, zone)] if vserver.state == "running" else []
    pools = _pools(vserver)
    steps.append(detach(node.name, zone))
    steps += export_pools(node.name, pools)
    steps.append(
        unconfigure(
            node.name, zone, "remove the detached configuration", zone_config_script(vserver)
        )
    )
    return Plan(
        operation="detach",
        object_type="vserver",
        object_name=zone,
        steps=tuple(steps),
        prechecks=(f"{zone} is {vserver.state} on {node.name}",),
        locks=(("vserver", zone), *(("dataset", p) for p in pools)),
        effects=(MoveVServer(zone, None), SetVServerState(zone, "DETACHED")),
        expects=(VServerWas(zone, node.name, vserver.state),),
    )


def force_detach(session: Session, name: str) -> m.Node:
    """Disaster recovery: detach in the repository only, and refuse the old node as a
    boot target; returns that node."""
    session.require_writable(f"detach --force vserver {name}")
    vserver = vserver_named(name)
    node = vserver.node
    if node is None:
        raise OperatorError(f"{name} is on no node already")
    with transaction():
        m.Node.update(refused_as_boot_target=True).where(m.Node.id == node.id).execute()
        m.VServer.update(node=None, state="DETACHED").where(m.VServer.id == vserver.id).execute()
        m.Dataset.update(state="stranded").where(m.Dataset.vserver == vserver).execute()
        audit(
            session, "detach --force", "vserver", name, f"node {node.name} refused as boot target"
        )
    return node


def plan_attach(name: str, target_name: str, boot: bool = False) -> Plan:
    """Import the pools on a node that sees their LUNs, configure, attach, boot."""
    checked(validate_node_name, target_name)
    vserver = usable_vserver(name)
    if vserver.node is not None:
        raise PrecheckFailed(f"{name} is on {vserver.node.name}: detach it first")
    target = usable_node(target_name)
    if target.refused_as_boot_target or target.fenced:
        raise PrecheckFailed(
            f"cannot attach {name} to {target_name}: the node is refused as a boot target"
        )
    if target.state != "up":
        raise PrecheckFailed(f"cannot attach {name} to {target_name}: the node is {target.state}")
    seen = {nl.lun_id for nl in m.NodeLun.select().where(m.NodeLun.node == target)}
    pools = _pools(vserver)
    for dataset in vserver.datasets:
        for link in dataset.luns:
            if link.lun_id not in seen:
                raise PrecheckFailed(
                    f"cannot attach {name} to {target_name}: it does not see "
                    f"LUN {link.lun.wwn} (dataset {dataset.name})"
                )
    # A pool still marked imported on a node refused after a forced detach has to be
    # taken over with -f; that node is known to be gone, so nothing else has it.
    refused = sorted(
        {
            d.node.name
            for d in vserver.datasets
            if d.node is not None and d.node.refused_as_boot_target
        }
    )
    force = bool(refused)
    zone = validate_zonename(name)
    steps = import_pools(target.name, pools, force)
    steps.append(
        configure(
            target.name, zone, zone_config_script(vserver), "configure the zone from the repository"
        )
    )
    steps.append(attach(target.name, zone))
    final = "installed"
    if boot:
        steps.append(boot_step(target.name, zone))
        final = "running"
    steps.append(read_zone(target.name, zone))
    checks = [f"{target_name} sees every LUN of {', '.join(pools)}"]
    if force:
        checks.append(f"pools imported with -f: their old node is refused ({', '.join(refused)})")
    return Plan(
        operation="attach",
        object_type="vserver",
        object_name=zone,
        steps=tuple(steps),
        prechecks=tuple(checks),
        locks=(("vserver", zone), *(("dataset", p) for p in pools)),
        effects=(MoveVServer(zone, target.name), SetVServerState(zone, final)),
        expects=(VServerWas(zone, "-", vserver.state),),
        reads=(ZoneOnNode(len(steps), zone),),
    )

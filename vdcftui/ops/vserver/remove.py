"""Removing a vServer: halt it if it runs, uninstall it, delete its zone configuration
and release its pools — exported with their data kept (the Dataset rows stay, detached
from it), or destroyed on request (the rows go too).

The VServer row is deleted, not kept as REMOVED: its name is free for a new vServer,
and no list or check has to skip ghosts. What an auditor needs stays: the job keeps the
plan (node, state, pools, networks, the full zone configuration in the undo of the
configuration step) with every step's output, and the audit trail names the operator.
"""

from __future__ import annotations

import re

from vdcftui.ops.jobs.effects import ReleaseDataset, RemoveFilesystem, RemoveVServer
from vdcftui.ops.jobs.expectations import VServerWas
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.vserver.detach import zone_config_script
from vdcftui.ops.vserver.state import RUNNING, PrecheckFailed
from vdcftui.ops.vserver.steps import export_pools, unconfigure, zone_listed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_vserver
from vdcftui.solaris.cmd.storage import zpool_destroy, zpool_list
from vdcftui.solaris.cmd.zones import zoneadm, zoneadm_list
from vdcftui.solaris.names import validate_zonename, validate_zpool_name


def _running_slaves(vserver: m.VServer) -> list[str]:
    return sorted(
        d.slave.name
        for d in m.VServerDependency.select().where(m.VServerDependency.master == vserver)
        if d.slave.state in RUNNING
    )


def plan_remove(name: str, delete_datasets: bool = False) -> Plan:
    """The plan that removes a vServer from its node and from the repository."""
    vserver = usable_vserver(name)
    zone = validate_zonename(name)
    pools = [validate_zpool_name(d.name) for d in vserver.datasets.order_by(m.Dataset.name)]
    roots = tuple(f.name for f in vserver.filesystems.where(m.Filesystem.kind == "root"))
    summary = (
        f"{zone} is {vserver.state} on "
        f"{vserver.node.name if vserver.node is not None else 'no node'}; datasets: "
        f"{', '.join(pools) or 'none'}; networks: "
        + (
            ", ".join(
                f"{n.linkname} {n.net_type or '-'} {n.address or '-'}"
                for n in vserver.nets.order_by(m.VServerNet.linkname)
            )
            or "none"
        )
    )
    if vserver.state == "DEFINED":
        # nothing was created on any node: only the definition goes
        return Plan(
            operation="remove",
            object_type="vserver",
            object_name=zone,
            steps=(),
            prechecks=(summary, "it was never committed: nothing runs on a node"),
            locks=(("vserver", zone),),
            effects=(*(ReleaseDataset(p, True) for p in pools), RemoveVServer(zone)),
        )
    node = vserver.node
    if node is None:
        raise PrecheckFailed(
            f"cannot remove {name}: it is {vserver.state} on no node (attach it to a node first)"
        )
    if node.state != "up":
        raise PrecheckFailed(f"cannot remove {name}: node {node.name} is {node.state}")
    slaves = _running_slaves(vserver)
    if slaves:
        raise PrecheckFailed(
            f"cannot remove {name}: {', '.join(slaves)} depend"
            f"{'s' if len(slaves) == 1 else ''} on it and "
            f"{'is' if len(slaves) == 1 else 'are'} running"
        )
    zones = zoneadm_list()
    steps = []
    if vserver.state in RUNNING:
        steps.append(
            Step(
                node.name,
                zoneadm(zone, "halt"),
                f"halt {zone}",
                undo=zoneadm(zone, "boot"),
                check=zones,
                done_unless=zone_listed(zone, "running|ready"),
            )
        )
    if vserver.state != "configured":
        steps.append(
            Step(
                node.name,
                zoneadm(zone, "uninstall", "-F"),
                f"uninstall {zone} (its root filesystem is destroyed)",
                check=zones,
                done_if=zone_listed(zone, "configured"),
                commits=True,  # nothing brings the root filesystem back: never undone
            )
        )
    steps.append(
        unconfigure(
            node.name, zone, f"delete the configuration of {zone}", zone_config_script(vserver)
        )
    )
    for pool in pools:
        if delete_datasets:
            steps.append(
                Step(
                    node.name,
                    zpool_destroy(pool),
                    f"destroy {pool} and its data",
                    check=zpool_list(),
                    done_unless=rf"^{re.escape(pool)}$",
                )
            )
        else:
            steps += export_pools(node.name, [pool], "export {pool} (its data kept)")
    return Plan(
        operation="remove",
        object_type="vserver",
        object_name=zone,
        steps=tuple(steps),
        prechecks=(summary, f"no running vServer depends on {zone}"),
        locks=(("vserver", zone), *(("dataset", p) for p in pools)),
        effects=(
            *(RemoveFilesystem(root) for root in roots),
            *(ReleaseDataset(p, delete_datasets) for p in pools),
            RemoveVServer(zone),
        ),
        expects=(VServerWas(zone, node.name, vserver.state),),
    )

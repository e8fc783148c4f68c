"""vServer migration between nodes and GDoms (F-VMG): pre-checks, then a plan of
shutdown, detach, zpool export, import on the target, configure, attach, boot.

Every step up to the zone's start on the target has its undo, so a failure there
leaves the zone on its source node; once it runs on the target (the plan's point of no
return) a failure is completed forward instead. The zone is never bootable on two
nodes at once (it is detached on the source before its pools leave it, and deleted
there only once it runs on the target).
"""

from __future__ import annotations

from dataclasses import replace

from vdcftui.display import printable
from vdcftui.ops.jobs.effects import MoveVServer, SetVServerShares, SetVServerState
from vdcftui.ops.jobs.expectations import VServerWas
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.jobs.readback import ZoneOnNode
from vdcftui.ops.placement.rules import (
    Fit,
    LunNeed,
    Release,
    capacity_refusal,
    compare_releases,
    missing_luns,
)
from vdcftui.ops.vserver.shares import shares_note, shares_on, with_shares
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.ops.vserver.steps import (
    attach,
    boot,
    configure,
    detach,
    export_pools,
    import_pools,
    read_zone,
    stop,
    unconfigure,
)
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import checked, usable_node, usable_vserver
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.zones import zoneadm, zonecfg_export, zonecfg_script
from vdcftui.solaris.names import validate_node_name, validate_zonename, validate_zpool_name
from vdcftui.solaris.parsers import parse_zonecfg_export


def vserver_and_nodes(name: str, target_name: str) -> tuple[m.VServer, m.Node, m.Node]:
    """The vServer, its node and the target node; refuses invalid names before any
    lookup, then unknown ones."""
    checked(validate_node_name, target_name)
    vserver = usable_vserver(name)
    source = vserver.node
    if source is None:
        raise PrecheckFailed(f"cannot migrate {name}: it is on no node (state {vserver.state})")
    return vserver, source, usable_node(target_name)


def check_nodes(
    vserver: m.VServer,
    source: m.Node,
    target: m.Node,
    stopped_slaves: frozenset[str] = frozenset(),
    as_installed: bool = False,
) -> list[str]:
    """Both nodes up, the target not fenced, the vServer movable, its dependencies
    allowing it (``stopped_slaves``: slaves an earlier step of the same job stops;
    ``as_installed``: the vServer itself is stopped by one, its master moved with it);
    returns what passed."""
    if source.id == target.id:
        raise PrecheckFailed(f"{vserver.name} is already on {target.name}")
    if target.fenced:
        raise PrecheckFailed(
            f"cannot migrate {vserver.name} to {target.name}: the node is fenced "
            f"({target.fence_reason})"
        )
    if target.refused_as_boot_target:
        raise PrecheckFailed(
            f"cannot migrate {vserver.name} to {target.name}: the node is refused as a boot target"
        )
    for node in (source, target):
        if node.state != "up":
            raise PrecheckFailed(f"cannot migrate {vserver.name}: node {node.name} is {node.state}")
    if vserver.state not in ("running", "installed"):
        raise PrecheckFailed(f"cannot migrate {vserver.name}: it is {vserver.state}")
    checks = [f"{vserver.name} is {vserver.state} on {source.name}; {target.name} is up"]
    if vserver.state == "running" and not as_installed:
        for dep in m.VServerDependency.select().where(m.VServerDependency.master == vserver):
            if dep.slave.state in ("running", "ready") and dep.slave.name not in stopped_slaves:
                raise PrecheckFailed(
                    f"cannot migrate {vserver.name}: its slave "
                    f"{dep.slave.name} is running (stop it first)"
                )
        for dep in m.VServerDependency.select().where(m.VServerDependency.slave == vserver):
            if dep.master.state not in ("running", "ready"):
                raise PrecheckFailed(
                    f"cannot migrate {vserver.name}: its master "
                    f"{dep.master.name} is {dep.master.state}"
                )
    return checks + check_capacity(vserver, target)


def check_capacity(vserver: m.VServer, target: m.Node) -> list[str]:
    """Memory and CPU caps of the vServers already on the target, plus this one, must fit."""
    if vserver.memory_cap_mb is None and vserver.cpu_cap is None:
        return [f"{vserver.name} has no memory or CPU cap: capacity not reserved"]
    others = list(
        m.VServer.select().where(
            (m.VServer.node == target) & (m.VServer.state.in_(("running", "installed")))
        )
    )
    memory = sum(v.memory_cap_mb or 0 for v in others) + (vserver.memory_cap_mb or 0)
    cpus = sum(v.cpu_cap or 0 for v in others) + (vserver.cpu_cap or 0)
    refusal = capacity_refusal(memory, target.memory_mb, cpus, target.cpu_threads)
    if refusal:
        raise PrecheckFailed(f"cannot migrate {vserver.name} to {target.name}: {refusal}")
    return [
        f"{target.name} has room: {memory} MB of {target.memory_mb} MB, "
        f"{cpus:g} of {target.cpu_threads} CPUs capped"
    ]


def check_luns(vserver: m.VServer, target: m.Node) -> tuple[list[str], list[str]]:
    """The target sees every LUN of the vServer's datasets; returns the pools and what
    passed, or refuses naming the LUNs it cannot see."""
    datasets = list(vserver.datasets.order_by(m.Dataset.name))
    if not datasets:
        raise PrecheckFailed(f"cannot migrate {vserver.name}: it has no dataset to move")
    seen = {nl.lun_id for nl in m.NodeLun.select().where(m.NodeLun.node == target)}
    needs = [
        LunNeed(link.lun_id, link.lun.wwn, f"dataset {dataset.name}")
        for dataset in datasets
        for link in dataset.luns
    ]
    missing = missing_luns(needs, seen)
    if missing:
        raise PrecheckFailed(
            f"cannot migrate {vserver.name} to {target.name}: it does not "
            f"see LUN {', '.join(need.text for need in missing)}"
        )
    pools = [validate_zpool_name(d.name) for d in datasets]
    return pools, [f"{target.name} sees every LUN of {', '.join(pools)}"]


def check_levels(
    vserver: m.VServer, source: m.Node, target: m.Node, allow_upgrade: bool
) -> tuple[bool, list[str]]:
    """Same architecture and release; the target's build equal, or newer when the
    operator allows update on attach; returns whether attach needs -u, and what passed."""
    here, there = Release.of(source), Release.of(target)
    fit, text = compare_releases(here, there)
    if fit.refused:
        raise PrecheckFailed(f"cannot migrate {vserver.name}: {text}")
    if fit is Fit.SAME:
        return False, [text]
    if not allow_upgrade:
        raise PrecheckFailed(
            f"cannot migrate {vserver.name}: {text}; allow update on attach with --allow-upgrade"
        )
    return True, [
        text,
        f"once attached with update {vserver.name} carries {target.name}'s level and "
        f"cannot be attached on {source.name} again: that step is the point of no return",
    ]


def _config_script(zone: str, export: str) -> list[str]:
    """The zonecfg subcommands that recreate the zone, from its `zonecfg export`."""
    config = parse_zonecfg_export(export, zonecfg_export(zone).text())
    if not config.zonepath:
        raise PrecheckFailed(f"cannot migrate {zone}: its configuration has no zonepath")
    lines = [line.strip() for line in export.splitlines() if line.strip()]
    try:
        zonecfg_script(zone, lines)
    except ValueError as exc:
        raise PrecheckFailed(
            f"cannot migrate {zone}: its configuration has a value that cannot be passed "
            f"safely ({printable(str(exc))})"
        ) from None
    return lines


async def plan_migration(
    name: str,
    target_name: str,
    pool: SSHPool,
    target_for,
    allow_upgrade: bool = False,
    *,
    stopped_slaves: frozenset[str] = frozenset(),
    as_installed: bool = False,
) -> Plan:
    """Check everything a migration needs, then return its plan (nothing is changed).
    Within a larger job (an evacuation moving a master with its slaves),
    ``stopped_slaves`` are stopped by an earlier step and ``as_installed`` plans the
    move of a zone an earlier step stops (no stop, no boot: a later step boots it)."""
    vserver, source, target = vserver_and_nodes(name, target_name)
    checks = check_nodes(vserver, source, target, stopped_slaves, as_installed)
    state = "installed" if as_installed else vserver.state
    upgrade, level_checks = check_levels(vserver, source, target, allow_upgrade)
    pools, lun_checks = check_luns(vserver, target)
    zone = validate_zonename(vserver.name)
    source_host: HostTarget = target_for(source.name)
    export = await pool.run(source_host, zonecfg_export(zone))
    if not export.ok:
        raise PrecheckFailed(
            f"cannot read the configuration of {zone} on {source.name}: "
            f"{printable(export.stderr.strip())}"
        )
    script = _config_script(zone, export.stdout)
    shares = shares_on(vserver, target)
    shared: tuple[SetVServerShares, ...] = ()
    if shares is not None and vserver.base_units:
        script = with_shares(script, shares)
        checks.append(shares_note(vserver, source, target) or "")
        shared = (SetVServerShares(zone, vserver.base_units, shares),)
    if vserver.state == "installed":
        dry_run = zoneadm(zone, "detach", "-n")
        dry = await pool.run(source_host, dry_run)
        if not dry.ok:
            raise PrecheckFailed(
                f"{dry_run.text()} on {source.name} refused: {printable(dry.stderr.strip())}"
            )
        checks.append(f"{dry_run.text()} passed on {source.name}")
    running = state == "running"
    steps: list[Step] = [stop(source, zone)] if running else []
    steps.append(detach(source.name, zone, "detach it from the source"))
    steps += export_pools(source.name, pools, "release {pool} on the source")
    steps += import_pools(target.name, pools, description="take {pool} on the target")
    steps.append(configure(target.name, zone, script, "configure the zone on the target"))
    arrived = attach(target.name, zone, upgrade, "attach it on the target")
    if running:
        # attached with update, the zone cannot go back to the older source: from there
        # on a failure completes the move rather than undoing it
        steps.append(replace(arrived, commits=upgrade))
        arrived = boot(target.name, zone, "start it on the target")
    # The workload now runs (or is installed) on the target: past this step nothing is
    # rolled back, so it never ends up down on both nodes.
    steps.append(replace(arrived, commits=True))
    steps.append(
        unconfigure(source.name, zone, "remove the detached configuration from the source")
    )
    steps.append(read_zone(target.name, zone))
    return Plan(
        operation="migrate",
        object_type="vserver",
        object_name=zone,
        steps=tuple(steps),
        prechecks=tuple(checks + lun_checks + level_checks),
        locks=(("vserver", zone), *(("dataset", p) for p in pools)),
        effects=(MoveVServer(zone, target.name), SetVServerState(zone, state), *shared),
        expects=(VServerWas(zone, source.name, vserver.state),),
        reads=(ZoneOnNode(len(steps), zone),),
    )


def needs_update(plan: Plan) -> bool:
    """Whether a migration's plan attaches the zone with update (`attach -u`)."""
    return any(
        isinstance(step.command, Command)
        and step.command.argv[:1] == ("zoneadm",)
        and step.command.argv[3:4] == ("attach",)
        and "-u" in step.command.argv[4:]
        for step in plan.steps
    )

"""Installing a patch target: every node read now (`showrev -p`, its boot time), a job
per node for what it is missing, submitted together with the record of which step
adds which patch (the per node, per patch status and `patchadd` output).

A node that already has every patch of the set (or a higher revision) gets no job; a
node that needs single-user patches while it runs vServers or active GDoms is
refused (run level S would stop them: evacuate it first), the others go ahead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.patch.listfile import needs_single_user
from vdcftui.ops.patch.steps import Missing, PatchStep, plan_node
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import patch_target_named, usable_node
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.system import boot_time
from vdcftui.solaris.patches import validate_patch_directory

DEFAULT_DIRECTORY = "/var/tmp/patches"
"""Where the nodes find the patches (each in a directory named by its id) and the
one-shot script; typically an NFS share mounted there."""
MAX_CONCURRENCY = 500


@dataclass(frozen=True)
class NodePlan:
    """One node of the target: its job's plan, or why it has none."""

    node: str
    plan: Plan | None
    note: str
    adds: tuple[PatchStep, ...] = ()


def _highest(patch_ids: tuple[str, ...]) -> dict[str, int]:
    highest: dict[str, int] = {}
    for patch_id in patch_ids:
        base, _, revision = patch_id.partition("-")
        highest[base] = max(int(revision), highest.get(base, -1))
    return highest


def missing_patches(wanted: list[m.Patch], installed: tuple[str, ...]) -> Missing:
    """The set's patches the node has neither at their revision nor higher."""
    have = _highest(installed)
    live: list[str] = []
    single: list[str] = []
    for patch in sorted(wanted, key=lambda p: p.patch_id):
        base, _, revision = patch.patch_id.partition("-")
        if have.get(base, -1) >= int(revision):
            continue
        (single if needs_single_user(patch.properties) else live).append(patch.patch_id)
    return Missing(tuple(live), tuple(single))


def _carried(node: m.Node) -> list[str]:
    zones = [v.name for v in node.vservers.where(m.VServer.state.in_(("running", "ready")))]
    guests = [
        f"GDom {g.name}"
        for g in m.GDom.select().where((m.GDom.cdom == node) & (m.GDom.state == "active"))
    ]
    return sorted(zones) + guests


async def _read_boot_time(node: str, pool: SSHPool, target_for: Callable[[str], HostTarget]) -> str:
    result = await pool.run(target_for(node), boot_time())
    booted = result.stdout.strip().rpartition("\t")[2]
    if not result.ok or not booted.isdigit():
        said = result.stderr.strip() or result.stdout.strip() or f"exit {result.exit_status}"
        raise OperatorError(f"cannot read when {node} booted: {said}")
    return booted


async def plan_target(
    target_name: str,
    directory: str,
    concurrency: int,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
) -> list[NodePlan]:
    """A plan per node of the target (None where nothing is missing or the node is
    refused, with the reason); the nodes are read ``concurrency`` at a time."""
    from vdcftui.ops.patch.sets import read_node_patches

    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise UsageError(f"--concurrency is a number of nodes from 1 to {MAX_CONCURRENCY}")
    try:
        validate_patch_directory(directory)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    target = patch_target_named(target_name)
    wanted = list(
        m.Patch.select().join(m.PatchSetPatch).where(m.PatchSetPatch.patch_set == target.patch_set)
    )
    members = [tn.node.name for tn in target.nodes.join(m.Node).order_by(m.Node.name)]
    gate = asyncio.Semaphore(concurrency)

    async def one(name: str) -> NodePlan:
        async with gate:
            try:
                node = usable_node(name)
                installed = await read_node_patches(name, pool, target_for)
                missing = missing_patches(wanted, installed)
                if not missing.live and not missing.single_user:
                    return NodePlan(name, None, "has every patch of the set: nothing to do")
                carried = _carried(node) if missing.single_user else []
                if carried:
                    return NodePlan(
                        name,
                        None,
                        f"refused: run level S would stop {', '.join(carried)} "
                        f"(evacuate it first: vdcftui node evacuate {name})",
                    )
                booted = await _read_boot_time(name, pool, target_for)
            except OperatorError as exc:
                return NodePlan(name, None, f"refused: {exc}")
            plan, adds = plan_node(target, name, missing, directory, booted, concurrency)
            return NodePlan(name, plan, "", adds)

    return list(await asyncio.gather(*(one(name) for name in members)))


def submit_target(session: Session, target_name: str, plans: list[NodePlan]) -> list[m.Job]:
    """Submit the nodes' jobs, each with the record of which of its steps adds which
    patch (one transaction per node: a node locked by another job is refused alone)."""
    target = patch_target_named(target_name)
    members = {tn.node.name: tn for tn in target.nodes.join(m.Node)}
    jobs = []
    for item in plans:
        if item.plan is None:
            continue
        with transaction():
            job = submit(session, item.plan)
            for add in item.adds:
                m.PatchInstall.create(
                    target_node=members[item.node],
                    patch=m.Patch.get(m.Patch.patch_id == add.patch_id),
                    job=job,
                    seq=add.seq,
                    single_user=add.single_user,
                )
        jobs.append(job)
    return jobs

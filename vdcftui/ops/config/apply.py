"""Applying a node's configuration (``config apply NODE``) as one job: the node is
read back first (one batch), and only the items it does not show get steps, in the
kinds' order (users before their SSH keys), each with its check and, where one
exists, its undo. The job records each applied value (``ConfigApplied``) when it
succeeds. Kernel parameters are written for the next boot: the plan says so, and the
job does not reboot the node."""

from __future__ import annotations

from collections.abc import Callable

from vdcftui.display import counted
from vdcftui.errors import OperatorError
from vdcftui.ops.config.items import effective
from vdcftui.ops.config.kind import Effective, Unreadable
from vdcftui.ops.config.kinds import KINDS
from vdcftui.ops.config.read import read_node
from vdcftui.ops.jobs.effects import RecordConfigApplied
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_node
from vdcftui.solaris.names import InvalidName


def _reachable(name: str) -> m.Node:
    """The node, refused unless it is up, not fenced, and has an address."""
    node = usable_node(name)
    if node.fenced:
        raise PrecheckFailed(f"{node.name} is fenced ({node.fence_reason}): nothing is applied")
    if node.state != "up" or not node.address:
        raise PrecheckFailed(
            f"{node.name} is {node.state} at {node.address or 'no address'}: it must be up "
            "and reachable over SSH (vdcftui node boot, then node discover)"
        )
    return node


async def plan_apply(name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]) -> Plan:
    """The plan that makes the node show every item in effect for it (no steps when
    it shows them all already)."""
    node = _reachable(name)
    config = effective(node)
    if not config.items:
        raise PrecheckFailed(
            f"no configuration items are in effect for {node.name} (vdcftui config set)"
        )
    try:
        reading = await read_node(pool, target_for(node.name), config)
    except OperatorError as exc:
        raise PrecheckFailed(str(exc)) from None
    changed: dict[str, list[Effective]] = {}
    for item in config.items:
        seen = reading.observe(config, item)
        if seen.error is not None:
            raise PrecheckFailed(f"cannot read {item.kind} {item.key} on {node.name}: {seen.error}")
        if seen.value is None or not KINDS[item.kind].matches(item, seen.value):
            changed.setdefault(item.kind, []).append(item)
    steps: list[Step] = []
    for kind, items in changed.items():
        try:
            steps += KINDS[kind].steps(config, items, reading.outputs)
        except (Unreadable, InvalidName, ValueError) as exc:
            raise PrecheckFailed(f"cannot apply {kind} on {node.name}: {exc}") from None
    applied = [item for items in changed.values() for item in items]
    prechecks = [
        f"{node.name} is up at {node.address} (Solaris {node.os_version or 'release not read'})",
        f"{counted(len(config.items), 'item')} in effect, {len(applied)} not shown by {node.name}",
    ]
    if any(KINDS[i.kind].at_boot for i in applied):
        prechecks.append(
            f"kernel parameters are read at boot: they take effect once {node.name} reboots "
            "(this job does not reboot it)"
        )
    return Plan(
        operation="config apply",
        object_type="node",
        object_name=node.name,
        steps=tuple(steps),
        prechecks=tuple(prechecks),
        locks=(("node", node.name),),
        effects=tuple(RecordConfigApplied(node.name, i.kind, i.key, i.value) for i in applied),
    )

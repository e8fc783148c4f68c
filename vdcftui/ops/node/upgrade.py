"""Upgrading a Solaris 11 node to a build (F-UPG), as one job.

Pre-checks first, changing nothing, in one round trip to the node: the SRU it runs
(`pkg info entire`), its boot environments (`beadm list -H`), no service that is not
running as it should (`svcs -x`), the room in its root pool (`zpool list`) against
what `pkg update -nv` (dry run) estimates, and the dry run itself, whose refusal is
shown in the node's own words. A node that runs vServers or active GDoms is refused:
evacuate it first (its installed zones are updated with it, as linked images, and boot
in the new boot environment with their global zone).

The job's steps, each with its check and undo:

1. `pkg update --be-name NEW --no-be-activate entire@VERSION`: the running boot
   environment is not touched (undo: `beadm destroy -F NEW`);
2. activate NEW and reboot into it, waiting until `beadm list -H` shows it running
   (undo: activate the old one and reboot into it, waiting until it runs again);
3. verify: `pkg info entire` at the build's SRU;
4. verify: `svcs -x` lists no service (fails at once on one in maintenance).

A failed verification rolls back: the node boots its old boot environment again and
the new one is destroyed. No step is a point of no return: until the job succeeds,
the old boot environment is one reboot away.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.effects import SetNodeBuild
from vdcftui.ops.jobs.plan import Plan, Slot, Step
from vdcftui.ops.node.power import BOOT_SECONDS, refuse_carrying
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.batch import BatchFramingError, BatchOutput, run_batch
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import refusal
from vdcftui.solaris._base import parse_size
from vdcftui.solaris.cmd.monitor import svcs_x
from vdcftui.solaris.cmd.software import (
    beadm_destroy,
    beadm_list,
    boot_into,
    pkg_update,
    pkg_update_dry_run,
    root_pool_free,
)
from vdcftui.solaris.cmd.system import pkg_info_entire
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.names import InvalidName, validate_be_name
from vdcftui.solaris.patches import BootEnvironment, parse_beadm_list_h, parse_pkg_info, sru_of
from vdcftui.solaris.services import parse_svcs_x
from vdcftui.solaris.software import UpdatePlan, parse_pkg_update_plan, sru_key

UPDATE_SECONDS = 4 * 3600.0
"""How long `pkg update` may run (downloading and installing an SRU)."""
DRY_RUN_SECONDS = 900.0
"""How long the pre-checks' round trip may take (`pkg update -nv` refreshes catalogs)."""
VERIFY_SECONDS = 60.0
SERVICES_SECONDS = 900.0
"""How long the services may take to come online after the reboot."""
SPACE_RESERVE = 2 << 30
"""What must stay free in the root pool beyond the update's own estimate."""
NOTHING_TO_DO = 4
"""`pkg update`'s exit status when there is nothing to update (pkg5's EXIT_NOP)."""


@dataclass(frozen=True)
class Reading:
    """What the node said to the pre-checks, each value checked where it entered."""

    sru: str
    running: BootEnvironment
    names: frozenset[str]
    free: int
    update: UpdatePlan


def _human(size: int) -> str:
    return f"{size / (1 << 30):.1f}G"


def _words(output: BatchOutput) -> str:
    """The last lines a command printed, as the refusal quotes them."""
    lines = [line.strip() for line in output.output.strip().splitlines() if line.strip()]
    return " / ".join(lines[-3:]) or f"exit status {output.exit_status}, no output"


def _refuse(node: m.Node, reason: str) -> PrecheckFailed:
    return PrecheckFailed(f"refused: {node.name}: {reason}")


def _static_checks(node: m.Node, build: m.Build) -> None:
    """What the repository alone refuses: a node that reported an unusable value, the
    build's kind, the node's release, a fence, running workloads."""
    if node.invalid_reason:
        raise refusal(node.invalid_reason)
    if build.kind != "ips":
        raise _refuse(
            node, f"build {build.name} is a {build.kind} build: upgrade installs IPS builds"
        )
    if not (node.os_version or "").startswith("11"):
        raise _refuse(
            node, f"it runs Solaris {node.os_version or 'unknown'}: upgrade is pkg update (11)"
        )
    if node.fenced:
        raise _refuse(node, f"it is fenced ({node.fence_reason})")
    refuse_carrying(node, "upgrade")


def _sru(node: m.Node, build: m.Build, output: BatchOutput) -> str:
    if not output.ok:
        raise _refuse(node, f"reading its SRU (pkg info entire) failed: {_words(output)}")
    try:
        infos = parse_pkg_info(output.output, "pkg info entire")
    except ParseError as exc:
        raise _refuse(node, f"cannot read its SRU: {exc}") from None
    sru = sru_of(infos[0]) if infos else None
    if sru is None or not re.fullmatch(r"11(\.[0-9]{1,4}){4}", sru):
        raise _refuse(node, "its entire package shows no SRU")
    target = str(build.os_update)
    if sru_key(sru) >= sru_key(target):
        how = "already runs" if sru == target else "runs a newer SRU than build " + build.name
        raise _refuse(node, f"it {how}: {sru} (build {build.name} is {target})")
    return sru


def _boot_environments(node: m.Node, output: BatchOutput) -> list[BootEnvironment]:
    if not output.ok:
        raise _refuse(
            node, f"reading its boot environments (beadm list -H) failed: {_words(output)}"
        )
    try:
        bes = parse_beadm_list_h(output.output)
        for be in bes:
            validate_be_name(be.name)
    except (ParseError, InvalidName) as exc:
        raise _refuse(node, f"cannot read its boot environments: {exc}") from None
    return bes


def _running(node: m.Node, bes: list[BootEnvironment]) -> BootEnvironment:
    running = [be for be in bes if be.active_now]
    if len(running) != 1:
        raise _refuse(node, "it does not show one running boot environment")
    pending = [be.name for be in bes if be.active_on_reboot and not be.active_now]
    if pending:
        raise _refuse(
            node,
            f"boot environment {pending[0]} is activated for the next boot, not the running "
            f"{running[0].name}: reboot into it or activate {running[0].name} first",
        )
    return running[0]


def _no_problems(node: m.Node, output: BatchOutput) -> None:
    try:
        found = parse_svcs_x(output.output) if output.ok else None
    except ParseError as exc:
        raise _refuse(node, f"cannot read its services' problems: {exc}") from None
    if found is None:
        raise _refuse(node, f"reading its services (svcs -x) failed: {_words(output)}")
    if found:
        listed = ", ".join(f"{p.svc} ({p.state})" for p in found[:5])
        raise _refuse(
            node,
            f"services are not running as they should: {listed}; fix them first "
            "(the upgrade is verified by none being listed after the reboot)",
        )


def _free(node: m.Node, output: BatchOutput) -> int:
    fields = output.output.split()
    free = parse_size(fields[1]) if output.ok and len(fields) == 2 else None
    if free is None:
        raise _refuse(node, f"cannot read the root pool's free space: {_words(output)}")
    return free


def _dry_run(node: m.Node, output: BatchOutput) -> UpdatePlan:
    if output.exit_status == NOTHING_TO_DO:
        raise _refuse(node, f"the dry run (pkg update -nv) has nothing to update: {_words(output)}")
    if not output.ok:
        raise _refuse(node, f"the dry run (pkg update -nv) refuses: {_words(output)}")
    try:
        return parse_pkg_update_plan(output.output)
    except ParseError as exc:
        raise _refuse(node, f"cannot read the dry run's summary: {exc}") from None


def _space(node: m.Node, free: int, update: UpdatePlan) -> None:
    needed = (update.space_needed or 0) + SPACE_RESERVE
    if free < needed:
        raise _refuse(
            node,
            f"rpool has {_human(free)} free; the update needs "
            f"{_human(update.space_needed or 0)} and {_human(SPACE_RESERVE)} must stay free",
        )


async def read_node(node: m.Node, build: m.Build, pool: SSHPool, target: HostTarget) -> Reading:
    """The pre-checks' round trip to the node; refuses with what the node said."""
    try:
        info, bes_out, services, space, dry = await run_batch(
            pool,
            target,
            [
                pkg_info_entire(),
                beadm_list(),
                svcs_x(),
                root_pool_free(),
                pkg_update_dry_run(str(build.os_update), build.publisher),
            ],
            timeout=DRY_RUN_SECONDS,
        )
    except (OperatorError, BatchFramingError) as exc:
        raise _refuse(node, f"cannot read it: {exc}") from None
    sru = _sru(node, build, info)
    bes = _boot_environments(node, bes_out)
    running = _running(node, bes)
    _no_problems(node, services)
    free = _free(node, space)
    update = _dry_run(node, dry)
    _space(node, free, update)
    return Reading(sru, running, frozenset(be.name for be in bes), free, update)


def new_be_name(build: m.Build, taken: frozenset[str]) -> str:
    """The new boot environment's name: the build's, or with -1, -2... if taken."""
    name, number = build.name, 0
    while name in taken:
        number += 1
        name = f"{build.name}-{number}"
    return validate_be_name(name)


def _steps(node: m.Node, build: m.Build, old: str, new: str) -> tuple[Step, ...]:
    sru = str(build.os_update)
    listing = beadm_list()
    return (
        Step(
            node.name,
            pkg_update(sru, new, build.publisher),
            f"update a clone of {old} to SRU {sru} as boot environment {new} "
            f"(the running {old} is not changed)",
            undo=beadm_destroy(new),
            check=listing,
            done_if=rf"^{re.escape(new)};",
            timeout=UPDATE_SECONDS,
        ),
        Step(
            node.name,
            boot_into(new),
            f"activate {new} and reboot {node.name} into it, until it runs {new}",
            undo=boot_into(old),
            check=listing,
            done_if=rf"^{re.escape(new)};[^;]*;[^;]*N",
            settle=BOOT_SECONDS,
            awaits_host=True,
        ),
        Step(
            node.name,
            pkg_info_entire(),
            f"verify: {node.name} runs SRU {sru}",
            check=pkg_info_entire(),
            done_if=rf"^\s*Version: .*\(Oracle Solaris {re.escape(sru)}\)\s*$",
            fails_if=r"^\s*Version: ",
            settle=VERIFY_SECONDS,
        ),
        Step(
            node.name,
            svcs_x(),
            f"verify: every service of {node.name} comes online (svcs -x lists none)",
            check=svcs_x(),
            done_unless=r"^svc:/",
            fails_if=r"^\s*State: maintenance",
            settle=SERVICES_SECONDS,
        ),
    )


def _installed_zones(node: m.Node) -> str:
    zones = [
        v.name
        for v in node.vservers.where(m.VServer.brand == "solaris").order_by(m.VServer.name)
        if v.state == "installed"
    ]
    if not zones:
        return "no installed solaris zones"
    return f"installed zones {', '.join(zones)} are updated with it (linked images)"


async def plan_upgrade(
    node: m.Node,
    build: m.Build,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    slots: tuple[Slot, ...] = (),
) -> Plan:
    """The plan to upgrade one node to an IPS build, after its pre-checks; refuses
    (:class:`PrecheckFailed`) with the reason, the node's words where it spoke."""
    _static_checks(node, build)
    reading = await read_node(node, build, pool, target_for(node.name))
    old = reading.running.name
    new = new_be_name(build, reading.names)
    update = reading.update
    return Plan(
        operation="upgrade",
        object_type="node",
        object_name=node.name,
        steps=_steps(node, build, old, new),
        prechecks=(
            f"{node.name} runs SRU {reading.sru} in boot environment {old}",
            f"the dry run (pkg update -nv): {update.packages} packages change for "
            f"build {build.name} (SRU {build.os_update})",
            f"rpool has {_human(reading.free)} free: the update needs "
            f"{_human(update.space_needed or 0)}, {_human(SPACE_RESERVE)} stay free",
            "no service is in maintenance or degraded (svcs -x)",
            f"no running vServers or active GDoms; {_installed_zones(node)}",
        ),
        locks=(("node", node.name),),
        effects=(SetNodeBuild(node.name, build.name, str(build.os_update)),),
        slots=slots,
    )


async def plan_each(
    nodes: list[m.Node],
    build: m.Build,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    slots_for: Callable[[m.Node], tuple[Slot, ...]],
    at_once: int = 16,
) -> list[Plan | OperatorError]:
    """Plan the upgrade of each node (pre-checks of up to ``at_once`` nodes at a time),
    in the order given: its plan, or why it is refused."""
    gate = asyncio.Semaphore(at_once)

    async def one(node: m.Node) -> Plan | OperatorError:
        async with gate:
            try:
                return await plan_upgrade(node, build, pool, target_for, slots_for(node))
            except OperatorError as exc:
                return exc

    return list(await asyncio.gather(*(one(node) for node in nodes)))

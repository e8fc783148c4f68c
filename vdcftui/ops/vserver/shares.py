"""Resource management (F-RES): nodes are rated in base units by performance, a
vServer gets base units, and the two turn into Fair Share Scheduler shares.

A vServer's shares are its base units per base unit of its node, per mille: 4 units on
a node rated 16 are 250 shares, on a node rated 32 they are 125 (each share is worth
twice the CPU there). Shares only weigh zones of one node against each other, so one
scale for every node keeps the zones' proportions what their base units say. The
shares go in the zone's configuration (`zonecfg set cpu-shares`, which lasts) and, for
a running zone, in its running limits (`prctl -r`, now). A migration to a node of
another rating gives the zone the shares the target's rating says.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.effects import SetVServerShares
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import node_named, usable_vserver
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.zones import (
    MAX_CPU_SHARES,
    prctl_set_shares,
    prctl_shares,
    zonecfg_export,
    zonecfg_script,
)

SHARES_PER_RATING = 1000
"""The shares of a vServer holding all of its node's base units."""
MAX_UNITS = 100000.0


def shares_for(units: float, rating: float) -> int:
    """FSS shares of ``units`` base units on a node rated ``rating`` (1 to 65535)."""
    exact = SHARES_PER_RATING * units / rating
    return max(1, min(MAX_CPU_SHARES, math.floor(exact + 0.5)))


def check_units(units: float, what: str) -> float:
    """A number of base units as an operator gives it: positive, finite, sane."""
    if not math.isfinite(units) or not 0 < units <= MAX_UNITS:
        raise OperatorError(f"{what} must be a number above 0 and at most {MAX_UNITS:g}")
    return units


def shares_on(vserver: m.VServer, node: m.Node) -> int | None:
    """The shares the vServer gets on ``node`` (None: a rating or its units unknown)."""
    if not vserver.base_units or not node.base_units:
        return None
    return shares_for(vserver.base_units, node.base_units)


def with_shares(script: Sequence[str], shares: int) -> list[str]:
    """A zone's zonecfg subcommands (an export) with its zone.cpu-shares replaced."""
    out: list[str] = []
    block: list[str] = []
    for line in script:
        if block:
            block.append(line)
            if line == "end":
                if "set name=zone.cpu-shares" not in block:
                    out += block
                block = []
            continue
        if line == "add rctl":
            block = [line]
        elif not line.startswith("set cpu-shares="):
            out.append(line)
    return [*out, *block, f"set cpu-shares={shares}"]


def shares_note(vserver: m.VServer, source: m.Node, target: m.Node) -> str | None:
    """The pre-check line of a migration that changes the shares, or None."""
    after = shares_on(vserver, target)
    if after is None:
        return None
    before = shares_on(vserver, source)
    was = f"{before} on {source.name} (rated {source.base_units:g}), " if before else ""
    return (
        f"{vserver.name} holds {vserver.base_units:g} base units: cpu-shares {was}"
        f"{after} on {target.name} (rated {target.base_units:g})"
    )


def set_node_rating(session: Session, name: str, units: float) -> None:
    """Rate a node in base units (its performance), audited."""
    session.require_writable(f"set node {name}")
    node = node_named(name)
    check_units(units, "a node's rating")
    with transaction():
        old = f"{node.base_units:g}" if node.base_units else "none"
        m.Node.update(base_units=units).where(m.Node.id == node.id).execute()
        audit(session, "set", "node", node.name, f"base units {old} -> {units:g}")


def plan_base_units(name: str, units: float) -> Plan:
    """The plan to give a vServer ``units`` base units: its configuration's
    cpu-shares, and a running zone's shares now."""
    check_units(units, "base units")
    vserver = usable_vserver(name)
    zone = vserver.name
    node = vserver.node
    if node is None:
        raise PrecheckFailed(f"{zone} is on no node (detached): attach it first")
    if not node.base_units:
        raise PrecheckFailed(
            f"{node.name} has no rating in base units (vdcftui node set {node.name} --base-units N)"
        )
    shares = shares_for(units, node.base_units)
    listed = rf"limit={shares},"
    steps = [
        Step(
            node.name,
            zonecfg_script(zone, [f"set cpu-shares={shares}"]),
            f"configure {shares} cpu-shares (lasting)",
            check=zonecfg_export(zone),
            done_if=listed,
        )
    ]
    if vserver.state == "running":
        steps.append(
            Step(
                node.name,
                prctl_set_shares(zone, shares),
                f"give the running zone {shares} cpu-shares now",
                check=prctl_shares(zone),
                done_if=rf"^zone\.cpu-shares\s+privileged\s+{shares}\s",
            )
        )
    return Plan(
        operation="shares",
        object_type="vserver",
        object_name=zone,
        steps=tuple(steps),
        prechecks=(
            f"{zone}: {units:g} base units on {node.name} (rated {node.base_units:g}) "
            f"= {shares} cpu-shares",
        ),
        locks=(("vserver", zone),),
        effects=(SetVServerShares(zone, units, shares),),
    )

"""The placement algorithm: every workload of a node onto the other nodes of its pool.

Workloads go by priority (highest first), masters before their slaves (F-VDP). Each
goes to the available node that passes every rule (compatible release, every LUN seen,
no overload counting what this plan already placed) and has the most free capacity
after, ties broken by name. The result is the ordered moves an evacuation job would
run and the workloads it could not place, each decision explained.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from enum import Enum

from vdcftui.errors import OperatorError
from vdcftui.ops.placement.capacity import Free, NodeCapacity
from vdcftui.ops.placement.load import Host, PoolView, Workload, load_pool
from vdcftui.ops.placement.rules import Fit, compare_releases, missing_luns
from vdcftui.repo.lookup import node_named, pool_named

SHOWN_REFUSALS = 3
"""How many nodes' refusals an unplaced workload's reason names."""


class Outcome(Enum):
    """What a placement decided for one workload."""

    PLACED = "placed"
    NOT_PLACED = "not placed"
    STAYS = "stays"


@dataclass(frozen=True)
class Move:
    """One migration an evacuation job would run, in the plan's order."""

    kind: str
    name: str
    source: str
    target: str
    upgrade: bool
    """Whether the target's build is newer, so the zone is attached with -u."""
    cold: bool = False
    """Whether a GDom moves cold (it is not active, or the CPU types differ)."""


@dataclass(frozen=True)
class Decision:
    """One row of the explained table."""

    kind: str
    name: str
    priority: int
    outcome: Outcome
    target: str | None
    reason: str

    @property
    def text(self) -> str:
        """'web07 -> node03: sees 2/2 LUNs, ...' or 'db01 not placed: ...'."""
        if self.outcome is Outcome.PLACED:
            return f"{self.name} -> {self.target}: {self.reason}"
        return f"{self.name} {self.outcome.value}: {self.reason}"


@dataclass(frozen=True)
class Placement:
    """Where a node's workload would go: the moves in order, what cannot be placed and
    why, and every decision in the order it was taken."""

    node: str
    pool: str
    moves: tuple[Move, ...]
    unplaced: tuple[tuple[str, str], ...]
    """(name, reason) of every workload that has no target."""
    decisions: tuple[Decision, ...]

    @property
    def complete(self) -> bool:
        """Whether every workload that must move has a target."""
        return not self.unplaced


@dataclass(frozen=True)
class _Candidate:
    host: Host
    free: Free
    upgrade: bool
    notes: tuple[str, ...]
    cold: bool = False


def place_node(view: PoolView, node: str) -> Placement:
    """Place every workload of ``node`` on the other nodes of ``view``'s pool."""
    source = view.hosts[node]
    capacities = {name: host.capacity.copy() for name, host in view.hosts.items()}
    others = [view.hosts[name] for name in sorted(view.hosts) if name != node]
    workloads = view.workloads.get(node, [])
    stays = [
        Decision(
            w.kind, w.name, w.priority, Outcome.STAYS, None, f"it is {w.state}: nothing to move"
        )
        for w in sorted(workloads, key=lambda w: w.name)
        if not w.movable
    ]
    decided: list[Decision] = []
    moves: list[Move] = []
    unplaced: list[tuple[str, str]] = []
    failed: set[str] = set()
    for workload in _ordered([w for w in workloads if w.movable]):
        chosen, reason = _decide(workload, source, others, capacities, view.pool, failed)
        if chosen is None:
            failed.add(workload.name)
            unplaced.append((workload.name, reason))
            outcome, target = Outcome.NOT_PLACED, None
        else:
            capacities[chosen.host.name].take(workload.demand)
            moves.append(
                Move(
                    workload.kind,
                    workload.name,
                    node,
                    chosen.host.name,
                    chosen.upgrade,
                    chosen.cold,
                )
            )
            outcome, target = Outcome.PLACED, chosen.host.name
        decided.append(
            Decision(workload.kind, workload.name, workload.priority, outcome, target, reason)
        )
    return Placement(node, view.pool, tuple(moves), tuple(unplaced), tuple(decided + stays))


def _ordered(workloads: list[Workload]) -> list[Workload]:
    """Highest priority first, then by name; a master always before its slaves."""
    by_name = {w.name: w for w in workloads}
    waiting = {w.name: {m for m in w.masters if m in by_name} for w in workloads}
    slaves: dict[str, list[str]] = {name: [] for name in by_name}
    for name, masters in waiting.items():
        for master in masters:
            slaves[master].append(name)
    ready = [(-w.priority, w.name) for w in workloads if not waiting[w.name]]
    heapq.heapify(ready)
    order: list[Workload] = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(by_name[name])
        for slave in slaves[name]:
            waiting[slave].discard(name)
            if not waiting[slave]:
                heapq.heappush(ready, (-by_name[slave].priority, slave))
    return order


def _decide(
    workload: Workload,
    source: Host,
    others: list[Host],
    capacities: dict[str, NodeCapacity],
    pool: str,
    failed: set[str],
) -> tuple[_Candidate | None, str]:
    """The best target and its explanation, or None and why there is none."""
    if workload.refused:
        return None, workload.refused
    master = next((name for name in workload.masters if name in failed), None)
    if master is not None:
        return None, f"its master {master} is not placed"
    if workload.kind == "vserver" and not workload.datasets:
        return None, "it has no dataset to move"
    kind = "control domain" if workload.kind == "gdom" else "node"
    hosts = [h for h in others if workload.kind == "vserver" or h.cdom]
    targets = [h for h in hosts if h.unavailable() is None]
    if not targets:
        why = [text for h in hosts if (text := h.unavailable())]
        detail = f" ({_some(why)})" if why else ""
        return None, f"no other {kind} of {pool} is up and unfenced{detail}"
    fits: list[_Candidate] = []
    refusals: list[str] = []
    for target in targets:
        verdict = _check(workload, source, target, capacities[target.name])
        if isinstance(verdict, str):
            refusals.append(f"{target.name}: {verdict}")
        else:
            fits.append(verdict)
    if fits:
        best = min(fits, key=lambda c: (-c.free.score, c.host.name))
        return best, _explained(workload, source, best)
    for need in workload.luns:
        if not any(need.lun_id in target.luns for target in targets):
            return None, f"no {kind} in {pool} sees LUN {need.text}"
    return None, f"no {kind} of {pool} fits: {_some(refusals)}"


def _check(
    workload: Workload, source: Host, target: Host, capacity: NodeCapacity
) -> _Candidate | str:
    """The target as a candidate, or why it is refused (release, LUNs, capacity)."""
    notes: list[str] = []
    upgrade = cold = False
    if workload.kind == "gdom":
        verdict = _guest_fit(workload, source, target)
        if isinstance(verdict, str):
            return verdict
        cold, guest_notes = verdict
        notes += guest_notes
    else:
        fit, text = compare_releases(source.release, target.release)
        if fit.refused:
            return text
        upgrade = fit is Fit.NEWER
        if upgrade:
            here, there = source.release.build, target.release.build
            notes.append(f"attach -u ({there} > {here})" if there != here else "attach -u")
    missing = missing_luns(workload.luns, target.luns)
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        return f"does not see LUN {missing[0].text}{more}"
    refusal = capacity.refusal(workload.demand)
    if refusal:
        return refusal
    return _Candidate(target, capacity.free_after(workload.demand), upgrade, tuple(notes), cold)


def _guest_fit(workload: Workload, source: Host, target: Host) -> tuple[bool, list[str]] | str:
    """Whether a GDom moves to ``target`` cold, with notes; or why it cannot go there
    (architecture, a disk service or virtual switch the target does not serve, a disk
    whose backend a cold move cannot check)."""
    if source.release.arch != target.release.arch:
        return f"{source.name} is {source.release.arch}, {target.name} is {target.release.arch}"
    guest = workload.guest
    if guest is not None:
        for service in sorted(guest.vds):
            if target.vds and service not in target.vds:
                return f"has no disk service {service}"
        for switch in sorted(guest.vsw):
            if target.vsw and switch not in target.vsw:
                return f"has no virtual switch {switch}"
    notes = []
    cold = workload.state != "active"
    if source.cpu_type != target.cpu_type:
        cold = True
        notes.append(f"cold migration only (CPU {source.cpu_type} to {target.cpu_type})")
    unknown = guest.unknown_backends if guest is not None else ()
    if unknown and cold:
        return (
            f"moves cold, and disk {unknown[0]} is not on a LUN the repository knows "
            "(only the dry run of a live migration can check the target serves it)"
        )
    if unknown:
        notes.append(f"the live migration's dry run checks the target serves disk {unknown[0]}")
    return cold, notes


def _explained(workload: Workload, source: Host, chosen: _Candidate) -> str:
    """'sees 2/2 LUNs, CPU 18 % free after, memory 41 GB free after' and any notes."""
    count = len(workload.luns)
    seen = f"sees {count}/{count} LUNs"
    parts = [seen, chosen.free.text()]
    if not workload.capped:
        parts.append("no caps, so no capacity reserved")
    return ", ".join(parts) + "".join(f"; {note}" for note in chosen.notes)


def _some(texts: list[str]) -> str:
    shown = "; ".join(texts[:SHOWN_REFUSALS])
    more = len(texts) - SHOWN_REFUSALS
    return shown + (f"; {more} more" if more > 0 else "")


def place_evacuation(node_name: str) -> Placement:
    """Where every workload of the named node would go (nothing is changed)."""
    node = node_named(node_name)
    if node.pool is None:
        raise OperatorError(f"{node.name} is in no compute pool: there is nowhere to evacuate it")
    return place_node(load_pool(node.pool, [node.name]), node.name)


@dataclass(frozen=True)
class Survival:
    """Whether one node's workload could be placed on the rest of its pool right now."""

    node: str
    state: str
    workloads: int
    placed: int
    placeable: bool
    why: str


def pool_survival(pool_name: str) -> list[Survival]:
    """For every node of the pool, by name: could its workload go elsewhere (N+1)?"""
    view = load_pool(pool_named(pool_name))
    rows = []
    for name in sorted(view.hosts):
        placement = place_node(view, name)
        moving = len(placement.moves) + len(placement.unplaced)
        if placement.unplaced:
            first, reason = placement.unplaced[0]
            why = f"{len(placement.unplaced)} of {moving} not placed; {first}: {reason}"
        elif moving:
            targets = sorted({move.target for move in placement.moves})
            where = (
                ", ".join(targets) if len(targets) <= SHOWN_REFUSALS else f"{len(targets)} nodes"
            )
            why = f"all {moving} placed on {where}"
        else:
            why = "nothing to move"
        rows.append(
            Survival(
                name,
                view.hosts[name].state,
                moving,
                len(placement.moves),
                placement.complete,
                why,
            )
        )
    return rows

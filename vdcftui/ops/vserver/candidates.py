"""Where a vServer could migrate to: every node, with each pre-check's verdict.

The console's target picker lists these; the checks are the migration planner's own
(from the repository: node state, fencing, dependencies, capacity, architecture,
release and build level, LUN visibility, locks), so a node shown as fitting is one
whose plan the planner will accept, short of the dry runs it runs on the nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.vserver.migrate import (
    check_levels,
    check_luns,
    check_nodes,
    vserver_and_nodes,
)
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import usable_vserver


@dataclass(frozen=True)
class Candidate:
    """A node as a migration target: whether it fits, and every check's verdict."""

    node: str
    fits: bool
    needs_upgrade: bool
    verdicts: tuple[tuple[bool, str], ...]

    @property
    def why_not(self) -> str:
        """The first failed check, or '' when it fits."""
        return next((text for ok, text in self.verdicts if not ok), "")

    @property
    def summary(self) -> str:
        """One line for the picker."""
        if not self.fits:
            return self.why_not
        return "fits with update (attach -u)" if self.needs_upgrade else "fits"


def _verdict(check: Callable[[], list[str]]) -> tuple[bool, str]:
    try:
        return True, "; ".join(check())
    except (PrecheckFailed, OperatorError) as exc:
        return False, str(exc)


def migration_candidates(name: str) -> list[Candidate]:
    """Every node but the vServer's own, fitting ones first; refuses (PrecheckFailed)
    when the vServer itself cannot move (not on a node, wrong state, locked)."""
    vserver = usable_vserver(name)
    if vserver.node is None:
        raise PrecheckFailed(f"cannot migrate {name}: it is on no node (state {vserver.state})")
    lock = m.Lock.get_or_none((m.Lock.object_type == "vserver") & (m.Lock.object_name == name))
    if lock is not None:
        raise PrecheckFailed(
            f"cannot migrate {name}: locked by job {lock.job_id} "
            f"({lock.operation} by {lock.operator})"
        )
    candidates = []
    for node in m.Node.select().where(m.Node.id != vserver.node_id).order_by(m.Node.name):
        candidates.append(_evaluate(name, node.name))
    return sorted(candidates, key=lambda c: (not c.fits, c.needs_upgrade, c.node))


def _evaluate(name: str, node_name: str) -> Candidate:
    vserver, source, target = vserver_and_nodes(name, node_name)
    verdicts = [_verdict(lambda: check_nodes(vserver, source, target))]
    upgrade = False

    def levels() -> list[str]:
        nonlocal upgrade
        upgrade, texts = check_levels(vserver, source, target, allow_upgrade=True)
        return texts

    verdicts.append(_verdict(levels))
    verdicts.append(_verdict(lambda: check_luns(vserver, target)[1]))
    fits = all(ok for ok, _ in verdicts)
    return Candidate(node_name, fits, upgrade and fits, tuple(verdicts))


def attach_candidates(name: str) -> list[Candidate]:
    """Every node a detached vServer could be attached to, with the attach planner's
    verdict for each, fitting ones first."""
    from vdcftui.ops.vserver.detach import plan_attach

    vserver = usable_vserver(name)
    if vserver.node is not None:
        raise PrecheckFailed(f"{name} is on {vserver.node.name}: detach it first")
    candidates = []
    for node in m.Node.select().order_by(m.Node.name):

        def prechecks(node_name: str = node.name) -> list[str]:
            return list(plan_attach(name, node_name).prechecks)

        ok, text = _verdict(prechecks)
        candidates.append(Candidate(node.name, ok, False, ((ok, text),)))
    return sorted(candidates, key=lambda c: (not c.fits, c.node))

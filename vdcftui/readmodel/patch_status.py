"""The status of every patch of a target on every node, and of each node as a whole.

A patch the node has (or a higher revision of it), as the repository last read
`showrev -p`, is ``applied``. Another that the target's install added or tried to
takes its status from the job step that did it: ``applied`` (done), ``failed`` (with
patchadd's output), ``installing`` (running), ``queued``, ``unsure`` (its job was
interrupted: `vdcftui job recover` judges it by `showrev -p`); one no install touched
is ``pending``. The output of the latest step that added the patch is kept either way.
A node is ``failed`` when any of its patches failed, else ``unsure``, ``installing``,
``queued`` or ``pending`` when any is, else ``applied``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from vdcftui.display import printable_lines
from vdcftui.ops.jobs.states import JobState, StepState
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

ORDER = ("failed", "unsure", "installing", "queued", "pending", "applied")
"""Node status: the first of these any of its patches has."""
_OUTPUT_END = r"(?:^|\n)--- "
"""Where a step's own output ends and its check's listing starts."""


@dataclass(frozen=True)
class PatchStatus:
    """One patch of the set on one node."""

    patch_id: str
    status: str
    single_user: bool
    job: int | None
    output: str


@dataclass(frozen=True)
class NodeStatus:
    """One node of a target: its status and its patches'."""

    node: str
    status: str
    patches: tuple[PatchStatus, ...]

    def count(self, status: str) -> int:
        """How many of its patches have ``status``."""
        return sum(1 for p in self.patches if p.status == status)


def _step_status(step_state: str, job_state: str) -> str:
    if step_state == StepState.DONE:
        return "applied"
    if step_state in (StepState.FAILED, StepState.UNDO_FAILED):
        return "failed"
    if job_state == JobState.INTERRUPTED or step_state == StepState.UNDONE:
        return "unsure" if step_state == StepState.RUNNING else "pending"
    if step_state == StepState.RUNNING:
        return "installing"
    if job_state in (JobState.QUEUED, JobState.RUNNING):
        return "queued"
    return "pending"


def _output(stdout: str, stderr: str) -> str:
    own = re.split(_OUTPUT_END, stdout, maxsplit=1)[0]
    return printable_lines((own + stderr).strip())


def _has(installed: dict[str, int], patch_id: str) -> bool:
    base, _, revision = patch_id.partition("-")
    return installed.get(base, -1) >= int(revision or 0)


def target_status(target: m.PatchTarget) -> list[NodeStatus]:
    """Every node of the target with the status of each patch of its set."""
    patches = [
        (p.patch_id, p.id)
        for p in m.Patch.select()
        .join(m.PatchSetPatch)
        .where(m.PatchSetPatch.patch_set == target.patch_set)
        .order_by(m.Patch.patch_id)
    ]
    members = list(
        m.PatchTargetNode.select(m.PatchTargetNode, m.Node)
        .join(m.Node)
        .where(m.PatchTargetNode.target == target)
        .order_by(m.Node.name)
    )
    installed: dict[int, dict[str, int]] = defaultdict(dict)
    for node_id, patch_id in tuples(
        m.NodePatch.select(m.NodePatch.node, m.Patch.patch_id)
        .join(m.Patch)
        .where(m.NodePatch.node.in_([tn.node_id for tn in members]))
    ):
        base, _, revision = patch_id.partition("-")
        have = installed[node_id]
        have[base] = max(int(revision) if revision.isdigit() else 0, have.get(base, -1))
    latest: dict[tuple[int, int], tuple[str, str, str, str, bool, int]] = {}
    query = (
        m.PatchInstall.select(
            m.PatchInstall.target_node,
            m.PatchInstall.patch,
            m.JobStep.state,
            m.Job.state,
            m.JobStep.stdout,
            m.JobStep.stderr,
            m.PatchInstall.single_user,
            m.Job.id,
        )
        .join(m.Job)
        .join(m.JobStep, on=(m.JobStep.job == m.Job.id) & (m.JobStep.seq == m.PatchInstall.seq))
        .where(m.PatchInstall.target_node.in_([tn.id for tn in members]))
        .order_by(m.PatchInstall.job)
    )
    for tn_id, patch_pk, *rest in tuples(query):
        latest[(tn_id, patch_pk)] = tuple(rest)
    out = []
    for member in members:
        rows = []
        for patch_id, patch_pk in patches:
            has = _has(installed[member.node_id], patch_id)
            found = latest.get((member.id, patch_pk))
            if found is None:
                rows.append(PatchStatus(patch_id, "applied" if has else "pending", False, None, ""))
                continue
            step_state, job_state, stdout, stderr, single, job_id = found
            status = "applied" if has else _step_status(step_state, job_state)
            rows.append(PatchStatus(patch_id, status, single, job_id, _output(stdout, stderr)))
        states = {row.status for row in rows}
        node_status = next((s for s in ORDER if s in states), "applied")
        out.append(NodeStatus(member.node.name, node_status, tuple(rows)))
    return out

"""The plan that patches one node of a target: what is missing goes in, the live
patches first, then the single-user ones in one trip through run level S.

Per node, one job (a target's nodes are patched in parallel, at most the target's
concurrency at a time, by a slot of the target's key: :mod:`vdcftui.ops.jobs.slots`):

1. every missing live patch: `patchadd DIR/ID` (its check: `showrev -p` lists it);
2. when single-user patches are missing: the staging directory, a copy of each such
   patch in it, the one-shot script armed in /etc/rcS.d, then `init S`. sshd stops;
   at run level S the script adds the staged patches (each output in STAGE/ID.out),
   disarms itself and reboots (`init 6`). The job waits until the node has booted again
   and answers, then reads each staged patch's output and checks `showrev -p` lists it;
3. `showrev -p` read back into the repository.

Adding a patch is a point of no return: nothing removes it again (`patchrm` is slow,
refuses a patch others need, and is the operator's call; with Live Upgrade the old
boot environment is the way back). A failure stops the node's job with the patches
added so far kept and recorded per patch; running the install again adds what is
still missing. A staging step that fails before any patch went in is undone.
"""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.ops.jobs.plan import Plan, Slot, Step
from vdcftui.ops.jobs.readback import PatchesOnNode
from vdcftui.repo import models as m
from vdcftui.solaris.cmd import patch as cmd
from vdcftui.solaris.cmd.system import boot_time, showrev_patches

SINGLE_USER_SECONDS = 3600.0
"""How long the patches at run level S and the reboot may take before the job gives up
waiting for the node (a kernel patch cluster takes long)."""
READ_SECONDS = 1.0
"""How long a single-user patch's check may wait for `showrev -p` to list it (the node
has rebooted already: it is there, or it failed)."""


@dataclass(frozen=True)
class PatchStep:
    """The step of a node's job whose state and output are a patch's status."""

    seq: int
    patch_id: str
    single_user: bool


@dataclass(frozen=True)
class Missing:
    """The patches one node still needs, in install order, and whether each goes in
    at run level S."""

    live: tuple[str, ...]
    single_user: tuple[str, ...]


def listed(patch_id: str) -> str:
    """The pattern of `showrev -p` listing a patch."""
    return rf"^\s*Patch: {patch_id}\s"


def _patch_step(node: str, directory: str, patch_id: str) -> Step:
    return Step(
        node,
        cmd.patchadd(directory, patch_id),
        f"add patch {patch_id} on {node} (live)",
        check=showrev_patches(),
        done_if=listed(patch_id),
        commits=True,
    )


def _single_user_steps(
    node: str, directory: str, patches: tuple[str, ...], booted: str
) -> list[Step]:
    steps = [
        Step(
            node,
            cmd.make_stage(),
            f"make the staging directory {cmd.SU_STAGE} on {node}",
            check=cmd.show_stage(),
            done_if=rf"^{cmd.SU_STAGE}$",
        )
    ]
    steps += [
        Step(
            node,
            cmd.stage_patch(directory, patch_id),
            f"stage patch {patch_id} for run level S",
            undo=cmd.unstage_patch(patch_id),
            check=cmd.list_stage(),
            done_if=rf"^{patch_id}$",
        )
        for patch_id in patches
    ]
    steps.append(
        Step(
            node,
            cmd.arm_single_user(directory),
            f"arm {cmd.SU_RC}: at run level S it adds the staged patches, then reboots",
            undo=cmd.disarm_single_user(),
            check=cmd.list_rcs(),
            done_if=rf"^{cmd.SU_RC.rpartition('/')[2]}$",
        )
    )
    steps.append(
        Step(
            node,
            cmd.init_single_user(),
            f"take {node} to run level S (sshd stops; its zones stop until the reboot)",
            check=boot_time(),
            done_unless=rf"\t{booted}\s*$",
            commits=True,
        )
    )
    steps.append(
        Step(
            node,
            boot_time(),
            f"wait until {node} has patched at run level S, rebooted and answers",
            check=boot_time(),
            done_unless=rf"\t{booted}\s*$",
            settle=SINGLE_USER_SECONDS,
            awaits_host=True,
        )
    )
    steps += [
        Step(
            node,
            cmd.staged_output(patch_id),
            f"read what patchadd said of {patch_id} at run level S; showrev -p lists it",
            check=showrev_patches(),
            done_if=listed(patch_id),
            settle=READ_SECONDS,
        )
        for patch_id in patches
    ]
    return steps


def plan_node(
    target: m.PatchTarget,
    node: str,
    missing: Missing,
    directory: str,
    booted: str,
    concurrency: int,
) -> tuple[Plan, tuple[PatchStep, ...]]:
    """The job that adds the missing patches to one node of a target, and which of its
    steps says how each patch went."""
    steps = [_patch_step(node, directory, patch_id) for patch_id in missing.live]
    if missing.single_user:
        steps += _single_user_steps(node, directory, missing.single_user, booted)
    steps.append(Step(node, showrev_patches(), f"read {node}'s patches back", reads=True))
    adds = [PatchStep(seq, p, False) for seq, p in enumerate(missing.live, start=1)]
    first_read = len(steps) - 1 - len(missing.single_user)  # the last step reads back
    adds += [PatchStep(first_read + n, p, True) for n, p in enumerate(missing.single_user, start=1)]
    live = ", ".join(missing.live) or "none"
    single = ", ".join(missing.single_user) or "none (no reboot)"
    plan = Plan(
        operation="patch",
        object_type="node",
        object_name=node,
        steps=tuple(steps),
        prechecks=(
            f"target {target.name}, set {target.patch_set.name}, patches from {directory}",
            f"{node}: missing live: {live}; at run level S: {single}",
        ),
        locks=(("node", node),),
        reads=(PatchesOnNode(len(steps), node),),
        slots=(Slot(f"patch-target:{target.name}", concurrency),),
    )
    return plan, tuple(adds)

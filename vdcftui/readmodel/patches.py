"""Patch targets (F-PAT): one row per node of a target, and the patch set's patches
with what that node already has."""

from __future__ import annotations

from collections import defaultdict

from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.jobs import when
from vdcftui.readmodel.patch_status import target_status
from vdcftui.readmodel.rows import Row
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

WHAT_A_TARGET_IS = (
    "A patch target pairs nodes with a patch set: installing the target puts the set's "
    "patches on every node of it in parallel (those that need a reboot in single-user "
    "mode, followed by a reboot) and records per node whether they were applied or "
    "failed."
)
NONE_YET = (
    "None is defined yet: `vdcftui patchset create` makes a set (from a reference node, "
    "a patch list or a baseline date), `vdcftui patchtarget create` pairs it with "
    "Solaris 10 nodes and `vdcftui patchtarget install` installs it."
)
EMPTY_LINE = "no patch targets defined yet: what they are is explained beside"


def target_key(target: str, node: str) -> str:
    """A row's key: 'target/node'."""
    return f"{target}/{node}"


def _base(patch_id: str) -> tuple[str, int]:
    """'150400-59' -> ('150400', 59); a patch without revision has revision 0."""
    base, _, revision = patch_id.partition("-")
    return base, int(revision) if revision.isdigit() else 0


def _installed(node_id: int) -> dict[str, int]:
    """The highest revision of each patch the node has, by base patch id."""
    highest: dict[str, int] = {}
    for (patch_id,) in tuples(
        m.Patch.select(m.Patch.patch_id).join(m.NodePatch).where(m.NodePatch.node == node_id)
    ):
        base, revision = _base(patch_id)
        highest[base] = max(revision, highest.get(base, -1))
    return highest


def patch_state(patch_id: str, installed: dict[str, int]) -> str:
    """'installed', 'newer installed (-61)' or 'missing' for one patch of a set."""
    base, revision = _base(patch_id)
    have = installed.get(base)
    if have is None or have < revision:
        return "missing"
    return "installed" if have == revision else f"newer installed (-{have})"


def _install_status() -> dict[tuple[str, str], str]:
    """(target, node) -> status, for the targets an install has run on (the others
    show the status recorded with the target)."""
    found: dict[tuple[str, str], str] = {}
    installed = m.PatchTarget.select().join(m.PatchTargetNode).join(m.PatchInstall).distinct()
    for target in installed:
        for node in target_status(target):
            found[(target.name, node.node)] = node.status
    return found


def patch_target_rows() -> list[Row]:
    """One row per node of every patch target: status and how many of the set it has."""
    derived = _install_status()
    set_patches: dict[int, list[str]] = defaultdict(list)
    for set_id, patch_id in tuples(
        m.PatchSetPatch.select(m.PatchSetPatch.patch_set, m.Patch.patch_id).join(m.Patch)
    ):
        set_patches[set_id].append(patch_id)
    query = (
        m.PatchTargetNode.select(
            m.PatchTarget.name,
            m.PatchSet.id,
            m.PatchSet.name,
            m.Node.id,
            m.Node.name,
            m.PatchTargetNode.status,
            m.PatchTargetNode.updated,
        )
        .join(m.PatchTarget)
        .join(m.PatchSet)
        .switch(m.PatchTargetNode)
        .join(m.Node)
        .order_by(m.PatchTarget.name, m.Node.name)
    )
    rows: list[Row] = []
    for target, set_id, set_name, node_id, node, status, updated in tuples(query):
        status = derived.get((target, node), status)
        installed = _installed(node_id)
        patches = set_patches[set_id]
        have = sum(1 for patch in patches if patch_state(patch, installed) != "missing")
        rows.append(
            (
                target_key(target, node),
                (target, set_name, node, status, f"{have}/{len(patches)}", when(updated)),
            )
        )
    return rows


def patch_target_detail(key: str) -> list[Section]:
    """The target's node and status, then each patch of the set and whether the node
    has it."""
    target_name, _, node_name = key.partition("/")
    member = (
        m.PatchTargetNode.select()
        .join(m.PatchTarget)
        .switch(m.PatchTargetNode)
        .join(m.Node)
        .where((m.PatchTarget.name == target_name) & (m.Node.name == node_name))
        .first()
    )
    if member is None:
        return [Section(key).add("state", "no longer in the repository")]
    patch_set = member.target.patch_set
    identity = (
        Section(f"patch target {target_name} on {node_name}")
        .add("status", member.status)
        .add("updated", when(member.updated))
        .add("patch set", patch_set.name)
        .add(
            "baseline",
            patch_set.baseline_date
            and f"patches released before {patch_set.baseline_date:%Y-%m-%d}",
        )
    )
    installed = _installed(member.node_id)
    patches = Section(f"patches of {patch_set.name}")
    for patch in (
        m.Patch.select()
        .join(m.PatchSetPatch)
        .where(m.PatchSetPatch.patch_set == patch_set)
        .order_by(m.Patch.patch_id)
    ):
        reboot = ", reboot" if patch.reboot_required else ""
        patches.add(
            patch.patch_id,
            f"{patch_state(patch.patch_id, installed)}{reboot}  {patch.synopsis or ''}".rstrip(),
        )
    if not patches.lines:
        patches.add("patches", "the set is empty")
    return [identity, patches]


def no_targets_explained() -> list[Section]:
    """What the Patch targets view shows beside its empty table."""
    return [Section("patch targets").add("what", WHAT_A_TARGET_IS).add("here", NONE_YET)]

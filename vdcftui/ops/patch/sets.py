"""Patch sets and targets (F-PAT): what to install, and where.

A set is made from a reference node (the patches its `showrev -p` lists now), from a
patch list file (which also records each patch's release date and install
properties), or from a baseline date alone (every patch the repository knows the
release date of, up to that date, the highest revision of each). A baseline given
with a node or a list keeps only the patches released up to it; a patch whose date
is unknown cannot be judged and is left out, and the result says how many were.
A target pairs a set with nodes: Solaris 10 nodes only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.jobs.effects import SetNodePatches, patch_row
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.patch.listfile import ListedPatch
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.lookup import checked, patch_set_named, usable_node
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.system import showrev_patches
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.names import InvalidName, validate_patch_object_name
from vdcftui.solaris.patches import parse_showrev_p, validate_patch_id


@dataclass(frozen=True)
class SetMade:
    """A patch set created, and the patches a baseline left out for want of a date."""

    patch_set: m.PatchSet
    count: int
    undated: int


def _new_name(name: str, kind: str, model: type[m.PatchSet] | type[m.PatchTarget]) -> str:
    checked(lambda text: validate_patch_object_name(text, kind), name)
    if model.select().where(model.name == name).exists():
        raise UsageError(f"a {kind} named {name!r} exists already")
    return name


def _record_listed(entry: ListedPatch) -> m.Patch:
    """The patch's row, with what the list says of it."""
    patch = patch_row(entry.patch_id)
    changes: dict[str, object] = {}
    if entry.released is not None:
        changes["release_date"] = entry.released
    if entry.properties is not None:
        changes["properties"] = entry.properties
        changes["reboot_required"] = entry.properties != "standard"
    if changes:
        m.Patch.update(**changes).where(m.Patch.id == patch.id).execute()
    return patch


def _create(
    session: Session,
    name: str,
    baseline: datetime | None,
    source: str,
    patches: Callable[[], list[m.Patch]],
) -> SetMade:
    session.require_writable(f"create patch set {name}")
    _new_name(name, "patch set", m.PatchSet)
    with transaction():
        chosen = patches()
        undated = 0
        if baseline is not None:
            undated = sum(1 for p in chosen if m.Patch.get_by_id(p.id).release_date is None)
            chosen = [
                p
                for p in chosen
                if (date := m.Patch.get_by_id(p.id).release_date) is not None and date <= baseline
            ]
        patch_set = m.PatchSet.create(name=name, baseline_date=baseline)
        for patch in chosen:
            m.PatchSetPatch.create(patch_set=patch_set, patch=patch)
        audit(session, "create patch set", "patch set", name, f"{source}: {len(chosen)} patches")
    return SetMade(patch_set, len(chosen), undated)


def create_from_list(
    session: Session, name: str, listed: list[ListedPatch], baseline: datetime | None
) -> SetMade:
    """A set of the patches of a list file (their dates and properties recorded)."""
    return _create(
        session, name, baseline, "from a list", lambda: [_record_listed(e) for e in listed]
    )


def create_from_baseline(session: Session, name: str, baseline: datetime) -> SetMade:
    """A set of every patch known to be released up to ``baseline``: the highest
    revision of each."""

    def chosen() -> list[m.Patch]:
        highest: dict[str, m.Patch] = {}
        for patch in m.Patch.select().where(m.Patch.release_date <= baseline):
            base = patch.patch_id.partition("-")[0]
            if base not in highest or highest[base].patch_id < patch.patch_id:
                highest[base] = patch
        if not highest:
            raise OperatorError(
                f"no patch known to be released by {baseline:%Y-%m-%d}: give release dates "
                "with a patch list (--list FILE)"
            )
        return [highest[base] for base in sorted(highest)]

    return _create(session, name, baseline, f"baseline {baseline:%Y-%m-%d}", chosen)


async def read_node_patches(
    name: str, pool: SSHPool, target_for: Callable[[str], HostTarget]
) -> tuple[str, ...]:
    """The patches a Solaris 10 node's `showrev -p` lists now (each id checked)."""
    node = usable_node(name)
    result = await pool.run(target_for(node.name), showrev_patches())
    if not result.ok:
        said = result.stderr.strip() or f"exit status {result.exit_status}"
        raise OperatorError(f"{node.name} could not list its patches: {said}")
    try:
        listed = parse_showrev_p(result.stdout)
        return tuple(dict.fromkeys(validate_patch_id(p.patch) for p in listed))
    except (ParseError, InvalidName) as exc:
        raise OperatorError(f"{node.name}: {exc}") from None


def create_from_node(
    session: Session, name: str, node: str, found: tuple[str, ...], baseline: datetime | None
) -> SetMade:
    """A set of the patches ``found`` on a reference node (recorded as its patches)."""

    def chosen() -> list[m.Patch]:
        if not found:
            raise OperatorError(f"{node} lists no patch: nothing to make a set of")
        SetNodePatches(node, found).apply()
        return [patch_row(patch_id) for patch_id in found]

    return _create(session, name, baseline, f"from node {node}", chosen)


def create_target(session: Session, name: str, set_name: str, nodes: list[str]) -> m.PatchTarget:
    """A target: the set's patches for these Solaris 10 nodes."""
    session.require_writable(f"create patch target {name}")
    _new_name(name, "patch target", m.PatchTarget)
    patch_set = patch_set_named(set_name)
    if not nodes:
        raise UsageError("name at least one node")
    rows = []
    for node_name in dict.fromkeys(nodes):
        node = usable_node(node_name)
        if node.os_version != "10":
            release = f"Solaris {node.os_version}" if node.os_version else "an unknown release"
            raise UsageError(
                f"{node.name} runs {release}: patch targets "
                "are Solaris 10 nodes (Solaris 11 is updated with pkg)"
            )
        rows.append(node)
    with transaction():
        target = m.PatchTarget.create(name=name, patch_set=patch_set)
        for node in rows:
            m.PatchTargetNode.create(target=target, node=node)
        audit(
            session,
            "create patch target",
            "patch target",
            name,
            f"set {patch_set.name}: {', '.join(n.name for n in rows)}",
        )
    return target

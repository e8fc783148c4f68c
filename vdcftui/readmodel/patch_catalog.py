"""The CLI's records of patch sets and patch targets (`patchset list|show`,
`patchtarget list|show`)."""

from __future__ import annotations

from typing import Any

from vdcftui.ops.patch.listfile import needs_single_user
from vdcftui.readmodel.patch_status import target_status
from vdcftui.repo import models as m
from vdcftui.repo.lookup import patch_set_named, patch_target_named


def _day(value: Any) -> str | None:
    return f"{value:%Y-%m-%d}" if value else None


def list_patch_sets() -> list[dict[str, Any]]:
    """Every patch set: its baseline and how many patches and targets it has."""
    return [
        {
            "name": s.name,
            "baseline": _day(s.baseline_date),
            "patches": s.patches.count(),
            "targets": s.targets.count(),
        }
        for s in m.PatchSet.select().order_by(m.PatchSet.name)
    ]


def show_patch_set(name: str) -> dict[str, Any]:
    """One patch set with each patch: release date, properties, how it goes in."""
    patch_set = patch_set_named(name)
    patches = (
        m.Patch.select()
        .join(m.PatchSetPatch)
        .where(m.PatchSetPatch.patch_set == patch_set)
        .order_by(m.Patch.patch_id)
    )
    return {
        "name": patch_set.name,
        "baseline": _day(patch_set.baseline_date),
        "created": f"{patch_set.created:%Y-%m-%d %H:%M:%S}",
        "patches": [
            {
                "patch": p.patch_id,
                "released": _day(p.release_date),
                "properties": p.properties or "unknown",
                "installed": "run level S" if needs_single_user(p.properties) else "live",
            }
            for p in patches
        ],
        "targets": [t.name for t in patch_set.targets.order_by(m.PatchTarget.name)],
    }


def list_patch_targets() -> list[dict[str, Any]]:
    """Every patch target: its set and its nodes by status."""
    out = []
    for target in m.PatchTarget.select().order_by(m.PatchTarget.name):
        nodes = target_status(target)
        counts = {s: sum(1 for n in nodes if n.status == s) for s in ("applied", "failed")}
        out.append(
            {
                "name": target.name,
                "patch_set": target.patch_set.name,
                "nodes": len(nodes),
                "applied": counts["applied"],
                "failed": counts["failed"],
                "other": len(nodes) - counts["applied"] - counts["failed"],
            }
        )
    return out


def show_patch_target(name: str) -> dict[str, Any]:
    """One target: each node's status and each patch's on it, with patchadd's output."""
    target = patch_target_named(name)
    return {
        "name": target.name,
        "patch_set": target.patch_set.name,
        "nodes": [
            {
                "node": node.node,
                "status": node.status,
                "patches": [
                    {
                        "patch": p.patch_id,
                        "status": p.status,
                        "run_level_s": p.single_user,
                        "job": p.job,
                        "output": p.output,
                    }
                    for p in node.patches
                ],
            }
            for node in target_status(target)
        ],
    }

"""Pending changes of a vServer: what `vserver modify` records without --live, shown by
`vserver show` and applied by its next boot or reboot job.

Each change keeps the steps to run before the boot or reboot, the steps to run after
it (releasing what the running zone held), and what the repository records once the
job has succeeded (in the terms of :class:`~vdcftui.ops.jobs.plan.Plan`'s fields).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Step
from vdcftui.ops.session import Session
from vdcftui.repo import models as m

RECORDS = (
    "filesystems",
    "quotas",
    "removed_filesystems",
    "renamed_filesystems",
    "datasets",
    "released_datasets",
    "nets",
    "removed_nets",
)


def changes_of(vserver: m.VServer) -> list[dict[str, Any]]:
    """The vServer's pending changes, oldest first."""
    return json.loads(vserver.pending_changes or "[]")


def record_pending(
    session: Session,
    vserver: m.VServer,
    description: str,
    steps: Sequence[Step],
    records: dict[str, list],
    after: Sequence[Step] = (),
) -> None:
    """Add a change to apply at the vServer's next boot or reboot."""
    session.require_writable(f"modify vserver {vserver.name}")
    unknown = set(records) - set(RECORDS)
    if unknown:
        raise ValueError(f"not a repository record: {', '.join(sorted(unknown))}")
    pending = changes_of(vserver)
    pending.append(
        {
            "description": description,
            "steps": [asdict(s) for s in steps],
            "after": [asdict(s) for s in after],
            "records": records,
        }
    )
    m.VServer.update(pending_changes=json.dumps(pending)).where(
        m.VServer.id == vserver.id
    ).execute()
    audit(session, "modify (pending)", "vserver", vserver.name, description)


def pending_parts(vserver: m.VServer) -> tuple[list[Step], list[Step], dict[str, list]]:
    """The steps before and after the boot or reboot, and the records, of every
    pending change (older entries hold one command and one filesystem)."""
    before: list[Step] = []
    after: list[Step] = []
    records: dict[str, list] = {}
    for change in changes_of(vserver):
        if "steps" not in change:
            before.append(
                Step(
                    vserver.node.name,
                    change["command"],
                    f"pending: {change['description']}",
                    undo=change.get("undo"),
                )
            )
            fs_name, mountpoint, quota = change["filesystem"]
            records.setdefault("filesystems", []).append([fs_name, vserver.name, mountpoint, quota])
            continue
        before += [
            Step(**{**s, "description": f"pending: {s['description']}"}) for s in change["steps"]
        ]
        after += [
            Step(**{**s, "description": f"pending: {s['description']}"}) for s in change["after"]
        ]
        for key, rows in change["records"].items():
            records.setdefault(key, []).extend(rows)
    return before, after, records


def plan_fields(records: dict[str, list]) -> dict[str, tuple]:
    """Records as the tuples a plan's fields hold."""

    def frozen(value: Any) -> Any:
        return tuple(frozen(v) for v in value) if isinstance(value, list) else value

    return {key: frozen(rows) for key, rows in records.items()}

"""Pending changes of a vServer: what `vserver modify` records without --live, shown by
`vserver show` and applied by its next boot or reboot job.

Each change keeps the steps to run before the boot or reboot, the steps to run after
it (releasing what the running zone held), and the effects the repository records
once that job has succeeded (the same effects a live change's plan carries).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from vdcftui.ops.jobs.effects import Effect, effect_from_json, effect_to_json
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Step
from vdcftui.ops.session import Session
from vdcftui.repo import models as m


@dataclass(frozen=True)
class PendingChange:
    """One change waiting for the vServer's next boot or reboot."""

    description: str
    before: tuple[Step, ...]
    after: tuple[Step, ...]
    effects: tuple[Effect, ...]

    def to_json(self) -> dict[str, Any]:
        """The change as JSON data (the vServer's ``pending_changes`` column)."""
        return {
            "description": self.description,
            "steps": [step.to_json() for step in self.before],
            "after": [step.to_json() for step in self.after],
            "effects": [effect_to_json(item) for item in self.effects],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingChange:
        """A change back from :meth:`to_json`'s data."""
        return cls(
            description=data["description"],
            before=tuple(Step.from_json(s) for s in data.get("steps", ())),
            after=tuple(Step.from_json(s) for s in data.get("after", ())),
            effects=tuple(effect_from_json(e) for e in data.get("effects", ())),
        )


def changes_of(vserver: m.VServer) -> list[PendingChange]:
    """The vServer's pending changes, oldest first."""
    return [PendingChange.from_json(item) for item in json.loads(vserver.pending_changes or "[]")]


def record_pending(
    session: Session,
    vserver: m.VServer,
    description: str,
    steps: Sequence[Step],
    effects: Sequence[Effect],
    after: Sequence[Step] = (),
) -> None:
    """Add a change to apply at the vServer's next boot or reboot."""
    session.require_writable(f"modify vserver {vserver.name}")
    pending = [
        *changes_of(vserver),
        PendingChange(description, tuple(steps), tuple(after), tuple(effects)),
    ]
    m.VServer.update(pending_changes=json.dumps([c.to_json() for c in pending])).where(
        m.VServer.id == vserver.id
    ).execute()
    audit(session, "modify (pending)", "vserver", vserver.name, description)


def pending_parts(vserver: m.VServer) -> tuple[list[Step], list[Step], list[Effect]]:
    """The steps before and after the boot or reboot, and the effects, of every
    pending change of the vServer."""
    before: list[Step] = []
    after: list[Step] = []
    effects: list[Effect] = []
    for change in changes_of(vserver):
        before += [replace(s, description=f"pending: {s.description}") for s in change.before]
        after += [replace(s, description=f"pending: {s.description}") for s in change.after]
        effects += change.effects
    return before, after, effects

"""What a plan was made for: submission refuses it if the repository moved on.

A plan is shown to the operator, confirmed, then submitted; between the two another
job or a discovery may have changed the object. Each expectation names what it saw
and says why it no longer holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vdcftui.repo import models as m


@dataclass(frozen=True)
class VServerWas:
    """The vServer was ``state`` on ``node`` when the plan was made."""

    vserver: str
    node: str
    state: str

    def broken(self) -> str | None:
        """Why it no longer holds, or None."""
        row = m.VServer.get_or_none(m.VServer.name == self.vserver)
        now_node = row.node.name if row is not None and row.node is not None else "-"
        now_state = row.state if row is not None else "removed"
        if (now_node, now_state) == (self.node, self.state):
            return None
        return f"planned for it {self.state} on {self.node}; it is now {now_state} on {now_node}"

    def to_json(self) -> dict[str, Any]:
        """As JSON data."""
        return {"vserver": self.vserver, "node": self.node, "state": self.state}

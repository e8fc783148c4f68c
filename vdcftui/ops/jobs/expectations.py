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

    @property
    def name(self) -> str:
        """The vServer's name."""
        return self.vserver

    def restore(self) -> None:
        """Record the vServer in this state again (its job was rolled back)."""
        m.VServer.update(state=self.state).where(m.VServer.name == self.vserver).execute()


@dataclass(frozen=True)
class GDomWas:
    """The GDom ``gdom`` of control domain ``cdom`` was ``state`` when the plan was made."""

    cdom: str
    gdom: str
    state: str

    @property
    def name(self) -> str:
        """The GDom as the CLI names it (``CDOM:NAME``)."""
        return f"{self.cdom}:{self.gdom}"

    def _row(self) -> m.GDom | None:
        return (
            m.GDom.select()
            .join(m.Node, on=(m.GDom.cdom == m.Node.id))
            .where((m.GDom.name == self.gdom) & (m.Node.name == self.cdom))
            .first()
        )

    def broken(self) -> str | None:
        """Why it no longer holds, or None."""
        row = self._row()
        now = row.state if row is not None else f"not on {self.cdom}"
        if now == self.state:
            return None
        return f"planned for it {self.state} on {self.cdom}; it is now {now}"

    def to_json(self) -> dict[str, Any]:
        """As JSON data."""
        return {"cdom": self.cdom, "gdom": self.gdom, "state": self.state}

    def restore(self) -> None:
        """Record the GDom in this state again (its job was rolled back)."""
        row = self._row()
        if row is not None:
            m.GDom.update(state=self.state).where(m.GDom.id == row.id).execute()


Expectation = VServerWas | GDomWas
"""What a plan was made for, of either kind."""


def expectation_from_json(data: dict[str, Any]) -> Expectation:
    """An expectation from its JSON data."""
    return GDomWas(**data) if "gdom" in data else VServerWas(**data)

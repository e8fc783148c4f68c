"""Guest domains (F-GDM): CDom, vCPUs, memory, disks, vnets, state, vServers carried."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from screens.notices import say
from screens.operations import propose
from screens.resource import DISCOVER_HINT, ResourceScreen
from screens.text_prompt import TextPrompt
from vdcftui.ops.gdom.migrate import plan_gdom_migrate
from vdcftui.ops.gdom.recovery import plan_gdom_attach
from vdcftui.ops.gdom.state import plan_gdom_state
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.gdoms import gdom_detail, gdom_rows
from vdcftui.widgets.resource_table import Column, Row


class GDomsScreen(ResourceScreen):
    """Every guest domain; Enter opens the vServers it carries, `n` its control domain."""

    EMPTY_HINT = DISCOVER_HINT
    VIEW = "gdoms"
    NOUN = "GDoms"
    COLUMNS = (
        Column("GDom", "gdom"),
        Column("CDom", "cdom"),
        Column("State", "state", styled=True),
        Column("vCPUs", "vcpus", numeric=True),
        Column("Memory GB", "memory", numeric=True),
        Column("Root disks", "roots"),
        Column("vNets", "vnets"),
        Column("As node", "node"),
        Column("vServers", "vservers", numeric=True),
    )
    BINDINGS = [
        Binding("b", "start", "Start", id="gdoms.start"),
        Binding("x", "stop", "Stop", show=False, id="gdoms.stop"),
        Binding("n", "open_cdom", "CDom", id="gdoms.open_cdom"),
        Binding("c", "console", "Console", id="gdoms.console"),
        Binding(
            "C", "console(True)", "Take over console", show=False, id="gdoms.take_over_console"
        ),
        Binding("m", "migrate(False)", "Migrate", show=False, id="gdoms.migrate"),
        Binding("M", "migrate(True)", "Migrate cold", show=False, id="gdoms.migrate_cold"),
        Binding("a", "attach", "Attach (DR)", show=False, id="gdoms.attach"),
    ]
    OPERATIONS = frozenset({"start", "stop", "console", "migrate", "attach"})
    CONSOLE_TYPE = "gdom"

    def console_name(self, key: str) -> str:
        """The GDom's own name (the key also names its CDom)."""
        return key.partition("/")[2]

    def load_rows(self) -> list[Row]:
        """Every GDom, or those of the control domain in scope."""
        rows = gdom_rows()
        if self.scope:
            rows = [row for row in rows if row[1][1] == self.scope]
        return rows

    def load_detail(self, key: str) -> list[Section]:
        """The GDom's resources and what it carries."""
        return gdom_detail(key)

    def drill_down(self, key: str) -> None:
        """The vServers of a GDom that acts as a node."""
        from screens.vservers import VServersScreen

        node = self.table.row_cells(key)[7]  # "As node"
        if not node:
            say(
                self,
                f"GDom {key} does not act as a node: it carries no vServers",
                severity="warning",
            )
            return
        self.app.push_screen(VServersScreen(scope=str(node)))

    def action_open_cdom(self) -> None:
        """The control domain of the selected GDom, in the Nodes view."""
        from screens.nodes import NodesScreen

        key = self.selected_key()
        if key:
            self.app.push_screen(NodesScreen(select=key.partition("/")[0]))

    @work(exclusive=True, group="operation")
    async def _change_state(self, verb: str, destructive: bool) -> None:
        key = self.selected_key()
        if key is not None:
            await propose(
                self,
                f"{verb} gdom {key}",
                lambda: plan_gdom_state(key, verb),
                destructive=destructive,
            )

    def action_start(self) -> None:
        """Start the selected GDom on its CDom (binding it first if inactive; a job)."""
        self._change_state("start", destructive=False)

    def action_stop(self) -> None:
        """Stop the selected GDom (a job; type its CDOM:NAME to confirm)."""
        self._change_state("stop", destructive=True)

    async def _target(self, question: str) -> str | None:
        """The control domain the operator types (the others are suggested)."""
        key = self.selected_key() or ""
        cdoms = sorted({str(cells[1]) for _key, cells in gdom_rows()} - {key.partition("/")[0]})
        return await self.app.push_screen_wait(TextPrompt(question, " or ".join(cdoms)))

    @work(exclusive=True, group="operation")
    async def action_migrate(self, cold: bool) -> None:
        """Migrate the selected GDom to the CDom typed, live or cold (a job)."""
        key = self.selected_key()
        if key is None:
            return
        how = "cold" if cold else "live"
        target = await self._target(f"migrate {key} ({how}) to which control domain?")
        if target:
            await propose(
                self,
                f"migrate gdom {key}",
                lambda: plan_gdom_migrate(key, target, cold),
                destructive=True,
            )

    @work(exclusive=True, group="operation")
    async def action_attach(self) -> None:
        """Bring the selected detached GDom up on the CDom typed (disaster recovery)."""
        key = self.selected_key()
        if key is None:
            return
        target = await self._target(f"attach {key} to which control domain?")
        if target:
            await propose(
                self,
                f"attach gdom {key}",
                lambda: plan_gdom_attach(key, target),
                destructive=True,
            )

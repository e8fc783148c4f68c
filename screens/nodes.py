"""Compute pools and nodes: the Pools view and the Nodes view (F-CPL, F-NOD)."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from screens.console import console_app
from screens.notices import say
from screens.operations import propose, refuse
from screens.resource import DISCOVER_HINT, ResourceScreen
from screens.text_prompt import TextPrompt
from vdcftui.display import counted
from vdcftui.errors import OperatorError
from vdcftui.ops.discovery.run import discover
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.node.evacuate import plan_evacuation_job
from vdcftui.ops.node.power import plan_fence, plan_power
from vdcftui.ops.placement.place import pool_survival
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.nodes import node_detail, node_rows, pool_rows
from vdcftui.widgets.resource_table import Column, Row


class PoolsScreen(ResourceScreen):
    """Compute pools with their node and vServer counts; Enter lists a pool's nodes."""

    EMPTY_HINT = DISCOVER_HINT
    VIEW = "pools"
    NOUN = "pools"
    COLUMNS = (
        Column("Pool", "pool"),
        Column("Nodes", "nodes", numeric=True),
        Column("Up", "up", numeric=True),
        Column("Down", "down", numeric=True),
        Column("N+1", "n_plus_one"),
        Column("GDoms", "gdoms", numeric=True),
        Column("vServers", "vservers", numeric=True),
        Column("Running", "running", numeric=True),
        Column("CPU thr", "cpu", numeric=True),
        Column("Memory GB", "memory", numeric=True),
    )
    BINDINGS = [Binding("u", "graphs", "Usage graphs", show=False, id="pools.graphs")]

    def load_rows(self) -> list[Row]:
        """Every pool."""
        return pool_rows()

    def load_detail(self, key: str) -> list[Section]:
        """The pool's totals and its nodes."""
        row = dict(pool_rows()).get(key)
        if row is None:
            return [Section(f"pool {key}").add("state", "no longer in the repository")]
        cells = dict(zip((c.key for c in self.COLUMNS), row, strict=True))
        section = Section(f"pool {key}")
        for column in self.COLUMNS[1:]:
            section.add(column.label, cells[column.key])
        nodes = [
            f"{name} ({cells[3]})" for name, cells in node_rows() if (cells[1] or "(none)") == key
        ]
        return [section, Section("nodes").add("nodes", nodes), _survival(key)]

    def drill_down(self, key: str) -> None:
        """The pool's nodes."""
        self.app.push_screen(NodesScreen(scope=key))


def _survival(pool: str) -> Section:
    """N+1: for each node of the pool, could its workload go to the others now."""
    section = Section("N+1: if one node fails")
    try:
        rows = pool_survival(pool)
    except OperatorError as exc:
        return section.add("survival", str(exc))
    for row in rows:
        verdict = "placeable" if row.placeable else "NOT placeable"
        section.add(row.node, f"{verdict}: {row.why}")
    return section


class NodesScreen(ResourceScreen):
    """Every node: model, capacity and what is allotted, OS and build, SC, state."""

    EMPTY_HINT = DISCOVER_HINT
    VIEW = "nodes"
    NOUN = "nodes"
    COLUMNS = (
        Column("Node", "node"),
        Column("Pool", "pool"),
        Column("Kind", "kind"),
        Column("State", "state", styled=True),
        Column("Model", "model"),
        Column("OS", "os"),
        Column("Build", "build"),
        Column("CPU thr", "cpu", numeric=True),
        Column("CPU alloc", "cpu_alloc", numeric=True),
        Column("Mem GB", "memory", numeric=True),
        Column("Mem alloc GB", "memory_alloc", numeric=True),
        Column("SC", "sc"),
        Column("GDoms", "gdoms", numeric=True),
        Column("vServers", "vservers", numeric=True),
    )
    BINDINGS = [
        Binding("d", "discover", "Discover", id="nodes.discover"),
        Binding("u", "graphs", "Usage graphs", show=False, id="nodes.graphs"),
        Binding("c", "console", "Console", id="nodes.console"),
        Binding(
            "C", "console(True)", "Take over console", show=False, id="nodes.take_over_console"
        ),
        Binding("o", "power_on", "Power on", show=False, id="nodes.power_on"),
        Binding("O", "power_off", "Power off", show=False, id="nodes.power_off"),
        Binding("S", "shut_down", "Shut down", show=False, id="nodes.shut_down"),
        Binding("F", "fence", "Fence", show=False, id="nodes.fence"),
        Binding("E", "evacuate", "Evacuate", show=False, id="nodes.evacuate"),
    ]
    OPERATIONS = frozenset(
        {"discover", "console", "power_on", "power_off", "shut_down", "fence", "evacuate"}
    )
    CONSOLE_TYPE = "node"

    @property
    def title_text(self) -> str:
        """'nodes' or 'nodes in pool-a'."""
        return f"nodes in {self.scope}" if self.scope else "nodes"

    def load_rows(self) -> list[Row]:
        """Every node, or the nodes of the pool in scope."""
        rows = node_rows()
        if self.scope:
            rows = [row for row in rows if (row[1][1] or "(none)") == self.scope]
        return rows

    def load_detail(self, key: str) -> list[Section]:
        """The node's identity, capacity, console route and what it carries."""
        return node_detail(key)

    def drill_down(self, key: str) -> None:
        """The node's vServers."""
        from screens.vservers import VServersScreen

        self.app.push_screen(VServersScreen(scope=key))

    @work(exclusive=True, group="operation")
    async def action_discover(self) -> None:
        """Read the selected node again and record what changed."""
        name = self.selected_key()
        if name is None:
            return
        try:
            console_app(self).session.require_writable(f"discover node {name}")
            target = console_app(self).host_target(name)
        except OperatorError as exc:
            refuse(self, exc)
            return
        say(self, f"discovering {name} ...")
        summary = await discover([target], ssh=console_app(self).ssh_pool)
        if name in summary.failed:
            refuse(self, OperatorError(f"discovery of {name} failed: {summary.failed[name]}"))
        else:
            say(
                self,
                f"{name} discovered: {counted(summary.changes, 'field')} changed, "
                f"{counted(summary.created, 'object')} created",
            )
        console_app(self).refresh_view()

    @work(exclusive=True, group="operation")
    async def _power(self, verb: str, destructive: bool) -> None:
        name = self.selected_key()
        if name is not None:
            await propose(
                self, f"{verb} node {name}", lambda: plan_power(name, verb), destructive=destructive
            )

    def action_power_on(self) -> None:
        """Power the selected node on through its controller (a job)."""
        self._power("poweron", destructive=False)

    def action_power_off(self) -> None:
        """Power the selected node off through its controller (a job; type its name)."""
        self._power("poweroff", destructive=True)

    def action_shut_down(self) -> None:
        """Shut the selected node down its own way (a job; type its name)."""
        self._power("shutdown", destructive=True)

    @work(exclusive=True, group="operation")
    async def action_fence(self) -> None:
        """Fence the selected node: the reason asked, then the plan (type its name)."""
        name = self.selected_key()
        if name is None:
            return
        app = console_app(self)
        try:
            app.session.require_writable(f"fence node {name}")
        except OperatorError as exc:
            refuse(self, exc)
            return
        reason = await self.app.push_screen_wait(
            TextPrompt(f"fence {name}: why (recorded with who and when)", "heartbeat lost")
        )
        if reason:
            await propose(
                self,
                f"fence node {name}",
                lambda: plan_fence(name, reason, app.session.operator),
                destructive=True,
            )

    @work(exclusive=True, group="operation")
    async def action_evacuate(self) -> None:
        """Evacuate the selected node: the placement table and the migrations in the
        plan, then the typed confirmation."""
        name = self.selected_key()
        if name is not None:
            app = console_app(self)

            async def build() -> Plan:
                _placement, plan = await plan_evacuation_job(name, app.ssh_pool, app.host_target)
                return plan

            await propose(self, f"evacuate node {name}", build, destructive=True)

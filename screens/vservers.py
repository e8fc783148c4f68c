"""vServers (F-VSV): node, state, brand, storage with usage, networks, dependencies,
pending changes and the lock holder; the operations on the selected vServer."""

from __future__ import annotations

import asyncio

from textual import work
from textual.binding import Binding

from screens.console import console_app
from screens.migrate_target import MigrationTargetScreen
from screens.modify_prompt import FORMS, ModifyPrompt
from screens.notices import say
from screens.operations import propose, refuse
from screens.resource import DISCOVER_HINT, ResourceScreen
from screens.views import read_repository
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.vserver.candidates import Candidate, attach_candidates, migration_candidates
from vdcftui.ops.vserver.define import FilesystemSpec
from vdcftui.ops.vserver.detach import plan_attach, plan_detach
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.ops.vserver.modify import (
    pend_add_filesystem,
    plan_add_filesystem,
    plan_grow_filesystem,
    plan_remove_filesystem,
)
from vdcftui.ops.vserver.state import plan_run_state
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.vservers import vserver_detail, vserver_rows
from vdcftui.solaris.names import InvalidName, validate_mountpoint
from vdcftui.solaris.parsers import parse_size
from vdcftui.widgets.resource_table import Column, Row


class VServersScreen(ResourceScreen):
    """Every vServer, or those of one node; Enter opens its node."""

    EMPTY_HINT = DISCOVER_HINT
    VIEW = "vservers"
    NOUN = "vServers"
    COLUMNS = (
        Column("vServer", "vserver"),
        Column("Node", "node"),
        Column("State", "state", styled=True),
        Column("Brand", "brand"),
        Column("IP type", "ip_type"),
        Column("Datasets", "datasets"),
        Column("Addresses", "addresses"),
        Column("Pending", "pending", numeric=True),
        Column("Locked by", "lock"),
    )
    BINDINGS = [
        # the footer keeps to what fits 80 columns; ? and Ctrl+P list every key
        Binding("b", "boot", "Boot", id="vservers.boot"),
        Binding("x", "shutdown", "Shutdown", show=False, id="vservers.shutdown"),
        Binding("r", "reboot", "Reboot", show=False, id="vservers.reboot"),
        Binding("m", "migrate", "Migrate", id="vservers.migrate"),
        Binding("D", "detach", "Detach", show=False, id="vservers.detach"),
        Binding("A", "attach", "Attach", show=False, id="vservers.attach"),
        Binding("e", "modify", "Modify", show=False, id="vservers.modify"),
        Binding("u", "graphs", "Usage graphs", show=False, id="vservers.graphs"),
        Binding("c", "console", "Console", id="vservers.console"),
        Binding(
            "C", "console(True)", "Take over console", show=False, id="vservers.take_over_console"
        ),
    ]
    OPERATIONS = frozenset(
        {"boot", "shutdown", "reboot", "migrate", "detach", "attach", "modify", "console"}
    )
    CONSOLE_TYPE = "vserver"

    def load_rows(self) -> list[Row]:
        """Every vServer, or those on the node in scope."""
        return vserver_rows(self.scope)

    def load_detail(self, key: str) -> list[Section]:
        """Storage, network, dependencies, pending changes, lock."""
        return vserver_detail(key)

    def drill_down(self, key: str) -> None:
        """The vServer's node, in the Nodes view."""
        from screens.nodes import NodesScreen

        node = self.table.row_cells(key)[1]
        if node:
            self.app.push_screen(NodesScreen(select=str(node)))

    # -- operations on the selected vServer ------------------------------------------

    def _selected(self) -> str | None:
        key = self.selected_key()
        if key is None:
            say(self, "no vServer selected", severity="warning")
        return key

    @work(exclusive=True, group="operation")
    async def _run_state(self, verb: str, destructive: bool) -> None:
        if name := self._selected():
            await propose(
                self,
                f"{verb} vserver {name}",
                lambda: plan_run_state(name, verb),
                destructive=destructive,
            )

    def action_boot(self) -> None:
        """Boot the selected vServer (a job)."""
        self._run_state("boot", destructive=False)

    def action_shutdown(self) -> None:
        """Shut the selected vServer down (a job; type its name to confirm)."""
        self._run_state("shutdown", destructive=True)

    def action_reboot(self) -> None:
        """Reboot the selected vServer (a job; type its name to confirm)."""
        self._run_state("reboot", destructive=True)

    async def _choose_target(self, verb: str, name: str, candidates) -> Candidate | None:
        """The node the operator picks among the candidates (None: refused or cancelled)."""
        try:
            console_app(self).session.require_writable(f"{verb} vserver {name}")
            listed = await asyncio.to_thread(read_repository, lambda: candidates(name))
        except OperatorError as exc:
            refuse(self, exc)
            return None
        return await self.app.push_screen_wait(MigrationTargetScreen(name, listed, verb=verb))

    @work(exclusive=True, group="operation")
    async def action_migrate(self) -> None:
        """Pick a target among the nodes that fit, see the plan, confirm, run."""
        name = self._selected()
        if name and (choice := await self._choose_target("migrate", name, migration_candidates)):
            app = console_app(self)
            await propose(
                self,
                f"migrate vserver {name}",
                lambda: plan_migration(
                    name,
                    choice.node,
                    app.ssh_pool,
                    app.host_target,
                    allow_upgrade=choice.needs_upgrade,
                ),
                destructive=True,
            )

    @work(exclusive=True, group="operation")
    async def action_detach(self) -> None:
        """Stop, detach and export the selected vServer (a job; type its name)."""
        if name := self._selected():
            await propose(
                self, f"detach vserver {name}", lambda: plan_detach(name), destructive=True
            )

    @work(exclusive=True, group="operation")
    async def action_attach(self) -> None:
        """Attach a detached vServer on a node that sees its LUNs, and boot it."""
        name = self._selected()
        if name and (choice := await self._choose_target("attach", name, attach_candidates)):
            await propose(
                self,
                f"attach vserver {name}",
                lambda: plan_attach(name, choice.node, boot=True),
                destructive=False,
            )

    @work(exclusive=True, group="operation")
    async def action_modify(self) -> None:
        """Add, grow or remove a data filesystem: live on a running vServer (a job, its
        plan shown first), else recorded for its next boot."""
        name = self._selected()
        if name is None:
            return
        running = self.table.row_cells(name)[2] == "running"
        try:
            console_app(self).session.require_writable(f"modify vserver {name}")
        except OperatorError as exc:
            refuse(self, exc)
            return
        text = await self.app.push_screen_wait(ModifyPrompt(name, running))
        if not text:
            return
        verb, _, argument = text.partition(" ")
        try:
            if verb == "add-fs" and not running:
                spec = FilesystemSpec.parse(argument.strip())
                pend_add_filesystem(console_app(self).session, name, spec)
                say(self, f"{spec.mountpoint} will be added to {name} at its next boot")
                console_app(self).refresh_view()
                return
            build, destructive = _modification(name, verb, argument.strip())
        except (OperatorError, InvalidName) as exc:
            refuse(self, exc)
            return
        await propose(self, f"modify vserver {name}", build, destructive=destructive)


def _modification(name: str, verb: str, argument: str):
    """The planner of a modification typed in the prompt, and whether it destroys data."""
    if verb == "add-fs":
        spec = FilesystemSpec.parse(argument)
        return (lambda: plan_add_filesystem(name, spec)), False
    if verb == "grow-fs":
        mountpoint, _, size = argument.rpartition(":")
        quota = parse_size(size)
        if not mountpoint or quota is None:
            raise UsageError(f"bad grow-fs {argument!r}: expected MOUNTPOINT:QUOTA")
        mountpoint = validate_mountpoint(mountpoint)
        return (lambda: plan_grow_filesystem(name, mountpoint, quota)), False
    if verb == "remove-fs":
        mountpoint = validate_mountpoint(argument)
        return (lambda: plan_remove_filesystem(name, mountpoint)), True
    raise UsageError(f"unknown modification {verb!r}: one of {'; '.join(FORMS)}")

"""Alerts: what the engine recorded (thresholds, services, faults, HA), open ones first
(critical, then newest), then the latest cleared; `a` acknowledges the selected open
alert with a note (audited; refused in a read-only session)."""

from __future__ import annotations

import asyncio

from peewee import PeeweeException
from textual import work
from textual.binding import Binding

from screens.console import console_app
from screens.notices import say
from screens.operations import refuse
from screens.resource import ResourceScreen
from screens.text_prompt import TextPrompt
from screens.views import read_repository
from vdcftui.display import shown
from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.store import acknowledge
from vdcftui.readmodel.alert_log import alert_detail, alert_rows
from vdcftui.readmodel.detail import Section
from vdcftui.widgets.resource_table import Column, Row

SEVERITY, STATE, OBJECT, MESSAGE, ACKED_BY = 1, 2, 4, 5, 7
"""Columns of a row the acknowledgement reads."""


class AlertsScreen(ResourceScreen):
    """Every open alert and the latest cleared; `:alerts 12` puts the cursor on alert 12."""

    VIEW = "alerts"
    NOUN = "alerts"
    EMPTY_HINT = "the engine records them as it watches the nodes"
    COLUMNS = (
        Column("ID", "id", numeric=True),
        Column("Severity", "severity", styled=True),
        Column("State", "state", styled=True),
        Column("Kind", "kind"),
        Column("Object", "object"),
        Column("Message", "message"),
        Column("Raised", "raised"),
        Column("Acked by", "acked_by"),
    )
    BINDINGS = [Binding("a", "acknowledge", "Acknowledge", id="alerts.acknowledge")]
    OPERATIONS = frozenset({"acknowledge"})

    def load_rows(self) -> list[Row]:
        """Open alerts (critical, then newest), then the latest cleared."""
        return alert_rows()

    def load_detail(self, key: str) -> list[Section]:
        """Every field of the alert: cleared when and why, the acknowledgement and its
        note, what its notifications did."""
        return alert_detail(int(key))

    @work(exclusive=True, group="operation")
    async def action_acknowledge(self) -> None:
        """Take the selected open alert on: a note asked, then recorded and audited."""
        await self.rows_loaded()
        key = self.selected_key()
        if key is None:
            say(self, "no alert selected", severity="warning")
            return
        app = console_app(self)
        try:
            app.session.require_writable(f"acknowledge alert {key}")
        except OperatorError as exc:
            refuse(self, exc)
            return
        cells = self.table.row_cells(key)
        if cells[ACKED_BY] not in (None, "-"):
            say(
                self,
                f"alert {key} is already acknowledged by {cells[ACKED_BY]}",
                severity="warning",
            )
            return
        if cells[STATE] == "cleared":
            say(self, f"alert {key} is cleared: nothing to acknowledge", severity="warning")
            return
        question = (
            f"acknowledge alert {key} ({cells[SEVERITY]} {cells[OBJECT]}: "
            f"{shown(cells[MESSAGE])}): a note, or Enter for none"
        )
        note = await app.push_screen_wait(
            TextPrompt(question, "what is being done about it", optional=True)
        )
        if note is None:
            say(self, f"alert {key}: not acknowledged")
            return
        try:
            alert = await asyncio.to_thread(
                read_repository, lambda: acknowledge(app.session, int(key), note)
            )
        except (OperatorError, PeeweeException) as exc:
            refuse(self, exc)
            return
        say(self, f"alert {alert.id} acknowledged by {alert.acked_by}")
        app.refresh_view()

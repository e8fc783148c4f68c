"""The audit trail: who did what to which object, when, newest first; `o` keeps the
selected record's operator, `b` its object (they set the filter)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from screens.notices import say
from screens.resource import ResourceScreen
from vdcftui.readmodel.audit import audit_detail, audit_rows
from vdcftui.readmodel.detail import Section
from vdcftui.widgets.resource_table import Column, Row

OPERATOR_COLUMN = 1
OBJECT_COLUMN = 4


class AuditScreen(ResourceScreen):
    """Every audit record; the filter as you type matches operator, object and the rest."""

    VIEW = "audit"
    NOUN = "audit records"
    COLUMNS = (
        Column("Time", "time"),
        Column("Operator", "operator"),
        Column("Action", "action"),
        Column("Type", "object_type"),
        Column("Object", "object"),
        Column("Job", "job", numeric=True),
        Column("Detail", "detail"),
    )
    BINDINGS = [
        Binding("o", "filter_operator", "Same operator", id="audit.filter_operator"),
        Binding("b", "filter_object", "Same object", id="audit.filter_object"),
    ]

    @property
    def title_text(self) -> str:
        """'audit trail'."""
        return "audit trail"

    def load_rows(self) -> list[Row]:
        """Every record, newest first."""
        return audit_rows()

    def load_detail(self, key: str) -> list[Section]:
        """The whole record and its job."""
        return audit_detail(int(key))

    def drill_down(self, key: str) -> None:
        """The record's job, in the Jobs view."""
        job = self.table.row_cells(key)[5]
        if job is None:
            say(self, "this record belongs to no job", severity="warning")
            return
        from screens.jobs import JobsScreen

        self.app.push_screen(JobsScreen(select=str(job)))

    def _filter_by(self, column: int) -> None:
        key = self.selected_key()
        if key is None:
            return
        field = self.query_one("#filter", Input)
        field.value = str(self.table.row_cells(key)[column])
        field.remove_class("hidden")

    def action_filter_operator(self) -> None:
        """Only the records of the selected record's operator."""
        self._filter_by(OPERATOR_COLUMN)

    def action_filter_object(self) -> None:
        """Only the records on the selected record's object."""
        self._filter_by(OBJECT_COLUMN)

"""Jobs (F-KMG): every change the engine ran or will run, newest first, with its plan,
each step's state and output beside it; Enter opens the job screen."""

from __future__ import annotations

from screens.resource import ResourceScreen
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.jobs import job_detail, job_rows
from vdcftui.widgets.resource_table import Column, Row


class JobsScreen(ResourceScreen):
    """Every job, or those on one object (`:jobs web01`); `:jobs 12` puts the cursor on
    job 12."""

    VIEW = "jobs"
    NOUN = "jobs"
    COLUMNS = (
        Column("Job", "id", numeric=True),
        Column("Operation", "operation"),
        Column("Object", "object"),
        Column("Operator", "operator"),
        Column("State", "state", styled=True),
        Column("Created", "created"),
        Column("Started", "started"),
        Column("Finished", "finished"),
        Column("Step", "step"),
    )

    def __init__(
        self, *, select: str | None = None, scope: str | None = None, filter_text: str = ""
    ) -> None:
        if select and not select.isdigit():
            scope, select = scope or select, None
        super().__init__(select=select, scope=scope, filter_text=filter_text)

    def empty_message(self) -> str:
        """As every view; an empty unfiltered table names the object in scope."""
        if self.loaded and self.scope and not self.table.filter_text:
            return f"no jobs on {self.scope}"
        return super().empty_message()

    def load_rows(self) -> list[Row]:
        """Every job, or the jobs on the object in scope, newest first."""
        return job_rows(self.scope)

    def load_detail(self, key: str) -> list[Section]:
        """The job, its plan and each step's state, exit status and last output."""
        return job_detail(int(key))

    def drill_down(self, key: str) -> None:
        """The job screen: its steps and the selected step's whole output."""
        from screens.job_detail import JobScreen

        self.app.push_screen(JobScreen(int(key)))

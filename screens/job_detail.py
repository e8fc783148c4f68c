"""One job: its steps as a table and the selected step's whole output, followed live
while the job runs (the app refreshes the screen in front when the repository
changes)."""

from __future__ import annotations

from dataclasses import replace

from screens.resource import ResourceScreen, ViewData
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.jobs import current_step, job_title, step_is_running, step_output, step_rows
from vdcftui.widgets.resource_table import Column, Row


class JobScreen(ResourceScreen):
    """The steps of one job; the cursor starts on the running (or failed) step."""

    VIEW = "job"
    NOUN = "steps"
    COLUMNS = (
        Column("#", "seq", numeric=True),
        Column("State", "state", styled=True),
        Column("Host", "host"),
        Column("Command", "command"),
        Column("Exit", "exit", numeric=True),
        Column("Started", "started"),
        Column("Finished", "finished"),
        Column("Step", "description"),
    )

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        super().__init__()

    @property
    def title_text(self) -> str:
        """'job 12' (until the job is read)."""
        return f"job {self.job_id}"

    def load_view(self) -> ViewData:
        """The steps; the cursor starts on the running (or failed) step."""
        return replace(super().load_view(), select=current_step(self.job_id))

    def load_title(self) -> str:
        """'job 12 migrate vserver web01 by alice: running'."""
        return job_title(self.job_id)

    def load_rows(self) -> list[Row]:
        """The job's steps in order."""
        return step_rows(self.job_id)

    def load_detail(self, key: str) -> list[Section]:
        """The step's command and its whole stdout and stderr."""
        return step_output(self.job_id, int(key))

    def detail_at_end(self, key: str) -> bool:
        """While the step runs, the end of its output is shown."""
        return step_is_running(self.job_id, int(key))

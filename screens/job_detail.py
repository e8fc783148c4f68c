"""One job: its steps as a table and the selected step's whole output, followed live
while the job runs (the app refreshes the screen in front when the repository
changes)."""

from __future__ import annotations

from screens.resource import ResourceScreen
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.jobs import current_step, job_title, step_is_running, step_output, step_rows
from vdcftui.widgets.detail_pane import DetailPane
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
        super().__init__(select=current_step(job_id))
        self.job_id = job_id

    @property
    def title_text(self) -> str:
        """'job 12 migrate vserver web01 by alice: running'."""
        return job_title(self.job_id)

    def load_rows(self) -> list[Row]:
        """The job's steps in order."""
        return step_rows(self.job_id)

    def load_detail(self, key: str) -> list[Section]:
        """The step's command and its whole stdout and stderr."""
        return step_output(self.job_id, int(key))

    def refresh_data(self) -> None:
        """Reload the steps; while the selected step runs, show the end of its output."""
        super().refresh_data()
        key = self.selected_key()
        if key is not None and step_is_running(self.job_id, int(key)):
            self.query_one(DetailPane).scroll_end(animate=False)

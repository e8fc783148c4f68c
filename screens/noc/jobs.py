"""NOC dashboard: jobs running now, and those failed or rolled back in the last 24 h."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult

from screens.noc.dashboard import BigFigure, Dashboard, FigureGrid, LineList, bad_if_any
from vdcftui.display import printable
from vdcftui.readmodel.noc import JobSummary, job_summary


class JobsDashboard(Dashboard[JobSummary]):
    """Figures for running, queued, failed and rolled-back jobs, then their lines."""

    NAME = "jobs"
    TITLE = "jobs (last 24 h)"

    def __init__(self) -> None:
        super().__init__()
        self.figures = {
            key: BigFigure(caption)
            for key, caption in (
                ("running", "running"),
                ("queued", "queued"),
                ("failed", "failed/interr."),
                ("rolled_back", "rolled back"),
            )
        }

    def compose(self) -> ComposeResult:
        """Figures, then the list."""
        yield FigureGrid(*self.figures.values())
        yield LineList("no job running, none failed in the last 24 h", id="job-lines")

    def load(self, now: datetime) -> JobSummary:
        """The jobs running, queued, failed and rolled back."""
        return job_summary(now)

    def show_data(self, jobs: JobSummary, now: datetime) -> None:
        """Count and list them."""
        self.figures["running"].show(len(jobs.running), "ok" if jobs.running else "muted")
        self.figures["queued"].show(jobs.queued, bad_if_any(jobs.queued, "warning"))
        self.figures["failed"].show(len(jobs.failed), bad_if_any(len(jobs.failed)))
        self.figures["rolled_back"].show(
            len(jobs.rolled_back), bad_if_any(len(jobs.rolled_back), "warning")
        )
        lines = (
            [(printable(job.text()), "ok") for job in jobs.running]
            + [(printable(job.text()), "error") for job in jobs.failed]
            + [(printable(job.text()), "warning") for job in jobs.rolled_back]
        )
        self.query_one(LineList).show(lines)

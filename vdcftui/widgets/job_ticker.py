"""The line above the footer of every view: jobs in flight and just finished, so an
operator sees a job's progress without leaving the view they started it from."""

from __future__ import annotations

from textual.widgets import Static

from vdcftui.readmodel.activity import current_activity


class JobTicker(Static):
    """Up to three jobs: queued or running first, then those just finished."""

    DEFAULT_CSS = """
    JobTicker {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    JobTicker.-empty {
        display: none;
    }
    """

    def refresh_jobs(self) -> None:
        """Read the jobs again (called whenever the repository changed)."""
        activity = current_activity()
        self.set_class(not activity, "-empty")
        self.update("\n".join(job.summary() for job in activity))

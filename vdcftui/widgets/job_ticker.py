"""The line above the footer of every view: jobs in flight and just finished, so an
operator sees a job's progress without leaving the view they started it from."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from vdcftui.display import printable
from vdcftui.readmodel.activity import JobActivity


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

    def show(self, activity: Sequence[JobActivity]) -> None:
        """Show these jobs (read by the view with its rows)."""
        self.set_class(not activity, "-empty")
        self.update(Text("\n".join(printable(job.summary()) for job in activity)))

"""The states of a job and of its steps, and the one table of allowed job transitions.

Every module compares and writes states through these enums; the words an operator
reads (CLI, console, NOC) are their :attr:`label`.
"""

from __future__ import annotations

from enum import StrEnum


class JobState(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    ROLLING_BACK = "rolling_back"
    ROLLED_BACK = "rolled_back"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The word operators read (``rolled back``)."""
        return self.value.replace("_", " ")

    @property
    def finished(self) -> bool:
        """Whether no engine will touch the job again by itself."""
        return self in FINISHED

    @property
    def active(self) -> bool:
        """Whether an engine is (or was, if it died) working on the job."""
        return self in (JobState.RUNNING, JobState.ROLLING_BACK)


FINISHED = frozenset(
    {JobState.SUCCEEDED, JobState.ROLLED_BACK, JobState.FAILED, JobState.CANCELLED}
)
"""No engine touches these again by itself (a failed job only through `job recover`)."""

TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.CANCELLED}),
    JobState.RUNNING: frozenset(
        {JobState.SUCCEEDED, JobState.ROLLING_BACK, JobState.FAILED, JobState.INTERRUPTED}
    ),
    JobState.ROLLING_BACK: frozenset({JobState.ROLLED_BACK, JobState.FAILED, JobState.INTERRUPTED}),
    # `job recover` completes an interrupted job or rolls it back.
    JobState.INTERRUPTED: frozenset({JobState.RUNNING, JobState.ROLLING_BACK}),
    JobState.SUCCEEDED: frozenset(),
    JobState.ROLLED_BACK: frozenset(),
    # A failed job (its undo failed, or it failed past its point of no return) is
    # recovered the same way.
    JobState.FAILED: frozenset({JobState.RUNNING, JobState.ROLLING_BACK}),
    JobState.CANCELLED: frozenset(),
}


class IllegalTransition(RuntimeError):
    """A job was asked to move between states the table does not allow: a bug."""


def check_transition(job_id: int, old: str, new: JobState) -> JobState:
    """``new`` if a job in state ``old`` may enter it; raises otherwise."""
    current = JobState(old)
    if current == new and new.active:
        return new  # a recovery resuming a running job writes it again
    if new not in TRANSITIONS[current]:
        raise IllegalTransition(f"job {job_id}: {current.label} -> {new.label} is not allowed")
    return new


class StepState(StrEnum):
    """Where one step of a job is."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    UNDONE = "undone"
    UNDO_FAILED = "undo_failed"

    @property
    def label(self) -> str:
        """The word operators read (``undo failed``)."""
        return self.value.replace("_", " ")

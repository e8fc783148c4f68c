"""Operations as plans: ordered steps, each with its host, command, check and undo.

A plan is what `--dry-run` prints and what the operator confirms; the job runner
executes exactly it, and the repository keeps it as the job's audit trail.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Step:
    """One command on one host, how to undo it, and how to tell it was done."""

    host: str
    command: str
    description: str
    undo: str | None = None
    check: str | None = None
    done_if: str | None = None
    done_unless: str | None = None

    def is_done(self, check_output: str) -> bool:
        """Whether the check's output shows this step's effect (for crash recovery)."""
        if self.done_if is not None:
            return re.search(self.done_if, check_output, re.MULTILINE) is not None
        if self.done_unless is not None:
            return re.search(self.done_unless, check_output, re.MULTILINE) is None
        return False


@dataclass(frozen=True)
class Plan:
    """An operation on one object: the checks that passed and the steps to run."""

    operation: str
    object_type: str
    object_name: str
    steps: tuple[Step, ...]
    prechecks: tuple[str, ...] = ()
    locks: tuple[tuple[str, str], ...] = field(default=())
    final_states: tuple[tuple[str, str], ...] = ()
    final_nodes: tuple[tuple[str, str], ...] = ()
    filesystems: tuple[tuple[str, str, str, int], ...] = ()
    clears_pending: tuple[str, ...] = ()
    quotas: tuple[tuple[str, int], ...] = ()
    removed_filesystems: tuple[str, ...] = ()
    renamed_filesystems: tuple[tuple[str, str, str], ...] = ()
    datasets: tuple[tuple[str, str, str, str, str], ...] = ()
    released_datasets: tuple[tuple[str, bool], ...] = ()
    nets: tuple[tuple[str, str, str, str, str, int], ...] = ()
    removed_nets: tuple[tuple[str, str], ...] = ()
    removed_vservers: tuple[str, ...] = ()
    gdom_states: tuple[tuple[str, str, str], ...] = ()
    """(CDom, GDom, LDom state) to record when the job succeeds."""
    planned_for: tuple[tuple[str, str, str], ...] = ()
    """(vServer, node, state) as the plan was made; submission refuses it if they changed."""

    def to_json(self) -> str:
        """The plan as JSON, for the job row."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """A plan back from its JSON."""
        data = json.loads(text)
        data["steps"] = tuple(Step(**s) for s in data["steps"])
        return cls(
            **{key: _tuples(value) if key != "steps" else value for key, value in data.items()}
        )


def _tuples(value):
    """JSON lists back to the tuples a plan holds."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value


def render_plan(plan: Plan) -> str:
    """The plan as the operator reads it: checks passed, then each step per host."""
    lines = [f"plan: {plan.operation} {plan.object_type} {plan.object_name}"]
    lines += [f"  check ok: {check}" for check in plan.prechecks]
    for number, step in enumerate(plan.steps, start=1):
        lines.append(f"  {number}. [{step.host}] {step.command}")
        lines.append(f"       {step.description}")
        if step.undo:
            lines.append(f"       undo: {step.undo}")
    return "\n".join(lines)

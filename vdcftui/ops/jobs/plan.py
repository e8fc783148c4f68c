"""Operations as plans: ordered steps, each with its host, command, check and undo,
and the effects the repository records when every step has succeeded.

A plan is what `--dry-run` prints and what the operator confirms; the job runner
executes exactly it, and the repository keeps it as the job's audit trail.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from vdcftui.display import printable_lines
from vdcftui.ops.jobs.effects import Effect, effect_from_json, effect_to_json
from vdcftui.ops.jobs.expectations import Expectation, expectation_from_json
from vdcftui.ops.jobs.readback import ReadBack, read_back_from_json, read_back_to_json
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.dialogue import Dialogue, is_dialogue

Action = Command | Dialogue
"""What a step does on its host: a command over SSH, or a dialogue on a node's serial
console (its host is then ``console:NODE``)."""
CONSOLE_HOST_PREFIX = "console:"


def console_host(node: str) -> str:
    """The host name of a step that talks on ``node``'s serial console."""
    return f"{CONSOLE_HOST_PREFIX}{node}"


def action_from_json(data: dict[str, Any]) -> Action:
    """A command or a dialogue back from its JSON data."""
    return Dialogue.from_json(data) if is_dialogue(data) else Command.from_json(data)


@dataclass(frozen=True)
class Step:
    """One command on one host, how to undo it, and how to tell it was done: the
    output of ``check`` matches ``done_if`` (or does not match ``done_unless``). A
    step on a node's console (host ``console:NODE``) has a dialogue for its command
    and, as its check, a dialogue that only looks (:func:`~vdcftui.solaris.dialogue.probe`)."""

    host: str
    command: Action
    description: str
    undo: Command | None = None
    check: Action | None = None
    done_if: str | None = None
    done_unless: str | None = None
    commits: bool = False
    """Once this step is done the workload runs in its new place: from then on nothing
    is rolled back, a failure is completed forward (its point of no return)."""
    reads: bool = False
    """The step changes nothing: it reads the result back for the plan's read-backs
    (recovery runs it again rather than judging it)."""
    settle: float = 0.0
    """The effect comes after the command returns (a host powering off): the check is
    polled until it shows the effect, for up to this many seconds, and the step is done
    when it does, whatever the command said ("already off"). With no check, the command
    itself is retried until it succeeds."""
    awaits_host: bool = False
    """The host is not expected to answer before this step (it is being powered on or
    rebooted): it is not contacted before the first step, and the step waits for it
    (``settle``). A settling step with an undo waits for its undo the same way: the
    check is polled until it no longer shows the step's effect."""
    fails_if: str | None = None
    """A settling step stops waiting, failed, as soon as its check's output matches
    this: the host says the effect will not come (a service in maintenance)."""
    timeout: float | None = None
    """The longest the command may run, in seconds (None: the SSH pool's limit)."""
    absent_status: int | None = None
    """An exit status of ``check`` that is an answer, not a failure: what it looks at is
    (partly) not there (``svcs`` of an unknown instance exits 1, ``digest`` or ``ls`` of
    a missing file 2). Its output is judged as with status 0."""
    first_contact: bool = False
    """The host is met for the first time (freshly installed, with a new host key):
    the key it presents now is pinned before the command runs, its fingerprint
    written in the step's output and the audit trail. Recovery keeps the key pinned
    by then and verifies it."""
    done_if_digest: bool = False
    """Done when the check (``digest -a sha256 FILE``) shows the SHA-256 of the data the
    command writes: computed when the step is judged, from the command's input as the
    runner sends it, so that the digest of a secret is never stored."""

    def is_done(self, check_output: str, written: str | None = None) -> bool:
        """Whether the check's output shows this step's effect (for crash recovery);
        ``written`` is the data the command writes (for ``done_if_digest``)."""
        if self.done_if_digest:
            digest = hashlib.sha256((written or "").encode()).hexdigest()
            return written is not None and check_output.strip() == digest
        if self.done_if is not None:
            return re.search(self.done_if, check_output, re.MULTILINE) is not None
        if self.done_unless is not None:
            return re.search(self.done_unless, check_output, re.MULTILINE) is None
        return False

    def has_failed(self, check_output: str) -> bool:
        """Whether the check's output says the effect will not come (``fails_if``)."""
        return self.fails_if is not None and (
            re.search(self.fails_if, check_output, re.MULTILINE) is not None
        )

    def to_json(self) -> dict[str, Any]:
        """The step as JSON data."""
        return {
            "host": self.host,
            "command": self.command.to_json(),
            "description": self.description,
            "undo": self.undo.to_json() if self.undo else None,
            "check": self.check.to_json() if self.check else None,
            "done_if": self.done_if,
            "done_unless": self.done_unless,
            "commits": self.commits,
            "reads": self.reads,
            "settle": self.settle,
            "awaits_host": self.awaits_host,
            "fails_if": self.fails_if,
            "timeout": self.timeout,
            "absent_status": self.absent_status,
            "done_if_digest": self.done_if_digest,
            "first_contact": self.first_contact,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Step:
        """A step back from :meth:`to_json`'s data."""
        return cls(
            host=data["host"],
            command=action_from_json(data["command"]),
            description=data["description"],
            undo=Command.from_json(data["undo"]) if data.get("undo") else None,
            check=action_from_json(data["check"]) if data.get("check") else None,
            done_if=data.get("done_if"),
            done_unless=data.get("done_unless"),
            commits=bool(data.get("commits", False)),
            reads=bool(data.get("reads", False)),
            settle=float(data.get("settle", 0.0)),
            awaits_host=bool(data.get("awaits_host", False)),
            fails_if=data.get("fails_if"),
            timeout=float(data["timeout"]) if data.get("timeout") is not None else None,
            absent_status=data.get("absent_status"),
            done_if_digest=bool(data.get("done_if_digest", False)),
            first_contact=bool(data.get("first_contact", False)),
        )


@dataclass(frozen=True)
class Slot:
    """At most ``limit`` jobs holding a slot of ``key`` run at once (``upgrade:BATCH``
    with the batch's --parallel, ``upgrade-pool:POOL`` with its --per-pool,
    ``patch-target:TARGET`` with its concurrency)."""

    key: str
    limit: int


@dataclass(frozen=True)
class Part:
    """One operation of a plan that runs several in a row (an evacuation's migrations):
    its steps (``first`` to ``last``, counted from 1) and what it records once they have
    all succeeded. A failure undoes only the part it happens in; the parts before it
    stand, recorded; the parts after it do not run."""

    object_name: str
    first: int
    last: int
    effects: tuple[Effect, ...] = ()
    reads: tuple[ReadBack, ...] = ()

    def holds(self, seq: int) -> bool:
        """Whether step ``seq`` belongs to this part."""
        return self.first <= seq <= self.last

    def to_json(self) -> dict[str, Any]:
        """The part as JSON data."""
        return {
            "object_name": self.object_name,
            "first": self.first,
            "last": self.last,
            "effects": [effect_to_json(item) for item in self.effects],
            "reads": [read_back_to_json(item) for item in self.reads],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Part:
        """A part back from :meth:`to_json`'s data."""
        return cls(
            object_name=data["object_name"],
            first=int(data["first"]),
            last=int(data["last"]),
            effects=tuple(effect_from_json(e) for e in data.get("effects", ())),
            reads=tuple(read_back_from_json(r) for r in data.get("reads", ())),
        )


@dataclass(frozen=True)
class Plan:
    """An operation on one object: the checks that passed, the steps to run, the
    objects it locks, what it records when it succeeds (``effects``) and what it was
    made for (``expects``: submission refuses the plan if that changed)."""

    operation: str
    object_type: str
    object_name: str
    steps: tuple[Step, ...]
    prechecks: tuple[str, ...] = ()
    locks: tuple[tuple[str, str], ...] = ()
    effects: tuple[Effect, ...] = field(default=())
    expects: tuple[Expectation, ...] = ()
    reads: tuple[ReadBack, ...] = ()
    """What the last steps read back from the hosts, recorded with the effects."""
    parts: tuple[Part, ...] = ()
    """The operations of a plan that runs several in a row (see :func:`combine`)."""
    slots: tuple[Slot, ...] = ()
    """Limits on how many jobs run at once: the engine starts the job only when it can
    take a slot of each (:mod:`vdcftui.ops.jobs.slots`)."""

    def part_of(self, seq: int) -> Part | None:
        """The part step ``seq`` belongs to (None for a plan of one operation)."""
        return next((part for part in self.parts if part.holds(seq)), None)

    def to_json(self) -> str:
        """The plan as JSON, for the job row."""
        return json.dumps(
            {
                "operation": self.operation,
                "object_type": self.object_type,
                "object_name": self.object_name,
                "steps": [step.to_json() for step in self.steps],
                "prechecks": list(self.prechecks),
                "locks": [list(lock) for lock in self.locks],
                "effects": [effect_to_json(item) for item in self.effects],
                "expects": [item.to_json() for item in self.expects],
                "reads": [read_back_to_json(item) for item in self.reads],
                "parts": [part.to_json() for part in self.parts],
                "slots": [[slot.key, slot.limit] for slot in self.slots],
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """A plan back from its JSON."""
        data = json.loads(text)
        return cls(
            operation=data["operation"],
            object_type=data["object_type"],
            object_name=data["object_name"],
            steps=tuple(Step.from_json(s) for s in data["steps"]),
            prechecks=tuple(data.get("prechecks", ())),
            locks=tuple((kind, name) for kind, name in data.get("locks", ())),
            effects=tuple(effect_from_json(e) for e in data.get("effects", ())),
            expects=tuple(expectation_from_json(e) for e in data.get("expects", ())),
            reads=tuple(read_back_from_json(r) for r in data.get("reads", ())),
            parts=tuple(Part.from_json(p) for p in data.get("parts", ())),
            slots=tuple(Slot(key, int(limit)) for key, limit in data.get("slots", ())),
        )


def combine(operation: str, object_type: str, object_name: str, plans: list[Plan]) -> Plan:
    """One plan that runs ``plans`` in a row, each a :class:`Part` with its own effects,
    read-backs and point of no return; locks and expectations are those of all."""
    steps: list[Step] = []
    parts: list[Part] = []
    for plan in plans:
        offset = len(steps)
        steps += plan.steps
        reads = tuple(replace(item, step=item.step + offset) for item in plan.reads)  # type: ignore[type-var]
        parts.append(Part(plan.object_name, offset + 1, len(steps), plan.effects, reads))
    return Plan(
        operation=operation,
        object_type=object_type,
        object_name=object_name,
        steps=tuple(steps),
        prechecks=tuple(
            check
            for plan in plans
            for check in (f"{plan.object_name}: {c}" for c in plan.prechecks)
        ),
        locks=tuple(dict.fromkeys(lock for plan in plans for lock in plan.locks)),
        expects=tuple(item for plan in plans for item in plan.expects),
        parts=tuple(parts),
    )


def render_plan(plan: Plan) -> str:
    """The plan as the operator reads it: checks passed, then each step per host."""
    lines = [f"plan: {plan.operation} {plan.object_type} {plan.object_name}"]
    lines += [f"  check ok: {check}" for check in plan.prechecks]
    lines += [f"  runs while fewer than {s.limit} jobs of {s.key} run" for s in plan.slots]
    for number, step in enumerate(plan.steps, start=1):
        part = plan.part_of(number)
        if part is not None and part.first == number:
            lines.append(f"  -- {part.object_name} (steps {part.first}-{part.last})")
        lines.append(f"  {number}. [{step.host}] {step.command.text()}")
        lines.append(f"       {step.description}")
        if step.command.input is not None:
            lines.append(f"       standard input: {step.command.input.describe()}")
        if step.undo:
            lines.append(f"       undo: {step.undo.text()}")
        if step.commits:
            lines.append("       (point of no return: past it, a failure completes forward)")
        if step.reads:
            lines.append("       (reads the result back into the repository)")
        if step.first_contact:
            lines.append(f"       (first contact: the host key {step.host} presents is pinned)")
        if step.settle and step.check:
            lines.append(
                f"       then waits up to {step.settle:.0f} s until {step.check.text()} shows it"
            )
        elif step.settle:
            lines.append(f"       (waits up to {step.settle:.0f} s for {step.host} to answer)")
        if step.settle and step.check and step.fails_if:
            lines.append(f"       fails at once if it shows /{step.fails_if}/")
    return printable_lines("\n".join(lines))

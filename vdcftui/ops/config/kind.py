"""What every kind of configuration value provides, and the values it works on.

A kind checks an item's key and value where they enter, names the commands that read
its value back from a node (run with every other item's in one batch), turns their
output into the value the node shows, and makes the steps that apply the items a node
does not show yet. Host values are compared with the item's value in the item's own
form (a comma-separated list, ``UID:GID:HOME:SHELL``, ``TYPE:VALUE``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from vdcftui.ops.jobs.plan import Step
from vdcftui.remote.batch import BatchOutput
from vdcftui.solaris.cmd.command import Command

Outputs = Mapping[str, BatchOutput]
"""What a node's read-back batch gave, by command text."""


@dataclass(frozen=True)
class Effective:
    """An item in effect for a node: its kind, key and value, and where it comes from
    (``scope`` all, pool or node, and the pool's or node's name)."""

    kind: str
    key: str
    value: str
    scope: str
    target: str

    @property
    def origin(self) -> str:
        """Where the value comes from: ``all``, ``pool pool-a``, ``node node03``."""
        return self.scope if self.scope == "all" else f"{self.scope} {self.target}"


@dataclass(frozen=True)
class NodeConfig:
    """A node, its release, and every item in effect for it."""

    node: str
    os_version: str | None
    items: tuple[Effective, ...]

    @property
    def solaris10(self) -> bool:
        """True on Solaris 10."""
        return self.os_version == "10"

    def item(self, kind: str, key: str) -> Effective | None:
        """The item of that kind and key in effect for the node, if any."""
        return next((i for i in self.items if (i.kind, i.key) == (kind, key)), None)


@dataclass(frozen=True)
class Observed:
    """An item's value as the node shows it: ``value`` (None: not there), or why it
    could not be read."""

    value: str | None
    error: str | None = None


class Unreadable(Exception):
    """A read-back command failed or printed what its parser cannot read."""


def output_of(outputs: Outputs, command: Command, absent: int | None = None) -> str | None:
    """The output of ``command`` in the batch; None when it exited with ``absent``
    (what it reads is not there). Unreadable when it failed otherwise."""
    found = outputs.get(command.text())
    if found is None:
        raise Unreadable(f"{command.text()} was not run")
    if absent is not None and found.exit_status == absent:
        return None
    if not found.ok:
        said = found.output.strip().splitlines()[-1:] or [f"exit status {found.exit_status}"]
        raise Unreadable(f"{command.text()}: {said[0]}")
    return found.output


class Kind:
    """One kind of configuration value (a subclass per kind, registered in ``kinds``)."""

    name: ClassVar[str]
    help: ClassVar[str]
    at_boot: ClassVar[bool] = False
    """Its value takes effect at the node's next boot, not when it is written."""

    def check(self, key: str, value: str) -> tuple[str, str]:
        """The key and value as stored; InvalidName when refused."""
        raise NotImplementedError

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """The commands whose output shows the item's value on the node."""
        raise NotImplementedError

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """The item's value as the outputs show it (None: not there); Unreadable,
        ValueError or InvalidName when they show none."""
        raise NotImplementedError

    def matches(self, item: Effective, value: str) -> bool:
        """Whether the node's value is the item's."""
        return item.value == value

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """The steps that apply ``changed`` (items of this kind the node does not show),
        each with its check and, where one exists, its undo."""
        raise NotImplementedError

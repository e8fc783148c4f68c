"""Reading a node's configuration values back: the commands of every item in effect,
and the node's boot time, in one batched SSH exec (as discovery reads a node)."""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.config.kind import Effective, NodeConfig, Observed, Outputs, Unreadable
from vdcftui.ops.config.kinds import KINDS
from vdcftui.remote.batch import BatchFramingError, run_batch
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.system import boot_time
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.names import InvalidName

READ_TIMEOUT = 60.0


@dataclass(frozen=True)
class NodeReading:
    """What one batch showed of a node: each command's output, and when it booted
    (seconds since the epoch, None when unreadable)."""

    outputs: Outputs
    booted: int | None

    def observe(self, node: NodeConfig, item: Effective) -> Observed:
        """The item's value on the node, or why it could not be read."""
        try:
            return Observed(KINDS[item.kind].observe(node, item, self.outputs))
        except (Unreadable, ParseError, ValueError, InvalidName) as exc:
            return Observed(None, str(exc))


def commands_for(node: NodeConfig) -> list[Command]:
    """The read-back commands of every item of the node, each once, and `kstat` of
    its boot time."""
    commands: dict[str, Command] = {}
    for item in node.items:
        for command in KINDS[item.kind].reads(node, item):
            commands.setdefault(command.text(), command)
    commands.setdefault(boot_time().text(), boot_time())
    return list(commands.values())


async def read_node(pool: SSHPool, target: HostTarget, node: NodeConfig) -> NodeReading:
    """Run the node's read-back batch; OperatorError when the node cannot be read."""
    try:
        outputs = await run_batch(pool, target, commands_for(node), READ_TIMEOUT)
    except BatchFramingError as exc:
        raise OperatorError(f"cannot read {node.node}: {exc}") from None
    by_text = {output.command: output for output in outputs}
    booted = by_text.get(boot_time().text())
    seconds = booted.output.strip().rpartition("\t")[2] if booted and booted.ok else ""
    return NodeReading(by_text, int(seconds) if seconds.isdigit() else None)

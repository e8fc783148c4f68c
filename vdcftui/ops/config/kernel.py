"""Kernel parameter items: key ``[module:]symbol``, value an integer; written as
``set`` lines to the product's file in ``/etc/system.d`` (Solaris 11.4) or into
``/etc/system`` (Solaris 10 and 11.3, its other lines kept), read back from that file.
The kernel reads them at the next boot only: until the node has booted after a job
wrote them, drift says so (see :mod:`vdcftui.solaris.kernel` for the sources)."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from vdcftui.ops.config.files import MISSING, replace_file
from vdcftui.ops.config.kind import Effective, Kind, NodeConfig, Outputs, Unreadable, output_of
from vdcftui.ops.jobs.plan import Step
from vdcftui.solaris import kernel
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.files import read_file


def system_file(node: NodeConfig) -> str:
    """The file the node's kernel parameters go to."""
    return kernel.SYSTEM_D_FILE if kernel.uses_system_d(node.os_version) else kernel.ETC_SYSTEM


class KernelParameters(Kind):
    """Kernel tunables, set at boot."""

    name: ClassVar[str] = "kernel"
    help: ClassVar[str] = "key [MODULE:]SYMBOL, value an integer (at the next boot)"
    at_boot: ClassVar[bool] = True

    def check(self, key: str, value: str) -> tuple[str, str]:
        """A parameter name and an integer."""
        return kernel.validate_param(key), kernel.validate_param_value(value)

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """`cat` of the node's system file."""
        return (read_file(system_file(node)),)

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """The value the file sets for the parameter."""
        text = output_of(outputs, read_file(system_file(node)), MISSING)
        return kernel.parse_system(text or "").get(item.key)

    def matches(self, item: Effective, value: str) -> bool:
        """The same integer (``0x10`` is ``16``)."""
        return kernel.same_value(item.value, value)

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """One write of the system file with every kernel item of the node."""
        path = system_file(node)
        before = output_of(outputs, read_file(path), MISSING)
        params = {i.key: i.value for i in node.items if i.kind == self.name}
        if path == kernel.SYSTEM_D_FILE:
            text = kernel.render_system_d(params)
        elif before is None:
            raise Unreadable(f"{node.node} has no {path}")
        else:
            text = kernel.edit_system(before, params)
        names = ", ".join(sorted(params))
        step = replace_file(node.node, path, 0o644, text, before, f"kernel parameters ({names})")
        note = f"{step.description}; read at the next boot: in effect once {node.node} reboots"
        return [replace(step, description=note)]

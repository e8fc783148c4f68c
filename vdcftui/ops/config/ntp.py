"""NTP items: key ``servers``, written to ``/etc/inet/ntp.conf`` (the file is the
product's: it replaces the node's) and ``svc:/network/ntp`` enabled, or restarted when
it runs, so that it reads them (see :mod:`vdcftui.solaris.ntp` for the sources). A
restart's check (the service online) cannot tell it from before: recovery counts a
restart it finds online as done."""

from __future__ import annotations

from typing import ClassVar

from vdcftui.ops.config.files import MISSING, replace_file
from vdcftui.ops.config.kind import Effective, Kind, NodeConfig, Outputs, Unreadable, output_of
from vdcftui.ops.jobs.plan import Step
from vdcftui.solaris import ntp
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.files import read_file
from vdcftui.solaris.cmd.smf import svcadm, svcadm_restart, svcs_state
from vdcftui.solaris.names import InvalidName

ONLINE = r"^online$"


class Ntp(Kind):
    """The NTP servers a node's ntpd follows."""

    name: ClassVar[str] = "ntp"
    help: ClassVar[str] = "key servers (HOST,HOST)"

    def check(self, key: str, value: str) -> tuple[str, str]:
        """``servers``: a comma-separated list of host names or addresses."""
        if key != "servers":
            raise InvalidName("NTP key", key, "it must be servers", noun="")
        return key, ",".join(ntp.validate_ntp_servers(value))

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """ntp.conf and the service's state."""
        return (read_file(ntp.NTP_CONF), svcs_state(ntp.SERVICE))

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """The servers of ntp.conf."""
        text = output_of(outputs, read_file(ntp.NTP_CONF), MISSING)
        return ",".join(ntp.parse_ntp_servers(text or "")) or None

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """Write ntp.conf; enable the service (undo: disable), or restart it if online."""
        (item,) = changed
        before = output_of(outputs, read_file(ntp.NTP_CONF), MISSING)
        state = output_of(outputs, svcs_state(ntp.SERVICE), 1)
        if state is None:
            raise Unreadable(f"{node.node} has no {ntp.SERVICE}")
        text = ntp.render_ntp_conf(tuple(item.value.split(",")))
        write = replace_file(node.node, ntp.NTP_CONF, 0o644, text, before, "the NTP servers")
        if state.strip() == "online":
            start = Step(
                node.node,
                svcadm_restart(ntp.SERVICE),
                "restart NTP so that it reads its servers",
                check=svcs_state(ntp.SERVICE),
                done_if=ONLINE,
            )
        else:
            start = Step(
                node.node,
                svcadm("enable", ntp.SERVICE),
                f"enable NTP (it is {state.strip()}) and wait until it runs",
                undo=svcadm("disable", ntp.SERVICE),
                check=svcs_state(ntp.SERVICE),
                done_if=ONLINE,
            )
        return [write, start]

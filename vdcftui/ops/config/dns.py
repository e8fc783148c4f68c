"""DNS items: ``nameservers`` and ``search``. Solaris 11: the ``config`` properties of
``svc:/network/dns/client``, each set and refreshed in one step, read back from the
instance's running snapshot; Solaris 10: ``/etc/resolv.conf`` written whole from both
items (see :mod:`vdcftui.solaris.dns` for the sources)."""

from __future__ import annotations

import re
from typing import ClassVar

from vdcftui.ops.config.files import MISSING, replace_file
from vdcftui.ops.config.kind import Effective, Kind, NodeConfig, Outputs, output_of
from vdcftui.ops.jobs.plan import Step
from vdcftui.solaris import dns
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.dns import dns_client_config, set_dns_client, unset_dns_client
from vdcftui.solaris.cmd.files import read_file
from vdcftui.solaris.cmd.smf import svcprop
from vdcftui.solaris.names import InvalidName

SVCPROP_ABSENT = 1
"""`svcprop` of a property or instance that is not there exits 1."""


class Dns(Kind):
    """The DNS client's name servers and search domains."""

    name: ClassVar[str] = "dns"
    help: ClassVar[str] = "keys nameservers (IP,IP) and search (DOMAIN,DOMAIN)"

    def check(self, key: str, value: str) -> tuple[str, str]:
        """``nameservers`` or ``search``, a comma-separated list."""
        if key not in dns.KEYS:
            raise InvalidName("DNS key", key, "it must be nameservers or search", noun="")
        return key, ",".join(dns.validate_dns(key, value))

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """resolv.conf on Solaris 10, the client's ``config`` group on Solaris 11."""
        return (read_file(dns.RESOLV_CONF) if node.solaris10 else dns_client_config(),)

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """The list the node's resolver has for the item's key."""
        if node.solaris10:
            text = output_of(outputs, read_file(dns.RESOLV_CONF), MISSING)
            values = dns.parse_resolv_conf(text or "")[item.key]
        else:
            text = output_of(outputs, dns_client_config(), SVCPROP_ABSENT)
            values = dns.parse_svcprop_group(text or "").get(dns.KEYS[item.key], ())
        return ",".join(values) or None

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """One setprop-and-refresh per changed key (Solaris 11), or resolv.conf."""
        if node.solaris10:
            return [self._resolv_conf(node, outputs)]
        return [self._setprop(node, item, outputs) for item in changed]

    def _setprop(self, node: NodeConfig, item: Effective, outputs: Outputs) -> Step:
        before = self.observe(node, item, outputs)
        try:
            undo = set_dns_client(item.key, before) if before else unset_dns_client(item.key)
        except InvalidName:
            undo = None  # the node's own value is not one vdcftui would set
        shown = " ".join(item.value.split(","))
        return Step(
            node.node,
            set_dns_client(item.key, item.value),
            f"set {dns.KEYS[item.key]} of the DNS client to {shown} and refresh it",
            undo=undo,
            check=svcprop(dns.KEYS[item.key], dns.INSTANCE),
            done_if=f"^{re.escape(shown)}$",
            absent_status=SVCPROP_ABSENT,
        )

    def _resolv_conf(self, node: NodeConfig, outputs: Outputs) -> Step:
        values = {key: node.item(self.name, key) for key in dns.KEYS}
        nameservers, search = (
            tuple(item.value.split(",")) if item else () for item in values.values()
        )
        before = output_of(outputs, read_file(dns.RESOLV_CONF), MISSING)
        text = dns.render_resolv_conf(nameservers, search)
        return replace_file(node.node, dns.RESOLV_CONF, 0o644, text, before, "the resolver's file")

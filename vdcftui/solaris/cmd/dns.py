"""Builders of the Solaris 11 DNS client's commands: its ``config`` properties set
and refreshed, and read back (the Solaris 10 resolv.conf goes through the file
writer)."""

from __future__ import annotations

from vdcftui.solaris import dns
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.smf import delprop_refresh, setprop_refresh, svcprop


def set_dns_client(key: str, value: str) -> Command:
    """`svccfg -s svc:/network/dns/client setprop config/nameserver = net_address: (...)`
    (or ``config/search``, astring) and `svcadm refresh` of its instance."""
    values = dns.validate_dns(key, value)
    return setprop_refresh(dns.SERVICE, dns.KEYS[key], dns.TYPES[key], values, dns.INSTANCE)


def unset_dns_client(key: str) -> Command:
    """The property of ``key`` removed from the DNS client, and the instance refreshed."""
    return delprop_refresh(dns.SERVICE, dns.KEYS[key], dns.INSTANCE)


def dns_client_config() -> Command:
    """`svcprop -p config svc:/network/dns/client:default`: what the resolver runs with.
    unverified: the group's form (see :func:`~vdcftui.solaris.cmd.smf.svcprop`)."""
    return svcprop("config", dns.INSTANCE)

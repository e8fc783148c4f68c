"""The steps of a commit that give a new zone its identity (see
:mod:`vdcftui.ops.vserver.sysconfig`): the system configuration profile written to
the node and given to `zoneadm install -c` (Solaris 11), or the sysidcfg written into
the installed zone's root (Solaris 10); then, once it runs, the addresses of its
further exclusive-IP networks with `ipadm` in the zone."""

from __future__ import annotations

import re

from vdcftui.ops.jobs.plan import Step
from vdcftui.ops.vserver.sysconfig import Address, Identity, VServerSettings, sc_profile, sysidcfg
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.command import Input
from vdcftui.solaris.cmd.files import file_digest, remove_files, write_file
from vdcftui.solaris.cmd.zones import (
    zone_addresses,
    zone_ip_interface,
    zone_static_address,
    zoneadm,
    zoneadm_install_profile,
    zoneadm_list,
)
from vdcftui.solaris.names import validate_hostname

ABSENT = 2
"""`digest` of a file that is not there exits 2."""
PROFILE_DIR = "/var/tmp"
"""Where the profile waits for `zoneadm install -c` (removed right after)."""


def identity_of(vserver: m.VServer, settings: VServerSettings) -> Identity:
    """What the vServer's zone is told at its first boot: its name as host name and, on
    exclusive IP, its networks' addresses."""
    addresses: tuple[Address, ...] = ()
    if vserver.ip_type == "exclusive":
        addresses = tuple(
            Address(net.linkname, net.address, net.prefixlen, net.defrouter)
            for net in vserver.nets.order_by(m.VServerNet.linkname)
            if net.address and net.prefixlen
        )
    return Identity(validate_hostname(vserver.name), settings, addresses)


def _installed(zone: str) -> str:
    return rf"^[^:]*:{re.escape(zone)}:(installed|ready|running):"


def _write(host: str, path: str, text: str, what: str) -> Step:
    return Step(
        host,
        write_file(path, 0o600, Input(text=text)),
        f"write {what} to {path}",
        undo=remove_files(path),
        check=file_digest(path),
        absent_status=ABSENT,
        done_if_digest=True,
    )


def install_configured(host: str, vserver: m.VServer, identity: Identity) -> list[Step]:
    """Install the zone so that it boots configured."""
    zone = vserver.name
    zones = zoneadm_list()
    if vserver.brand == "solaris":
        profile = f"{PROFILE_DIR}/{zone}-sc-profile.xml"
        return [
            _write(host, profile, sc_profile(identity), "the zone's system configuration profile"),
            Step(
                host,
                zoneadm_install_profile(zone, profile),
                "install the zone with its profile",
                undo=zoneadm(zone, "uninstall", "-F"),
                check=zones,
                done_if=_installed(zone),
            ),
            Step(
                host,
                remove_files(profile),
                "remove the profile (it holds the root password hash)",
                check=file_digest(profile),
                absent_status=ABSENT,
                done_unless=r"^[0-9a-f]{64}$",
            ),
        ]
    root = f"{vserver.zonepath}/root/etc/sysidcfg"
    return [
        Step(
            host,
            zoneadm(zone, "install"),
            "install the zone",
            undo=zoneadm(zone, "uninstall", "-F"),
            check=zones,
            done_if=_installed(zone),
        ),
        _write(host, root, sysidcfg(identity), "the zone's sysidcfg (read at its first boot)"),
    ]


def address_steps(host: str, vserver: m.VServer, identity: Identity) -> list[Step]:
    """The running zone's further exclusive-IP addresses (the profile gave the first)."""
    zone = vserver.name
    steps = []
    for address in identity.addresses[1:]:
        addrobj = re.escape(f"{address.link}/v4")
        steps += [
            Step(
                host,
                zone_ip_interface(zone, address.link),
                f"create the IP interface {address.link} in the zone",
                check=zone_addresses(zone),
                done_if=rf"^{addrobj}:",
            ),
            Step(
                host,
                zone_static_address(zone, address.link, address.address, address.prefixlen),
                f"give {address.link} the address {address.address}/{address.prefixlen}",
                check=zone_addresses(zone),
                done_if=rf"^{addrobj}:{re.escape(address.address)}/",
            ),
        ]
    return steps

"""Builders of zone commands: zoneadm, zonecfg (with its subcommand scripts), zlogin."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.names import (
    validate_link_name,
    validate_mountpoint,
    validate_path,
    validate_zfs_dataset,
    validate_zonename,
)

_ZONEADM_VERBS: dict[str, set[str]] = {
    "boot": set(),
    "halt": set(),
    "shutdown": {"-r"},
    "reboot": set(),
    "ready": set(),
    "detach": {"-n"},
    "attach": {"-u", "-U", "-F"},
    "install": {"-u", "-U"},
    "uninstall": {"-F"},
    "verify": set(),
}


def zoneadm_list() -> Command:
    """`zoneadm list -cp`: every configured zone, parseable."""
    return Command(("zoneadm", "list", "-cp"))


def zoneadm(zone: str, verb: str, *options: str) -> Command:
    """`zoneadm -z ZONE VERB [OPTIONS]` for boot, halt, shutdown [-r], reboot, ready,
    detach [-n], attach [-u|-U] [-F], install [-u|-U], uninstall -F, verify."""
    validate_zonename(zone)
    if verb not in _ZONEADM_VERBS:
        raise ValueError(f"unsupported zoneadm verb {verb!r}")
    for option in options:
        if option not in _ZONEADM_VERBS[verb]:
            raise ValueError(f"unsupported option {option!r} for zoneadm {verb}")
    return Command(("zoneadm", "-z", zone, verb, *options))


def zone_stop(zone: str, solaris10: bool) -> Command:
    """The graceful stop of a zone: `zoneadm shutdown` on Solaris 11; Solaris 10's
    zoneadm has none, so `zoneadm halt` there."""
    return zoneadm(zone, "halt" if solaris10 else "shutdown")


def zonecfg_export(zone: str, live: bool = False) -> Command:
    """`zonecfg -z ZONE [-r] export` (``-r``: the running zone's configuration)."""
    return Command(("zonecfg", "-z", validate_zonename(zone), *(("-r",) if live else ()), "export"))


def zonecfg_delete(zone: str) -> Command:
    """`zonecfg -z ZONE delete -F`."""
    return Command(("zonecfg", "-z", validate_zonename(zone), "delete", "-F"))


# A value: unquoted text without blanks, separators, comments, quotes or escapes, or
# double-quoted text without a separator, newline or escape (``set bootargs="-m v"``).
_VALUE = r"(?:[^\s;#\"'\\]|\"[^\";\n\\]*\")*"
_SUBCOMMAND = re.compile(
    rf"create( -b| -t [A-Za-z0-9_.-]+)?|end|add [a-z-]+|clear [a-z-]+"
    r"|add value \([a-z]+=[A-Za-z0-9]+(,[a-z]+=[A-Za-z0-9]+(=[A-Z0-9]+)?)*\)"
    rf"|remove [a-z-]+( [a-z-]+={_VALUE})?|select [a-z-]+ [a-z-]+={_VALUE}|set [a-z-]+={_VALUE}"
)


MAX_CPU_SHARES = 65535
"""FSS_MAXSHARES: the most zone.cpu-shares a zone may hold."""


def zonecfg_script(zone: str, subcommands: Sequence[str], live: bool = False) -> Command:
    """`zonecfg -z ZONE [-r] 'SUB; SUB; ...'`: each subcommand is checked to be one
    zonecfg subcommand whose value holds no separator, quote or blank, so no value can
    start a subcommand of its own."""
    if not subcommands:
        raise ValueError("a zonecfg script needs at least one subcommand")
    for line in subcommands:
        if not _SUBCOMMAND.fullmatch(line):
            raise ValueError(f"not a safe zonecfg subcommand: {line!r}")
    return Command(
        (
            "zonecfg",
            "-z",
            validate_zonename(zone),
            *(("-r",) if live else ()),
            "; ".join(subcommands),
        )
    )


@dataclass(frozen=True)
class ZoneNetwork:
    """A network of a zone: an ``anet`` (exclusive IP, its link and lower link) or a
    ``net`` (shared IP, its physical interface and address)."""

    linkname: str
    lower_link: str
    address: str | None = None
    prefixlen: int | None = None


@dataclass(frozen=True)
class ZoneDefinition:
    """What `zonecfg` needs to configure a zone: global properties, networks, lofs
    mounts (directory, special) and delegated datasets."""

    brand: str
    zonepath: str
    ip_type: str
    autoboot: bool = True
    networks: tuple[ZoneNetwork, ...] = ()
    lofs: tuple[tuple[str, str], ...] = ()
    datasets: tuple[str, ...] = ()


def zone_definition_script(definition: ZoneDefinition) -> list[str]:
    """The zonecfg subcommands that configure a zone from scratch, every value checked."""
    if not re.fullmatch(r"[a-z0-9-]+", definition.brand):
        raise ValueError(f"invalid zone brand {definition.brand!r}")
    if definition.ip_type not in ("exclusive", "shared"):
        raise ValueError(f"invalid ip-type {definition.ip_type!r}")
    script = [
        "create -b",
        f"set brand={definition.brand}",
        f"set zonepath={validate_mountpoint(definition.zonepath)}",
        f"set autoboot={'true' if definition.autoboot else 'false'}",
        f"set ip-type={definition.ip_type}",
    ]
    for net in definition.networks:
        if definition.ip_type == "shared":
            script += ["add net", f"set physical={validate_link_name(net.lower_link)}"]
            if net.address:
                address = ipaddress.ip_interface(f"{net.address}/{net.prefixlen or 24}")
                script.append(f"set address={address.with_prefixlen}")
            script.append("end")
        else:
            lower = "auto" if net.lower_link == "auto" else validate_link_name(net.lower_link)
            script += [
                "add anet",
                f"set linkname={validate_link_name(net.linkname)}",
                f"set lower-link={lower}",
                "end",
            ]
    for directory, special in definition.lofs:
        script += [
            "add fs",
            f"set dir={validate_mountpoint(directory)}",
            f"set special={validate_mountpoint(special)}",
            "set type=lofs",
            "end",
        ]
    for dataset in definition.datasets:
        script += ["add dataset", f"set name={validate_zfs_dataset(dataset)}", "end"]
    return script


def zlogin_console(zone: str) -> Command:
    """`zlogin -C ZONE`: the zone's console, from its global zone."""
    return Command(("zlogin", "-C", validate_zonename(zone)))


def prctl_set_shares(zone: str, shares: int) -> Command:
    """`prctl -n zone.cpu-shares -v N -r -i zone ZONE`: the running zone's FSS shares,
    now (lost at its next boot; the configuration keeps the lasting value)."""
    if not 1 <= shares <= MAX_CPU_SHARES:
        raise ValueError(f"cpu-shares must be 1 to {MAX_CPU_SHARES}, not {shares}")
    return Command(
        (
            "prctl",
            "-n",
            "zone.cpu-shares",
            "-v",
            str(shares),
            "-r",
            "-i",
            "zone",
            validate_zonename(zone),
        )
    )


def prctl_shares(zone: str) -> Command:
    """`prctl -n zone.cpu-shares -P -i zone ZONE`: the running zone's shares, parseable
    (the prctl-P-zone-cpu-shares capture: ``zone.cpu-shares privileged N - none -``)."""
    return Command(("prctl", "-n", "zone.cpu-shares", "-P", "-i", "zone", validate_zonename(zone)))


def zoneadm_install_profile(zone: str, profile: str) -> Command:
    """`zoneadm -z ZONE install -c PROFILE`: install the zone with a system
    configuration profile, so that its first boot needs no one at its console."""
    return Command(
        ("zoneadm", "-z", validate_zonename(zone), "install", "-c", validate_path(profile))
    )


def zone_ip_interface(zone: str, link: str) -> Command:
    """`zlogin ZONE ipadm create-ip LINK`: an IP interface on the zone's datalink."""
    return Command(
        ("zlogin", validate_zonename(zone), "ipadm", "create-ip", validate_link_name(link))
    )


def zone_static_address(zone: str, link: str, address: str, prefixlen: int) -> Command:
    """`zlogin ZONE ipadm create-addr -T static -a ADDRESS/PREFIX LINK/v4`: a lasting
    static IPv4 address in an exclusive-IP zone."""
    cidr = ipaddress.IPv4Interface(f"{address}/{prefixlen}")
    return Command(
        (
            "zlogin",
            validate_zonename(zone),
            "ipadm",
            "create-addr",
            "-T",
            "static",
            "-a",
            str(cidr),
            f"{validate_link_name(link)}/v4",
        )
    )


def zone_addresses(zone: str) -> Command:
    """`zlogin ZONE ipadm show-addr -p -o addrobj,addr`: the zone's addresses."""
    return Command(
        ("zlogin", validate_zonename(zone), "ipadm", "show-addr", "-p", "-o", "addrobj,addr")
    )

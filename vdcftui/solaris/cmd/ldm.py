"""Builders of Logical Domains Manager commands (`ldm`), run on a control domain."""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.names import (
    validate_domainname,
    validate_hostname,
    validate_ldm_name,
    validate_link_name,
    validate_path,
)

_DOMAIN_VERBS: dict[str, set[str]] = {
    "start-domain": set(),
    "stop-domain": {"-f"},
    "bind-domain": set(),
    "unbind-domain": set(),
    "add-domain": set(),
    "remove-domain": set(),
}
MEMORY_STEP_MB = 256
"""Memory is sized in multiples of 256 MB, the alignment dynamic reconfiguration needs
(docs/solaris/ldm.md section 5)."""


def ldm_list(domain: str | None = None, long: bool = False) -> Command:
    """`ldm list [-l] -p [DOMAIN]`: domains (with ``-l`` their resources), parseable."""
    argv = ["ldm", "list", *(("-l",) if long else ()), "-p"]
    if domain is not None:
        argv.append(validate_domainname(domain))
    return Command(tuple(argv))


def ldm_domain(verb: str, domain: str, *options: str) -> Command:
    """`ldm VERB [OPTIONS] DOMAIN` for start-domain, stop-domain [-f], bind-domain,
    unbind-domain, add-domain and remove-domain."""
    if verb not in _DOMAIN_VERBS:
        raise ValueError(f"unsupported ldm verb {verb!r}")
    for option in options:
        if option not in _DOMAIN_VERBS[verb]:
            raise ValueError(f"unsupported option {option!r} for ldm {verb}")
    return Command(("ldm", verb, *options, validate_domainname(domain)))


def ldm_set_vcpu(vcpus: int, domain: str) -> Command:
    """`ldm set-vcpu NUMBER DOMAIN`."""
    if not isinstance(vcpus, int) or isinstance(vcpus, bool) or not 1 <= vcpus <= 4096:
        raise ValueError(f"invalid number of virtual CPUs {vcpus!r}")
    return Command(("ldm", "set-vcpu", str(vcpus), validate_domainname(domain)))


def ldm_set_memory(memory_mb: int, domain: str) -> Command:
    """`ldm set-memory SIZEM DOMAIN` (a multiple of 256 MB)."""
    if (
        not isinstance(memory_mb, int)
        or isinstance(memory_mb, bool)
        or memory_mb <= 0
        or memory_mb % MEMORY_STEP_MB
    ):
        raise ValueError(f"invalid memory size {memory_mb!r} MB")
    return Command(("ldm", "set-memory", f"{memory_mb}M", validate_domainname(domain)))


def _volume(volume: str, vds: str) -> str:
    return f"{validate_ldm_name(volume, 'volume')}@{validate_ldm_name(vds, 'disk service')}"


def ldm_add_vdsdev(backend: str, volume: str, vds: str) -> Command:
    """`ldm add-vdsdev BACKEND VOLUME@VDS`: export a disk as a volume of a vds."""
    return Command(
        ("ldm", "add-vdsdev", validate_path(backend, "disk back end"), _volume(volume, vds))
    )


def ldm_rm_vdsdev(volume: str, vds: str) -> Command:
    """`ldm rm-vdsdev VOLUME@VDS`."""
    return Command(("ldm", "rm-vdsdev", _volume(volume, vds)))


def ldm_add_vdisk(disk: str, volume: str, vds: str, domain: str) -> Command:
    """`ldm add-vdisk DISK VOLUME@VDS DOMAIN`."""
    return Command(
        (
            "ldm",
            "add-vdisk",
            validate_ldm_name(disk, "virtual disk"),
            _volume(volume, vds),
            validate_domainname(domain),
        )
    )


def ldm_rm_vdisk(disk: str, domain: str) -> Command:
    """`ldm rm-vdisk DISK DOMAIN`."""
    return Command(
        ("ldm", "rm-vdisk", validate_ldm_name(disk, "virtual disk"), validate_domainname(domain))
    )


def ldm_add_vnet(vnet: str, vsw: str, domain: str) -> Command:
    """`ldm add-vnet VNET VSW DOMAIN`."""
    return Command(
        (
            "ldm",
            "add-vnet",
            validate_ldm_name(vnet, "virtual network device"),
            validate_ldm_name(vsw, "virtual switch"),
            validate_domainname(domain),
        )
    )


def ldm_rm_vnet(vnet: str, domain: str) -> Command:
    """`ldm rm-vnet VNET DOMAIN`."""
    return Command(
        (
            "ldm",
            "rm-vnet",
            validate_ldm_name(vnet, "virtual network device"),
            validate_domainname(domain),
        )
    )


def ldm_add_vds(name: str, domain: str = "primary") -> Command:
    """`ldm add-vds NAME DOMAIN`: a virtual disk server on the service domain."""
    return Command(("ldm", "add-vds", validate_ldm_name(name, "vds"), validate_domainname(domain)))


def ldm_add_vsw(name: str, net_dev: str, domain: str = "primary") -> Command:
    """`ldm add-vsw net-dev=LINK NAME DOMAIN`: a virtual switch over a datalink."""
    return Command(
        (
            "ldm",
            "add-vsw",
            f"net-dev={validate_link_name(net_dev)}",
            validate_ldm_name(name, "vsw"),
            validate_domainname(domain),
        )
    )


def ldm_add_vcc(name: str, first: int, last: int, domain: str = "primary") -> Command:
    """`ldm add-vcc port-range=FIRST-LAST NAME DOMAIN`: the virtual console
    concentrator, whose guests' consoles vntsd serves on those TCP ports."""
    if not 1024 <= first <= last <= 65535:
        raise ValueError(f"not a console port range: {first}-{last}")
    return Command(
        (
            "ldm",
            "add-vcc",
            f"port-range={first}-{last}",
            validate_ldm_name(name, "vcc"),
            validate_domainname(domain),
        )
    )


def ldm_list_services() -> Command:
    """`ldm list-services -p`: the control domain's vcc, vsw and vds volumes."""
    return Command(("ldm", "list-services", "-p"))


def ldm_list_constraints_xml(domain: str) -> Command:
    """`ldm list-constraints -x DOMAIN`: the domain's constraints as XML."""
    return Command(("ldm", "list-constraints", "-x", validate_domainname(domain)))


def ldm_migrate(
    domain: str, target: str, password_file: str, dry_run: bool = False, user: str = "root"
) -> Command:
    """`ldm migrate-domain [-n] -p FILE DOMAIN USER@TARGET`: migrate (with ``dry_run``
    only check) a domain to another control domain, the target's password read from a
    file on this control domain (the non-interactive form, docs/solaris/procedures.md
    section 2.1)."""
    return Command(
        (
            "ldm",
            "migrate-domain",
            *(("-n",) if dry_run else ()),
            "-p",
            validate_path(password_file, "password file"),
            validate_domainname(domain),
            f"{validate_hostname(user, 'user')}@{validate_hostname(target)}",
        )
    )

"""Builders of the commands that read a node's system, network and software level,
and of the console commands run on a host."""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command


def uname_a() -> Command:
    """`uname -a`."""
    return Command(("uname", "-a"))


def release() -> Command:
    """`cat /etc/release`."""
    return Command(("cat", "/etc/release"))


def virtinfo() -> Command:
    """`virtinfo -ap`: the virtualization environment, parseable."""
    return Command(("virtinfo", "-ap"))


def psrinfo() -> Command:
    """`psrinfo -pv`: physical processors."""
    return Command(("psrinfo", "-pv"))


def prtdiag() -> Command:
    """`prtdiag`: the system model and memory."""
    return Command(("prtdiag",))


def dladm_show(what: str, fields: tuple[str, ...]) -> Command:
    """`dladm show-link|show-phys -p -o FIELDS`."""
    if what not in ("show-link", "show-phys", "show-aggr", "show-vnic"):
        raise ValueError(f"unsupported dladm subcommand {what!r}")
    return Command(("dladm", what, "-p", "-o", ",".join(fields)))


def ipadm_show_addr(fields: tuple[str, ...]) -> Command:
    """`ipadm show-addr -p -o FIELDS`."""
    return Command(("ipadm", "show-addr", "-p", "-o", ",".join(fields)))


def ifconfig_all() -> Command:
    """`ifconfig -a`."""
    return Command(("ifconfig", "-a"))


def pkg_info_entire() -> Command:
    """`pkg info entire`: the Solaris 11 software level (SRU)."""
    return Command(("pkg", "info", "entire"))


def showrev_patches() -> Command:
    """`showrev -p`: the Solaris 10 patches installed."""
    return Command(("showrev", "-p"))


def telnet_localhost(port: int) -> Command:
    """`telnet localhost PORT`: a guest domain's console through the control domain's
    virtual console concentrator (vntsd)."""
    if not 1 <= port <= 65535:
        raise ValueError(f"invalid port {port!r}")
    return Command(("telnet", "localhost", str(port)))


RUN_STATES = {"off": "5", "reboot": "6", "halt": "0"}


def shutdown_node(what: str) -> Command:
    """`shutdown -y -g0 -i5` (power off), `-i6` (reboot) or `-i0` (halt: a SPARC node
    stops at the OBP ``ok`` prompt): the node's own way down, stopping its services
    and zones first."""
    if what not in RUN_STATES:
        raise ValueError(f"unknown shutdown {what!r}; one of {', '.join(RUN_STATES)}")
    return Command(("shutdown", "-y", "-g0", f"-i{RUN_STATES[what]}"))


def boot_time() -> Command:
    """`kstat -p unix:0:system_misc:boot_time`: when the node last booted (epoch)."""
    return Command(("kstat", "-p", "unix:0:system_misc:boot_time"))

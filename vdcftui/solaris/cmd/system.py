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

"""Builders of the commands the monitoring collectors run on a node, in the C locale
(``LC_ALL=C``: dates and decimal separators as the parsers expect them)."""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command

C_LOCALE = "LC_ALL=C"
"""The assignment that runs a command in the C locale (the shell reads it as one)."""
MAX_ZONES = 8192
"""How many zone rows prstat may print (its ``-n`` bottom count)."""
NODE_KSTATS = (
    "unix:0:system_pages:physmem",
    "unix:0:system_pages:freemem",
    "cpu::sys:cpu_ticks_*",
)
"""Physical and free memory (pages), and every CPU's tick counters."""


def _c(*argv: str) -> Command:
    return Command((C_LOCALE, *argv))


def pagesize() -> Command:
    """`pagesize`: bytes per page (kstat counts memory in pages)."""
    return _c("pagesize")


def kstat_node() -> Command:
    """`kstat -p` of the node's memory and CPU tick statistics."""
    return _c("kstat", "-p", *NODE_KSTATS)


def prstat_zones() -> Command:
    """`prstat -Z -n 1,MAX 1 1`: one process line, every zone's CPU and memory, once."""
    return _c("prstat", "-Z", "-n", f"1,{MAX_ZONES}", "1", "1")


def zfs_usage() -> Command:
    """`zfs list -H -p -o name,used,avail,mountpoint -t filesystem`: exact bytes."""
    return _c("zfs", "list", "-H", "-p", "-o", "name,used,avail,mountpoint", "-t", "filesystem")


def df_k() -> Command:
    """`df -k`: every mounted file system in KB (zonepaths that are not ZFS)."""
    return _c("df", "-k")


def swap_s() -> Command:
    """`swap -s`: swap allocated, reserved and available, in KB."""
    return _c("swap", "-s")


def svcs_x() -> Command:
    """`svcs -x`: the services that are not running as they should."""
    return _c("svcs", "-x")


def fmadm_faulty() -> Command:
    """`fmadm faulty`: the problems the fault manager holds (nothing when none)."""
    return _c("fmadm", "faulty")

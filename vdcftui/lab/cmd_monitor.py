"""What the monitoring collectors run on a lab node: `prstat -Z` and `fmadm faulty`."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command
from vdcftui.lab.load import zone_cpu_percent, zone_rss_k

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode


def _size(kbytes: int) -> str:
    """A prstat size: whole K below 10000K, whole M below 10000M, else G (prstat-Z*
    captures: ``6916K``, ``2885M``, ``13G``; unverified: the exact thresholds)."""
    if kbytes < 10000:
        return f"{kbytes}K"
    if kbytes < 10000 << 10:
        return f"{kbytes >> 10}M"
    return f"{kbytes >> 20}G"


def _percent(value: float) -> str:
    """A prstat percentage: one decimal below 10, whole above (``0.7%``, ``62%``)."""
    return f"{value:.1f}%" if value < 10 else f"{value:.0f}%"


def _cpu_time(seconds: int) -> str:
    """TIME as prstat prints it: ``h:mm:ss`` (``0:03:28``, ``16:15:40``)."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _zone_row(
    zoneid: int,
    nproc: int,
    swap_k: int,
    rss_k: int,
    memory: float,
    cpu_seconds: int,
    cpu: float,
    name: str,
) -> str:
    """One zone row (prstat-Z-zoneblock-s11 capture: ``%6d %8d %5s %5s %6s %9s %4s %s``)."""
    return (
        f"{zoneid:>6} {nproc:>8} {_size(swap_k):>5} {_size(rss_k):>5} "
        f"{_percent(memory):>6} {_cpu_time(cpu_seconds):>9} {_percent(cpu):>4} {name}"
    )


@command("prstat")
def prstat(node: SimNode, args: list[str], stdin: str) -> Result:
    """prstat -Z [-n NTOP[,NBOTTOM]] [INTERVAL [COUNT]]: the process block, then the zone
    block and the Total line (prstat-vZ-1-1-zoneblock and prstat-Z__nagios captures).
    The lab reports one interval at once, whatever INTERVAL and COUNT say."""
    words = list(args)
    if "-Z" not in words:
        # unverified: the lab answers only the zone report
        return "", "prstat: the lab answers prstat -Z only\n", 2
    words.remove("-Z")
    bottom = 15
    if "-n" in words:
        at = words.index("-n")
        _, _, count = (words[at + 1] if at + 1 < len(words) else "").partition(",")
        if count and not count.isdigit():
            # unverified: prstat's message for a bad -n value
            return "", f"prstat: invalid argument for -n: {words[at + 1]}\n", 2
        bottom = int(count) if count else bottom
        del words[at : at + 2]
    if not all(w.isdigit() for w in words):
        # unverified: prstat's usage text
        return "", "Usage: prstat [-acHJLmrRtTvZ] [-n ntop[,nbottom]] [interval [count]]\n", 2
    now = time.time()
    memory_k = node.spec.memory_mb << 10
    zones = sorted((z for z in node.zones.values() if z.state == "running"), key=lambda z: z.name)
    rows = []
    uptime = int(now - node.booted_at)
    for zone in zones:
        rss = zone_rss_k(zone, now)
        cpu = zone_cpu_percent(node, zone, now)
        rows.append((zone.zoneid or 0, 25 + len(zone.name), rss + rss // 8, rss, cpu, zone.name))
    global_rss = memory_k // 10
    rows.append((0, 80, global_rss + global_rss // 4, global_rss, 1.2, "global"))
    # the zone block is sorted by CPU, the busiest first (prstat-Z__deimos capture)
    rows.sort(key=lambda r: -r[4])
    lines = [
        # the process block of prstat-Z__nagios capture; one process line (-n 1,...)
        "   PID USERNAME  SIZE   RSS STATE  PRI NICE      TIME  CPU PROCESS/NLWP       ",
        f"{4321:>6} root     6916K 3468K cpu0    59    0   0:00:00 0.1% prstat/1",
        "ZONEID    NPROC  SWAP   RSS MEMORY      TIME  CPU ZONE                        ",
    ]
    for zoneid, nproc, swap_k, rss_k, cpu, name in rows[:bottom]:
        share = 100 * rss_k / memory_k if memory_k else 0.0
        lines.append(
            _zone_row(
                zoneid, nproc, swap_k, rss_k, share, uptime * int(cpu * 10) // 1000, cpu, name
            )
        )
    processes = sum(r[1] for r in rows)
    lines.append(
        f"Total: {processes} processes, {processes * 4} lwps, load averages: 0.12, 0.10, 0.09"
    )
    return "\n".join(lines) + "\n", "", 0


@command("fmadm")
def fmadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """fmadm faulty: nothing when the node holds no problem (monitoring-resources §4.1),
    else one case per fault in the older layout (fmadm-faulty-s10-s11 capture)."""
    if args != ["faulty"]:
        # unverified: fmadm's usage text
        return "", "Usage: fmadm [-P prog] [-q] [cmd [args ... ]]\n", 2
    cases = []
    dashes = "--------------- ------------------------------------  -------------- ---------"
    for when, uuid, msg_id, severity, fault_class in node.fm_cases:
        stamp = time.strftime("%b %d %H:%M:%S", time.localtime(when))
        cases.append(
            f"{dashes}\nTIME            EVENT-ID                              MSG-ID         "
            f"SEVERITY\n{dashes}\n{stamp} {uuid}  {msg_id:<14} {severity}\n\n"
            f"Host        : {node.hostname}\nPlatform    : {node.spec.model}\n\n"
            f"Fault class : {fault_class}\n"
            # unverified: the lab's Description/Action texts are generic
            "Description : A fault was diagnosed.\n\n"
            f"Action      : Please refer to the associated reference document at\n"
            f"              http://support.oracle.com/msg/{msg_id} for the latest service\n"
            "              procedures and policies regarding this diagnosis.\n"
        )
    return "\n".join(cases), "", 0

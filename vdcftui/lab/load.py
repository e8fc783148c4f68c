"""How busy the lab's nodes and zones are: values that move over time, as a collector
sees on a real host, and that agree between kstat and prstat.

A node's load is a base (more for each running zone) plus a swing of
:data:`SWING_SECONDS`; its CPU tick counters are the integral of that load, so they only
grow. A zone's CPU share and resident set swing around values derived from its name.
"""

from __future__ import annotations

import math
import time
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode, Zone

SWING_SECONDS = 600.0
"""The period of the lab's load swing."""
_SWING = 0.04
"""Half the swing of a node's busy share (kernel and user together)."""
TICKS_PER_SECOND = 100


def _running(node: SimNode) -> int:
    return len([z for z in node.zones.values() if z.state == "running"])


def node_busy_share(node: SimNode, now: float | None = None) -> float:
    """The share (0-1) of the node's CPU time busy at ``now``."""
    now = time.time() if now is None else now
    base = 0.08 + 0.01 * min(_running(node), 40)
    return base + _SWING * math.sin(2 * math.pi * (now - node.booted_at) / SWING_SECONDS)


def node_ticks(node: SimNode, now: float | None = None) -> tuple[int, int, int]:
    """(all, user, kernel) clock ticks of one CPU since boot: the integral of
    :func:`node_busy_share` (a quarter of it kernel time)."""
    now = time.time() if now is None else now
    elapsed = now - node.booted_at
    base = 0.08 + 0.01 * min(_running(node), 40)
    swing = _SWING * SWING_SECONDS / (2 * math.pi)
    busy = base * elapsed + swing * (1 - math.cos(2 * math.pi * elapsed / SWING_SECONDS))
    total = int(elapsed * TICKS_PER_SECOND)
    kernel = int(busy * TICKS_PER_SECOND / 4)
    return total, int(busy * TICKS_PER_SECOND) - kernel, kernel


def _seed(zone: Zone) -> int:
    return zlib.crc32(zone.name.encode())


def zone_cpu_percent(node: SimNode, zone: Zone, now: float | None = None) -> float:
    """The zone's share of all the node's CPUs, in percent, at ``now``."""
    now = time.time() if now is None else now
    phase = (_seed(zone) % 360) * math.pi / 180
    level = 0.2 + (_seed(zone) % 30) / 10
    swing = 1 + math.sin(2 * math.pi * now / SWING_SECONDS + phase)
    return round(level * swing / max(node.spec.threads / 64, 1), 1)


def zone_rss_k(zone: Zone, now: float | None = None) -> int:
    """The zone's resident set in KB at ``now``: 40-100 MB plus a swing of 8 MB."""
    now = time.time() if now is None else now
    base = (40 << 10) + _seed(zone) % (60 << 10)
    return base + int((8 << 10) * math.sin(2 * math.pi * now / SWING_SECONDS))


def memory_swing(pages: int, now: float | None = None) -> int:
    """Pages in use beyond a node's base, 0-4 % of them, swinging with time."""
    now = time.time() if now is None else now
    return int(pages * 0.02 * (1 + math.sin(2 * math.pi * now / SWING_SECONDS)))

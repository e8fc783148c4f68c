"""From what a node answered to samples: the metrics of the node, its zones (keyed by
zone name: zone ids change at every boot) and its datasets.

A command that failed or printed lines its parser could not read is reported in
:attr:`Reading.problems`; the metrics the other commands gave are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vdcftui.ops.monitor.history import Sample
from vdcftui.solaris import monitoring as mon
from vdcftui.solaris.names import InvalidName, validate_zonename

MB = 1 << 20

Outputs = dict[str, tuple[str, int]]
"""Command key -> (output, exit status), as the batch returned them."""


@dataclass(frozen=True)
class Ticks:
    """A node's CPU tick counters summed over its CPUs: busy (user, kernel) and all."""

    busy: int
    total: int


@dataclass
class Reading:
    """The samples one collection gave, what it could not read, and the node's CPU
    counters for the next collection's difference."""

    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ticks: Ticks | None = None
    notes: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(object type, name, metric) -> what a count stands for (the services in
    maintenance, the faults' message ids), for the alerts that name them."""


def _usable(reading: Reading, key: str, outputs: Outputs) -> str | None:
    """The output of a command that ran, or None (the failure recorded)."""
    if key not in outputs:
        return None
    text, status = outputs[key]
    if status != 0:
        first = text.strip().splitlines()[:1]
        reading.problems.append(f"{key}: exit status {status}: {first[0] if first else ''}")
        return None
    return text


def _keep(reading: Reading, parsed: mon.Parsed) -> tuple:
    reading.problems += [str(p) for p in parsed.problems]
    return parsed.records


def _node_usage(reading: Reading, node: str, outputs: Outputs, before: Ticks | None) -> None:
    """CPU (tick differences since the last reading; since boot the first time, as
    vmstat's first line) and memory in use (physmem - freemem pages)."""
    text = _usable(reading, "kstat", outputs)
    page_text = _usable(reading, "pagesize", outputs)
    if text is None:
        return
    stats = _keep(reading, mon.parse_kstat_values(text))
    values: dict[str, int] = {}
    busy = total = 0
    for stat in stats:
        if not isinstance(stat.value, int):
            continue
        if stat.module == "cpu" and stat.statistic.startswith("cpu_ticks_"):
            total += stat.value
            if stat.statistic in ("cpu_ticks_user", "cpu_ticks_kernel"):
                busy += stat.value
        elif stat.module == "unix":
            values[stat.statistic] = stat.value
    if total:
        reading.ticks = Ticks(busy, total)
        if before is not None and total > before.total and busy >= before.busy:
            cpu = 100.0 * (busy - before.busy) / (total - before.total)
        else:
            cpu = 100.0 * busy / total
        reading.samples.append(("node", node, "cpu", round(cpu, 2)))
    page = page_text.strip() if page_text else ""
    if page.isdigit() and "physmem" in values and "freemem" in values:
        used = (values["physmem"] - values["freemem"]) * int(page)
        reading.samples.append(("node", node, "memory", round(used / MB, 1)))
    elif page_text is not None and not page.isdigit():
        reading.problems.append(f"pagesize: not a number: {page!r}")


def _zones(reading: Reading, outputs: Outputs) -> None:
    """Each non-global zone's share of the node's CPUs and resident memory."""
    text = _usable(reading, "prstat", outputs)
    if text is None:
        return
    for zone in _keep(reading, mon.parse_prstat_zones(text)):
        if zone.zone == "global":
            continue
        try:
            validate_zonename(zone.zone)
        except InvalidName as exc:
            reading.problems.append(f"prstat: {exc}")
            continue
        reading.samples.append(("vserver", zone.zone, "cpu", zone.cpu))
        reading.samples.append(("vserver", zone.zone, "memory", round(zone.rss / MB, 1)))


def _percent(used: float, size: float) -> float:
    return round(100.0 * used / size, 2) if size > 0 else 0.0


def _filesystems(reading: Reading, outputs: Outputs, zonepaths: dict[str, str]) -> None:
    """Each pool's top dataset and each vServer's zonepath, in percent used (ZFS first,
    df -k for a zonepath that is not a ZFS mount point)."""
    by_mount: dict[str, float] = {}
    text = _usable(reading, "zfs", outputs)
    if text is not None:
        for dataset in _keep(reading, mon.parse_zfs_usage(text)):
            used = _percent(dataset.used, dataset.used + dataset.avail)
            by_mount.setdefault(dataset.mountpoint, used)
            if "/" not in dataset.name:
                reading.samples.append(("dataset", dataset.name, "disk", used))
    text = _usable(reading, "df", outputs)
    if text is not None:
        for entry in _keep(reading, mon.parse_df_usage(text)):
            used, avail = entry.used, entry.avail
            if isinstance(used, int) and isinstance(avail, int):
                by_mount.setdefault(entry.mounted_on, _percent(used, used + avail))
    for zone, zonepath in sorted(zonepaths.items()):
        if zonepath in by_mount:
            reading.samples.append(("vserver", zone, "disk", by_mount[zonepath]))


def _health(reading: Reading, node: str, outputs: Outputs) -> None:
    """Swap in use, services in maintenance, faults held by the fault manager."""
    text = _usable(reading, "swap", outputs)
    if text is not None:
        for summary in _keep(reading, mon.parse_swap_usage(text)):
            used_kb = summary.allocated_kb + summary.reserved_kb
            reading.samples.append(("node", node, "swap", round(used_kb / 1024, 1)))
    text = _usable(reading, "svcs", outputs)
    if text is not None:
        services = _keep(reading, mon.parse_svcs_problems(text))
        broken = [s.svc for s in services if s.state == "maintenance"]
        reading.samples.append(("node", node, "services", float(len(broken))))
        if broken:
            reading.notes[("node", node, "services")] = ", ".join(broken)
    text = _usable(reading, "fmadm", outputs)
    if text is not None:
        faults = _keep(reading, mon.parse_fmadm_faulty(text))
        reading.samples.append(("node", node, "faults", float(len(faults))))
        if faults:
            reading.notes[("node", node, "faults")] = ", ".join(
                f"{f.msg_id} ({f.severity})" for f in faults
            )


def samples_from(
    node: str, outputs: Outputs, zonepaths: dict[str, str], before: Ticks | None = None
) -> Reading:
    """The samples of one collection on ``node``: ``outputs`` by command key,
    ``zonepaths`` the zonepath of each vServer the repository places there, ``before``
    the CPU counters of the previous collection."""
    reading = Reading()
    _node_usage(reading, node, outputs, before)
    _zones(reading, outputs)
    _filesystems(reading, outputs, zonepaths)
    _health(reading, node, outputs)
    return reading

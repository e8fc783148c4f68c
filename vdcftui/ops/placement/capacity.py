"""What a node has and what it would have after taking a workload.

A node's limits are its CPU threads, memory and base-unit rating; what it has
committed is the sum of the caps of its running and installed vServers and the
virtual CPUs and memory of its bound and active GDoms. A placement adds to a copy of
these, so what one plan already placed counts for the next decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.ops.placement.rules import capacity_refusal


@dataclass(frozen=True)
class Demand:
    """CPUs, memory and base units a workload reserves (its caps, or a GDom's binding)."""

    cpus: float = 0.0
    memory_mb: int = 0
    base_units: float = 0.0

    def __add__(self, other: Demand) -> Demand:
        return Demand(
            self.cpus + other.cpus,
            self.memory_mb + other.memory_mb,
            self.base_units + other.base_units,
        )


@dataclass(frozen=True)
class Free:
    """What a node would have free after a placement; None where its limit is unknown."""

    cpu_percent: float | None
    memory_mb: int | None
    base_units: float | None
    score: float
    """The smallest free fraction of the known limits (0 when none is known): the
    target with the highest score is the least loaded after the move."""

    def text(self) -> str:
        """'CPU 18 % free after, memory 41 GB free after' (unknown limits said so)."""
        cpu = (
            "CPU capacity unknown"
            if self.cpu_percent is None
            else f"CPU {self.cpu_percent:.0f} % free after"
        )
        memory = (
            "memory unknown"
            if self.memory_mb is None
            else f"memory {gigabytes(self.memory_mb)} free after"
        )
        parts = [cpu, memory]
        if self.base_units is not None:
            parts.append(f"{self.base_units:g} base units free after")
        return ", ".join(parts)


def gigabytes(megabytes: int) -> str:
    """Megabytes as the operator reads them: '41 GB', '3.5 GB', '512 MB'."""
    if abs(megabytes) < 1024:
        return f"{megabytes} MB"
    value = megabytes / 1024
    return f"{value:.0f} GB" if abs(value) >= 10 else f"{value:.1f} GB"


@dataclass
class NodeCapacity:
    """A node's limits and what is committed on it (mutable: a plan adds to it)."""

    name: str
    cpu_threads: int | None
    memory_mb: int | None
    base_units: float | None
    used: Demand

    def copy(self) -> NodeCapacity:
        """An independent copy for one plan."""
        return NodeCapacity(self.name, self.cpu_threads, self.memory_mb, self.base_units, self.used)

    def refusal(self, demand: Demand) -> str | None:
        """Why taking ``demand`` would overload the node, or None."""
        after = self.used + demand
        return capacity_refusal(
            after.memory_mb,
            self.memory_mb,
            after.cpus,
            self.cpu_threads,
            after.base_units,
            self.base_units if demand.base_units else None,
        )

    def free_after(self, demand: Demand) -> Free:
        """What would be free after taking ``demand``."""
        after = self.used + demand
        fractions = []
        cpu: float | None = None
        memory: int | None = None
        base: float | None = None
        if self.cpu_threads:
            cpu = (self.cpu_threads - after.cpus) / self.cpu_threads * 100
            fractions.append(cpu / 100)
        if self.memory_mb:
            memory = self.memory_mb - after.memory_mb
            fractions.append(memory / self.memory_mb)
        if self.base_units:
            base = self.base_units - after.base_units
            fractions.append(base / self.base_units)
        return Free(cpu, memory, base, min(fractions) if fractions else 0.0)

    def take(self, demand: Demand) -> None:
        """Commit ``demand`` on this node."""
        self.used = self.used + demand

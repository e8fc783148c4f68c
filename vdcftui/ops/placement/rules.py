"""What a target node must offer a workload: a compatible release, room, its LUNs.

Pure functions on plain values, shared by vServer migration's pre-checks
(``ops/vserver/migrate.py``) and by placement, so both refuse for the same reasons
with the same words.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from enum import Enum

from vdcftui.repo import models as m

UPDATE_ON_ATTACH = 6
"""The Solaris 10 update whose zoneadm has `attach -u` (10/08); before it, a zone
attaches only to the same patch level (procedures.md §1.1, S10 gcxgj)."""


@dataclass(frozen=True)
class Release:
    """A node's architecture, Solaris version and build level, as the repository has them."""

    node: str
    arch: str | None
    os_version: str | None
    build: str
    """The SRU, else the kernel id, else the version: what attach compares."""
    update: int | None = None
    """The Solaris 10 update (11 for 1/13), when known."""
    patches: frozenset[str] = frozenset()
    """A Solaris 10 node's patches (``118666-20``) as `showrev -p` listed them: what
    a native zone's attach compares."""

    @classmethod
    def of(cls, node: m.Node) -> Release:
        """The release of a node row (its patches read for a Solaris 10 node)."""
        patches: frozenset[str] = frozenset()
        if node.os_version == "10":
            patches = frozenset(
                row.patch_id
                for row in m.Patch.select(m.Patch.patch_id)
                .join(m.NodePatch)
                .where(m.NodePatch.node == node.id)
            )
        return cls.from_values(
            node.name, node.arch, node.os_version, node.sru, node.kernel_id, node.os_update, patches
        )

    @classmethod
    def from_values(
        cls,
        name: str,
        arch: str | None,
        os_version: str | None,
        sru: str | None,
        kernel_id: str | None,
        update: int | None = None,
        patches: frozenset[str] = frozenset(),
    ) -> Release:
        """The release from a node's columns."""
        return cls(name, arch, os_version, sru or kernel_id or os_version or "", update, patches)

    @property
    def major(self) -> str:
        """The Solaris major version ('10', '11'), '' when unknown."""
        return (self.os_version or "").split(".")[0]

    @property
    def level(self) -> tuple[int, ...]:
        """The build as comparable numbers."""
        return tuple(
            int(part) for part in self.build.replace("-", ".").split(".") if part.isdigit()
        )


class Fit(Enum):
    """How a target's release relates to the source's."""

    SAME = "same"
    NEWER = "newer"
    OLDER = "older"
    OTHER_ARCH = "other architecture"
    OTHER_MAJOR = "other Solaris version"

    @property
    def refused(self) -> bool:
        """Whether a zone cannot be attached there at all."""
        return self in (Fit.OLDER, Fit.OTHER_ARCH, Fit.OTHER_MAJOR)


def compare_releases(source: Release, target: Release) -> tuple[Fit, str]:
    """How ``target`` relates to ``source`` for attaching a zone, and why in words.

    Solaris 10 nodes whose patches are known are compared patch by patch, as a native
    zone's attach validates them: the same patches attach as they are; the target
    having every patch of the source at the same or a later revision (and maybe more)
    attaches with update (`attach -u`, from 10/08); a patch the target lacks or has at
    an earlier revision is a downgrade, refused."""
    if source.arch != target.arch:
        return Fit.OTHER_ARCH, (f"{source.node} is {source.arch}, {target.node} is {target.arch}")
    if source.major != target.major:
        return Fit.OTHER_MAJOR, (
            f"{source.node} runs Solaris {source.os_version}, "
            f"{target.node} Solaris {target.os_version}"
        )
    if source.major == "10" and source.patches and target.patches:
        fit, text = _compare_patches(source, target)
    elif source.level == target.level:
        return Fit.SAME, f"same build level {source.build or 'unknown'} on both nodes"
    elif target.level < source.level:
        return Fit.OLDER, (
            f"{target.node} ({target.build}) is older than {source.node} ({source.build}): "
            "cannot attach to an earlier release"
        )
    else:
        fit, text = Fit.NEWER, f"{target.node} is newer ({target.build} > {source.build})"
    if fit is not Fit.NEWER:
        return fit, text
    if target.major == "10" and target.update is not None and target.update < UPDATE_ON_ATTACH:
        return Fit.OLDER, (
            f"{text}, but update on attach needs Solaris 10 10/08 or later and "
            f"{target.node} runs update {target.update}"
        )
    return Fit.NEWER, f"{text}: fits with update (attach -u)"


def _revisions(patches: frozenset[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for patch in patches:
        base, _, revision = patch.partition("-")
        if revision.isdigit():
            out[base] = max(out.get(base, 0), int(revision))
    return out


def _compare_patches(source: Release, target: Release) -> tuple[Fit, str]:
    have, there = _revisions(source.patches), _revisions(target.patches)
    behind = sorted(
        f"{base}-{rev:02d} ({'missing' if base not in there else f'it has -{there[base]:02d}'})"
        for base, rev in have.items()
        if there.get(base, -1) < rev
    )
    if behind:
        more = f" and {len(behind) - 3} more" if len(behind) > 3 else ""
        return Fit.OLDER, (
            f"{target.node} is behind {source.node} on patch {', '.join(behind[:3])}{more}: "
            "cannot attach to an earlier patch level"
        )
    ahead = sum(1 for base, rev in there.items() if have.get(base, -1) < rev)
    if not ahead:
        return Fit.SAME, f"same patches on {source.node} and {target.node}"
    return Fit.NEWER, f"{target.node} is newer ({ahead} patches ahead of {source.node})"


def capacity_refusal(
    memory_mb: int,
    memory_limit: int | None,
    cpus: float,
    cpu_limit: int | None,
    base_units: float = 0.0,
    base_unit_limit: float | None = None,
) -> str | None:
    """Why these totals overload a node (memory, then CPU, then base units), or None.
    A limit the repository does not know is not checked."""
    if memory_limit is not None and memory_mb > memory_limit:
        return f"memory caps would total {memory_mb} MB of {memory_limit} MB"
    if cpu_limit is not None and cpus > cpu_limit:
        return f"CPU caps would total {cpus:g} of {cpu_limit} CPUs"
    if base_unit_limit is not None and base_units > base_unit_limit:
        return f"base units would total {base_units:g} of {base_unit_limit:g}"
    return None


@dataclass(frozen=True)
class LunNeed:
    """A LUN a workload is built on: under a vServer's dataset or a GDom's disk."""

    lun_id: int
    wwn: str
    user: str
    """What of the workload sits on it, as the operator reads it: 'dataset db01/data',
    'disk disk0'."""

    @property
    def text(self) -> str:
        """The LUN as the operator reads it."""
        return f"{self.wwn} ({self.user})"


def missing_luns(needs: Iterable[LunNeed], seen: Container[int]) -> list[LunNeed]:
    """The needed LUNs a node does not see, in the given order."""
    return [need for need in needs if need.lun_id not in seen]

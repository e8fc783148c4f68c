"""What a job changes in the repository once its steps have succeeded.

A plan carries a tuple of small frozen effects; the runner applies them in one
transaction when the job succeeds, and pending changes keep the same effects until
the boot that applies them. Each effect has a type tag for JSON. Adding an operation
that records something new adds one class here, registered with :func:`effect`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, ClassVar, Protocol, TypeVar

from vdcftui.repo import models as m


class Effect(Protocol):
    """A change to the repository that a job makes when it succeeds."""

    tag: ClassVar[str]

    def apply(self) -> None:
        """Write the change (inside the runner's transaction)."""


EFFECTS: dict[str, type[Effect]] = {}
E = TypeVar("E", bound=type[Effect])


def effect(cls: E) -> E:
    """Register an effect class under its tag."""
    if cls.tag in EFFECTS:
        raise ValueError(f"effect tag {cls.tag!r} registered twice")
    EFFECTS[cls.tag] = cls
    return cls


def effect_to_json(item: Effect) -> dict[str, Any]:
    """An effect as JSON data: its tag and fields."""
    return {"type": item.tag, **asdict(item)}  # type: ignore[call-overload]


def effect_from_json(data: dict[str, Any]) -> Effect:
    """An effect back from :func:`effect_to_json`'s data."""
    values = dict(data)
    cls = EFFECTS.get(values.pop("type", ""))
    if cls is None:
        raise ValueError(f"unknown effect in a stored plan: {data!r}")
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in names}
    )


def _vserver(name: str) -> m.VServer:
    return m.VServer.get(m.VServer.name == name)


@effect
@dataclass(frozen=True)
class SetVServerState:
    """The vServer is in ``state`` (running, installed, ...)."""

    tag: ClassVar[str] = "vserver-state"
    vserver: str
    state: str

    def apply(self) -> None:
        """Record the state."""
        m.VServer.update(state=self.state).where(m.VServer.name == self.vserver).execute()


@effect
@dataclass(frozen=True)
class SetVServerShares:
    """The vServer holds ``units`` base units, which are ``shares`` cpu-shares on its
    node."""

    tag: ClassVar[str] = "vserver-shares"
    vserver: str
    units: float
    shares: int

    def apply(self) -> None:
        """Record the units and the shares."""
        m.VServer.update(base_units=self.units, cpu_shares=self.shares).where(
            m.VServer.name == self.vserver
        ).execute()


@effect
@dataclass(frozen=True)
class MoveVServer:
    """The vServer and its datasets are on ``node`` (``None``: on no node, detached)."""

    tag: ClassVar[str] = "vserver-node"
    vserver: str
    node: str | None

    def apply(self) -> None:
        """Record the node of the vServer and of its datasets."""
        node = m.Node.get(m.Node.name == self.node) if self.node else None
        vserver = _vserver(self.vserver)
        m.VServer.update(node=node).where(m.VServer.id == vserver.id).execute()
        m.Dataset.update(node=node).where(m.Dataset.vserver == vserver).execute()


@effect
@dataclass(frozen=True)
class SetGDomState:
    """The GDom ``gdom`` of control domain ``cdom`` is in LDom state ``state``."""

    tag: ClassVar[str] = "gdom-state"
    cdom: str
    gdom: str
    state: str

    def apply(self) -> None:
        """Record the state."""
        cdoms = m.Node.select(m.Node.id).where(m.Node.name == self.cdom)
        m.GDom.update(state=self.state).where(
            (m.GDom.name == self.gdom) & m.GDom.cdom.in_(cdoms)
        ).execute()


@effect
@dataclass(frozen=True)
class SetNodePower:
    """The node's controller says its power is ``power`` (on, off); with it off, its
    zones are down and its guests' state is unknown; with it on, its autobooting zones
    are coming up (unknown until read)."""

    tag: ClassVar[str] = "node-power"
    node: str
    power: str

    def apply(self) -> None:
        """Record the power state and what it means for the node's workloads."""
        node = m.Node.get(m.Node.name == self.node)
        state = "down" if self.power == "off" else "unknown"
        m.Node.update(power_state=self.power, state=state).where(m.Node.id == node.id).execute()
        zones = m.VServer.update(state="installed" if self.power == "off" else UNKNOWN).where(
            m.VServer.node == node
        )
        if self.power == "off":
            zones.where(m.VServer.state.in_(("running", "ready", UNKNOWN))).execute()
        else:
            zones.where(m.VServer.autoboot & (m.VServer.state == "installed")).execute()
        m.GDom.update(state=UNKNOWN).where(m.GDom.cdom == node).execute()


@effect
@dataclass(frozen=True)
class FenceNode:
    """The node is fenced: powered off as its controller confirmed; who did it and why.
    Nothing is started on it until an operator clears the fence."""

    tag: ClassVar[str] = "node-fence"
    node: str
    operator: str
    reason: str

    def apply(self) -> None:
        """Record the fence."""
        SetNodePower(self.node, "off").apply()
        m.Node.update(
            fenced=True, fenced_by=self.operator, fenced_at=datetime.now(), fence_reason=self.reason
        ).where(m.Node.name == self.node).execute()


@effect
@dataclass(frozen=True)
class AddFilesystem:
    """A data filesystem of the vServer exists (quota in bytes, 0 for none)."""

    tag: ClassVar[str] = "filesystem-add"
    name: str
    vserver: str
    mountpoint: str
    quota: int

    def apply(self) -> None:
        """Record the filesystem on its dataset."""
        dataset = m.Dataset.get(m.Dataset.name == self.name.split("/")[0])
        m.Filesystem.create(
            dataset=dataset,
            vserver=_vserver(self.vserver),
            name=self.name,
            kind="data",
            mountpoint=self.mountpoint,
            quota_bytes=self.quota or None,
        )


@effect
@dataclass(frozen=True)
class SetQuota:
    """The filesystem's quota is ``quota`` bytes."""

    tag: ClassVar[str] = "filesystem-quota"
    filesystem: str
    quota: int

    def apply(self) -> None:
        """Record the quota."""
        m.Filesystem.update(quota_bytes=self.quota).where(
            m.Filesystem.name == self.filesystem
        ).execute()


@effect
@dataclass(frozen=True)
class RemoveFilesystem:
    """The filesystem is gone."""

    tag: ClassVar[str] = "filesystem-remove"
    filesystem: str

    def apply(self) -> None:
        """Delete its record."""
        m.Filesystem.delete().where(m.Filesystem.name == self.filesystem).execute()


@effect
@dataclass(frozen=True)
class RenameFilesystem:
    """The filesystem ``old`` is now ``new``, mounted at ``mountpoint``."""

    tag: ClassVar[str] = "filesystem-rename"
    old: str
    new: str
    mountpoint: str

    def apply(self) -> None:
        """Record the new name and mount point."""
        m.Filesystem.update(name=self.new, mountpoint=self.mountpoint).where(
            m.Filesystem.name == self.old
        ).execute()


@effect
@dataclass(frozen=True)
class AddDataset:
    """A pool on ``wwns`` belongs to the vServer on ``node``."""

    tag: ClassVar[str] = "dataset-add"
    pool: str
    vserver: str
    node: str
    raid: str
    wwns: tuple[str, ...]

    def apply(self) -> None:
        """Record the dataset and its LUNs."""
        dataset = m.Dataset.create(
            name=self.pool,
            raid=self.raid,
            state="ONLINE",
            vserver=_vserver(self.vserver),
            node=m.Node.get(m.Node.name == self.node),
        )
        for wwn in self.wwns:
            m.DatasetLun.create(dataset=dataset, lun=m.Lun.get_or_create(wwn=wwn)[0])


@effect
@dataclass(frozen=True)
class ReleaseDataset:
    """The pool left its vServer: exported (kept, on no node) or destroyed."""

    tag: ClassVar[str] = "dataset-release"
    pool: str
    destroyed: bool

    def apply(self) -> None:
        """Detach the dataset's record, or delete it (its LUN links and filesystems go
        with it, ON DELETE CASCADE)."""
        dataset = m.Dataset.get(m.Dataset.name == self.pool)
        if self.destroyed:
            m.Dataset.delete().where(m.Dataset.id == dataset.id).execute()
            return
        m.Filesystem.update(vserver=None).where(m.Filesystem.dataset == dataset).execute()
        m.Dataset.update(vserver=None, node=None, state="exported").where(
            m.Dataset.id == dataset.id
        ).execute()


@effect
@dataclass(frozen=True)
class AddNetwork:
    """The vServer has a network on ``interface``."""

    tag: ClassVar[str] = "net-add"
    vserver: str
    linkname: str
    net_type: str
    interface: str
    address: str
    prefixlen: int

    def apply(self) -> None:
        """Record the network."""
        m.VServerNet.create(
            vserver=_vserver(self.vserver),
            linkname=self.linkname,
            net_type=self.net_type,
            interface_name=self.interface,
            address=self.address,
            prefixlen=self.prefixlen,
        )


@effect
@dataclass(frozen=True)
class RemoveNetwork:
    """The vServer's network ``linkname`` is gone."""

    tag: ClassVar[str] = "net-remove"
    vserver: str
    linkname: str

    def apply(self) -> None:
        """Delete its record."""
        vserver = _vserver(self.vserver)
        m.VServerNet.delete().where(
            (m.VServerNet.vserver == vserver) & (m.VServerNet.linkname == self.linkname)
        ).execute()


@effect
@dataclass(frozen=True)
class RemoveVServer:
    """The vServer is gone (its networks and dependencies with it, ON DELETE CASCADE)."""

    tag: ClassVar[str] = "vserver-remove"
    vserver: str

    def apply(self) -> None:
        """Delete its record."""
        m.VServer.delete().where(m.VServer.name == self.vserver).execute()


@effect
@dataclass(frozen=True)
class ClearPending:
    """The vServer's pending changes have been applied."""

    tag: ClassVar[str] = "pending-clear"
    vserver: str

    def apply(self) -> None:
        """Empty its pending changes."""
        m.VServer.update(pending_changes="[]").where(m.VServer.name == self.vserver).execute()


UNKNOWN = "unknown"
"""The state of an object a job left between two places: until a recovery or the next
discovery reads its hosts, the repository does not claim where it runs."""


def mark_unsure(locks: tuple[tuple[str, str], ...]) -> None:
    """Record the vServers and GDoms a job locked as in an unknown state (the job
    failed or was interrupted with its hosts in between)."""
    for kind, name in locks:
        if kind == "vserver":
            SetVServerState(name, UNKNOWN).apply()
        elif kind == "gdom":
            cdom, _, gdom = name.partition(":")
            SetGDomState(cdom, gdom, UNKNOWN).apply()


@effect
@dataclass(frozen=True)
class SetVServerUuid:
    """The vServer's zone has ``uuid`` (a zone attached on a new node gets a new one)."""

    tag: ClassVar[str] = "vserver-uuid"
    vserver: str
    uuid: str

    def apply(self) -> None:
        """Record the uuid."""
        m.VServer.update(uuid=self.uuid).where(m.VServer.name == self.vserver).execute()


@effect
@dataclass(frozen=True)
class SetGDomFacts:
    """What the control domain reports of a GDom: its LDom state, virtual CPUs, memory
    and console port (``None``: not reported, left as it was)."""

    tag: ClassVar[str] = "gdom-facts"
    cdom: str
    gdom: str
    state: str
    vcpus: int | None
    memory_mb: int | None
    cons: str | None

    def apply(self) -> None:
        """Record the facts."""
        cdoms = m.Node.select(m.Node.id).where(m.Node.name == self.cdom)
        values: dict[Any, Any] = {m.GDom.state: self.state}
        for column, value in (
            (m.GDom.vcpus, self.vcpus),
            (m.GDom.memory_mb, self.memory_mb),
            (m.GDom.cons, self.cons),
        ):
            if value is not None:
                values[column] = value
        m.GDom.update(values).where((m.GDom.name == self.gdom) & m.GDom.cdom.in_(cdoms)).execute()


def _gdom_row(cdom: str, gdom: str) -> Any:
    cdoms = m.Node.select(m.Node.id).where(m.Node.name == cdom)
    return (m.GDom.name == gdom) & m.GDom.cdom.in_(cdoms)


@effect
@dataclass(frozen=True)
class SetGDomSize:
    """The GDom has ``vcpus`` virtual CPUs and ``memory_mb`` of memory (its
    constraints, also while it is inactive and `ldm list -p` shows neither)."""

    tag: ClassVar[str] = "gdom-size"
    cdom: str
    gdom: str
    vcpus: int
    memory_mb: int

    def apply(self) -> None:
        """Record the size."""
        m.GDom.update(vcpus=self.vcpus, memory_mb=self.memory_mb).where(
            _gdom_row(self.cdom, self.gdom)
        ).execute()


@effect
@dataclass(frozen=True)
class RemoveGDom:
    """The GDom no longer exists on its control domain."""

    tag: ClassVar[str] = "gdom-remove"
    cdom: str
    gdom: str

    def apply(self) -> None:
        """Delete it from the repository."""
        m.GDom.delete().where(_gdom_row(self.cdom, self.gdom)).execute()


@effect
@dataclass(frozen=True)
class MoveGDom:
    """The GDom runs on control domain ``target`` now. The vServers it carries move
    with it: they stay on the GDom's node, which is now the target's guest."""

    tag: ClassVar[str] = "gdom-cdom"
    source: str
    target: str
    gdom: str

    def apply(self) -> None:
        """Record the GDom under its new control domain."""
        target = m.Node.get(m.Node.name == self.target)
        m.GDom.update(cdom=target).where(_gdom_row(self.source, self.gdom)).execute()


@effect
@dataclass(frozen=True)
class SetNodeBuild:
    """The node runs ``build``, at its SRU (the upgrade verified it on the host)."""

    tag: ClassVar[str] = "node-build"
    node: str
    build: str
    sru: str

    def apply(self) -> None:
        """Record the node's build and SRU."""
        build = m.Build.get_or_none(m.Build.name == self.build)
        m.Node.update(sru=self.sru, build=build).where(m.Node.name == self.node).execute()


@effect
@dataclass(frozen=True)
class NodeInstalled:
    """The node was installed with ``build`` (at ``sru`` on Solaris 11, empty on 10)
    and runs; as a control domain when ``cdom``. Discovery reads the rest of it."""

    tag: ClassVar[str] = "node-installed"
    node: str
    build: str
    sru: str
    cdom: bool

    def apply(self) -> None:
        """Record the node's build, level, power and kind."""
        build = m.Build.get_or_none(m.Build.name == self.build)
        changes: dict[str, Any] = {
            "build": build,
            "state": "up",
            "power_state": "on",
            "os_version": build.os_version if build is not None else None,
        }
        if self.sru:
            changes["sru"] = self.sru
        if self.cdom:
            changes.update(kind="cdom", ldom_control=True, ldom_service=True)
        m.Node.update(**changes).where(m.Node.name == self.node).execute()


def patch_row(patch_id: str) -> m.Patch:
    """The repository's row of a patch (``150400-59``), made when it has none."""
    revision = int(patch_id.partition("-")[2])
    patch, _ = m.Patch.get_or_create(patch_id=patch_id, defaults={"revision": revision})
    return patch


@effect
@dataclass(frozen=True)
class SetNodePatches:
    """The node's `showrev -p` lists these patches (and no other)."""

    tag: ClassVar[str] = "node-patches"
    node: str
    patches: tuple[str, ...]

    def apply(self) -> None:
        """Record the node's patches as listed."""
        node = m.Node.get(m.Node.name == self.node)
        wanted = {patch_row(patch_id).id for patch_id in self.patches}
        have = {row.patch_id for row in m.NodePatch.select().where(m.NodePatch.node == node)}
        m.NodePatch.delete().where(
            (m.NodePatch.node == node) & m.NodePatch.patch.in_(have - wanted)
        ).execute()
        for patch in sorted(wanted - have):
            m.NodePatch.create(node=node, patch=patch)


@effect
@dataclass(frozen=True)
class RecordConfigApplied:
    """A configuration item's value was applied to the node, by the job that holds the
    node's lock (the one applying it, whose success this is written with)."""

    tag: ClassVar[str] = "config-applied"
    node: str
    kind: str
    key: str
    value: str

    def apply(self) -> None:
        """Record what was applied where, by which job, now."""
        node = m.Node.get(m.Node.name == self.node)
        lock = m.Lock.get_or_none(
            (m.Lock.object_type == "node") & (m.Lock.object_name == node.name)
        )
        m.ConfigApplied.create(
            node=node,
            kind=self.kind,
            key=self.key,
            value=self.value,
            job=lock.job_id if lock is not None else None,
        )

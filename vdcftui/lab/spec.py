"""The lab's spec: which nodes, LUNs, zpools, zones, controllers and consoles exist.

A spec is a TOML file (the default one ships as ``default_spec.toml``). Sections:
``[lab]`` (credentials), ``[[pools]]``, ``[[nodes]]`` (physical nodes, CDoms and
GDoms, a GDom naming its ``cdom``), ``[[luns]]`` (WWN, size, ``visible_to``),
``[[zpools]]`` (LUNs, layout, the node that has it imported), ``[[zones]]``,
``[[controllers]]`` (ILOM, XSCF or ALOM) and ``[[terminal_servers]]``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from vdcftui.lab.spec_checks import first_invalid
from vdcftui.textfile import UnreadableFile, read_text


class SpecError(ValueError):
    """The spec file is malformed or inconsistent; the message says where."""


@dataclass(frozen=True)
class Credentials:
    """Login of every lab SSH server."""

    username: str = "root"
    password: str = "solaris"


@dataclass(frozen=True)
class AddressSpec:
    """An IP address on a node's link, with its network type."""

    link: str
    address: str
    type: str = "management"


@dataclass(frozen=True)
class NodeSpec:
    """A Solaris instance: physical node, CDom or GDom."""

    name: str
    kind: str = "physical"
    pool: str | None = None
    cdom: str | None = None
    os: str = "11.4"
    arch: str = "sparc"
    model: str = "SPARC T7-1"
    serial: str = "AK00000000"
    cpu_type: str = "SPARC-M7"
    sockets: int = 1
    cores: int = 32
    threads: int = 256
    clock_mhz: int = 4133
    memory_mb: int = 65536
    nics: tuple[str, ...] = ("net0", "net1")
    aggregations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ipmp: dict[str, tuple[str, ...]] = field(default_factory=dict)
    addresses: tuple[AddressSpec, ...] = ()
    state: str = "active"
    patches: tuple[str, ...] = ()
    bare: bool = False
    """Nothing installed on its disks: powered on, it stops at the OBP ``ok`` prompt."""
    install_sru: str = ""
    """The SRU (Solaris 11) the lab's install service gives it at ``boot net -
    install`` (empty: its release's first SRU, as the lab's other nodes run)."""
    install_seconds: float = 0.0
    """How long the lab's install runs, between its start and its end lines."""


@dataclass(frozen=True)
class LunSpec:
    """A SAN LUN and the nodes that see it."""

    wwn: str
    size_gb: int
    visible_to: tuple[str, ...]
    paths: int = 2


@dataclass(frozen=True)
class ZpoolSpec:
    """A ZFS pool on LUNs, imported on one node (or none)."""

    name: str
    luns: tuple[str, ...]
    layout: str = "stripe"
    imported_on: str | None = None
    filesystems: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ZoneSpec:
    """A zone (vServer) on a node, with its zonepath on a zpool."""

    name: str
    node: str
    pool: str
    brand: str = ""
    """The zone's brand; by default its node's own (``native`` on Solaris 10,
    ``solaris`` on 11)."""
    state: str = "installed"
    ip_type: str = ""
    """``excl`` or ``shared``; by default its node's (shared on Solaris 10, whose zones
    share the global zone's IP stack unless told otherwise; exclusive on 11)."""
    autoboot: bool = True
    datasets: tuple[str, ...] = ()
    address: str | None = None
    lofs: tuple[str, ...] = ()
    zonepath: str = ""
    """Where the zone lives (on POOL/zone): /zones/NAME unless the spec says otherwise;
    like zonecfg, the lab takes any absolute path, spaces and '|' included."""

    def __post_init__(self) -> None:
        if not self.zonepath:
            object.__setattr__(self, "zonepath", f"/zones/{self.name}")


@dataclass(frozen=True)
class GDomSpec:
    """A guest domain as its CDom lists it."""

    name: str
    cdom: str
    state: str
    vcpus: int
    memory_mb: int


@dataclass(frozen=True)
class ControllerSpec:
    """A system controller: ILOM or ALOM for one node, or XSCF with domains."""

    name: str
    type: str
    address: str | None = None
    username: str | None = None
    password: str | None = None
    node: str | None = None
    domains: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TerminalServerSpec:
    """A terminal server: node -> TCP port of its serial console."""

    name: str
    type: str
    address: str | None = None
    ports: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LabSpec:
    """A whole lab."""

    name: str
    credentials: Credentials
    pools: tuple[str, ...]
    nodes: tuple[NodeSpec, ...]
    luns: tuple[LunSpec, ...]
    zpools: tuple[ZpoolSpec, ...]
    zones: tuple[ZoneSpec, ...]
    controllers: tuple[ControllerSpec, ...] = ()
    terminal_servers: tuple[TerminalServerSpec, ...] = ()

    @property
    def gdoms(self) -> tuple[GDomSpec, ...]:
        """Every GDom with its CDom (GDoms are nodes of kind ``gdom``)."""
        return tuple(
            GDomSpec(n.name, n.cdom or "", n.state, n.threads, n.memory_mb)
            for n in self.nodes
            if n.kind == "gdom"
        )


def _tuple(value: Any) -> tuple:
    return tuple(value or ())


def _build(data: dict[str, Any], origin: str) -> LabSpec:
    try:
        lab = data.get("lab", {})
        nodes = tuple(
            NodeSpec(
                **{
                    k: v
                    for k, v in n.items()
                    if k not in ("nics", "addresses", "patches", "aggregations", "ipmp")
                },
                nics=_tuple(n.get("nics", ("net0", "net1"))),
                aggregations={k: _tuple(v) for k, v in n.get("aggregations", {}).items()},
                ipmp={k: _tuple(v) for k, v in n.get("ipmp", {}).items()},
                addresses=tuple(AddressSpec(**a) for a in n.get("addresses", ())),
                patches=_tuple(n.get("patches")),
            )
            for n in data.get("nodes", ())
        )
        spec = LabSpec(
            name=lab.get("name", "lab"),
            credentials=Credentials(lab.get("username", "root"), lab.get("password", "solaris")),
            pools=_tuple(p["name"] for p in data.get("pools", ())),
            nodes=nodes,
            luns=tuple(
                LunSpec(
                    wwn=u["wwn"].upper(),
                    size_gb=u["size_gb"],
                    visible_to=_tuple(u["visible_to"]),
                    paths=u.get("paths", 2),
                )
                for u in data.get("luns", ())
            ),
            zpools=tuple(
                ZpoolSpec(
                    name=z["name"],
                    luns=tuple(w.upper() for w in z["luns"]),
                    layout=z.get("layout", "stripe"),
                    imported_on=z.get("imported_on"),
                    filesystems=dict(z.get("filesystems", {})),
                )
                for z in data.get("zpools", ())
            ),
            zones=tuple(
                ZoneSpec(
                    **{k: v for k, v in z.items() if k not in ("datasets", "lofs")},
                    datasets=_tuple(z.get("datasets")),
                    lofs=_tuple(z.get("lofs")),
                )
                for z in data.get("zones", ())
            ),
            controllers=tuple(
                ControllerSpec(
                    **{k: v for k, v in c.items() if k != "domains"},
                    domains={int(k): v for k, v in c.get("domains", {}).items()},
                )
                for c in data.get("controllers", ())
            ),
            terminal_servers=tuple(
                TerminalServerSpec(
                    **{k: v for k, v in t.items() if k != "ports"},
                    ports={k: int(v) for k, v in t.get("ports", {}).items()},
                )
                for t in data.get("terminal_servers", ())
            ),
        )
    except (KeyError, TypeError) as exc:
        raise SpecError(f"{origin}: malformed lab spec: {exc}") from None
    _check(spec, origin)
    return spec


def _check(spec: LabSpec, origin: str) -> None:
    invalid = first_invalid(spec)
    if invalid:
        raise SpecError(f"{origin}: {invalid}")
    names = {n.name for n in spec.nodes}
    luns = {u.wwn for u in spec.luns}
    pools = {z.name for z in spec.zpools}
    for node in spec.nodes:
        if node.kind == "gdom" and node.cdom not in names:
            raise SpecError(f"{origin}: GDom {node.name} names unknown CDom {node.cdom}")
        if node.bare and (node.arch != "sparc" or node.kind == "gdom"):
            raise SpecError(f"{origin}: bare node {node.name}: the lab installs SPARC servers")
        if node.install_sru and not re.fullmatch(r"11\.\d+\.\d+\.\d+\.\d+", node.install_sru):
            raise SpecError(f"{origin}: node {node.name}: install_sru is an SRU (11.4.42.111.0)")
    for lun in spec.luns:
        for seer in lun.visible_to:
            if seer not in names:
                raise SpecError(f"{origin}: LUN {lun.wwn} visible to unknown node {seer}")
    for zpool in spec.zpools:
        for wwn in zpool.luns:
            if wwn not in luns:
                raise SpecError(f"{origin}: zpool {zpool.name} on unknown LUN {wwn}")
    for zone in spec.zones:
        if zone.node not in names or zone.pool not in pools:
            raise SpecError(f"{origin}: zone {zone.name} on unknown node or zpool")


def load_spec(path: Path | None = None) -> LabSpec:
    """Read a spec file; None reads the default lab shipped with vdcftui."""
    if path is None:
        text, origin = (files("vdcftui.lab") / "default_spec.toml").read_text(), "default spec"
    else:
        try:
            text, origin = read_text(path, "lab spec"), str(path)
        except UnreadableFile as exc:
            raise SpecError(str(exc)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{origin}: {exc}") from None
    return _build(data, origin)

"""What discovery reads from one node, and how its command outputs become facts.

:data:`PROBE_COMMANDS` is sent to every node as one batch; the zone configurations
follow in a second batch once the zone list is known. :func:`build_facts` turns the
outputs into a :class:`NodeFacts` with nothing but the Solaris parsers: no I/O here.
A command that the platform does not have (``pkg`` on Solaris 10, ``ldm`` outside a
control domain) is skipped; one that should work but fails is kept as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vdcftui.ops.discovery.checks import check_facts
from vdcftui.solaris import parsers as p
from vdcftui.solaris.cmd import storage, system
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.ldm import ldm_list
from vdcftui.solaris.cmd.zones import zoneadm_list, zonecfg_export
from vdcftui.solaris.names import InvalidName, validate_zonename

PROBE_COMMANDS: dict[str, Command] = {
    "uname": system.uname_a(),
    "release": system.release(),
    "virtinfo": system.virtinfo(),
    "psrinfo": system.psrinfo(),
    "prtdiag": system.prtdiag(),
    "zones": zoneadm_list(),
    "zpools": storage.zpool_list(("name", "size", "alloc", "free", "health")),
    "zpool_status": storage.zpool_status(),
    "zfs": storage.zfs_list(
        ("name", "used", "avail", "quota", "mountpoint"), types=("filesystem",)
    ),
    "format": storage.format_disks(),
    "mpath": storage.mpathadm_list_lu(),
    "links": system.dladm_show("show-link", ("link", "class", "state", "over")),
    "phys": system.dladm_show("show-phys", ("link", "media", "state", "speed", "device")),
    "addrs": system.ipadm_show_addr(("addrobj", "type", "state", "addr")),
    "ifconfig": system.ifconfig_all(),
    "pkg": system.pkg_info_entire(),
    "showrev": system.showrev_patches(),
    "ldm": ldm_list(long=True),
}

ZFS_FIELDS = ("name", "used", "avail", "quota", "mountpoint")

# Commands that only some platforms have: their failure there is no warning.
_S11_ONLY = {"pkg", "links", "phys", "addrs"}
_S10_ONLY = {"showrev"}
_OPTIONAL = {"virtinfo", "mpath", "ldm", "prtdiag", "format", "zpool_status", "zpools", "zfs"}


class DiscoveryFailed(Exception):
    """A node's outputs could not be read into facts (a required command failed)."""


@dataclass(frozen=True)
class ZoneFacts:
    """One non-global zone: its `zoneadm list` line and its configuration."""

    entry: p.ZoneListEntry
    config: p.ZoneConfig | None
    invalid: str | None = None
    """Why the zone is refused for operations (an invalid value its host reported)."""


@dataclass(frozen=True)
class PoolFacts:
    """One imported zpool: size, health, layout and the LUNs it is built on."""

    name: str
    size_bytes: int | None
    alloc_bytes: int | None
    health: str
    raid: str
    wwns: tuple[str, ...]


@dataclass(frozen=True)
class LunFacts:
    """One SAN LUN the node sees, by WWN, with its device name and paths."""

    wwn: str
    device: str
    description: str
    total_paths: int | None
    operational_paths: int | None


@dataclass(frozen=True)
class InterfaceFacts:
    """One datalink or IP interface of the node."""

    name: str
    kind: str
    over: str
    state: str
    speed_mbps: int | None = None


@dataclass(frozen=True)
class AddressFacts:
    """One IP address configured on the node (or on a shared-IP zone)."""

    interface: str
    address: str
    prefixlen: int | None
    addrobj: str
    zone: str | None = None


@dataclass(frozen=True)
class GDomFacts:
    """One guest domain as its control domain's `ldm list -l -p` shows it."""

    name: str
    state: str | None
    flags: str | None
    cons: str | None
    vcpus: int | None
    memory_mb: int | None
    uuid: str | None
    vdisks: list[dict[str, str]]
    vnets: list[dict[str, str]]


@dataclass
class NodeFacts:
    """Everything discovery learnt about one node."""

    name: str
    hostname: str
    kind: str
    arch: str
    platform: str
    os_version: str
    os_update: int | None
    os_release_line: str
    kernel_id: str
    sru: str | None = None
    model: str | None = None
    memory_mb: int | None = None
    cpu_type: str | None = None
    cpu_sockets: int | None = None
    cpu_cores: int | None = None
    cpu_threads: int | None = None
    ldom_control: bool | None = None
    ldom_io: bool | None = None
    ldom_service: bool | None = None
    ldom_domainname: str | None = None
    ldom_controller: str | None = None
    ldom_version: str | None = None
    patches: list[str] = field(default_factory=list)
    zones: list[ZoneFacts] = field(default_factory=list)
    pools: list[PoolFacts] = field(default_factory=list)
    filesystems: list[dict[str, object]] = field(default_factory=list)
    luns: list[LunFacts] = field(default_factory=list)
    interfaces: list[InterfaceFacts] = field(default_factory=list)
    addresses: list[AddressFacts] = field(default_factory=list)
    gdoms: list[GDomFacts] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    """Why the node is refused for operations (invalid values it reported about itself)."""
    invalid_values: list[str] = field(default_factory=list)
    """Every invalid value found, left out or refused (also among ``warnings``)."""
    tainted_pools: dict[str, str] = field(default_factory=dict)
    """zpools with a filesystem whose reported values are invalid: the zones using them
    are refused."""


def zonecfg_commands(zones: list[p.ZoneListEntry]) -> list[Command]:
    """`zonecfg -z Z export` for every non-global zone of a zone list."""
    return zonecfg_commands_for([z.zonename for z in zones if z.zonename != "global"])


def zonecfg_commands_for(names: list[str]) -> list[Command]:
    """`zonecfg -z Z export` for zone names (validated before they reach a shell)."""
    return [zonecfg_export(name) for name in names]


def _probe_text(key: str) -> str:
    """The command line of a probe, as the operator reads it."""
    return PROBE_COMMANDS[key].text() if key in PROBE_COMMANDS else key


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "(no output)")


class _Outputs:
    """Batch outputs by key, with the rules for which failures matter."""

    def __init__(self, outputs: dict[str, tuple[str, int]], solaris10: bool) -> None:
        self.outputs = outputs
        self.solaris10 = solaris10
        self.warnings: list[str] = []

    def get(self, key: str) -> str | None:
        text, status = self.outputs.get(key, ("", 127))
        if status == 0:
            return text
        not_here = (key in _S11_ONLY and self.solaris10) or (
            key in _S10_ONLY and not self.solaris10
        )
        if not not_here and key not in _OPTIONAL and status != 127:
            self.warnings.append(f"{_probe_text(key)}: exit {status}: {_first_line(text)}")
        return None

    def required(self, key: str) -> str:
        text, status = self.outputs.get(key, ("", 127))
        if status != 0:
            raise DiscoveryFailed(f"{_probe_text(key)} failed (exit {status}): {_first_line(text)}")
        return text

    def parse(self, key: str, parser, *args):
        """Parse an optional output; a parse error becomes a warning and None."""
        text = self.get(key)
        if text is None:
            return None
        try:
            return parser(text, *args)
        except ValueError as exc:
            self.warnings.append(str(exc))
            return None


def build_facts(
    name: str, outputs: dict[str, tuple[str, int]], zonecfg_outputs: dict[str, tuple[str, int]]
) -> NodeFacts:
    """Turn a node's batch outputs (key -> (output, exit status)) into facts.

    Raises :class:`DiscoveryFailed` when identity or the zone list cannot be read, and
    lets a :class:`~vdcftui.solaris.errors.ParseError` of those through: a node whose
    zones cannot be listed must not look empty.
    """
    uname = p.parse_uname_a(outputs_required(outputs, "uname"))
    release = p.parse_etc_release(outputs_required(outputs, "release"))
    out = _Outputs(outputs, solaris10=release.version == "10")
    facts = NodeFacts(
        name=name,
        hostname=uname.nodename,
        kind="physical",
        arch=uname.processor,
        platform=uname.machine,
        os_version=release.version,
        os_update=release.update,
        os_release_line=release.release_line,
        kernel_id=uname.version,
    )
    _read_ldom_role(facts, out)
    _read_hardware(facts, out)
    _read_software(facts, out)
    zones = p.parse_zoneadm_list_p(out.required("zones"))
    for entry in zones:
        if entry.zonename == "global":
            continue
        if not valid_zonename(entry.zonename):
            facts.zones.append(ZoneFacts(entry, None))  # left out, with a warning, below
            continue
        config_text, status = zonecfg_outputs.get(entry.zonename, ("", 127))
        config = None
        if status == 0:
            try:
                config = p.parse_zonecfg_export(config_text, zonecfg_export(entry.zonename).text())
            except ValueError as exc:  # one unreadable configuration: the others are kept
                out.warnings.append(str(exc))
        else:
            out.warnings.append(
                f"{zonecfg_export(entry.zonename).text()}: exit {status}: "
                f"{_first_line(config_text)}"
            )
        facts.zones.append(ZoneFacts(entry, config))
    _read_storage(facts, out)
    _read_network(facts, out)
    _read_gdoms(facts, out)
    facts.warnings.extend(out.warnings)
    check_facts(facts)
    return facts


def valid_zonename(name: str) -> bool:
    """Whether a zone name a host reported may be put on a command line."""
    try:
        validate_zonename(name)
    except InvalidName:
        return False
    return True


def outputs_required(outputs: dict[str, tuple[str, int]], key: str) -> str:
    """The output of a command that must have succeeded."""
    text, status = outputs.get(key, ("", 127))
    if status != 0:
        raise DiscoveryFailed(f"{_probe_text(key)} failed (exit {status}): {_first_line(text)}")
    return text


def _read_ldom_role(facts: NodeFacts, out: _Outputs) -> None:
    info = out.parse("virtinfo", p.parse_virtinfo_ap)
    if info is None or not info.impl or info.impl.lower() != "ldoms":
        return
    facts.ldom_control, facts.ldom_io, facts.ldom_service = info.control, info.io, info.service
    facts.ldom_domainname = info.domainname
    facts.ldom_controller = info.domaincontrol
    facts.kind = "cdom" if info.control else "gdom"  # a control domain without guests
    # or services is a plain physical node; _read_gdoms decides once `ldm` has answered.


def _read_hardware(facts: NodeFacts, out: _Outputs) -> None:
    diag = out.parse("prtdiag", p.parse_prtdiag)
    if diag is not None:
        model = re.sub(r"^(sun4[uv]|i86pc)\s+", "", diag.platform_model)
        facts.model = re.sub(r"^(Oracle Corporation|Sun Microsystems|Fujitsu)\s+", "", model)
        facts.memory_mb = diag.memory_size_mb
    processors = out.parse("psrinfo", p.parse_psrinfo_pv)
    if processors:
        facts.cpu_sockets = len(processors)
        cores = [proc.cores for proc in processors if proc.cores]
        facts.cpu_cores = sum(cores) if cores else None
        facts.cpu_threads = sum(proc.virtual_processors for proc in processors)
        description = processors[0].description.strip()
        facts.cpu_type = description.split(" (")[0] or None


def _read_software(facts: NodeFacts, out: _Outputs) -> None:
    infos = out.parse("pkg", p.parse_pkg_info)
    if infos:
        facts.sru = p.sru_of(infos[0])
    patches = out.parse("showrev", p.parse_showrev_p)
    if patches:
        facts.patches = [patch.patch for patch in patches]


def _raid_of(status: p.ZpoolStatus) -> tuple[str, tuple[str, ...]]:
    wwns: list[str] = []
    mirrors = 0
    plain = 0
    for vdev in status.config[1:]:
        if vdev.depth == 1 and vdev.name.startswith("mirror"):
            mirrors += 1
        elif vdev.depth == 1 and not re.match(r"(logs|cache|spares)$", vdev.name):
            plain += 1
        wwn = p.wwn_from_device(vdev.name)
        if wwn:
            wwns.append(wwn)
    if mirrors and (mirrors > 1 or plain):
        raid = "0+1"
    elif mirrors:
        raid = "1"
    else:
        raid = "0"
    return raid, tuple(wwns)


def _read_storage(facts: NodeFacts, out: _Outputs) -> None:
    statuses = {s.pool: s for s in out.parse("zpool_status", p.parse_zpool_status) or []}
    root_disks = set(_raid_of(statuses["rpool"])[1]) if "rpool" in statuses else set()
    for pool in (
        out.parse("zpools", p.parse_zpool_list, ("name", "size", "alloc", "free", "health")) or []
    ):
        raid, wwns = _raid_of(statuses[pool.name]) if pool.name in statuses else ("0", ())
        facts.pools.append(
            PoolFacts(
                name=pool.name,
                size_bytes=_bytes(pool.size),
                alloc_bytes=_bytes(pool.alloc),
                health=str(pool.health),
                raid=raid,
                wwns=wwns,
            )
        )
    for fs in out.parse("zfs", p.parse_zfs_list, ZFS_FIELDS) or []:
        facts.filesystems.append(
            {
                "name": fs.name,
                "used": _bytes(fs.used),
                "avail": _bytes(fs.avail),
                "quota": _bytes(fs.quota),
                "mountpoint": fs.mountpoint,
            }
        )
    paths = {lu.wwn: lu for lu in out.parse("mpath", p.parse_mpathadm_list_lu) or [] if lu.wwn}
    for disk in out.parse("format", p.parse_format_disks) or []:
        if not disk.wwn or disk.wwn in root_disks:
            continue
        lu = paths.get(disk.wwn)
        facts.luns.append(
            LunFacts(
                wwn=disk.wwn,
                device=disk.device,
                description=disk.description,
                total_paths=lu.total_path_count if lu else None,
                operational_paths=lu.operational_path_count if lu else None,
            )
        )


def _bytes(value: object) -> int | None:
    if value is None or isinstance(value, int):
        return value
    return p.parse_size(str(value))


def _read_network(facts: NodeFacts, out: _Outputs) -> None:
    speeds = {}
    for phys in (
        out.parse("phys", p.parse_dladm_show_phys, ("link", "media", "state", "speed", "device"))
        or []
    ):
        speeds[phys.link] = phys.speed if isinstance(phys.speed, int) else None
    links = out.parse("links", p.parse_dladm_show_link, ("link", "class", "state", "over"))
    for link in links or []:
        facts.interfaces.append(
            InterfaceFacts(
                name=link.link,
                kind=str(link.class_),
                over=str(link.over or ""),
                state=str(link.state or ""),
                speed_mbps=speeds.get(link.link),
            )
        )
    addrs = out.parse("addrs", p.parse_ipadm_show_addr, ("addrobj", "type", "state", "addr"))
    if addrs is not None:
        for addr in addrs:
            address, _, prefix = str(addr.addr).partition("/")
            if address in ("", "?") or address.startswith(("127.", "::1")):
                continue
            facts.addresses.append(
                AddressFacts(
                    interface=addr.addrobj.split("/")[0],
                    address=address,
                    prefixlen=int(prefix) if prefix.isdigit() else None,
                    addrobj=addr.addrobj,
                )
            )
        return
    seen: set[str] = set()
    for entry in out.parse("ifconfig", p.parse_ifconfig_a) or []:
        base = entry.name.split(":")[0]
        if entry.family != "inet" or base.startswith("lo"):
            continue
        if base not in seen and not links:
            seen.add(base)
            kind = "ipmp" if "IPMP" in entry.flags else "phys"
            state = "up" if "UP" in entry.flags else "down"
            facts.interfaces.append(InterfaceFacts(name=base, kind=kind, over="", state=state))
        if entry.inet and entry.inet != "0.0.0.0":
            facts.addresses.append(
                AddressFacts(
                    interface=base,
                    address=entry.inet,
                    prefixlen=_prefix(entry.netmask),
                    addrobj=entry.name,
                    zone=entry.zone,
                )
            )


def _prefix(netmask: str | None) -> int | None:
    if not netmask:
        return None
    try:
        return (
            bin(int(netmask, 16)).count("1")
            if "." not in netmask
            else sum(bin(int(octet)).count("1") for octet in netmask.split("."))
        )
    except ValueError:
        return None


def _read_gdoms(facts: NodeFacts, out: _Outputs) -> None:
    if facts.kind != "cdom":
        return
    details = out.parse("ldm", p.parse_ldm_list_l_p)
    serves = any(d.sections.get("VDS") or d.sections.get("VSW") for d in details or ())
    if not details or (len(details) < 2 and not serves):
        # a control domain with neither guests nor virtual services is a plain node
        facts.kind = "physical"
        return
    if details:
        facts.ldom_version = details[0].version
    backends = _volume_backends(details)
    for detail in details:
        domain = detail.domain
        if domain.name == "primary" or "control" in (domain.flags or ""):
            continue
        uuid = (detail.sections.get("UUID") or [{}])[0]
        facts.gdoms.append(
            GDomFacts(
                name=domain.name,
                state=domain.state,
                flags=domain.flags,
                cons=domain.cons,
                vcpus=domain.ncpu,
                memory_mb=domain.mem // (1024 * 1024) if domain.mem else None,
                uuid=_section_value(uuid, "uuid"),
                vdisks=[_with_lun(_flat(s), backends) for s in detail.sections.get("VDISK", [])],
                vnets=[_flat(s) for s in detail.sections.get("VNET", [])],
            )
        )


def _section_value(section: object, key: str) -> str | None:
    if isinstance(section, dict):
        value = section.get(key)
        return str(value) if value is not None else None
    return None


_LUN_DEVICE = re.compile(r"/dev/r?dsk/c\d+t([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})d\d+(?:s\d+)?")
"""A vds volume's backend that is a whole SAN LUN under MPxIO (its WWN in the name)."""


def _volume_backends(details: list[p.LdmDomainDetail]) -> dict[str, str]:
    """``VOLUME@VDS`` -> backend device, from the control domain's VDS sections."""
    backends: dict[str, str] = {}
    for detail in details:
        for vds in detail.sections.get("VDS", []):
            if not isinstance(vds, dict):
                continue
            for volume in vds.get("items", []):
                if isinstance(volume, dict) and volume.get("vol") and volume.get("dev"):
                    backends[f"{volume['vol']}@{vds.get('name', '')}"] = str(volume["dev"])
    return backends


def _with_lun(disk: dict[str, str], backends: dict[str, str]) -> dict[str, str]:
    """A GDom's disk with the WWN of the SAN LUN behind its volume, when the volume's
    backend is a whole LUN's device (``lun``; absent otherwise)."""
    match = _LUN_DEVICE.fullmatch(backends.get(disk.get("vol", ""), ""))
    return {**disk, "lun": match.group(1).upper()} if match else disk


def _flat(section: object) -> dict[str, str]:
    if isinstance(section, dict):
        return {str(k): str(v) for k, v in section.items() if not isinstance(v, list | dict)}
    return {"value": str(section)}

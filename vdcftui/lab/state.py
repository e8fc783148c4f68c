"""The lab's live state: nodes, zones, zpools on shared LUNs, power.

State is real for the life of the lab: a booted zone stays running, an exported zpool
can be imported by any node that sees all its LUNs. One lock guards it, so SSH
sessions, controllers and tests on other threads see one consistent datacenter.
"""

from __future__ import annotations

import threading
import time
import uuid as uuidlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from vdcftui.lab import bootenv, sysconf
from vdcftui.lab.ldoms import LdmConfig, Services
from vdcftui.lab.smf import AgentConf, SiteService, preinstall
from vdcftui.lab.spec import LabSpec, NodeSpec, ZoneSpec
from vdcftui.lab.sysconf import Passwd, Property


@dataclass
class Filesystem:
    """A ZFS filesystem of a zpool."""

    name: str
    mountpoint: str
    used: int
    quota: int | None = None
    snapshots: dict[str, int] = field(default_factory=dict)
    """Snapshot name (after the ``@``) -> the bytes it refers to."""
    created: float = field(default_factory=time.time)


@dataclass
class Zpool:
    """A zpool on SAN LUNs; ``imported_on`` names the node that has it, if any."""

    name: str
    luns: list[str]
    layout: str
    size: int
    imported_on: str | None
    last_host: str | None
    filesystems: dict[str, Filesystem] = field(default_factory=dict)
    detached: set[str] = field(default_factory=set)
    manifests: dict[str, list[str]] = field(default_factory=dict)
    """The patch inventory a Solaris 10 zone's detach wrote into its zonepath (its
    node's patches then), by zone: what its attach validates against the new node."""
    guid: int = 0
    accessed: float = field(default_factory=time.time)


@dataclass
class Zone:
    """A zone's configuration and state on one node."""

    name: str
    brand: str
    zonepath: str
    ip_type: str
    autoboot: bool
    state: str
    uuid: str
    resources: list[dict[str, str]] = field(default_factory=list)
    zoneid: int | None = None
    live: list[dict[str, str]] | None = None
    """The running zone's configuration when it differs from ``resources`` (changed by
    `zonecfg` since the zone booted, or by `zonecfg -r`); None means the same."""
    hostname: str | None = None
    """The host name its profile or sysidcfg gave it."""
    addresses: list[tuple[str, str]] = field(default_factory=list)
    """(addrobj, ADDRESS/PREFIX) its own ipadm shows (exclusive IP)."""
    interfaces: list[str] = field(default_factory=list)
    """The IP interfaces created in it (ipadm create-ip), besides its first."""

    def live_resources(self) -> list[dict[str, str]]:
        """The configuration the running zone uses."""
        return self.resources if self.live is None else self.live


PowerListener = Callable[["SimNode", bool], None]

INTERNAL_DISKS = ("c0t5000CCA0255A0B40d0", "c0t5000CCA0255A0B44d0")
"""The two internal disks of every lab node (`format` lists them; the root pool is on
the first, mirrored on the second once attached)."""

_OS_BUILD = {
    "11.4": ("11.4.42.111.0", "Assembled 14 September 2018", "2018"),
    "11.3": ("11.3", "Assembled 09 May 2018", "2018"),
    "10": ("Generic_150400-59", "Assembled 17 January 2013", "2013"),
}

# leading spaces of the title, copyright and date lines of /etc/release, per release
_RELEASE_INDENTS = {"11.4": (28, 4, 27), "11.3": (29, 2, 30), "10": (20, 2, 28)}


class SimNode:
    """One simulated Solaris instance (physical node, CDom or GDom)."""

    def __init__(self, datacenter: Datacenter, spec: NodeSpec) -> None:
        self.datacenter = datacenter
        self.spec = spec
        self.name = spec.name
        self.hostname = spec.name
        self.powered = spec.kind != "gdom" or spec.state == "active"
        # a GDom's LDoms state as its CDom sees it: active, bound or inactive
        self.ldom_state = spec.state if spec.kind == "gdom" else "active"
        self.zones: dict[str, Zone] = {}
        self.output_cache: dict[tuple[str, ...], tuple[int, tuple[str, str, int]]] = {}
        self.files: dict[str, str] = {}
        # files mkfile made: path -> (file system, bytes), given back by rm
        self.file_sizes: dict[str, tuple[str, int]] = {}
        # file -> mode and time of change (files the shell wrote: 0644, when written)
        self.modes: dict[str, int] = {}
        self.mtimes: dict[str, float] = {}
        self.services: dict[str, SiteService] = {}
        # the system configuration (lab.sysconf): users, SMF properties as set and as
        # each instance's running snapshot has them, owners of the files chown gave away
        self.users: dict[str, Passwd] = {}
        self.smf_props: dict[tuple[str, str], Property] = {}
        self.smf_running: dict[str, dict[str, Property]] = {}
        self.owners: dict[str, tuple[int, int]] = {}
        self.agent_conf: AgentConf | None = None
        """What the keep-alive agent read when it last started (lab.smf)."""
        self.agent_by_lab = False
        """The agent is the one the node came with, configured by the lab."""
        # the problems the fault manager holds: (time, event id, message id, severity,
        # fault class), as `fmadm faulty` lists them
        self.fm_cases: list[tuple[float, str, str, str, str]] = []
        self.booted_at = time.time() - 86400 * 12
        # Solaris 10 patches `showrev -p` lists (patchadd adds to them)
        self.patches: list[str] = list(spec.patches)
        # directories the file commands made, and those every node has (the shell's
        # files are in ``files``)
        self.dirs: set[str] = {"/etc/rcS.d", "/var/tmp"}
        self.run_level = "3"
        """``3`` (multi-user) or ``S`` (single-user: sshd is down)."""
        self.boots = 0
        """How many times the node booted since the lab started (tests count reboots)."""
        self._next_zoneid = 1
        self._listeners: list[PowerListener] = []
        self._kernel = _OS_BUILD[spec.os][0]
        if spec.os == "10" and spec.arch == "x86":
            self._kernel = "Generic_150401-59"
        # boot environments (Solaris 11): the one running (N), the one booted next (R)
        self.bes = bootenv.initial(self.name, spec.os, self.booted_at)
        self.running_be = self.active_be = self.bes[0].name
        # the root pool on the internal disk, kept: mkfile and new BEs take its room
        self.rpool = Zpool("rpool", [], "stripe", 556 << 30, self.name, self.name)
        self.rpool.filesystems["rpool"] = Filesystem("rpool", "/rpool", 120 << 30)
        self.rpool_disks = [INTERNAL_DISKS[0]]
        """The internal disks of the root pool (two: a mirror)."""
        self.aggregations: dict[str, tuple[str, ...]] = dict(spec.aggregations)
        """Link aggregations: name -> its links (`dladm create-aggr` adds one)."""
        self.ipmp_groups: dict[str, tuple[str, ...]] = dict(spec.ipmp)
        """IPMP interfaces: name -> their underlying interfaces (`ipadm create-ipmp`)."""
        self.ip_interfaces: set[str] = {a.link for a in spec.addresses}
        """The IP interfaces besides IPMP ones and lo0 (`ipadm create-ip` adds one)."""
        self.installed = not spec.bare
        """Solaris is on its disks (a bare node has nothing to boot)."""
        self.at_obp = False
        """Powered on and at the OpenBoot ``ok`` prompt: no OS runs."""
        self.install_sru = spec.install_sru or bootenv.INITIAL_SRU[spec.os]
        self.installing = False
        """``boot net - install`` runs on its console."""
        self.install_listeners: list[Callable[[SimNode], None]] = []
        """Told when an install has put a new system on the node (a new host key)."""
        self.halt_listeners: list[Callable[[SimNode], None]] = []
        """Told when Solaris stops at the ``ok`` prompt (its console shows it)."""
        if spec.bare:
            self.powered, self.at_obp = spec.kind != "gdom", spec.kind != "gdom"
        preinstall(self)
        sysconf.provision(self)

    # software ---------------------------------------------------------------------
    @property
    def kernel(self) -> str:
        """`uname -v`: the running BE's SRU on Solaris 11.4, else the release's kernel."""
        sru = self.be(self.running_be).sru
        return sru if sru.startswith("11.4.") else self._kernel

    @property
    def sru(self) -> str:
        """The SRU the node runs (its running boot environment's)."""
        return self.be(self.running_be).sru

    @property
    def smf_states(self) -> dict[str, tuple[str, str, float]]:
        """SMF instances an administrator moved (svcadm), in the running boot
        environment: FMRI -> (state, reason, since)."""
        return self.be(self.running_be).smf_states

    def mark_maintenance(self, fmri: str, reason: str) -> None:
        """Put an SMF instance in maintenance in the running boot environment."""
        with self.datacenter.lock:
            self.smf_states[fmri] = ("maintenance", reason, time.time())
            self.datacenter.changed()

    def be(self, name: str) -> bootenv.BootEnvironment:
        """The boot environment named ``name``."""
        return next(be for be in self.bes if be.name == name)

    # identity -------------------------------------------------------------------
    @property
    def hostid(self) -> int:
        """The node's hostid (stable: derived from its name)."""
        return 0x80000000 | (zlib.crc32(self.name.encode()) & 0x0FFFFFFF)

    @property
    def solaris10(self) -> bool:
        """True on Solaris 10."""
        return self.spec.os == "10"

    @property
    def machine(self) -> str:
        """`uname -m`: sun4v or i86pc."""
        return "sun4v" if self.spec.arch == "sparc" else "i86pc"

    @property
    def processor(self) -> str:
        """`uname -p`: sparc or i386."""
        return "sparc" if self.spec.arch == "sparc" else "i386"

    @property
    def uname_a(self) -> str:
        """The line `uname -a` prints."""
        release = "5.10" if self.solaris10 else "5.11"
        platform = self.machine
        return (
            f"SunOS {self.hostname} {release} {self.kernel} {self.machine} "
            f"{self.processor} {platform}"
        )

    @property
    def os_release_line(self) -> str:
        """The first line of /etc/release."""
        arch = "SPARC" if self.spec.arch == "sparc" else "X86"
        if self.solaris10:
            tag = "s10s_u11wos_24a" if self.spec.arch == "sparc" else "s10x_u11wos_24a"
            return f"Oracle Solaris 10 1/13 {tag} {arch}"
        return f"Oracle Solaris {self.spec.os} {arch}"

    def etc_release(self) -> str:
        """/etc/release as the node's release prints it (indents as real releases have)."""
        year = _OS_BUILD[self.spec.os][2]
        assembled = _OS_BUILD[self.spec.os][1]
        title, copyright_, date = _RELEASE_INDENTS[self.spec.os]
        rights = " All" if self.solaris10 else "  All"
        return (
            f"{' ' * title}{self.os_release_line}\n"
            f"{' ' * copyright_}Copyright (c) 1983, {year}, Oracle and/or its affiliates."
            f"{rights} rights reserved.\n"
            f"{' ' * date}{assembled}\n"
        )

    # files ------------------------------------------------------------------------
    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory: one made or known, or the root or /etc of
        an installed zone (its own files are not kept; unverified beyond these two)."""
        if path in self.dirs:
            return True
        return any(
            zone.state != "configured"
            and path in (f"{zone.zonepath}/root", f"{zone.zonepath}/root/etc")
            for zone in self.zones.values()
        )

    def put_file(self, path: str, content: str, mode: int) -> None:
        """A file written whole, with its mode."""
        self.files[path] = content
        self.modes[path] = mode
        self.mtimes[path] = time.time()
        self.owners.pop(path, None)  # a new file is root's

    def remove_file(self, path: str) -> None:
        """A file gone (nothing if it was not there)."""
        for table in (self.files, self.modes, self.mtimes, self.owners):
            table.pop(path, None)

    # shell ------------------------------------------------------------------------
    def exec_command(self, cmdline: str, stdin: str = "") -> tuple[str, str, int]:
        """Run a command line through the node's shell: (stdout, stderr, status)."""
        from vdcftui.lab.shell import run_shell

        with self.datacenter.lock:
            return run_shell(self, cmdline, stdin)

    # zones ------------------------------------------------------------------------
    def next_zoneid(self) -> int:
        """The id the next booted zone gets."""
        zoneid = self._next_zoneid
        self._next_zoneid += 1
        return zoneid

    def zpools_here(self) -> list[Zpool]:
        """The zpools imported on this node."""
        return [p for p in self.datacenter.zpools.values() if p.imported_on == self.name]

    def sees(self, wwn: str) -> bool:
        """Whether this node sees a LUN."""
        lun = self.datacenter.luns.get(wwn)
        return lun is not None and self.name in lun.visible_to

    @property
    def visible_luns(self) -> list[str]:
        """The WWNs of the LUNs this node sees, sorted."""
        return self.datacenter.visible.get(self.name, [])

    @property
    def answers_ssh(self) -> bool:
        """Whether sshd runs: powered on, booted and not at run level S."""
        return self.powered and not self.at_obp and self.run_level != "S"

    def halt_to_obp(self) -> None:
        """Stop Solaris and stay at the ``ok`` prompt (``init 0``): sshd stops, its
        sessions close, zones stop."""
        with self.datacenter.lock:
            if not self.powered or self.at_obp:
                return
            self.at_obp = True
            for zone in self.zones.values():
                if zone.state in ("running", "ready", "shutting_down"):
                    zone.state, zone.zoneid = "installed", None
            self.datacenter.changed()
        self.datacenter.drop_connections(self.name)
        for listener in list(self.halt_listeners):
            listener(self)

    def boot_from_obp(self) -> bool:
        """``boot`` at the ``ok`` prompt: False when nothing is installed to boot."""
        with self.datacenter.lock:
            if not self.installed:
                return False
            self.at_obp = False
            self.run_level = "3"
            self.boots += 1
            self.booted_at = time.time()
            self.running_be = self.active_be
            for zone in self.zones.values():
                if zone.autoboot and zone.state == "installed":
                    zone.state, zone.zoneid = "running", self.next_zoneid()
            self.datacenter.changed()
        return True

    def install_system(self) -> None:
        """What ``boot net - install`` leaves: a fresh system at the install service's
        release and SRU, its root pool on the first internal disk (mirrored on both on
        Solaris 10, as a JumpStart profile says), no zones, no files
        of the old system; it boots (the install service reboots it) with a new host
        key."""
        with self.datacenter.lock:
            self.zones.clear()
            self.files.clear()
            self.modes.clear()
            self.mtimes.clear()
            self.services.clear()
            self.agent_conf = None
            self.dirs = {"/etc/rcS.d", "/var/tmp"}
            self.aggregations, self.ipmp_groups = {}, {}
            self.ip_interfaces = {a.link for a in self.spec.addresses}
            self.booted_at = time.time()
            self.bes = bootenv.initial(self.name, self.spec.os, self.booted_at)
            for be in self.bes:
                be.sru = self.install_sru
            self.running_be = self.active_be = self.bes[0].name
            self.rpool = Zpool("rpool", [], "stripe", 556 << 30, self.name, self.name)
            self.rpool.filesystems["rpool"] = Filesystem("rpool", "/rpool", 12 << 30)
            # AI installs on one disk; the lab's JumpStart profile mirrors the root pool
            self.rpool_disks = list(INTERNAL_DISKS) if self.solaris10 else [INTERNAL_DISKS[0]]
            if self.spec.kind == "cdom":
                self.datacenter.ldm.domains[self.name] = {}
                self.datacenter.ldm.services[self.name] = Services()
            self.installed, self.at_obp, self.run_level = True, False, "3"
            self.installing = False
            self.boots += 1
            self.datacenter.changed()
        for listener in list(self.install_listeners):
            listener(self)

    def enter_single_user(self) -> None:
        """Go to run level S: sshd stops, its sessions close."""
        with self.datacenter.lock:
            self.run_level = "S"
            self.datacenter.changed()
        self.datacenter.drop_connections(self.name)

    # power --------------------------------------------------------------------
    def add_power_listener(self, listener: PowerListener) -> None:
        """Be told when the node powers on or off."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self, self.powered)

    def power_off(self) -> None:
        """Power off: SSH stops answering, zones stop, a CDom's guests go down too."""
        with self.datacenter.lock:
            if not self.powered:
                return
            self.powered = False
            self.datacenter.changed()
            for zone in self.zones.values():
                if zone.state in ("running", "ready", "shutting_down"):
                    zone.state, zone.zoneid = "installed", None
            guests = [n for n in self.datacenter.nodes.values() if n.spec.cdom == self.name]
        self.datacenter.drop_connections(self.name)
        self._notify()
        for guest in guests:
            guest.power_off()

    def power_on(self) -> None:
        """Power on: the node boots and its autoboot zones come up (a GDom only while its
        CDom runs; a CDom restarts its active GDoms)."""
        with self.datacenter.lock:
            cdom = self.datacenter.nodes.get(self.spec.cdom or "")
            if self.powered or (cdom is not None and not cdom.powered):
                return
            self.powered = True
            self.run_level = "3"
            self.at_obp = not self.installed
            self.boots += 1
            self.datacenter.changed()
            if self.spec.kind == "gdom":
                self.ldom_state = "active"
            self.booted_at = time.time()
            self.running_be = self.active_be
            for zone in self.zones.values():
                if zone.autoboot and zone.state == "installed":
                    zone.state, zone.zoneid = "running", self.next_zoneid()
            guests = [
                n
                for n in self.datacenter.nodes.values()
                if n.spec.cdom == self.name and n.ldom_state == "active"
            ]
        self._notify()
        for guest in guests:
            guest.power_on()

    def reset(self) -> None:
        """Power-cycle the node."""
        self.power_off()
        self.power_on()

    def console_boot_lines(self) -> list[str]:
        """What the serial console shows while the node boots."""
        spec = self.spec
        lines = []
        if spec.arch == "sparc":
            lines += [
                f"{spec.model}, No Keyboard",
                "Copyright (c) 1998, 2018, Oracle and/or its affiliates. All rights reserved.",
                f"OpenBoot 4.40.1, {spec.memory_mb // 1024} GB memory available, "
                f"Serial #{self.hostid & 0xFFFFFF}.",
                f"Ethernet address 0:10:e0:{self.hostid & 0xFF:x}:1a:2b, "
                f"Host ID: {self.hostid:08x}.",
                "",
                "Boot device: /pci@300/pci@1/pci@0/pci@2/scsi@0/disk@w5000cca0255a0b40,0"
                "  File and args:",
            ]
        else:
            lines += ["GNU GRUB  version 2.02~beta2", "Booting 'Oracle Solaris'"]
        release = "5.10" if self.solaris10 else "5.11"
        lines += [
            f"SunOS Release {release} Version {self.kernel} 64-bit",
            f"Copyright (c) 1983, {_OS_BUILD[spec.os][2]}, Oracle and/or its "
            "affiliates. All rights reserved.",
            f"Hostname: {self.hostname}",
            "",
        ]
        return lines


class Datacenter:
    """All nodes, LUNs and zpools of a lab."""

    def __init__(self, spec: LabSpec) -> None:
        self.spec = spec
        self.lock = threading.RLock()
        # bumped by every change of state; cached command outputs of older generations are stale
        self.generation = 0
        self.luns = {lun.wwn: lun for lun in spec.luns}
        self.visible: dict[str, list[str]] = {}
        for wwn in sorted(self.luns):
            for seer in self.luns[wwn].visible_to:
                self.visible.setdefault(seer, []).append(wwn)
        self.nodes: dict[str, SimNode] = {n.name: SimNode(self, n) for n in spec.nodes}
        self.ldm = LdmConfig(self)
        self.zpools: dict[str, Zpool] = {}
        self.connection_droppers: list[Callable[[str], None]] = []
        for index, pool in enumerate(spec.zpools):
            lun_sizes = [self.luns[w].size_gb for w in pool.luns]
            size = (min(lun_sizes) if pool.layout == "mirror" else sum(lun_sizes)) << 30
            zpool = Zpool(
                pool.name,
                list(pool.luns),
                pool.layout,
                size,
                pool.imported_on,
                pool.imported_on,
                guid=0x1F2E3D4C5B6A0000 + index,
            )
            zpool.filesystems[pool.name] = Filesystem(pool.name, f"/{pool.name}", 96 << 10)
            for fs_name, mountpoint in pool.filesystems.items():
                zpool.filesystems[fs_name] = Filesystem(fs_name, mountpoint, 1 << 20)
            self.zpools[pool.name] = zpool
        for zone in spec.zones:
            self._add_zone(zone)

    def _add_zone(self, spec: ZoneSpec) -> None:
        node = self.nodes[spec.node]
        zpool = self.zpools[spec.pool]
        resources: list[dict[str, str]] = []
        brand = spec.brand or ("native" if node.solaris10 else "solaris")
        ip_type = spec.ip_type or ("shared" if node.solaris10 else "excl")
        if brand == "native" or ip_type == "shared":
            link = node.spec.nics[0]
            net = {"resource": "net", "physical": link}
            if spec.address:
                net["address"] = spec.address
            resources.append(net)
        else:
            resources.append({"resource": "anet", "linkname": "net0", "lower-link": "auto"})
        for dataset in spec.datasets:
            resources.append({"resource": "dataset", "name": dataset})
            zpool.filesystems[dataset] = Filesystem(
                dataset, f"{spec.zonepath}/root/{dataset.split('/')[-1]}", 200 << 20, 10 << 30
            )
        for directory in spec.lofs:
            resources.append(
                {"resource": "fs", "dir": directory, "special": directory, "type": "lofs"}
            )
        zpool.filesystems[f"{spec.pool}/zone"] = Filesystem(
            f"{spec.pool}/zone", spec.zonepath, 1900 << 20
        )
        zone = Zone(
            name=spec.name,
            brand=brand,
            zonepath=spec.zonepath,
            ip_type="exclusive" if ip_type == "excl" else "shared",
            autoboot=spec.autoboot,
            state=spec.state,
            uuid=str(uuidlib.uuid5(uuidlib.NAMESPACE_DNS, f"{spec.node}.{spec.name}")),
            resources=resources,
        )
        if spec.state == "running" and node.powered:
            zone.zoneid = node.next_zoneid()
        elif spec.state == "running":
            zone.state = "installed"
        node.zones[spec.name] = zone

    def changed(self) -> None:
        """Note a change of state (code that changes zones, zpools or power calls this)."""
        self.generation += 1

    def drop_connections(self, node_name: str) -> None:
        """Close every SSH session to a node (it went down or unreachable)."""
        for dropper in list(self.connection_droppers):
            dropper(node_name)

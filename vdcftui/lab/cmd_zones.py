"""zoneadm and zonecfg on a lab node, with Solaris's state rules and error texts."""

from __future__ import annotations

import copy
import dataclasses
import shlex
import time
import uuid as uuidlib
from typing import TYPE_CHECKING

from vdcftui.lab.attach_check import attach_update_log, attach_validation, downgrades
from vdcftui.lab.commands import Result, command
from vdcftui.lab.state import Filesystem, Zone
from vdcftui.lab.zone_identity import read_profile

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode, Zpool

_USAGE = (
    "usage:  zoneadm [-R root] [-z <zone> | -u <uuid-match>] <subcommand>\n"
    "        subcommand: boot halt ready reboot shutdown list verify install "
    "uninstall detach attach\n"
)
_LIVE = ("running", "ready", "shutting_down")
_HEADER_S10 = "  ID NAME             STATUS     PATH                           BRAND    IP    "
_HEADER_S11 = "  ID NAME             STATUS      PATH                         BRAND      IP    "


def _global_line(node: SimNode) -> str:
    brand = "native" if node.solaris10 else "solaris"
    return (
        "0:global:running:/::native:shared"
        if node.solaris10
        else f"0:global:running:/::{brand}:shared:-:none:"
    )


def _parseable(node: SimNode, zone: Zone) -> str:
    zoneid = str(zone.zoneid) if zone.zoneid is not None else "-"
    path = zone.zonepath.replace(":", "\\:")
    ip = "excl" if zone.ip_type == "exclusive" else "shared"
    uuid = zone.uuid if zone.state != "configured" else ""
    if node.solaris10:
        return f"{zoneid}:{zone.name}:{zone.state}:{path}:{uuid}:{zone.brand}:{ip}"
    return f"{zoneid}:{zone.name}:{zone.state}:{path}:{uuid}:{zone.brand}:{ip}:-:none:"


def _list(node: SimNode, options: str) -> Result:
    zones = sorted(node.zones.values(), key=lambda z: (z.zoneid is None, z.zoneid or 0, z.name))
    if "c" not in options:
        wanted = ("installed", *_LIVE) if "i" in options else _LIVE
        zones = [z for z in zones if z.state in wanted]
    if "p" in options:
        lines = [_global_line(node)] + [_parseable(node, z) for z in zones]
        return "".join(line + "\n" for line in lines), "", 0
    if "v" in options:
        s10 = node.solaris10
        header = _HEADER_S10 if s10 else _HEADER_S11
        gbrand = "native" if s10 else "solaris"
        rows = [("0", "global", "running", "/", gbrand, "shared")]
        for zone in zones:
            rows.append(
                (
                    "-" if zone.zoneid is None else str(zone.zoneid),
                    zone.name,
                    zone.state,
                    zone.zonepath,
                    zone.brand,
                    "excl" if zone.ip_type == "exclusive" else "shared",
                )
            )
        out = [header + "\n"]
        for zid, name, state, path, brand, ip in rows:
            if s10:
                out.append(f"{zid:>4} {name:<16} {state:<10} {path:<30} {brand:<8} {ip}\n")
            else:
                out.append(f"{zid:>4} {name:<16} {state:<11} {path:<28} {brand:<10} {ip}\n")
        return "".join(out), "", 0
    return "global\n" + "".join(z.name + "\n" for z in zones), "", 0


def _zone_pool(node: SimNode, zone: Zone) -> Zpool | None:
    for pool in node.datacenter.zpools.values():
        if any(fs.mountpoint == zone.zonepath for fs in pool.filesystems.values()):
            return pool
    return None


@command("zoneadm")
def zoneadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """zoneadm list [-cipv] | zoneadm -z ZONE VERB [options]."""
    # unverified: the silence of boot, ready, reboot, shutdown and halt on success (only
    # their refusals are documented, docs/solaris/zones-storage-patching.md section 2.2)
    if not args:
        return "", _USAGE, 253
    if args[0] == "list":
        options = "".join(a.lstrip("-") for a in args[1:])
        if any(ch not in "cipv" for ch in options):
            return "", _USAGE, 253
        return _list(node, options)
    if args[0] != "-z" or len(args) < 3:
        return "", _USAGE, 253
    name, verb, rest = args[1], args[2], args[3:]
    if name == "global":
        return "", f"zoneadm: zone '{name}': {verb} operation is invalid for the global zone.\n", 1
    zone = node.zones.get(name)
    if zone is None:
        return "", f"zoneadm: {name}: No such zone configured\n", 1
    handler = _VERBS.get(verb)
    if handler is None or (verb == "shutdown" and node.solaris10):
        # Solaris 10's zoneadm has no shutdown subcommand
        return "", _USAGE, 253
    return handler(node, zone, rest)


def _err(zone: Zone, message: str, status: int = 1) -> Result:
    return "", f"zoneadm: zone '{zone.name}': {message}\n", status


def _storage_here(node: SimNode, zone: Zone) -> bool:
    """Whether the zone's zonepath is mounted: its zpool imported on this node."""
    pool = _zone_pool(node, zone)
    return pool is not None and pool.imported_on == node.name


def _zonepath_missing(node: SimNode, zone: Zone) -> Result | None:
    """The refusal of boot or ready when the zonepath is not there: verify_details and
    validate_zonepath of zoneadm.c (OpenSolaris source; unverified on Solaris 11)."""
    if _storage_here(node, zone):
        return None
    return (
        "",
        f"zoneadm: {zone.zonepath}: No such file or directory\n"
        f"could not verify zonepath {zone.zonepath} because of the above errors.\n"
        f"zoneadm: zone {zone.name} failed to verify\n",
        1,
    )


def _boot(node: SimNode, zone: Zone, args: list[str]) -> Result:
    if zone.state == "running":
        return _err(zone, "zone is already booted", 0)
    if zone.state not in ("installed", "ready"):
        return _err(zone, "must be installed before boot.")
    missing = _zonepath_missing(node, zone)
    if missing:
        return missing
    zone.state, zone.zoneid, zone.live = "running", node.next_zoneid(), None
    return "", "", 0


def _halt(node: SimNode, zone: Zone, args: list[str]) -> Result:
    if zone.state not in _LIVE:
        return _err(zone, "zone is already halted", 0)
    zone.state, zone.zoneid, zone.live = "installed", None, None
    return "", "", 0


def _shutdown(node: SimNode, zone: Zone, args: list[str]) -> Result:
    if zone.state not in _LIVE:
        return _err(zone, "not running")
    zone.live = None
    if "-r" in args:
        zone.zoneid = node.next_zoneid()
        return "", "", 0
    zone.state, zone.zoneid = "installed", None
    return "", "", 0


def _reboot(node: SimNode, zone: Zone, args: list[str]) -> Result:
    if zone.state != "running":
        return _err(zone, "not running")
    zone.zoneid, zone.live = node.next_zoneid(), None
    return "", "", 0


def _ready(node: SimNode, zone: Zone, args: list[str]) -> Result:
    if zone.state not in ("installed", "ready"):
        return _err(zone, "must be installed before ready.")
    missing = _zonepath_missing(node, zone)
    if missing:
        return missing
    zone.state, zone.zoneid = "ready", node.next_zoneid()
    return "", "", 0


def _detach(node: SimNode, zone: Zone, args: list[str]) -> Result:
    # unverified: silence on success on Solaris 11 (docs/solaris/zones-storage-patching.md
    # section 10; Solaris 10 prints nothing, docs/solaris/procedures.md section 1.2)
    if zone.state in _LIVE:
        state = "ready" if zone.state == "ready" else "running"
        return _err(zone, f"detach operation is invalid for {state} zones.")
    if zone.state != "installed":
        return _err(zone, "must be installed before detach.")
    if "-n" in args:
        return "", "", 0
    pool = _zone_pool(node, zone)
    if pool is not None:
        pool.detached.add(zone.name)
        if node.solaris10:
            pool.manifests[zone.name] = list(node.patches)
    zone.state = "configured"
    return "", "", 0


def _attach(node: SimNode, zone: Zone, args: list[str]) -> Result:
    # unverified: silence on success on Solaris 11, whose attach prints `Result: Attach
    # Succeeded.` and the update lines (zoneadm-install-a-uar-attach-phase capture, an 11.4
    # pre-release; Oracle Solaris 11's exact transcript is in no capture)
    if "-n" in args and "-u" in args:
        return _err(zone, "-n and -u flags are mutually exclusive")
    if zone.state in _LIVE:
        return _err(zone, "attach operation is invalid for running zones.")
    if zone.state == "installed":
        return _err(zone, "is already installed.")
    pool = _zone_pool(node, zone)
    if pool is None or pool.imported_on != node.name:
        # the wording of zoneadm.c's attach; unverified: that a missing zonepath ends there
        return _err(zone, "Cannot generate the information needed to attach this zone.")
    warning = ""
    if zone.name not in pool.detached:
        # its node died with it attached: Solaris warns and attaches anyway
        warning = "The zone was not properly detached.\n\tAttempting to attach anyway.\n"
    inventory = pool.manifests.get(zone.name)
    update = ""
    if node.solaris10 and inventory is not None and sorted(inventory) != sorted(node.patches):
        if "-u" not in args:
            return "", warning + attach_validation(inventory, node.patches), 1
        downgrade = downgrades(inventory, node.patches)
        if downgrade:
            return "", warning + downgrade, 1
        update = attach_update_log(inventory, node.patches)
    if "-n" in args:
        return "", warning, 0
    pool.detached.discard(zone.name)
    pool.manifests.pop(zone.name, None)
    zone.state = "installed"
    if not zone.uuid:
        zone.uuid = str(uuidlib.uuid4())
    return update, warning, 0


def _install(node: SimNode, zone: Zone, args: list[str]) -> Result:
    # unverified: the Solaris 11 lines the lab leaves out (AI manifest, SC profile,
    # Next Steps; zoneadm-install-a-uar-attach-phase capture)
    if zone.state in _LIVE:
        return _err(zone, "install operation is invalid for running zones.")
    if zone.state == "installed":
        return _err(zone, "is already installed.")
    if "-c" in args:
        profile = args[args.index("-c") + 1] if args.index("-c") + 1 < len(args) else ""
        if profile not in node.files:
            # unverified: zoneadm's words for a missing profile
            return "", f"zoneadm: {profile}: No such file or directory\n", 1
        wrong = read_profile(zone, node.files[profile])
        if wrong is not None:
            return "", f"zoneadm: {profile}: {wrong}\n", 1
    zone.state = "installed"
    zone.uuid = zone.uuid or str(uuidlib.uuid4())
    if node.solaris10:
        return (
            (
                f"Preparing to install zone <{zone.name}>.\n"
                f"Creating list of files to copy from the global zone.\n"
                f"Copying <2945> files to the zone.\nInitializing zone product registry.\n"
                f"Determining zone package initialization order.\n"
                f"Preparing to initialize <1137> packages on the zone.\n"
                f"Initialized <1137> packages on zone.\nZone <{zone.name}> is initialized.\n"
                f"The file <{zone.zonepath}/root/var/sadm/system/logs/install_log> contains "
                f"a log of the zone installation.\n"
            ),
            "",
            0,
        )
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return (
        (
            f"Progress being logged to /var/log/zones/zoneadm.{stamp}."
            f"{zone.name}.install\n       Image: Preparing at {zone.zonepath}/root.\n\n"
            f"        Done: Installation completed in 95.123 seconds.\n"
        ),
        "",
        0,
    )


def _uninstall(node: SimNode, zone: Zone, args: list[str]) -> Result:
    if zone.state in _LIVE:
        return _err(zone, "uninstall operation is invalid for running zones.")
    if zone.state == "configured":
        return _err(zone, "is already in state 'configured'.")
    if "-F" not in args:
        return _err(zone, "Input not from terminal and -F not specified: uninstall not done.")
    zone.state = "configured"
    pool = _zone_pool(node, zone)
    if pool is None or pool.imported_on != node.name:
        return "", "", 0
    for fs in [f for f in pool.filesystems.values() if f.mountpoint == zone.zonepath]:
        del pool.filesystems[fs.name]
    return "The ZFS file system for this zone has been destroyed.\n", "", 0


def _node_links(node: SimNode) -> set[str]:
    """The datalinks and interfaces a shared-IP zone's net can sit on."""
    spec = node.spec
    return {*spec.nics, *spec.aggregations, *spec.ipmp}


def _verify_problems(node: SimNode, zone: Zone) -> list[str]:
    """What `zoneadm verify` reports about the zone's nets and datasets (zoneadm.c
    verify_handle; zfs.c verify_datasets: unverified, from the OpenSolaris source)."""
    problems = []
    links = _node_links(node)
    datasets = {name for pool in node.zpools_here() for name in pool.filesystems}
    for resource in zone.resources:
        kind = resource["resource"]
        if kind == "net" and zone.ip_type == "shared":
            physical = resource.get("physical", "")
            if physical not in links:
                problems.append(
                    f"could not verify net address={resource.get('address', '')} "
                    f"physical={physical}: No such device or address\n"
                )
        elif kind == "dataset" and resource.get("name") not in datasets:
            problems.append(
                f"could not verify zfs dataset {resource.get('name')}: dataset does not exist\n"
            )
    return problems


def _verify(node: SimNode, zone: Zone, args: list[str]) -> Result:
    """zoneadm verify: silent when the configuration can be installed or booted here."""
    # unverified: verify's messages (OpenSolaris source only) and its silence on success
    if args:
        return "", _USAGE, 253
    warning = ""
    if not _storage_here(node, zone):
        if zone.state != "configured":
            return _zonepath_missing(node, zone) or ("", "", 0)
        path = zone.zonepath
        warning = (
            f"WARNING: {path} does not exist, so it could not be verified.\n"
            f"When 'zoneadm install' is run, 'install' will try to create\n{path}, and "
            f"'verify' will be tried again,\nbut the 'verify' may fail if:\nthe parent "
            f"directory of {path} is group- or other-writable\nor\n{path} overlaps with any "
            "other installed zones.\n"
        )
    problems = _verify_problems(node, zone)
    if problems:
        failed = f"zoneadm: zone {zone.name} failed to verify\n"
        return "", warning + "".join(problems) + failed, 1
    return "", warning, 0


def _clone(node: SimNode, zone: Zone, args: list[str]) -> Result:
    """zoneadm -z NEW clone [-m copy] [-s SNAPSHOT] SOURCE: a ZFS clone of the source's
    zonepath (zoneadm.c clone_func, zfs.c clone_snap: the texts of the OpenSolaris
    source). unverified: the lab puts the clone's dataset beside the source's."""
    words = [a for a in args if not a.startswith("-")]
    if zone.state in _LIVE:
        return _err(zone, "clone operation is invalid for running zones.")
    if zone.state == "installed":
        return _err(zone, "is already installed.")
    if len(words) != 1:
        return "", _USAGE, 253
    source = node.zones.get(words[0])
    if source is None:
        # unverified: the wording for an unknown source zone
        return "", f"zoneadm: {words[0]}: No such zone configured\n", 1
    if source.state != "installed":
        return "", f"zoneadm: zone {source.name} is {source.state}; installed is required.\n", 1
    pool = _zone_pool(node, source)
    if pool is None or pool.imported_on != node.name:
        return _zonepath_missing(node, source) or ("", "", 0)
    fs = next(f for f in pool.filesystems.values() if f.mountpoint == source.zonepath)
    snapshot = f"SUNWzone{len(fs.snapshots) + 1}"
    fs.snapshots[snapshot] = fs.used
    name = f"{fs.name.rsplit('/', 1)[0]}/{zone.zonepath.rstrip('/').rsplit('/', 1)[-1]}"
    pool.filesystems[name] = Filesystem(name, zone.zonepath, fs.used)
    zone.state, zone.uuid = "installed", str(uuidlib.uuid4())
    return (
        f"Cloning snapshot {fs.name}@{snapshot}\n"
        "Instead of copying, a ZFS clone has been created for this zone.\n",
        "",
        0,
    )


def _move(node: SimNode, zone: Zone, args: list[str]) -> Result:
    """zoneadm -z Z move NEWPATH: the zonepath (its ZFS mount point) moves.
    unverified: silence on success (a ZFS rename prints nothing in the source)."""
    if zone.state in _LIVE:
        return _err(zone, "move operation is invalid for running zones.")
    if zone.state != "installed":
        return _err(zone, "must be installed before move.")
    if len(args) != 1 or not args[0].startswith("/"):
        return "", _USAGE, 253
    pool = _zone_pool(node, zone)
    if pool is None or pool.imported_on != node.name:
        return _zonepath_missing(node, zone) or ("", "", 0)
    for fs in pool.filesystems.values():
        if fs.mountpoint == zone.zonepath:
            fs.mountpoint = args[0]
    zone.zonepath = args[0]
    return "", "", 0


_VERBS = {
    "boot": _boot,
    "halt": _halt,
    "shutdown": _shutdown,
    "reboot": _reboot,
    "ready": _ready,
    "detach": _detach,
    "attach": _attach,
    "install": _install,
    "uninstall": _uninstall,
    "verify": _verify,
    "clone": _clone,
    "move": _move,
}


# properties `zonecfg export` writes for an anet when none were set (the
# zonecfg-export-s11 capture: the default template's net0)
_ANET_DEFAULTS = (
    ("configure-allowed-address", "true"),
    ("link-protection", "mac-nospoof"),
    ("mac-address", "auto"),
)


def export_zone(node: SimNode, zone: Zone, live: bool = False) -> str:
    """`zonecfg -z Z export` (with ``live``, `zonecfg -z Z -r export`: the running
    configuration): the commands that recreate the zone. Solaris 10: export_func of the
    OpenSolaris zonecfg.c (no brand line for native zones); Solaris 11: the
    zonecfg-export-s11 capture (brand first, ``autoshutdown``, the anet defaults).
    Resources and their properties in the order they were configured (unverified: the
    order Solaris 11 writes them in)."""
    lines = ["create -b"]
    if node.solaris10:
        lines.append(f"set zonepath={zone.zonepath}")
        if zone.brand != "native":
            lines.append(f"set brand={zone.brand}")
    else:
        lines += [f"set brand={zone.brand}", f"set zonepath={zone.zonepath}"]
    lines.append(f"set autoboot={'true' if zone.autoboot else 'false'}")
    if not node.solaris10:
        lines.append("set autoshutdown=shutdown")
    lines.append(f"set ip-type={zone.ip_type}")
    for resource in zone.live_resources() if live else zone.resources:
        kind = resource["resource"]
        props = [(k, v) for k, v in resource.items() if k != "resource"]
        if kind == "anet":
            props += [(k, v) for k, v in _ANET_DEFAULTS if k not in resource]
        lines.append(f"add {kind}")
        # an rctl's value is a resource of its own: `add value (priv=...,limit=N,...)`
        # (docs/solaris/monitoring-resources.md 6.2)
        lines += [
            f"add value {v}" if kind == "rctl" and k == "value" else f"set {k}={_quoted(v)}"
            for k, v in props
            if v
        ]
        lines.append("end")
    return "".join(line + "\n" for line in lines)


def _quoted(value: str) -> str:
    """export_prop: a value with a space is written in double quotes."""
    return f'"{value}"' if " " in value else value


# the properties `zonecfg info` prints for a resource, set or not, in its order; an
# unset one reads ``<name> not specified`` (zonecfg-info__puppetlabs-zone_core capture:
# a Solaris 11 net; Solaris 10 has no allowed-address; fs from the OpenSolaris source)
_INFO_PROPERTIES = {
    "net": ("address", "allowed-address", "configure-allowed-address", "physical", "defrouter"),
    "fs": ("dir", "special", "raw", "type"),
    "dataset": ("name",),
}
_S11_ONLY = {"allowed-address", "configure-allowed-address"}


def _info(node: SimNode, zone: Zone, live: bool = False) -> str:
    """`zonecfg -z Z info`: every global property, empty ones as ``name:`` (the
    zonecfg-info capture), then each resource with its properties TAB-indented.
    unverified: the Solaris 11.2+ globals the capture does not show (autoshutdown,
    fs-allowed, file-mac-profile) and the properties of an anet."""
    lines = [
        f"zonename: {zone.name}",
        f"zonepath: {zone.zonepath}",
        f"brand: {zone.brand}",
        f"autoboot: {'true' if zone.autoboot else 'false'}",
        "bootargs:",
        "pool:",
        "limitpriv:",
        "scheduling-class:",
        f"ip-type: {zone.ip_type}",
        "hostid:",
    ]
    for resource in zone.live_resources() if live else zone.resources:
        kind = resource["resource"]
        lines.append(f"{kind}:")
        known = [
            p for p in _INFO_PROPERTIES.get(kind, ()) if not (node.solaris10 and p in _S11_ONLY)
        ]
        values = dict(resource)
        if kind == "net" and not node.solaris10:
            values.setdefault("configure-allowed-address", "true")
        for prop in known:
            value = values.get(prop, "")
            lines.append(f"\t{prop}: {value}" if value else f"\t{prop} not specified")
        if kind == "fs":
            lines.append("\toptions: []")
        rest = [(k, v) for k, v in resource.items() if k != "resource" and k not in known]
        if kind == "anet":
            rest += [(k, v) for k, v in _ANET_DEFAULTS if k not in resource]
        lines += [f"\t{k}: {v}" for k, v in rest]
    return "".join(line + "\n" for line in lines)


def _apply_live(node: SimNode, zone: Zone, script: str) -> Result:
    """`zonecfg -z Z -r`: change the running zone's configuration only (until it reboots)."""
    # unverified: live mode's answers (no capture or document of `zonecfg -r`)
    scratch = dataclasses.replace(zone, resources=copy.deepcopy(zone.live_resources()))
    out, err, status = _apply(node, zone.name, script, scratch)
    if status == 0:
        zone.live = scratch.resources
    return out, err, status


_MAX_SHARES = 65535
"""FSS_MAXSHARES: the most zone.cpu-shares a zone may hold."""


def _without_shares(resources: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        r for r in resources if not (r["resource"] == "rctl" and r.get("name") == "zone.cpu-shares")
    ]


def _shares_rctl(shares: str) -> dict[str, str]:
    """The rctl `set cpu-shares=N` stands for (zonecfg's alias of zone.cpu-shares)."""
    return {
        "resource": "rctl",
        "name": "zone.cpu-shares",
        "value": f"(priv=privileged,limit={shares},action=none)",
    }


def _apply(node: SimNode, name: str, script: str, target: Zone | None = None) -> Result:
    """Apply zonecfg subcommands (create, set, add ... end, remove, commit) to the stored
    configuration (or to ``target``, a copy for live mode). A running zone keeps the
    configuration it booted with."""
    zone = node.zones.get(name) if target is None else target
    if target is None and zone is not None and zone.state in _LIVE and zone.live is None:
        zone.live = copy.deepcopy(zone.resources)
    building: dict[str, str] | None = None
    pending = copy.deepcopy(zone)
    for raw in script.replace(";", "\n").splitlines():
        words = shlex.split(raw.strip()) if raw.strip() else []
        if not words or words[0] in ("commit", "exit", "verify"):
            continue
        verb = words[0]
        if verb == "create":
            if zone is not None:
                return "", f"{name}: Zone already exists\n", 1
            pending = Zone(
                name=name,
                brand="native" if node.solaris10 else "solaris",
                zonepath="",
                ip_type="shared" if node.solaris10 else "exclusive",
                autoboot=False,
                state="configured",
                uuid="",
            )
        elif pending is None:
            return (
                "",
                f"{name}: No such zone configured\nUse 'create' to begin configuring a new zone.\n",
                1,
            )
        elif verb == "add" and len(words) == 3 and building is not None and words[1] == "value":
            building["value"] = words[2]
        elif verb == "set" and len(words) >= 2 and "=" in words[1]:
            key, _, value = " ".join(words[1:]).partition("=")
            if building is not None:
                building[key] = value
            elif key == "cpu-shares":
                if not value.isdigit() or not 1 <= int(value) <= _MAX_SHARES:
                    # unverified: zonecfg's wording for a bad cpu-shares value
                    return "", f"{value}: invalid cpu-shares value\n", 1
                pending.resources = [*_without_shares(pending.resources), _shares_rctl(value)]
            elif key == "zonepath":
                pending.zonepath = value
            elif key == "brand":
                pending.brand = value
            elif key == "autoboot":
                pending.autoboot = value == "true"
            elif key == "ip-type":
                pending.ip_type = value
        elif verb == "add" and len(words) == 2:
            building = {"resource": words[1]}
        elif verb == "end" and building is not None:
            pending.resources.append(building)
            building = None
        elif verb == "remove" and len(words) >= 2:
            kind = words[1]
            match = dict(w.partition("=")[::2] for w in words[2:])
            kept = [
                r
                for r in pending.resources
                if not (r["resource"] == kind and all(r.get(k) == v for k, v in match.items()))
            ]
            if len(kept) == len(pending.resources):
                return "", f"{kind}: No such resource with that id\n", 1
            pending.resources = kept
        else:
            return "", f"On line 1:\nsyntax error near '{verb}'\n", 1
    if pending is not None and not pending.zonepath:
        return "", f"zonepath cannot be empty.\n{name}: Invalid argument\n", 1
    if zone is not None:
        for attribute in dataclasses.fields(zone):
            setattr(zone, attribute.name, getattr(pending, attribute.name))
    elif pending is not None:
        node.zones[name] = pending
    return "", "", 0


@command("zonecfg")
def zonecfg(node: SimNode, args: list[str], stdin: str) -> Result:
    """zonecfg -z ZONE [-r] export|info|delete -F|-f FILE|'subcommands'; -r (live mode,
    Solaris 11.2 and later) works on the running zone's configuration."""
    # unverified: the silence of `delete -F` on success
    live = len(args) > 3 and args[2] == "-r" and not node.solaris10
    if live:
        args = args[:2] + args[3:]
    if len(args) < 3 or args[0] != "-z" or args[2] == "-r":
        return (
            "",
            "usage:\tzonecfg -z <zone> (interactive)\n\tzonecfg -z <zone> <command>\n"
            "\tzonecfg -z <zone> -f <command-file>\n",
            253,
        )
    name, rest = args[1], args[2:]
    zone = node.zones.get(name)
    if live:
        return _live(node, name, zone, rest)
    if rest == ["export"] or rest == ["info"]:
        if zone is None:
            return "", f"{name}: No such zone configured\n", 1
        return (export_zone(node, zone) if rest == ["export"] else _info(node, zone)), "", 0
    if rest[0] == "delete":
        if zone is None:
            return "", f"{name}: No such zone configured\n", 1
        if "-F" not in rest:
            return "", "Input not from terminal and -F not specified: delete not done.\n", 1
        if zone.state != "configured":
            return (
                "",
                f"Zone {name} is in state {zone.state}. Deleting a zone in this state "
                "is not allowed.\n",
                1,
            )
        del node.zones[name]
        return "", "", 0
    if rest[0] == "-f" and len(rest) == 2:
        if rest[1] not in node.files:
            return "", f"{rest[1]}: No such file or directory\n", 1
        return _apply(node, name, node.files[rest[1]])
    return _apply(node, name, " ".join(rest))


def _live(node: SimNode, name: str, zone: Zone | None, rest: list[str]) -> Result:
    """The live mode of zonecfg: only for a running zone; no create or delete."""
    if zone is None:
        return "", f"{name}: No such zone configured\n", 1
    if zone.state != "running":
        return (
            "",
            f"zonecfg: zone '{name}': live configuration is only available for a running zone\n",
            1,
        )
    if rest in (["export"], ["info"]):
        return (
            (export_zone(node, zone, True) if rest == ["export"] else _info(node, zone, True)),
            "",
            0,
        )
    if rest[0] in ("delete", "-f") or rest[0].startswith("create"):
        return "", f"{rest[0]}: not supported in live mode\n", 1
    return _apply_live(node, zone, " ".join(rest))

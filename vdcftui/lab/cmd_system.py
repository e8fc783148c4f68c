"""Identity, hardware, services, software and resource-control commands of a lab node."""

from __future__ import annotations

import getopt
import time
import zlib
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command
from vdcftui.lab.load import memory_swing, node_ticks

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode, Zone


@command("hostname")
def hostname(node: SimNode, args: list[str], stdin: str) -> Result:
    """hostname."""
    return node.hostname + "\n", "", 0


@command("uname")
def uname(node: SimNode, args: list[str], stdin: str) -> Result:
    """uname [-a|-X|-n|-r|-v|-m|-p|-i|-s]."""
    # unverified: the `uname -a` line (no capture; the uname-X captures give its values)
    parts = node.uname_a.split()
    options = {"-s": 0, "-n": 1, "-r": 2, "-v": 3, "-m": 4, "-p": 5, "-i": 6}
    if not args:
        return "SunOS\n", "", 0
    if args == ["-a"]:
        return node.uname_a + "\n", "", 0
    if args == ["-X"]:
        spec = node.spec
        return (
            (
                f"System = SunOS\nNode = {node.hostname}\nRelease = {parts[2]}\n"
                f"KernelID = {parts[3]}\nMachine = {parts[4]}\nBusType = <unknown>\n"
                f"Serial = <unknown>\nUsers = <unknown>\nOEM# = 0\nOrigin# = 1\n"
                f"NumCPU = {spec.threads}\n\n"
            ),
            "",
            0,
        )
    if all(a in options for a in args):
        return " ".join(parts[options[a]] for a in args) + "\n", "", 0
    bad = next(a for a in args if a not in options and a not in ("-a", "-X"))
    # unverified: uname's option error and usage lines
    return "", (f"uname: illegal option -- {bad.lstrip('-')[:1]}\nusage: uname [-snrvmapiX]\n"), 2


@command("virtinfo")
def virtinfo(node: SimNode, args: list[str], stdin: str) -> Result:
    """virtinfo -ap (LDoms roles on SPARC; x86 runs on bare metal here)."""
    if args not in (["-ap"], ["-a", "-p"], ["-pa"]):
        # unverified: virtinfo's usage text
        return "", "usage: virtinfo [-ap | -c current | -c supported] [-t type]\n", 2
    if node.spec.arch != "sparc":
        # Wording unverified against a real x86 host (docs/solaris: virtinfo).
        return "", "virtinfo: Logical Domains are not supported on this platform\n", 1
    spec = node.spec
    control = "true" if spec.kind in ("cdom", "physical") else "false"
    domain = "primary" if spec.kind != "gdom" else spec.name
    controller = spec.cdom if spec.kind == "gdom" else spec.name
    return (
        (
            f"VERSION 1.0\nDOMAINROLE|impl=LDoms|control={control}|io={control}"
            f"|service={control}|root={control}\n"
            f"DOMAINNAME|name={domain}\n"
            f"DOMAINUUID|uuid={_uuid(spec.name)}\n"
            f"DOMAINCONTROL|name={controller}\n"
            f"DOMAINCHASSIS|serialno={spec.serial}\n"
        ),
        "",
        0,
    )


def _uuid(name: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_OID, name))


@command("psrinfo")
def psrinfo(node: SimNode, args: list[str], stdin: str) -> Result:
    """psrinfo [-p] [-v]."""
    spec = node.spec
    per_socket = spec.threads // spec.sockets
    cores = spec.cores // spec.sockets
    if args in (["-pv"], ["-vp"], ["-p", "-v"]):
        out = []
        for socket in range(spec.sockets):
            first = socket * per_socket
            span = f"{first}-{first + per_socket - 1}"
            if node.solaris10:
                out.append(f"The physical processor has {per_socket} virtual processors ({span})")
            else:
                out.append(
                    f"The physical processor has {cores} cores and {per_socket} "
                    f"virtual processors ({span})"
                )
                strands = per_socket // cores
                for core in range(cores):
                    start = first + core * strands
                    out.append(
                        f"  The core has {strands} virtual processors "
                        f"({start}-{start + strands - 1})"
                    )
            indent = "  " if node.solaris10 else "    "
            if spec.arch == "sparc":
                out.append(f"{indent}{spec.cpu_type} (chipid {socket}, clock {spec.clock_mhz} MHz)")
            else:
                out.append(
                    f"{indent}x86 (GenuineIntel 306E4 family 6 model 62 step 4 clock "
                    f"{spec.clock_mhz} MHz)"
                )
                out.append(" " * (8 if node.solaris10 else 6) + spec.cpu_type)
        return "\n".join(out) + "\n", "", 0
    if args == ["-p"]:
        # unverified: `psrinfo -p` (a bare count of physical processors; no capture)
        return f"{spec.sockets}\n", "", 0
    if not args:
        since = time.strftime("%m/%d/%Y %H:%M:%S", time.localtime(node.booted_at))
        return "".join(f"{cpu}\ton-line   since {since}\n" for cpu in range(spec.threads)), "", 0
    # unverified: psrinfo's usage text
    return (
        "",
        ("usage: \n\tpsrinfo [-v] [-p] [processor_id ...]\n\tpsrinfo -s [-p] processor_id\n"),
        2,
    )


@command("prtdiag")
def prtdiag(node: SimNode, args: list[str], stdin: str) -> Result:
    """prtdiag [-v]."""
    spec = node.spec
    if spec.arch == "sparc":
        vendor = "Fujitsu" if spec.model.startswith("SPARC M10") else "Oracle Corporation"
        head = f"System Configuration:  {vendor}  sun4v {spec.model}\n"
    else:
        head = (
            f"System Configuration: Oracle Corporation {spec.model}\n"
            f"BIOS Configuration: American Megatrends Inc. 25010600 10/13/2014\n"
            f"BMC Configuration: IPMI 2.0 (KCS: Keyboard Controller Style)\n"
        )
    out = [head, f"Memory size: {spec.memory_mb} Megabytes\n"]
    if spec.arch == "sparc":
        out.append(
            "\n================================ Virtual CPUs "
            "================================\n\n\n"
            "CPU ID Frequency Implementation         Status\n"
            "------ --------- ---------------------- -------\n"
        )
        out += [
            f"{cpu:<6} {spec.clock_mhz} MHz  {spec.cpu_type:<22} on-line\n"
            for cpu in range(spec.threads)
        ]
        out.append(
            "\n======================================== IO Devices "
            "=======================================\n"
            "Slot +            Bus   Name +                            Model      "
            "Max Speed  Cur Speed\n"
            "Status            Type  Path                                         "
            "/Width     /Width\n" + "-" * 91 + "\n"
        )
    return "".join(out), "", 0


@command("pagesize")
def pagesize(node: SimNode, args: list[str], stdin: str) -> Result:
    """pagesize: 8 KB pages on SPARC, 4 KB on x86 (unverified: no capture; the
    pagesize(1) manual's one number)."""
    return f"{_page_size(node)}\n", "", 0


def _page_size(node: SimNode) -> int:
    return 8192 if node.spec.arch == "sparc" else 4096


def _kstats(node: SimNode) -> dict[str, str]:
    """The statistics the lab keeps; CPU ticks (lab.load) and free memory move with time."""
    spec = node.spec
    now = time.time()
    pages = spec.memory_mb * (1 << 20) // _page_size(node)
    busy = len([z for z in node.zones.values() if z.state == "running"])
    wobble = memory_swing(pages, now)
    stats = {
        "unix:0:system_pages:freemem": str(pages * (60 - min(busy * 4, 40)) // 100 - wobble),
        "unix:0:system_pages:pagestotal": str(pages - pages // 64),
        "unix:0:system_pages:physmem": str(pages),
        "unix:0:system_misc:boot_time": str(int(node.booted_at)),
        "unix:0:system_misc:ncpus": str(spec.threads),
        "unix:0:system_misc:nproc": str(80 + 40 * busy),
    }
    ticks, user, kernel = node_ticks(node, now)
    per_core = max(spec.threads // max(spec.cores, 1), 1)
    implementation = (
        f"{spec.cpu_type} (chipid 0, clock {spec.clock_mhz} MHz)"
        if spec.arch == "sparc"
        else f"x86 (GenuineIntel 306E4 family 6 model 62 step 4 clock {spec.clock_mhz} MHz)"
    )
    for cpu in range(spec.threads):
        stats[f"cpu:{cpu}:sys:cpu_ticks_idle"] = str(ticks - user - kernel + cpu % 7)
        stats[f"cpu:{cpu}:sys:cpu_ticks_kernel"] = str(kernel)
        stats[f"cpu:{cpu}:sys:cpu_ticks_user"] = str(user)
        stats[f"cpu:{cpu}:sys:cpu_ticks_wait"] = "0"
    for cpu in range(spec.threads):
        prefix = f"cpu_info:{cpu}:cpu_info{cpu}:"
        chip = cpu // max(spec.threads // spec.sockets, 1)
        stats[prefix + "brand"] = spec.cpu_type
        stats[prefix + "chip_id"] = str(chip)
        stats[prefix + "class"] = "misc"
        stats[prefix + "clock_MHz"] = str(spec.clock_mhz)
        stats[prefix + "core_id"] = str(cpu // per_core)
        stats[prefix + "cpu_type"] = "sparcv9" if spec.arch == "sparc" else "i386"
        stats[prefix + "implementation"] = implementation.replace("chipid 0", f"chipid {chip}")
        stats[prefix + "state"] = "on-line"
        stats[prefix + "state_begin"] = str(int(node.booted_at))
    return stats


@command("kstat")
def kstat(node: SimNode, args: list[str], stdin: str) -> Result:
    """kstat -p [module:instance:name:statistic ...] (memory, CPU ticks, cpu_info); a
    part left empty or a shell glob matches as kstat's selectors do."""
    if "-p" not in args:
        # unverified: kstat's usage text (the lab answers -p only)
        return (
            "",
            (
                "Usage:\nkstat [ -Cjlpq ] [ -T d|u ] [ -c class ]\n"
                "      [ -m module ] [ -i instance ] [ -n name ] [ -s statistic ]\n"
                "      [ interval [ count ] ]\n"
                "kstat [ -Cjlpq ] [ -T d|u ] [ -c class ]\n"
                "      [ module:instance:name:statistic ... ]\n"
                "      [ interval [ count ] ]\n"
            ),
            2,
        )
    wanted = [a for a in args if a != "-p"]
    stats = _kstats(node)
    keys = sorted(
        (k for k in stats if not wanted or any(_kstat_match(k, w) for w in wanted)),
        key=_kstat_order,
    )
    lines = [f"{key}\t{stats[key]}\n" for key in keys]
    return "".join(lines), "", 0 if lines else 1


def _kstat_match(key: str, pattern: str) -> bool:
    parts, wanted = key.split(":"), pattern.split(":")
    return all(not w or fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=False))


def _kstat_order(key: str) -> tuple[str, int, str, str]:
    module, instance, name, statistic = key.split(":")
    return module, int(instance), name, statistic


_SERVICES = (
    ("legacy_run", "lrc:/etc/rc2_d/S89PRESERVE"),
    ("disabled", "svc:/network/nfs/client:default"),
    ("disabled", "svc:/system/pools:default"),
    ("disabled", "svc:/network/ldap/client:default"),
    ("online", "svc:/system/svc/restarter:default"),
    ("online", "svc:/network/loopback:default"),
    ("online", "svc:/network/physical:default"),
    ("online", "svc:/system/filesystem/local:default"),
    ("online", "svc:/system/zones:default"),
    ("online", "svc:/network/ssh:default"),
    ("online", "svc:/system/fmd:default"),
    ("online", "svc:/system/cron:default"),
    ("online", "svc:/milestone/multi-user-server:default"),
)
# unverified: the descriptions and manual pages of these services (no capture lists them);
# the See:/name lines that show them follow svcs-xv-* and svcs-l__puppet captures
_SERVICE_INFO = {
    "svc:/network/nfs/client:default": ("NFS client", "mount_nfs"),
    "svc:/system/pools:default": ("resource pools framework", "pooladm"),
    "svc:/network/ldap/client:default": ("LDAP client", "ldap_cachemgr"),
    "svc:/system/svc/restarter:default": ("master restarter", "svc.startd"),
    "svc:/network/loopback:default": ("loopback network interface", "ifconfig"),
    "svc:/network/physical:default": ("physical network interfaces", "ifconfig"),
    "svc:/system/filesystem/local:default": ("local file system mounts", "mount"),
    "svc:/system/zones:default": ("Zones autoboot", "zones"),
    "svc:/network/ssh:default": ("SSH server", "sshd"),
    "svc:/system/fmd:default": ("Solaris Fault Manager", "fmd"),
    "svc:/system/cron:default": ("clock daemon (cron)", "cron"),
    "svc:/milestone/multi-user-server:default": ("multi-user plus exports milestone", "init"),
    "svc:/application/pkg/system-repository:default": ("IPS System Repository", "pkg.sysrepo"),
    "svc:/site/vdcf-keepalive:default": ("vdcftui keep-alive agent", ""),
    "svc:/network/dns/client:default": ("DNS resolver", "resolv.conf"),
    "svc:/network/ntp:default": ("Network Time Protocol (NTP) Version 4", "ntpd"),
}
# column widths; the default listing leaves one more space after STATE than `-o state,...`
_SVCS_COLUMNS = {"state": 13, "stime": 8, "fmri": 0}


@command("svcs")
def svcs(node: SimNode, args: list[str], stdin: str) -> Result:
    """svcs [-a] [-H] [-o state,stime,fmri] [FMRI...], svcs -x[v] [FMRI...], svcs -l FMRI."""
    if args[:1] in (["-x"], ["-xv"], ["-vx"]):
        return _svcs_explain(node, args[1:], verbose="v" in args[0])
    if args[:1] == ["-l"]:
        return _svcs_long(node, args[1:])
    columns, show_all, header, patterns = ["", "state", "stime", "fmri"], False, True, []
    words = iter(args)
    for word in words:
        if word == "-o":
            columns = next(words, "").split(",")
            if columns == [""]:
                # unverified: svcs's messages for a missing -o list, a bad option and an
                # unknown column, and the usage line
                return "", "svcs: -o requires a list of columns\n", 2
        elif word.startswith("-") and set(word[1:]) <= {"a", "H"}:
            show_all = show_all or "a" in word
            header = header and "H" not in word
        elif word.startswith("-"):
            return (
                "",
                (
                    f"svcs: illegal option -- {word[1:2]}\n"
                    "Usage: svcs [-aHpv?] [-o col[,col]...] [-R FMRI-instance]... "
                    "[-sS col]... [-Z | -z zone ]\n            [<service> ...]\n"
                ),
                2,
            )
        else:
            patterns.append(word)
    bad = [c for c in columns if c.lower() not in _SVCS_COLUMNS and c]
    if bad:
        return "", f'svcs: Unrecognized column "{bad[0]}".\n', 2
    services = _node_services(node)
    if patterns:
        services = [(st, f) for st, f in services if any(p in f for p in patterns)]
        if not services:
            # unverified: the wording for a pattern that matches nothing
            return "", f"svcs: Pattern '{patterns[0]}' doesn't match any instances\n", 1
    elif not show_all:
        services = [(st, f) for st, f in services if st != "disabled"]
    stime = time.strftime(
        "%b_%d" if time.time() - node.booted_at > 86400 else "%H:%M:%S",
        time.localtime(node.booted_at),
    )
    lines = []
    if header:
        lines.append(_svcs_row(columns, {"state": "STATE", "stime": "STIME", "fmri": "FMRI"}))
    for state, fmri in services:
        lines.append(_svcs_row(columns, {"state": state, "stime": stime, "fmri": fmri}))
    return "".join(lines), "", 0


def _node_services(node: SimNode) -> list[tuple[str, str]]:
    """(state, FMRI) of the node's services: legacy rc scripts on Solaris 10 only; the
    states an administrator set with svcadm override the defaults; the services
    imported from manifests (the keep-alive agent, lab.smf) last."""
    services = [(st, fmri) for st, fmri in _SERVICES if node.solaris10 or "rc2_d" not in fmri]
    if not node.solaris10:
        services.append(("online", "svc:/application/pkg/system-repository:default"))
    # as a fresh install has them (svcs-a__getconfig-solaris10/11 captures: the DNS
    # client disabled on Solaris 10, online on 11); NTP disabled until configured
    services.append(("disabled" if node.solaris10 else "online", "svc:/network/dns/client:default"))
    services.append(("disabled", "svc:/network/ntp:default"))
    listed = [(node.smf_states.get(f, (st,))[0], f) for st, f in services]
    return listed + [(s.state, s.fmri) for s in node.services.values()]


def smf_fmris(node: SimNode) -> list[str]:
    """The FMRIs of the node's SMF instances (not the legacy rc scripts)."""
    return [f for _st, f in _node_services(node) if f.startswith("svc:")]


def _smf_instances(node: SimNode, patterns: list[str]) -> list[tuple[str, str]] | str:
    """The SMF instances the patterns name, or the error text of the first unmatched one."""
    services = [(st, f) for st, f in _node_services(node) if f.startswith("svc:")]
    chosen = []
    for pattern in patterns:
        found = [(st, f) for st, f in services if pattern in f]
        if not found:
            return f"svcs: Pattern '{pattern}' doesn't match any instances\n"  # unverified
        chosen += found
    return chosen


def _smf_time(when: float) -> str:
    """When an instance changed state (boot, or an svcadm), as svcs prints it in the C
    locale (svcs-xv-online-s11-4-0 capture: ``Sun Dec  1 22:09:02 2019``)."""
    return time.strftime("%a %b %e %H:%M:%S %Y", time.localtime(when))


def _smf_log(fmri: str) -> str:
    """The log of an instance: /var/svc/log/<service path with - for />:<instance>.log."""
    service, _, instance = fmri.removeprefix("svc:/").rpartition(":")
    return f"/var/svc/log/{service.replace('/', '-')}:{instance}.log"


def _svcs_explain(node: SimNode, patterns: list[str], verbose: bool) -> Result:
    """`svcs -x[v] [FMRI...]`: one block per named instance (svcs-xv-* captures); without
    operands the instances with problems (in maintenance or degraded), none printing
    nothing (explain.c)."""
    if patterns:
        chosen = _smf_instances(node, patterns)
        if isinstance(chosen, str):
            return "", chosen, 1
    else:
        chosen = [
            (st, f)
            for st, f in _node_services(node)
            if f.startswith("svc:") and st in ("maintenance", "degraded")
        ]
    section = "1M" if node.spec.os != "11.4" else "8"
    url = "http://sun.com/msg/" if node.solaris10 else "http://support.oracle.com/msg/"
    blocks = []
    for state, fmri in chosen:
        description, page = _SERVICE_INFO.get(fmri, ("?", ""))
        _state, reason, since = node.smf_states.get(fmri, (state, "", node.booted_at))
        lines = [f"{fmri} ({description})", f" State: {state} since {_smf_time(since)}"]
        if state == "disabled":
            # unverified: the Reason and message id of an administratively disabled instance
            lines += ["Reason: Disabled by an administrator.", f"   See: {url}SMF-8000-05"]
        elif state == "maintenance":
            # unverified: the Reason and message id of an instance an administrator marked
            # (the layout is the svcs-xv-maintenance captures')
            lines += [
                f"Reason: {reason or 'Method failed repeatedly.'}",
                f"   See: {url}SMF-8000-63",
            ]
        if verbose and page:
            lines.append(f"   See: man -M /usr/share/man -s {section} {page}")
        lines.append(f"   See: {_smf_log(fmri)}")
        lines.append(
            "Impact: None." if state == "online" else "Impact: This service is not running."
        )
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks), "", 0


def _svcs_long(node: SimNode, patterns: list[str]) -> Result:
    """`svcs -l FMRI`: labels padded to 13 columns (svcs-l__puppet capture: fmri, name,
    enabled, state, next_state, state_time)."""
    if not patterns:
        # unverified: svcs -l without an operand
        return "", "svcs: -l requires at least one argument.\n", 2
    chosen = _smf_instances(node, patterns)
    if isinstance(chosen, str):
        return "", chosen, 1
    blocks = []
    for state, fmri in chosen:
        fields = [
            ("fmri", fmri),
            ("name", _SERVICE_INFO.get(fmri, ("?", ""))[0]),
            ("enabled", "false" if state == "disabled" else "true"),
            ("state", state),
            ("next_state", "none"),
            ("state_time", _smf_time(node.smf_states.get(fmri, ("", "", node.booted_at))[2])),
            # unverified: logfile and restarter lines (cut from the capture)
            ("logfile", _smf_log(fmri)),
            ("restarter", "svc:/system/svc/restarter:default"),
        ]
        blocks.append("".join(f"{label:<12} {value}\n" for label, value in fields))
    return "\n".join(blocks), "", 0


def _svcs_row(columns: list[str], values: dict[str, str]) -> str:
    cells = []
    for index, column in enumerate(c.lower() for c in columns):
        if not column:  # the default listing's wider state column
            continue
        width = _SVCS_COLUMNS[column] if index < len(columns) - 1 else 0
        width += 1 if column == "state" and not columns[0] else 0
        cells.append(values[column].ljust(width))
    return " ".join(cells).rstrip() + "\n"


def _df_scaled(kbytes: int) -> str:
    """A `df -h` size: one decimal below 10, whole numbers above (``992K``, ``5.0G``,
    ``12G``, ``0K``: the df-ha captures)."""
    value, unit = float(kbytes), "K"
    for bigger in "MGT":
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:.1f}{unit}" if value < 10 and kbytes else f"{value:.0f}{unit}"


def _df_rows(node: SimNode) -> list[tuple[str, int, int, int, str]]:
    """(file system, KB total, KB used, KB available, mount point) of the node's ZFS
    file systems."""
    rows = [("rpool/ROOT/solaris", 285212672, 4194304, 281018368, "/")]
    for pool in node.zpools_here():
        for fs in pool.filesystems.values():
            size = (fs.quota or pool.size) // 1024
            rows.append((fs.name, size, fs.used // 1024, size - fs.used // 1024, fs.mountpoint))
    return rows


def _df_line(node: SimNode, human: bool, row: tuple[str, int, int, int, str]) -> str:
    """One row of `df -k` / `df -h` in the layout of the node's release."""
    name, size, used, avail, mount = row
    # used over used plus available, rounded up (df-k__glpi-agent: 5423501 of
    # 5423501 + 10936996 is 34%)
    capacity = f"{-(-used * 100 // (used + avail)) if used + avail else 0}%"
    if human:
        # df-ha__getconfig-solaris10/11 captures: a long name pushes the row right
        cells = [_df_scaled(v) for v in (size, used, avail)]
        avail_width = 6 if node.solaris10 else 10
        return (
            f"{name:<20} {cells[0]:>6} {cells[1]:>6} {cells[2]:>{avail_width}} "
            f"{capacity:>6}    {mount}\n"
        )
    if node.solaris10:
        # df-k__glpi-agent capture: a long name pushes the row right
        return f"{name:<19} {size:>8} {used:>7} {avail:>7} {capacity:>6}    {mount}\n"
    # Solaris 11 `df -k`: the POSIX header and layout of public Solaris 11 transcripts
    # (chef/ohai spec/unit/plugins/solaris2/filesystem_spec.rb, `df -Pka`; no capture in
    # the project's fixtures): a name longer than its column eats into the size column's
    # padding. unverified: the length from which the name gets a line of its own (seen
    # for 42 characters)
    if len(name) > 31:
        return f"{name}\n{'':<20} {size:>11} {used:>11} {avail:>11} {capacity:>6}    {mount}\n"
    return (
        f"{name} {size:>{max(31 - len(name), 0)}} {used:>11} {avail:>11} {capacity:>6}    {mount}\n"
    )


_DF_HEADERS = {
    # (Solaris 10, human): the df-k__glpi-agent and df-ha__getconfig-solaris10/11 captures
    (True, False): "Filesystem            kbytes    used   avail capacity  Mounted on\n",
    (True, True): "Filesystem             size   used  avail capacity  Mounted on\n",
    (False, True): "Filesystem             Size   Used  Available Capacity  Mounted on\n",
    (False, False): (
        "Filesystem           1024-blocks        Used   Available Capacity  Mounted on\n"
    ),
}


@command("df")
def df(node: SimNode, args: list[str], stdin: str) -> Result:
    """df -k | df -h (-a and -l accepted): the node's ZFS file systems in the header and
    column layout of its release."""
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    if not flags or any(f not in "khal" for f in flags):
        # unverified: df's usage message
        usage = "Usage: df [-F FSType] [-abeghklntVvZ] [-o FSType-specific_options] "
        return "", usage + "[directory | block_device | resource]\n", 1
    human = "h" in flags
    out = [_DF_HEADERS[(node.solaris10, human)]]
    out += [_df_line(node, human, row) for row in _df_rows(node)]
    return "".join(out), "", 0


def _swap_device(node: SimNode) -> tuple[str, str, int, int]:
    """(path, ``major,minor``, size and free space in 512-byte blocks) of the node's swap
    zvol: a quarter of its memory, unused."""
    blocks = node.spec.memory_mb * 2048 // 4
    return "/dev/zvol/dsk/rpool/swap", "303,1" if not node.solaris10 else "256,1", blocks, blocks


def _swap_list(node: SimNode) -> str:
    """`swap -l` in the layout of the node's release.

    Solaris 10: swap-l-dumpadm-s10-5-09-zfs-root capture (``%-20s %3s %7s %6s %6s``).
    Solaris 11.4 (SRU 25 on): swap-l-s11-4-41-new-vs-old and swap-l-s11-4-encrypted-column
    captures: the swapfile column as wide as the longest path, swaplo 0, an ``encrypted``
    column. Solaris 11.3: the "old variant" of swap-l-s11-4-41-new-vs-old (release not
    stated in the capture, swaplo 16, no ``encrypted`` column).
    """
    path, dev, blocks, free = _swap_device(node)
    if node.solaris10:
        return (
            f"{'swapfile':<20} {'dev':>3} {'swaplo':>7} {'blocks':>6} {'free':>6}\n"
            f"{path:<20} {dev:>3} {16:>7} {blocks:>6} {free:>6}\n"
        )
    width = max(len(path), len("swapfile"))
    header = f"{'swapfile':<{width}} {'dev':<9}{'swaplo':>12}{'blocks':>12}{'free':>12}"
    row = f"{path:<{width}} {dev:<9}{{swaplo:>12}}{blocks:>12}{free:>12}"
    if node.spec.os == "11.4":
        return f"{header}{'encrypted':>10}\n{row.format(swaplo=0)}{'yes':>10}\n"
    return f"{header}\n{row.format(swaplo=16)}\n"


@command("swap")
def swap(node: SimNode, args: list[str], stdin: str) -> Result:
    """swap -s, swap -l (unverified: the one-line summary of -s has no capture)."""
    if args == ["-l"]:
        return _swap_list(node), "", 0
    if args != ["-s"]:
        # unverified: the wording of swap's usage message
        return "", "Usage: swap -l [-h]\n  swap -s [-h]\n", 1
    total = node.spec.memory_mb * 1024
    return (
        (
            f"total: {total // 8}k bytes allocated + {total // 32}k reserved = "
            f"{total // 8 + total // 32}k used, {total // 2}k available\n"
        ),
        "",
        0,
    )


@command("uptime")
def uptime(node: SimNode, args: list[str], stdin: str) -> Result:
    """uptime. unverified: the whole line (no capture; the load averages are fixed)."""
    days = int((time.time() - node.booted_at) // 86400)
    now = time.strftime("%I:%M%p", time.localtime()).lstrip("0").lower()
    return f"  {now}  up {days} day(s),  1 user,  load average: 0.12, 0.10, 0.09\n", "", 0


@command("showrev")
def showrev(node: SimNode, args: list[str], stdin: str) -> Result:
    """showrev -p (Solaris 10 patches)."""
    if args != ["-p"]:
        # unverified: showrev's usage text
        return "", "Usage: showrev [-a] [-p] [-w] [-c command]\n", 1
    if not node.solaris10:
        return "", "sh: showrev: not found\n", 127
    return (
        "".join(
            f"Patch: {patch} Obsoletes:  Requires:  Incompatibles:  Packages: SUNWcsu\n"
            for patch in node.patches
        ),
        "",
        0,
    )


def _running_zones(node: SimNode) -> list[Zone]:
    """The node's running zones, by name."""
    return sorted((z for z in node.zones.values() if z.state == "running"), key=lambda z: z.name)


def _zone_memory_k(zone: Zone) -> int:
    """The physical memory a running zone uses, in KB (stable: derived from its name)."""
    return (40 << 10) + zlib.crc32(zone.name.encode()) % (60 << 10)


def _zone_cap_k(zone: Zone) -> int | None:
    """The zone's capped-memory physical limit in KB, if it has one."""
    for resource in zone.live_resources():
        if resource.get("resource") == "capped-memory" and "physical" in resource:
            text = resource["physical"].upper()
            scale = {"K": 1, "M": 1 << 10, "G": 1 << 20, "T": 1 << 30}.get(text[-1:], 0)
            return int(float(text[:-1]) * scale) if scale else int(text) >> 10
    return None


def _zs_size(kbytes: float) -> str:
    """A zonestat size: at most 4 digits before the unit, one decimal below 100
    (zonestat-* captures: ``3561K``, ``63.9M``, ``968M``, ``1251M``)."""
    value, units = kbytes, "KMGT"
    for unit in units:
        if value < 10000 or unit == units[-1]:
            if unit == "K" or value >= 100:
                return f"{int(value)}{unit}"
            return f"{value:.1f}{unit}"
        value /= 1024
    return f"{int(value)}T"


def _zs_percent(part: float, whole: float) -> str:
    """A zonestat percentage: 3 significant digits (``0.04%``, ``7.62%``, ``17.8%``)."""
    value = 100 * part / whole if whole else 0.0
    if value >= 100:
        return f"{value:.0f}%"
    return f"{value:.1f}%" if value >= 10 else f"{value:.2f}%"


def _zonestat_usage() -> Result:
    # unverified: zonestat's usage message
    return (
        "",
        "Usage: zonestat [-z zonelist] [-r reslist] [-n namelist] interval [duration [report]]\n",
        2,
    )


@command("zonestat")
def zonestat(node: SimNode, args: list[str], stdin: str) -> Result:
    """zonestat [-z ZONE[,ZONE]] [-r physical-memory] INTERVAL [COUNT] (Solaris 11).

    The intervals are reported at once: the lab has no clock to wait for.
    """
    if node.solaris10:
        return "", "sh: zonestat: not found\n", 127
    wanted: list[str] | None = None
    resource = ""
    numbers: list[int] = []
    words = iter(args)
    for word in words:
        if word == "-z":
            wanted = next(words, "").split(",")
        elif word == "-r":
            resource = next(words, "")
        elif word.isdigit():
            numbers.append(int(word))
        else:
            return _zonestat_usage()
    if not numbers or resource not in ("", "physical-memory"):
        return _zonestat_usage()
    interval, count = numbers[0], numbers[1] if len(numbers) > 1 else 1
    zones = [z for z in _running_zones(node) if wanted is None or z.name in wanted]
    report = _zonestat_memory if resource else _zonestat_summary
    blocks = [
        f"Interval: {n}, Duration: {_zs_duration(interval * n)}\n" + report(node, zones)
        for n in range(1, count + 1)
    ]
    return "Collecting data for first interval...\n" + "\n".join(blocks), "", 0


def _zs_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _zonestat_summary(node: SimNode, zones: list[Zone]) -> str:
    """The default report (zonestat-z-s11 capture): SUMMARY line, two header lines,
    ``[total]``, ``[system]``, then one row per zone, right-aligned in 19 columns."""
    spec = node.spec
    memory_k = spec.memory_mb << 10
    virtual_k = memory_k + (memory_k >> 1)
    system_k = memory_k // 7
    used = {z.name: _zone_memory_k(z) for z in zones}
    total_k = system_k + sum(used.values())
    lines = [
        # unverified: the spacing of the SUMMARY line with wider numbers
        f"{'SUMMARY':<26}Cpus/Online: {spec.threads}/{spec.threads}   "
        f"PhysMem: {_zs_size(memory_k)}  VirtMem: {_zs_size(virtual_k)}",
        "                    ---CPU----  --PhysMem-- --VirtMem-- --PhysNet--",
        f"{'ZONE':>19}  USED %PART  USED %USED  USED %USED PBYTE %PUSE",
    ]
    rows = [("[total]", 0.05, total_k, "0"), ("[system]", 0.01, system_k, "-")]
    rows += [(z.name, 0.0, used[z.name], "0") for z in zones]
    for name, cpus, mem_k, net in rows:
        cells = [
            f"{cpus:.2f}",
            _zs_percent(cpus, spec.threads),
            _zs_size(mem_k),
            _zs_percent(mem_k, memory_k),
            _zs_size(mem_k * 0.9),
            _zs_percent(mem_k * 0.9, virtual_k),
            net,
            "-" if net == "-" else "0.00%",
        ]
        lines.append(f"{name:>19} " + " ".join(f"{c:>5}" for c in cells))
    return "\n".join(lines) + "\n"


def _zonestat_memory(node: SimNode, zones: list[Zone]) -> str:
    """`-r physical-memory` (zonestat-z-r-physical-memory-s11-1 capture): the pool line,
    then ZONE USED %USED CAP %CAP right-aligned in 36 columns, zones by usage."""
    memory_k = node.spec.memory_mb << 10
    system_k = memory_k // 7
    used = {z.name: _zone_memory_k(z) for z in zones}
    lines = [
        "PHYSICAL-MEMORY              SYSTEM MEMORY",
        f"mem_default{_zs_size(memory_k):>31}",
        f"{'ZONE':>36}  USED %USED   CAP  %CAP",
        f"{'[total]':>36} {_zs_size(system_k + sum(used.values())):>5} "
        f"{_zs_percent(system_k + sum(used.values()), memory_k):>5}     -     -",
        f"{'[system]':>36} {_zs_size(system_k):>5} {_zs_percent(system_k, memory_k):>5}"
        "     -     -",
    ]
    for zone in sorted(zones, key=lambda z: -used[z.name]):
        cap = _zone_cap_k(zone)
        capped = (
            f"{_zs_size(cap):>5} {_zs_percent(used[zone.name], cap):>5}" if cap else "    -     -"
        )
        lines.append(
            f"{zone.name:>36} {_zs_size(used[zone.name]):>5} "
            f"{_zs_percent(used[zone.name], memory_k):>5} {capped}"
        )
    return "\n".join(lines) + "\n"


_CPU_SHARES_SYSTEM = 65535


def _zone_shares(zone: Zone) -> int:
    """The zone's zone.cpu-shares (1 unless its configuration sets it)."""
    for resource in zone.live_resources():
        if resource.get("resource") == "rctl" and resource.get("name") == "zone.cpu-shares":
            for part in resource.get("value", "").strip("()").split(","):
                key, _, value = part.partition("=")
                if key == "limit" and value.isdigit():
                    return int(value)
    return 1


def _prctl_count(value: int) -> str:
    """A count as prctl's table scales it: SI steps, 3 significant digits
    (prctl-project-rctls-usage-line capture: ``128``, ``16.8M``)."""
    if value < 1000:
        return str(value)
    scaled, units = float(value) / 1000, "KMGTPE"
    while scaled >= 1000 and len(units) > 1:
        scaled, units = scaled / 1000, units[1:]
    return f"{scaled:.1f}{units[0]}" if scaled < 100 else f"{scaled:.0f}{units[0]}"


def _set_shares(zone: Zone, shares: int) -> None:
    """Change the running zone's zone.cpu-shares (its live configuration, not the
    persistent one, as `prctl -r` does)."""
    live = [dict(r) for r in zone.live_resources() if r.get("name") != "zone.cpu-shares"]
    live.append(
        {
            "resource": "rctl",
            "name": "zone.cpu-shares",
            "value": f"(priv=privileged,limit={shares},action=none)",
        }
    )
    zone.live = live


def _prctl_usage(detail: str = "") -> Result:
    # unverified: prctl's option error and usage text
    usage = "usage: prctl [-P] [-n name] [-v value -r] [-i idtype] id ...\n"
    return "", detail + usage, 2


@command("prctl")
def prctl(node: SimNode, args: list[str], stdin: str) -> Result:
    """prctl [-P] -n zone.cpu-shares -i zone ZONE, and -v VALUE -r to change it on the
    running zone (prctl-P-zone-cpu-shares-live-change-s11-1 capture: no output)."""
    try:
        opts, operands = getopt.getopt(args, "Pn:v:ri:")
    except getopt.GetoptError as exc:
        return _prctl_usage(f"prctl: {exc.msg}\n")
    options = dict(opts)
    if options.get("-i") != "zone" or len(operands) != 1 or ("-v" in options) != ("-r" in options):
        return _prctl_usage()
    name = options.get("-n", "zone.cpu-shares")
    if name != "zone.cpu-shares":
        # unverified: the message for a resource control the lab does not keep
        return "", f"prctl: failed to get resource control for {name}: Invalid argument\n", 1
    target = operands[0]
    zone = node.zones.get(target)
    if target != "global" and (zone is None or zone.zoneid is None):
        # unverified: prctl's message for a zone that is not running
        return (
            "",
            f"prctl: {target}: No controllable process found in task, project, zone or process.\n",
            1,
        )
    if "-r" in options:
        if zone is None or not options["-v"].isdigit():
            # unverified: the refusal of a bad value or of the global zone's shares
            return "", f"prctl: failed to set resource control for {name}: Invalid argument\n", 1
        _set_shares(zone, int(options["-v"]))
        node.datacenter.changed()
        return "", "", 0
    zoneid, shares = (0, 1) if zone is None else (zone.zoneid, _zone_shares(zone))
    head = f"zone: {zoneid}: {target}\n"
    return _prctl_report(head, name, shares, "-P" in options, not node.solaris10), "", 0


def _prctl_report(head: str, name: str, shares: int, parseable: bool, usage: bool) -> str:
    """The values of zone.cpu-shares: -P records (prctl-P-zone-cpu-shares capture) or the
    table (prctl-project-rctls-usage-line capture: header, the rctl name, indented rows);
    Solaris 11 puts a usage row first (both captures), Solaris 10 has none."""
    if parseable:
        return (
            head
            + (f"{name} usage {shares} - - -\n" if usage else "")
            + f"{name} privileged {shares} - none -\n"
            + f"{name} system {_CPU_SHARES_SYSTEM} max none -\n"
        )
    rows = [f"        {'usage':<14}{shares:>8}   "] if usage else []
    rows += [
        _prctl_row("privileged", _prctl_count(shares), "-", "none"),
        _prctl_row("system", _prctl_count(_CPU_SHARES_SYSTEM), "max", "none"),
    ]
    return (
        head
        + "NAME    PRIVILEGE       VALUE    FLAG   ACTION                       RECIPIENT\n"
        + f"{name}\n"
        + "\n".join(rows)
        + "\n"
    )


def _prctl_row(privilege: str, value: str, flag: str, action: str) -> str:
    return f"        {privilege:<14}{value:>8}{flag:>7}   {action:<29}{'-':>9}"

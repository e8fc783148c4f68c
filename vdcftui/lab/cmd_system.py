"""Identity, hardware, services and software commands of a lab node."""

from __future__ import annotations

import time
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode


@command("hostname")
def hostname(node: SimNode, args: list[str], stdin: str) -> Result:
    """hostname."""
    return node.hostname + "\n", "", 0


@command("uname")
def uname(node: SimNode, args: list[str], stdin: str) -> Result:
    """uname [-a|-X|-n|-r|-v|-m|-p|-i|-s]."""
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
    return "", (f"uname: illegal option -- {bad.lstrip('-')[:1]}\nusage: uname [-snrvmapiX]\n"), 2


@command("virtinfo")
def virtinfo(node: SimNode, args: list[str], stdin: str) -> Result:
    """virtinfo -ap (LDoms roles on SPARC; x86 runs on bare metal here)."""
    if args not in (["-ap"], ["-a", "-p"], ["-pa"]):
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
        return f"{spec.sockets}\n", "", 0
    if not args:
        since = time.strftime("%m/%d/%Y %H:%M:%S", time.localtime(node.booted_at))
        return "".join(f"{cpu}\ton-line   since {since}\n" for cpu in range(spec.threads)), "", 0
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
    """pagesize: 8 KB pages on SPARC, 4 KB on x86."""
    return f"{_page_size(node)}\n", "", 0


def _page_size(node: SimNode) -> int:
    return 8192 if node.spec.arch == "sparc" else 4096


def _kstats(node: SimNode) -> dict[str, str]:
    """The statistics the lab keeps; CPU ticks and free memory move with time."""
    spec = node.spec
    now = time.time()
    ticks = int((now - node.booted_at) * 100)
    pages = spec.memory_mb * (1 << 20) // _page_size(node)
    busy = len([z for z in node.zones.values() if z.state == "running"])
    wobble = int(now) % 97
    stats = {
        "unix:0:system_pages:freemem": str(pages * (60 - min(busy * 4, 40)) // 100 - wobble),
        "unix:0:system_pages:pagestotal": str(pages - pages // 64),
        "unix:0:system_pages:physmem": str(pages),
        "unix:0:system_misc:boot_time": str(int(node.booted_at)),
        "unix:0:system_misc:ncpus": str(spec.threads),
        "unix:0:system_misc:nproc": str(80 + 40 * busy),
    }
    user = ticks * (5 + busy) // 100
    kernel = ticks * 3 // 100
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
    """kstat -p [module:instance:name:statistic ...] (memory, CPU ticks, cpu_info)."""
    if "-p" not in args:
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
# column widths; the default listing leaves one more space after STATE than `-o state,...`
_SVCS_COLUMNS = {"state": 13, "stime": 8, "fmri": 0}


@command("svcs")
def svcs(node: SimNode, args: list[str], stdin: str) -> Result:
    """svcs [-a] [-H] [-o state,stime,fmri] [FMRI...]."""
    columns, show_all, header, patterns = ["", "state", "stime", "fmri"], False, True, []
    words = iter(args)
    for word in words:
        if word == "-o":
            columns = next(words, "").split(",")
            if columns == [""]:
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
    services = [(st, fmri) for st, fmri in _SERVICES if node.solaris10 or "rc2_d" not in fmri]
    if not node.solaris10:
        services.append(("online", "svc:/application/pkg/system-repository:default"))
    if patterns:
        services = [(st, f) for st, f in services if any(p in f for p in patterns)]
        if not services:
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


def _svcs_row(columns: list[str], values: dict[str, str]) -> str:
    cells = []
    for index, column in enumerate(c.lower() for c in columns):
        if not column:  # the default listing's wider state column
            continue
        width = _SVCS_COLUMNS[column] if index < len(columns) - 1 else 0
        width += 1 if column == "state" and not columns[0] else 0
        cells.append(values[column].ljust(width))
    return " ".join(cells).rstrip() + "\n"


@command("df")
def df(node: SimNode, args: list[str], stdin: str) -> Result:
    """df -k."""
    rows = [("rpool/ROOT/solaris", 285212672, 4194304, 241172480, "/")]
    for pool in node.zpools_here():
        for fs in pool.filesystems.values():
            size = (fs.quota or pool.size) // 1024
            rows.append((fs.name, size, fs.used // 1024, size - fs.used // 1024, fs.mountpoint))
    out = ["Filesystem            kbytes    used   avail capacity  Mounted on\n"]
    for name, size, used, avail, mount in rows:
        capacity = f"{used * 100 // max(size, 1)}%"
        if len(name) > 21:
            out.append(f"{name}\n{'':21} {size:>8} {used:>7} {avail:>7} {capacity:>6}    {mount}\n")
        else:
            out.append(f"{name:<21} {size:>8} {used:>7} {avail:>7} {capacity:>6}    {mount}\n")
    return "".join(out), "", 0


@command("swap")
def swap(node: SimNode, args: list[str], stdin: str) -> Result:
    """swap -s."""
    if args != ["-s"]:
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
    """uptime."""
    days = int((time.time() - node.booted_at) // 86400)
    now = time.strftime("%I:%M%p", time.localtime()).lstrip("0").lower()
    return f"  {now}  up {days} day(s),  1 user,  load average: 0.12, 0.10, 0.09\n", "", 0


@command("pkg")
def pkg(node: SimNode, args: list[str], stdin: str) -> Result:
    """pkg info entire (Solaris 11; Solaris 10 has no pkg)."""
    if node.solaris10:
        return "", "sh: pkg: not found\n", 127
    if args != ["info", "entire"]:
        return "", f"pkg: unknown subcommand or bad arguments: {' '.join(args)}\n", 2
    if node.spec.os == "11.4":
        sru, doc = "11.4.42.111.0", "2433412.1"
        version, branch = "11.4 (Oracle Solaris 11.4.42.111.0)", "11.4.42.0.1.111.0"
        date = "Tue Feb 08 12:21:57 2022"
        fmri = "pkg://solaris/entire@11.4-11.4.42.0.1.111.0:20220208T122157Z"
        build, size = "", "2.53 kB"
    else:
        sru, doc = "11.3.33.5.0", "2045311.1"
        version, branch = "0.5.11 (Oracle Solaris 11.3.33.5.0)", "0.175.3.33.0.5.0"
        date = "Wed May 30 18:36:17 2018"
        fmri = "pkg://solaris/entire@0.5.11,5.11-0.175.3.33.0.5.0:20180530T183617Z"
        build, size = "    Build Release: 5.11\n", "5.46 kB"
    return (
        (
            f"             Name: entire\n"
            f"          Summary: entire incorporation including Support Repository Update "
            f"(Oracle Solaris {sru}).\n"
            f"      Description: This package constrains system package versions to the same\n"
            f"                   build.  WARNING: Proper system update and correct package\n"
            f"                   selection depend on the presence of this incorporation.\n"
            f"                   Removing this package will result in an unsupported system.\n"
            f"                   For more information see:\n"
            f"                   https://support.oracle.com/rs?type=doc&id={doc}\n"
            f"         Category: Meta Packages/Incorporations\n"
            f"            State: Installed\n"
            f"        Publisher: solaris\n"
            f"          Version: {version}\n"
            f"{build}"
            f"           Branch: {branch}\n"
            f"   Packaging Date: {date}\n"
            f"             Size: {size}\n"
            f"             FMRI: {fmri}\n"
        ),
        "",
        0,
    )


@command("showrev")
def showrev(node: SimNode, args: list[str], stdin: str) -> Result:
    """showrev -p (Solaris 10 patches)."""
    if args != ["-p"]:
        return "", "Usage: showrev [-a] [-p] [-w] [-c command]\n", 1
    if not node.solaris10:
        return "", "sh: showrev: not found\n", 127
    return (
        "".join(
            f"Patch: {patch} Obsoletes:  Requires:  Incompatibles:  Packages: SUNWcsu\n"
            for patch in node.spec.patches
        ),
        "",
        0,
    )

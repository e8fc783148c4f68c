"""Solaris 11 software: `pkg info|list|update` and `beadm list|activate|destroy`.

Formats: `pkg info entire` as the pkg-info-entire captures; `pkg list` as the
pkg-list-u capture (columns NAME (PUBLISHER) 50 wide, VERSION 27, IFO); the summary of
`pkg update` as the pkg-update-nv and pkg-update captures (labels right-aligned to
``Create backup boot environment:``, values right-aligned in 8 columns), the zones'
``Planning linked`` lines as the pkg-install-upgradectrl capture, the activating BE
clone message as docs/solaris/zones-storage-patching.md section 7; `beadm list -H` as
the beadm-list-H capture, the human form as the OmniOS beadm-list captures.
unverified: every refusal's wording (nothing to update, a downgrade, no room, a BE
name in use, an unknown BE, destroying the running or activated BE), the lines after
``To set the`` of the non-activating clone message, and `beadm activate`/`destroy`
printing nothing on success.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from vdcftui.lab import bootenv
from vdcftui.lab.cmd_storage import human
from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

_PKG_SUBCOMMANDS = {"info", "list", "update", "install", "uninstall", "publisher", "search"}
_DOC_ID = {"11.4": "2433412.1"}
_GB = 1 << 30
"""pkg prints sizes in units of 1024 (pkg5's bytes_to_str), labelled GB."""
_PACKAGES_CHANGED = 627
"""How many packages an update changes (the pkg-update-nv capture's count)."""


def _stamp(sru: str) -> str:
    """The packaging time in an FMRI: the captures' for their SRUs, a fixed one else."""
    return {"11.4.42.111.0": "20220208T122157Z", "11.3.33.5.0": "20180530T183617Z"}.get(
        sru, "20240116T101500Z"
    )


def _fmri_version(sru: str) -> str:
    version, _branch = bootenv.entire(sru)
    if version.startswith("0.5.11-"):
        version = version.replace("0.5.11-", "0.5.11,5.11-", 1)
    return f"{version}:{_stamp(sru)}"


def _info(sru: str) -> str:
    version, branch = bootenv.entire(sru)
    release = version.partition("-")[0]
    doc = _DOC_ID.get(release, "2045311.1")
    date = {
        "11.4.42.111.0": "Tue Feb 08 12:21:57 2022",
        "11.3.33.5.0": "Wed May 30 18:36:17 2018",
    }.get(sru, "Tue Jan 16 10:15:00 2024")
    build, size = ("", "2.53 kB") if release == "11.4" else ("    Build Release: 5.11\n", "5.46 kB")
    return (
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
        f"          Version: {release} (Oracle Solaris {sru})\n"
        f"{build}"
        f"           Branch: {branch}\n"
        f"   Packaging Date: {date}\n"
        f"             Size: {size}\n"
        f"             FMRI: pkg://solaris/entire@{_fmri_version(sru)}\n"
    )


@command("pkg")
def pkg(node: SimNode, args: list[str], stdin: str) -> Result:
    """pkg info entire, pkg list [-H] entire, pkg update (Solaris 11; Solaris 10 has no
    pkg)."""
    if node.solaris10:
        return "", "sh: pkg: not found\n", 127
    if args[:1] and args[0] not in _PKG_SUBCOMMANDS:
        # pkg5's usage() without the full text, as its pkgrepo client prints it (Oracle's
        # pkg5 source); unverified on Solaris 11 itself
        return (
            "",
            f"pkg: unknown subcommand '{args[0]}'\nTry `pkg --help or -?' for more information.\n",
            2,
        )
    if args == ["info", "entire"]:
        return _info(node.sru), "", 0
    if args[:1] == ["list"] and [a for a in args[1:] if a != "-H"] == ["entire"]:
        header = "" if "-H" in args else f"{'NAME (PUBLISHER)':<50}{'VERSION':<27}IFO\n"
        return f"{header}{'entire':<50}{bootenv.entire(node.sru)[0]:<27}i--\n", "", 0
    if args[:1] == ["update"]:
        return _update(node, args[1:])
    # unverified: pkg's message for the subcommands the lab does not model
    return "", f"pkg: unknown subcommand or bad arguments: {' '.join(args)}\n", 2


def _summary(rows: list[tuple[str, str]]) -> str:
    return "".join(f"{label + ':':>31} {value:>8}\n" for label, value in rows)


def _update(node: SimNode, args: list[str]) -> Result:
    """pkg update [-nv] [--accept] [--be-name BE] [--no-be-activate] [-g ORIGIN]
    entire@VERSION: the lab's publisher has every SRU. unverified: the refusals' wording
    (nothing to update: exit 4, as pkg5's EXIT_NOP; a downgrade; no room; a BE name in
    use) and whether the dry run itself refuses when the root pool lacks the room."""
    dry, be_name, activate, patterns = False, "", True, []
    words = iter(args)
    for word in words:
        if word in ("--accept", "-g"):
            if word == "-g":
                next(words, "")
        elif word == "--be-name":
            be_name = next(words, "")
        elif word == "--no-be-activate":
            activate = False
        elif word.startswith("-") and set(word[1:]) <= {"n", "v", "q"}:
            dry = dry or "n" in word
        elif word.startswith("-"):
            return "", f"pkg: update: illegal option -- {word.lstrip('-')}\n", 2
        else:
            patterns.append(word)
    name, _, version = (patterns[0] if len(patterns) == 1 else "").partition("@")
    sru = bootenv.sru_of_version(version) if name == "entire" else None
    if sru is None:
        return "", f"pkg update: the lab updates to one entire@VERSION only: {args}\n", 1
    current = node.sru
    if sru == current:
        return "No updates available for this image.\n", "", 4
    if bootenv.sru_key(sru) < bootenv.sru_key(current):
        return "", f"pkg update: entire@{version} is older than the installed entire\n", 1
    free = node.rpool.size - sum(fs.used for fs in node.rpool.filesystems.values())
    rows = [
        ("Packages to update", str(_PACKAGES_CHANGED)),
        ("Estimated space available", f"{free / _GB:.2f} GB"),
        ("Estimated space to be consumed", f"{bootenv.UPDATE_BYTES / _GB:.2f} GB"),
        ("Create boot environment", "Yes"),
        ("Activate boot environment", "Yes" if activate else "No"),
        ("Create backup boot environment", "No"),
        ("Rebuild boot archive", "Yes"),
    ]
    if dry:
        changed = f"    {_fmri_version(current)} -> {_fmri_version(sru)}\n"
        return _summary(rows) + "\nChanged packages:\nsolaris\n  entire\n" + changed, "", 0
    if free < bootenv.UPDATE_BYTES:
        need = f"{bootenv.UPDATE_BYTES / _GB:.2f} GB"
        return (
            "",
            f"pkg: Insufficient disk space available ({free / _GB:.2f} GB) for "
            f"estimated need ({need}) for Root filesystem\n",
            1,
        )
    be_name = be_name or f"{node.running_be}-1"
    if any(be.name == be_name for be in node.bes):
        return "", f"pkg update: The boot environment '{be_name}' already exists.\n", 1
    return _install(node, be_name, sru, activate, rows), "", 0


def _install(
    node: SimNode, be_name: str, sru: str, activate: bool, rows: list[tuple[str, str]]
) -> str:
    """Clone the running BE as ``be_name`` at ``sru``; the output of pkg update."""
    running = node.be(node.running_be)
    node.bes.append(bootenv.clone(running, be_name, node.name, sru))
    node.rpool.filesystems["rpool"].used += bootenv.UPDATE_BYTES
    if activate:
        node.active_be = be_name
    zones = sorted(
        z.name for z in node.zones.values() if z.brand == "solaris" and z.state != "configured"
    )
    linked = "".join(
        f"{phase} linked: {done}/{len(zones)} done"
        + (f"; 1 working: zone:{zones[done]}" if done < len(zones) else "")
        + "\n"
        for phase in ("Planning", "Downloading", "Executing")
        for done in range(len(zones) + 1)
    )
    phases = (
        "\nDOWNLOAD                                PKGS         FILES    XFER (MB)   SPEED\n"
        f"Completed                            {_PACKAGES_CHANGED}/{_PACKAGES_CHANGED}"
        "   18433/18433    512.4/512.4  9.8M/s\n\n"
        "PHASE                                          ITEMS\n"
        "Removing old actions                       1203/1203\n"
        "Installing new actions                     4211/4211\n"
        "Updating modified actions                  9832/9832\n"
        "Updating package state database                 Done\n"
        "Updating package cache                       627/627\n"
        "Updating image state                            Done\n"
        "Creating fast lookup database                   Done\n"
        "Reading search index                            Done\n"
        "Updating search index                        627/627\n\n"
    )
    if activate:
        clone = (
            f"A clone of {running.name} exists and has been updated and activated.\n"
            f"On the next boot the Boot Environment {be_name} will be\n"
            "mounted on '/'.  Reboot when ready to switch to this updated BE.\n"
        )
    else:
        # unverified: the lines after "To set the" (docs/solaris/zones-storage-patching.md 7)
        clone = (
            f"A clone of {running.name} exists and has been updated.  To set the\n"
            "new BE as the active BE on the next boot, execute the following\n"
            f"command as a privileged user and reboot the system:\n\n"
            f"        beadm activate {be_name}\n"
        )
    node.datacenter.changed()
    return _summary(rows) + "\n" + linked + phases + clone


def _flags(node: SimNode, be: bootenv.BootEnvironment) -> str:
    return ("N" if be.name == node.running_be else "") + ("R" if be.name == node.active_be else "")


@command("beadm")
def beadm(node: SimNode, args: list[str], stdin: str) -> Result:
    """beadm list [-H] [BE], beadm activate BE, beadm destroy -F BE: Solaris 11 boot
    environments (Solaris 10 has Live Upgrade, no beadm)."""
    if node.solaris10:
        return "", "sh: beadm: not found\n", 127
    verb, rest = (args[0], args[1:]) if args else ("", [])
    if verb == "list" and all(a == "-H" or not a.startswith("-") for a in rest):
        return _list(node, rest)
    if verb == "activate" and len(rest) == 1:
        return _activate(node, rest[0])
    if verb == "destroy" and rest and "-F" in rest[:-1]:
        return _destroy(node, rest[-1])
    # unverified: beadm's usage text (and the confirmation destroy asks for without -F)
    return (
        "",
        "Usage:\n\tbeadm list [-a | -d | -s] [-H] [beName]\n\tbeadm activate beName\n"
        "\tbeadm destroy [-fFs] beName\n",
        2,
    )


def _list(node: SimNode, rest: list[str]) -> Result:
    """-H: name;uuid;flags;mountpoint;bytes;policy;epoch. Human: the name column three
    wider than the longest name; unverified: the same layout on Oracle Solaris."""
    names = [a for a in rest if a != "-H"]
    bes = [be for be in node.bes if not names or be.name in names]
    if names and not bes:
        return "", f"beadm list: BE {names[0]} does not exist or appear to be valid.\n", 1
    rows = [
        (be.name, be.uuid, _flags(node, be), "/" if be.name == node.running_be else "", be)
        for be in bes
    ]
    if "-H" in rest:
        return (
            "".join(
                f"{name};{uuid};{flags};{mount};{be.space};static;{be.created}\n"
                for name, uuid, flags, mount, be in rows
            ),
            "",
            0,
        )
    width = max(len(be.name) for be in bes) + 3
    lines = [f"{'BE':<{width}}Active Mountpoint Space Policy Created"]
    for name, _, flags, mount, be in rows:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(be.created))
        lines.append(
            f"{name:<{width}}{flags or '-':<7}{mount or '-':<11}{human(be.space):<5} static {stamp}"
        )
    return "".join(line + "\n" for line in lines), "", 0


def _activate(node: SimNode, name: str) -> Result:
    """unverified: silent on success; the wording for an unknown BE."""
    if not any(be.name == name for be in node.bes):
        return "", f"Unable to activate {name}.\nBE {name} does not exist.\n", 1
    node.active_be = name
    node.datacenter.changed()
    return "", "", 0


def _destroy(node: SimNode, name: str) -> Result:
    """unverified: silent on success; the wording of the refusals."""
    found = [be for be in node.bes if be.name == name]
    if not found:
        return "", f"Unable to destroy {name}.\nBE {name} does not exist.\n", 1
    if name in (node.running_be, node.active_be):
        return "", f"Unable to destroy {name}.\nIt is the active or activated BE.\n", 1
    node.bes.remove(found[0])
    fs = node.rpool.filesystems["rpool"]
    fs.used = max(0, fs.used - found[0].space)
    node.datacenter.changed()
    return "", "", 0

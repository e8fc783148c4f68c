"""Solaris 10 patching on a lab node: `patchadd DIR/ID`, the file commands that stage
single-user patches (`mkdir -p`, `cp [-r]`, `ls [-d]`), and what run level S does
with them.

The lab's patch directory is :data:`LAB_PATCH_DIR` (an NFS share kept complete, as an
operator keeps one): it holds every patch id asked for and the product's one-shot
script ``vdcf-patch-su``. `init S` (lab/cmd_power.py) takes the node to run level S,
where sshd is down; when the script is armed (``/etc/rcS.d/S99vdcfpatch``), the lab
plays it: each staged patch is added, its `patchadd` output written to
``/var/tmp/vdcftui-su/ID.out``, the script disarmed and the node rebooted (`init 6`).
Unarmed, the node stays at run level S until its power is cycled.

patchadd's wordings come from the patchadd-d and luupgrade-t captures (their 4-space
indent is the notes' own and is not reproduced).
"""

from __future__ import annotations

import getopt
import re
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

LAB_PATCH_DIR = "/var/tmp/patches"
SU_STAGE = "/var/tmp/vdcftui-su"
SU_SCRIPT = "vdcf-patch-su"
SU_RC = "/etc/rcS.d/S99vdcfpatch"
_PATCH_ID = re.compile(r"\d{6}-\d{2}")
_PACKAGES = ("SUNWcsu", "SUNWcsr")
# unverified: the S scripts a Solaris 10 node has in /etc/rcS.d besides ours
# unverified: cp's usage text
_CP_USAGE = "Usage: cp [-f] [-i] [-p] [-@] f1 f2\n       cp -r|-R [-H|-L|-P] f1 ... fn d1\n"
RCS_SCRIPTS = ("S10pfil", "S29wrsmcfg", "S35cacheos.sh", "S40standardmounts.sh")


def _patch_at(node: SimNode, path: str) -> str | None:
    """The patch id of a patch directory the node can read (the lab's patch directory
    or one it staged), or None."""
    directory, _, patch_id = path.rpartition("/")
    if not _PATCH_ID.fullmatch(patch_id):
        return None
    if directory == LAB_PATCH_DIR or path in node.dirs:
        return patch_id
    return None


def add_patch(node: SimNode, patch_id: str) -> Result:
    """Add one patch: the output of a successful `patchadd` (patchadd-d capture), or
    the refusal of one already there (luupgrade-t capture)."""
    head = (
        "Validating patches...\n\nLoading patches installed on the system...\n\nDone!\n\n"
        "Loading patches requested to install.\n\n"
    )
    if patch_id in node.patches:
        # unverified: patchadd's exit status for a patch already installed
        return head + f"Requested patch {patch_id} is already installed on the system.\n", "", 1
    node.patches.append(patch_id)
    node.datacenter.changed()
    packages = "".join(f"  {p}\n" for p in _PACKAGES)
    return (
        head + "Done!\n\nChecking patches that you specified for installation.\n\nDone!\n\n\n"
        f"Approved patches will be installed in this order:\n\n{patch_id} \n\n\n"
        "Checking installed patches...\nExecuting prepatch script...\n"
        "Verifying sufficient filesystem capacity (dry run method)...\n"
        f"Installing patch packages...\n\nPatch {patch_id} has been successfully installed.\n"
        f"See /var/sadm/patch/{patch_id}/log for details\n\nPatch packages installed:\n"
        f"{packages}\n",
        "",
        0,
    )


@command("patchadd")
def patchadd(node: SimNode, args: list[str], stdin: str) -> Result:
    """patchadd [-d] [-u] PATCHDIR (one patch)."""
    if not node.solaris10:
        return "", "sh: patchadd: not found\n", 127
    try:
        _options, rest = getopt.getopt(args, "du")
    except getopt.GetoptError:
        rest = []
    if len(rest) != 1:
        # unverified: patchadd's usage text
        return "", "Usage: patchadd [-d] [-G] [-u] [-B backout_dir] <patch>\n", 1
    patch_id = _patch_at(node, rest[0])
    if patch_id is None:
        # unverified: patchadd's wording for a patch directory that is not there
        return "", f"patchadd: Patch {rest[0]} not found.\n", 1
    return add_patch(node, patch_id)


def run_level_s(node: SimNode) -> None:
    """What run level S does: sshd stops; the armed one-shot script adds the staged
    patches, disarms itself and reboots the node."""
    node.enter_single_user()
    with node.datacenter.lock:
        if SU_RC not in node.files:
            return
        del node.files[SU_RC]
        staged = sorted(d.rpartition("/")[2] for d in node.dirs if d.startswith(SU_STAGE + "/"))
        for patch_id in staged:
            out, err, status = add_patch(node, patch_id)
            node.files[f"{SU_STAGE}/{patch_id}.out"] = f"{out}{err}exit status {status}\n"
            node.dirs.discard(f"{SU_STAGE}/{patch_id}")
    node.reset()


@command("cp")
def cp(node: SimNode, args: list[str], stdin: str) -> Result:
    """cp [-r] [-p] SOURCE TARGET: a file the node has or the lab's script, or with -r a
    patch directory."""
    paths = [a for a in args if not a.startswith("-")]
    recursive = any(a.startswith("-") and "r" in a for a in args)
    if len(paths) != 2:
        return "", _CP_USAGE, 2
    source, target = paths
    parent = target.rpartition("/")[0] or "/"
    if parent not in node.dirs and parent != "/":
        # unverified: cp's wording for a missing target directory
        return "", f"cp: cannot create {target}: No such file or directory\n", 2
    if recursive and _patch_at(node, source) is not None:
        node.dirs.add(target)
        return "", "", 0
    if source == f"{LAB_PATCH_DIR}/{SU_SCRIPT}":
        node.files[target] = "#!/sbin/sh\n# vdcftui: add the staged patches at run level S\n"
        return "", "", 0
    if source in node.files:
        node.files[target] = node.files[source]
        return "", "", 0
    # unverified: cp's wording for a missing source
    return "", f"cp: cannot access {source}\n", 2

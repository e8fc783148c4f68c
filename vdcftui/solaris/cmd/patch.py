"""Builders of the Solaris 10 patching commands (F-PAT): `patchadd` from the patch
directory, and the staging of the patches that must go in at run level S.

A patch that needs single-user mode cannot be added over SSH: `init S` stops sshd.
Such patches are copied to :data:`SU_STAGE` and the product's one-shot run-control
script (``vdcf-patch-su``, shipped in ``vdcftui/ops/patch/agent/`` and kept in the
patch directory) is armed as :data:`SU_RC`; at run level S it adds every staged patch
(each `patchadd`'s output in ``SU_STAGE/ID.out``), disarms itself and runs `init 6`.
"""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.patches import validate_patch_directory, validate_patch_id

SU_STAGE = "/var/tmp/vdcftui-su"
"""Where the single-user patches wait for run level S (/var/tmp survives a reboot)."""
SU_SCRIPT = "vdcf-patch-su"
"""The one-shot script's name in the patch directory."""
SU_RC = "/etc/rcS.d/S99vdcfpatch"
"""Where the script is armed: /sbin/rcS runs the S scripts of /etc/rcS.d at run level S."""


def patchadd(directory: str, patch_id: str) -> Command:
    """`patchadd DIR/ID`: add one patch from the patch directory."""
    path = f"{validate_patch_directory(directory)}/{validate_patch_id(patch_id)}"
    return Command(("patchadd", path))


def make_stage() -> Command:
    """`mkdir -p` the staging directory of the single-user patches."""
    return Command(("mkdir", "-p", SU_STAGE))


def show_stage() -> Command:
    """`ls -d` the staging directory: its path when it exists."""
    return Command(("ls", "-d", SU_STAGE))


def stage_patch(directory: str, patch_id: str) -> Command:
    """`cp -r DIR/ID STAGE/ID`: a copy on the node's own disk (an NFS patch directory is
    not mounted at run level S)."""
    source = f"{validate_patch_directory(directory)}/{validate_patch_id(patch_id)}"
    return Command(("cp", "-r", source, f"{SU_STAGE}/{patch_id}"))


def unstage_patch(patch_id: str) -> Command:
    """`rm -r STAGE/ID`: a staged patch taken back."""
    return Command(("rm", "-r", f"{SU_STAGE}/{validate_patch_id(patch_id)}"))


def list_stage() -> Command:
    """`ls STAGE`: the staged patches (and the outputs of those added)."""
    return Command(("ls", SU_STAGE))


def arm_single_user(directory: str) -> Command:
    """`cp DIR/vdcf-patch-su /etc/rcS.d/S99vdcfpatch`: arm the one-shot script."""
    return Command(("cp", f"{validate_patch_directory(directory)}/{SU_SCRIPT}", SU_RC))


def disarm_single_user() -> Command:
    """`rm -f /etc/rcS.d/S99vdcfpatch`."""
    return Command(("rm", "-f", SU_RC))


def list_rcs() -> Command:
    """`ls /etc/rcS.d`: the run-control scripts of run level S."""
    return Command(("ls", "/etc/rcS.d"))


def init_single_user() -> Command:
    """`init S`: to run level S (single-user; sshd stops)."""
    return Command(("init", "S"))


def staged_output(patch_id: str) -> Command:
    """`cat STAGE/ID.out`: what `patchadd` said at run level S."""
    return Command(("cat", f"{SU_STAGE}/{validate_patch_id(patch_id)}.out"))

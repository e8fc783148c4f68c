"""The patching builders refuse hostile patch ids and directories, and quote what they
accept."""

from __future__ import annotations

import pytest

from vdcftui.solaris.cmd import patch
from vdcftui.solaris.names import InvalidName


@pytest.mark.parametrize("bad", ["15100-01", "151000-1", "151000-01; reboot", "-151000-01", ""])
def test_a_bad_patch_id_is_refused(bad):
    with pytest.raises(InvalidName, match="patch id"):
        patch.patchadd("/var/tmp/patches", bad)


@pytest.mark.parametrize(
    "bad", ["relative", "/var/tmp/$(reboot)", "/var/../etc", "/a b", "/var/tmp/\n", "/" + "a" * 200]
)
def test_a_bad_patch_directory_is_refused(bad):
    with pytest.raises(InvalidName, match="patch directory"):
        patch.stage_patch(bad, "151000-01")


def test_the_commands_are_argv_words():
    assert patch.patchadd("/net/nfs/patches", "151000-01").argv == (
        "patchadd",
        "/net/nfs/patches/151000-01",
    )
    assert patch.arm_single_user("/var/tmp/patches").text() == (
        "cp /var/tmp/patches/vdcf-patch-su /etc/rcS.d/S99vdcfpatch"
    )
    assert patch.init_single_user().argv == ("init", "S")

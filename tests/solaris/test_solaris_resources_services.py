"""kstat -p, swap, df -k and svcs parsers."""

from pathlib import Path

import pytest

from vdcftui.solaris.parsers import (
    ParseError,
    parse_df_k,
    parse_kstat_p,
    parse_svcs,
    parse_svcs_x,
    parse_swap_l,
    parse_swap_s,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


def fixture(name: str) -> str:
    return (FIX / name).read_text()


def test_kstat_p_inline_types():
    text = (
        "unix:0:system_pages:physmem\t2097152\n"
        "unix:0:system_pages:class\tpages\n"
        "unix:0:system_pages:crtime\t24847.587211675\r\n"
        "caps:3:cpucaps_zone_3:zonename\tweb01\n"
    )
    stats = parse_kstat_p(text)
    assert stats[0].value == 2097152 and stats[1].value == "pages"
    assert stats[2].value == pytest.approx(24847.587211675)
    assert (stats[3].module, stats[3].instance, stats[3].name) == ("caps", 3, "cpucaps_zone_3")
    with pytest.raises(ParseError, match=r"kstat -p: line 1: .*'garbage'"):
        parse_kstat_p("garbage\n")


def test_kstat_p_real_capture():
    stats = parse_kstat_p(fixture("kstat-p-cpu_info__getconfig-sparc-s7.txt"))
    by = {(s.instance, s.statistic): s.value for s in stats}
    assert by[(0, "brand")] == "SPARC-S7" and by[(0, "clock_MHz")] == 4267
    assert by[(0, "cpu_fru")] == "hc:///component="
    assert by[(1, "state")] == "on-line"
    man = fixture("kstat-p-system-misc-avenrun-examples__illumos-kstat-1m-man.txt")
    rows = parse_kstat_p("\n".join(man.splitlines()[6:]))
    assert [(r.statistic, r.value) for r in rows][:2] == [("avenrun_15min", 3), ("avenrun_1min", 4)]


def test_swap_s_and_l():
    summary = parse_swap_s(fixture("swap-s__getconfig-solaris11.txt"))
    assert summary.allocated_kb == 4996272 and summary.available_kb == 15287360
    with pytest.raises(ParseError, match="swap -s: line 1"):
        parse_swap_s("No swap devices configured\n")
    enc = parse_swap_l(
        fixture("swap-l-s11-4-encrypted-column__psutil-issue-1874.txt").split("\n", 1)[1]
    )
    assert (enc[0].blocks, enc[0].free, enc[0].encrypted) == (8388608, 7072944, "yes")
    scaled = parse_swap_l(
        fixture("swap-lh-s11-4-0__solaris11-4-db-prep-notes.txt").split("\n", 1)[1]
    )
    assert [r.blocks for r in scaled] == ["2.0G", "6.0G"]


def test_df_k_real_and_wrapped():
    rows = parse_df_k(fixture("df-k__glpi-agent.txt"))
    assert rows[0].filesystem == "/dev/vx/dsk/bootdg/rootvol" and rows[0].capacity == 34
    assert rows[0].kbytes == 16525754 and rows[0].mounted_on == "/"
    text = (
        "Filesystem            kbytes    used   avail capacity  Mounted on\r\n"
        "zp_web01/zones/web01/rpool/ROOT/solaris-backup-1\r\n"
        "                     103212544 1953 98364512     1%    /zones/web01/root\r\n"
        "swap                 4194304     840 4193464     1%    /etc/svc/volatile\r\n"
    )
    rows = parse_df_k(text)
    assert rows[0].filesystem.endswith("solaris-backup-1") and rows[0].used == 1953
    assert rows[1].mounted_on == "/etc/svc/volatile"
    with pytest.raises(ParseError, match="df -k: line 2"):
        parse_df_k("Filesystem kbytes used avail capacity Mounted on\nbad line here\n")


def test_svcs_forms():
    state_fmri = parse_svcs(fixture("svcs-H-o-state-fmri__puppet.txt"), ["state", "fmri"])
    assert state_fmri[2].state == "maintenance"
    assert state_fmri[2].fmri == "svc:/network/cswrsyncd:default"
    s10 = parse_svcs(fixture("svcs-a__getconfig-solaris10.txt"))
    assert s10[0].stime == "16:01:29" and s10[0].fmri == "lrc:/etc/rcS_d/S50sk98sol"
    s11 = parse_svcs(fixture("svcs-a__getconfig-solaris11.txt"))
    assert any(r.fmri == "svc:/network/install:default" and r.state == "disabled" for r in s11)
    zones = parse_svcs(
        fixture("svcs-aHZ-o-zone-state-fmri__illumos-telegraf-plugins.txt"),
        ["zone", "state", "fmri"],
    )
    assert zones[0].zone == "cube-pkgsrc" and zones[0].state == "maintenance"
    assert parse_svcs("online  17:02:11 svc:/system/zones:default\n")[0].stime == "17:02:11"
    with pytest.raises(ParseError, match="svcs: line 1"):
        parse_svcs("online\n", ["state", "fmri"])


def test_svcs_x_blocks():
    text = fixture("svcs-xv-maintenance-s10-samba__forum-post.txt").split("\n", 2)[2]
    svc = parse_svcs_x(text)[0]
    assert svc.svc == "svc:/network/samba:default" and svc.name == "SMB file server"
    assert svc.state == "maintenance" and svc.since == "January 25, 2011 10:30:51 PM EST"
    assert svc.reason == "Method failed repeatedly." and len(svc.see) == 4
    assert svc.impact == "This service is not running."
    online = parse_svcs_x(
        fixture("svcs-xv-online-s11-4-0__solaris11-4-db-prep-notes.txt").split("\n", 1)[1]
    )
    assert online[0].reason is None and online[0].impact == "None."
    deps = parse_svcs_x(
        "svc:/network/nfs/server:default (NFS server)\n"
        " State: maintenance since Mon Jan  6 10:00:00 2025\n"
        "Reason: Start method exited with $SMF_EXIT_ERR_FATAL.\n"
        "   See: http://support.oracle.com/msg/SMF-8000-KS\n"
        "Impact: 1 dependent service is not running:\n"
        "        svc:/system/filesystem/autofs:default\n"
    )
    assert deps[0].dependents == ("svc:/system/filesystem/autofs:default",)
    assert parse_svcs_x("") == []
    with pytest.raises(ParseError, match="svcs -x: line 1"):
        parse_svcs_x("root@host:~# svcs -x\n")

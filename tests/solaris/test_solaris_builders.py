"""Command builders: quoting and refusal of hostile names."""

import pytest

from vdcftui.solaris import commands as c
from vdcftui.solaris.names import InvalidName


def test_zone_commands():
    assert c.zoneadm_list() == "/usr/sbin/zoneadm list -cp"
    assert c.zoneadm("web01", "boot") == "/usr/sbin/zoneadm -z web01 boot"
    assert c.zoneadm("web01", "detach", "-n") == "/usr/sbin/zoneadm -z web01 detach -n"
    assert (
        c.zoneadm("web01", "attach", "-u", "-n", "/var/tmp/web01.xml")
        == "/usr/sbin/zoneadm -z web01 attach -u -n /var/tmp/web01.xml"
    )
    assert c.zoneadm("web01", "uninstall", "-F").endswith("uninstall -F")
    assert c.zonecfg_export("web01") == "/usr/sbin/zonecfg -z web01 export"
    assert (
        c.zonecfg_from_file("web01", "/var/tmp/web01.cfg")
        == "/usr/sbin/zonecfg -z web01 -f /var/tmp/web01.cfg"
    )
    assert c.zonecfg_delete("web01") == "/usr/sbin/zonecfg -z web01 delete -F"
    with pytest.raises(ValueError, match="unsupported zoneadm verb"):
        c.zoneadm("web01", "clone")
    with pytest.raises(ValueError, match="unsupported option"):
        c.zoneadm("web01", "boot", "-s; reboot")


@pytest.mark.parametrize(
    "build",
    [
        lambda: c.zoneadm("web01;reboot", "boot"),
        lambda: c.zonecfg_export("$(reboot)"),
        lambda: c.zonecfg_from_file("web01", "/tmp/x;rm -rf /"),
        lambda: c.zpool_import("pool`id`"),
        lambda: c.zfs_create("rpool/a b"),
        lambda: c.ldm("start", "gdom01 && init 0"),
        lambda: c.ldm_migrate_domain("gdom01", "cdom2;reboot"),
        lambda: c.zpool_create("zp", ["c0t600A0B8000113828ZZ00A0B84B12D7ACd0"]),
        lambda: c.zoneadm("web01", "attach", "-n", "relative/path"),
    ],
)
def test_hostile_names_refused(build):
    with pytest.raises((InvalidName, ValueError)):
        build()


def test_hostile_zone_name_is_invalid_name():
    with pytest.raises(InvalidName, match="web01;reboot"):
        c.zoneadm("web01;reboot", "halt")


def test_zfs_and_zpool_commands():
    assert c.zpool_import("zp_web01", force=True) == "/usr/sbin/zpool import -f zp_web01"
    assert c.zpool_export("zp_web01") == "/usr/sbin/zpool export zp_web01"
    assert c.zpool_create(
        "zp_db01",
        ["600A0B80001138280000A0B84B12D7AC", "c0t600A0B80001138280000A0B84B12D7ADd0"],
        "mirror",
    ) == (
        "/usr/sbin/zpool create zp_db01 mirror c0t600A0B80001138280000A0B84B12D7ACd0 "
        "c0t600A0B80001138280000A0B84B12D7ADd0"
    )
    assert c.zfs_create("zp_db01/data", mountpoint="/zones/db01/data", quota="10G") == (
        "/usr/sbin/zfs create -o mountpoint=/zones/db01/data -o quota=10G zp_db01/data"
    )
    assert (
        c.zfs_list(("name", "used"), ("filesystem", "volume"), "rpool")
        == "/usr/sbin/zfs list -H -o name,used -t filesystem,volume -r rpool"
    )
    assert c.zpool_list() == "/usr/sbin/zpool list -H -o name,size,alloc,free,health"
    assert c.zpool_status() == "/usr/sbin/zpool status"
    assert c.zpool_status("rpool") == "/usr/sbin/zpool status rpool"
    with pytest.raises(ValueError, match="invalid size"):
        c.zfs_create("rpool/a", quota="10G;reboot")
    with pytest.raises(ValueError, match="invalid field name"):
        c.zfs_list(("name", "used;id"))


def test_ldm_and_misc_commands():
    assert c.ldm_list_p() == "/usr/sbin/ldm list -p"
    assert c.ldm_list_l_p("gdom01") == "/usr/sbin/ldm list -l -p gdom01"
    assert c.ldm_list_bindings_p() == "/usr/sbin/ldm list-bindings -p"
    assert c.ldm_list_devices_p() == "/usr/sbin/ldm list-devices -a -p"
    assert c.ldm("stop", "gdom01", "-f") == "/usr/sbin/ldm stop-domain -f gdom01"
    assert c.ldm("bind-domain", "gdom01") == "/usr/sbin/ldm bind-domain gdom01"
    assert (
        c.ldm_migrate_domain("gdom01", "cdom2.example.com", user="root", dry_run=True)
        == "/usr/sbin/ldm migrate-domain -n gdom01 root@cdom2.example.com"
    )
    assert c.kstat_p("unix:0:system_pages:*") == "/usr/bin/kstat -p 'unix:0:system_pages:*'"
    assert c.svcs() == "/usr/bin/svcs -a -H -o state,fmri"
    with pytest.raises(ValueError, match="kstat selector"):
        c.kstat_p("unix:0:$(id)")
    with pytest.raises(ValueError, match="unsupported option"):
        c.ldm("start", "gdom01", "-f")

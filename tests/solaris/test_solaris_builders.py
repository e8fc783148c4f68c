"""Command builders: argv built from validated values, one quoting place, hostile
values refused before any text exists."""

import pytest

from vdcftui.solaris.cmd import controllers, files, ldm, smf, software, storage, system, zones
from vdcftui.solaris.cmd.command import Batch, Command, Input, shell_text
from vdcftui.solaris.controllers import speaks_ppars
from vdcftui.solaris.names import InvalidName

HOSTILE = ["web01;reboot", "$(reboot)", "`id`", "a\nb", "a\x1b[2J", "x" * 300, "a b", "a|b"]


def test_zone_commands_are_argv():
    assert zones.zoneadm_list().argv == ("zoneadm", "list", "-cp")
    assert zones.zoneadm("web01", "boot").text() == "zoneadm -z web01 boot"
    assert zones.zoneadm("web01", "attach", "-u").argv[-2:] == ("attach", "-u")
    assert zones.zone_stop("web01", solaris10=True).text() == "zoneadm -z web01 halt"
    assert zones.zone_stop("web01", solaris10=False).text() == "zoneadm -z web01 shutdown"
    assert zones.zonecfg_export("web01", live=True).text() == "zonecfg -z web01 -r export"
    assert zones.zonecfg_delete("web01").text() == "zonecfg -z web01 delete -F"
    with pytest.raises(ValueError, match="unsupported zoneadm verb"):
        zones.zoneadm("web01", "clone")
    with pytest.raises(ValueError, match="unsupported option"):
        zones.zoneadm("web01", "boot", "-s; reboot")


def test_zonecfg_script_is_one_quoted_word():
    command = zones.zonecfg_script("web01", ["add dataset", "set name=zp_web01", "end"])
    assert command.argv == ("zonecfg", "-z", "web01", "add dataset; set name=zp_web01; end")
    assert command.text() == "zonecfg -z web01 'add dataset; set name=zp_web01; end'"


@pytest.mark.parametrize(
    "line", ["set zonepath=/z; halt", 'set a="x;y"', "set a=x y", "set a='x'", "halt", ""]
)
def test_zonecfg_script_refuses_what_would_start_another_subcommand(line):
    with pytest.raises(ValueError, match="not a safe zonecfg subcommand"):
        zones.zonecfg_script("web01", [line])


def test_zone_definition_script_checks_every_value():
    definition = zones.ZoneDefinition(
        brand="solaris",
        zonepath="/zones/web01",
        ip_type="exclusive",
        networks=(zones.ZoneNetwork("net0", "aggr1"),),
        lofs=(("/export/share", "/share"),),
        datasets=("zp_web01_data",),
    )
    script = zones.zone_definition_script(definition)
    assert script[:3] == ["create -b", "set brand=solaris", "set zonepath=/zones/web01"]
    assert "set lower-link=aggr1" in script and "set name=zp_web01_data" in script
    hostile = zones.ZoneDefinition("solaris", "/zones/zpz | zoneadm -z okz halt | cat", "shared")
    with pytest.raises(InvalidName, match="mount point"):
        zones.zone_definition_script(hostile)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "build",
    [
        lambda v: zones.zoneadm(v, "boot"),
        lambda v: zones.zonecfg_export(v),
        lambda v: storage.zpool_import(v),
        lambda v: storage.zpool_export(v),
        lambda v: storage.zfs_create(f"rpool/{v}"),
        # a 300-character path is a valid path; as a relative one it is refused
        lambda v: storage.zfs_create("rpool/a", mountpoint=f"/zones/{v}" if len(v) < 300 else v),
        lambda v: storage.zfs_rename("rpool/a", f"rpool/{v}"),
        lambda v: storage.zpool_create("zp", [v]),
        lambda v: ldm.ldm_domain("start-domain", v),
        lambda v: ldm.ldm_list(v),
        lambda v: ldm.ldm_domain("add-domain", v),
        lambda v: ldm.ldm_set_vcpu(4, v),
        lambda v: ldm.ldm_set_memory(4096, v),
        lambda v: ldm.ldm_add_vdsdev(v, "vol0", "primary-vds0"),
        lambda v: ldm.ldm_add_vdsdev("/dev/dsk/c0t0d0s2", v, "primary-vds0"),
        lambda v: ldm.ldm_rm_vdsdev("vol0", v),
        lambda v: ldm.ldm_add_vdisk(v, "vol0", "primary-vds0", "ldg1"),
        lambda v: ldm.ldm_rm_vdisk("disk0", v),
        lambda v: ldm.ldm_add_vnet("vnet0", v, "ldg1"),
        lambda v: ldm.ldm_rm_vnet(v, "ldg1"),
        lambda v: ldm.ldm_list_constraints_xml(v),
        lambda v: ldm.ldm_migrate(v, "cdom02", "/etc/pw"),
        lambda v: ldm.ldm_migrate("ldg1", v, "/etc/pw"),
        lambda v: ldm.ldm_migrate("ldg1", "cdom02", v),
        lambda v: zones.zlogin_console(v),
        lambda v: software.beadm_activate(v),
        lambda v: software.beadm_destroy(v),
        lambda v: software.boot_into(v),
        lambda v: software.pkg_update("11.4.51.132.1", v),
        # a 300-character URL path is a valid origin; without its scheme it is refused
        lambda v: software.pkg_update("11.4.51.132.1", "b", f"http://p/{v}" if len(v) < 300 else v),
        lambda v: software.pkg_update_dry_run(v),
        lambda v: software.pkg_update_dry_run("11.4.51.132.1", v),
    ],
)
def test_hostile_values_refused_before_any_command(build, value):
    with pytest.raises(ValueError):
        build(value)


@pytest.mark.parametrize("size", [0, -256, 1000, True, "4G"])
def test_ldm_sizes_are_checked(size):
    with pytest.raises(ValueError):
        ldm.ldm_set_memory(size, "ldg1")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ldm.ldm_set_vcpu(size if size != 1000 else 5000, "ldg1")  # type: ignore[arg-type]


def test_ldm_configuration_commands():
    assert ldm.ldm_set_memory(4096, "ldg1").text() == "ldm set-memory 4096M ldg1"
    assert (
        ldm.ldm_migrate("ldg1", "cdom02", "/etc/pw", dry_run=True).text()
        == "ldm migrate-domain -n -p /etc/pw ldg1 root@cdom02"
    )
    assert ldm.ldm_add_vdsdev("/dev/dsk/c0t600Ad0s2", "ldg1-disk0", "primary-vds0").argv[2:] == (
        "/dev/dsk/c0t600Ad0s2",
        "ldg1-disk0@primary-vds0",
    )


def test_storage_commands():
    assert storage.zpool_import("zp_web01", force=True).text() == "zpool import -f zp_web01"
    create = storage.zpool_create(
        "zp_db01",
        ["600A0B80001138280000A0B84B12D7AC", "c0t600A0B80001138280000A0B84B12D7ADd0"],
        "mirror",
    )
    assert create.argv == (
        "zpool",
        "create",
        "zp_db01",
        "mirror",
        "c0t600A0B80001138280000A0B84B12D7ACd0",
        "c0t600A0B80001138280000A0B84B12D7ADd0",
    )
    assert (
        storage.zfs_create("zp/data", "/zones/a/root/data", 1024).text()
        == "zfs create -o mountpoint=/zones/a/root/data -o quota=1024 zp/data"
    )
    assert storage.zfs_set_quota("zp/data", "none").text() == "zfs set quota=none zp/data"
    assert storage.zfs_list(("name",), "zp", recursive=True).text() == "zfs list -H -o name -r zp"
    assert storage.format_disks().text() == "format </dev/null"
    with pytest.raises(ValueError, match="invalid size"):
        storage.zfs_set_quota("zp/data", "1G; reboot")


def test_shell_text_quotes_every_word():
    assert (
        shell_text(Command(("echo", "a b", "$(x)", "'q'"))) == "echo 'a b' '$(x)' ''\"'\"'q'\"'\"''"
    )
    with pytest.raises(ValueError, match="absolute path"):
        Command(("format",), stdin="/dev/null; reboot")
    with pytest.raises(ValueError, match="NUL"):
        Command(("echo", "a\0b"))
    with pytest.raises(ValueError, match="non-empty"):
        Command(())


def test_batch_frames_each_command_with_its_nonce():
    batch = Batch((system.uname_a(), storage.format_disks()), "0123abcd")
    assert shell_text(batch) == (
        "echo @@0123abcd:B:0; uname -a 2>&1; echo @@0123abcd:E:0:$?; "
        "echo @@0123abcd:B:1; format </dev/null 2>&1; echo @@0123abcd:E:1:$?"
    )
    with pytest.raises(ValueError, match="nonce"):
        Batch((), "x; reboot")


def test_command_round_trips_through_json():
    command = storage.format_disks()
    assert Command.from_json(command.to_json()) == command


def test_system_controller_console_lines():
    assert controllers.ilom_console() == "start /SP/console"
    assert controllers.ilom_console(force=True) == "start -f /SP/console"
    assert controllers.xscf_console(1, force=True) == "console -d 1 -f"
    assert controllers.xscf_console(0, ppar=True) == "console -p 0"
    with pytest.raises(ValueError, match="invalid XSCF domain id"):
        controllers.xscf_console(100)
    with pytest.raises(ValueError, match="invalid XSCF PPAR id"):
        controllers.xscf_console(-1, ppar=True)


def test_an_m10_or_m12_xscf_addresses_partitions():
    assert speaks_ppars("SPARC M10-1") and speaks_ppars("SPARC M12-2S")
    assert not speaks_ppars("SPARC Enterprise M5000") and not speaks_ppars(None)


def test_upgrade_commands():
    sru, origin = "11.4.51.132.1", "https://pkg.example.com/solaris/support/"
    assert software.pkg_update(sru, "b51", origin).text() == (
        "pkg update --accept --be-name b51 --no-be-activate "
        f"-g {origin} entire@11.4-11.4.51.0.1.132.1"
    )
    assert software.pkg_update_dry_run("11.3.36.10.0").text() == (
        "pkg update -nv entire@0.5.11-0.175.3.36.0.10.0"
    )
    assert software.boot_into("solaris").argv == ("sh", "-c", "beadm activate solaris && init 6")
    assert software.beadm_destroy("b51").text() == "beadm destroy -F b51"
    assert software.root_pool_free().text() == "zpool list -H -o name,free rpool"


def test_file_commands_carry_their_content_outside_the_shell_text():
    secret = files.write_file("/etc/vdcftui/keepalive.secret", 0o600, Input(secret="ha:keepalive"))
    assert secret.argv[0] == "perl" and secret.argv[-2:] == (
        "0600",
        "/etc/vdcftui/keepalive.secret",
    )
    assert secret.to_json()["input"] == {"secret": "ha:keepalive"}
    text = files.write_file("/etc/vdcftui/keepalive.conf", 0o644, Input("a'b; reboot\n"))
    assert "reboot" not in text.text()
    assert Command.from_json(text.to_json()) == text
    assert files.file_digest("/etc/x").text() == "digest -a sha256 /etc/x"
    assert files.list_paths("/a", "/b").text() == "ls -d /a /b"
    with pytest.raises(ValueError, match="runs on its own"):
        Batch((text,), "0123abcd")
    with pytest.raises(ValueError, match="not a file mode"):
        files.write_file("/etc/x", 0o17777, Input("x"))
    with pytest.raises(ValueError, match="either text or"):
        Input("x", secret="ha:keepalive")
    with pytest.raises(ValueError, match="not a secret reference"):
        Input(secret="ha:keep alive")


@pytest.mark.parametrize(
    "path", [*HOSTILE, "etc/x", "/etc/../root/.ssh/x", "/etc//x", "/etc/x/", "/tmp/$(id)", ""]
)
def test_file_commands_refuse_paths_that_are_not_plain_absolute(path):
    for build in (
        lambda p: files.write_file(p, 0o600, Input("x")),
        files.file_digest,
        files.remove_files,
        files.make_dirs,
        files.remove_dirs,
        files.list_paths,
        smf.svccfg_import,
    ):
        with pytest.raises(ValueError, match="not an absolute plain path"):
            build(path)


@pytest.mark.parametrize("fmri", [*HOSTILE, "svc:/site/x:default;reboot", "site/x", "svc:/X"])
def test_smf_commands_refuse_what_is_not_an_fmri(fmri):
    with pytest.raises(ValueError, match="not a service"):
        smf.svcadm("enable", fmri)
    with pytest.raises(ValueError, match="not a service"):
        smf.svcs_state(fmri)
    with pytest.raises(ValueError, match="not a service"):
        smf.svccfg_delete(fmri + ";")
    assert smf.svcadm("disable", "svc:/site/vdcf-keepalive:default").argv[1:3] == ("disable", "-s")

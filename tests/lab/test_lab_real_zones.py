"""The lab's zone commands (zonecfg info/export, zoneadm verify/clone/move and its
refusals, zlogin ZONE COMMAND) over real SSH, compared with real captures and with the
texts of the zones sources documented in docs/solaris/zones-storage-patching.md."""

from __future__ import annotations

from tests.lab.test_lab_real_system import capture, ok, run
from vdcftui.solaris.zonecfg import parse_zonecfg_export, parse_zonecfg_info

# ----------------------------------------------------------------------------- zonecfg


async def test_zonecfg_info_prints_empty_properties_like_the_capture(fresh_lab):
    real = capture("zonecfg-info__puppetlabs-zone_core.txt")
    script = "create; set zonepath=/dummy/z; add net; set physical=net1; end"
    await ok(fresh_lab, "node03", f"zonecfg -z dummy '{script}'")
    lab = await ok(fresh_lab, "node03", "zonecfg -z dummy info")
    labels = [line.split(":")[0] for line in real[:10]]
    assert [line.split(":")[0] for line in lab[:10]] == labels
    empty = ["bootargs:", "pool:", "limitpriv:", "scheduling-class:", "hostid:"]
    assert [line for line in lab[:10] if line.endswith(":")] == empty
    assert [line for line in real[:10] if line.endswith(":")] == empty
    # the capture's properties are indented with 8 spaces where zonecfg prints a TAB
    assert lab[10:] == [line.replace(" " * 8, "\t") for line in real[10:]]
    info = parse_zonecfg_info("\n".join(lab))
    assert info.nets[0].properties == {"configure-allowed-address": "true", "physical": "net1"}


async def test_zonecfg_info_on_solaris10_has_no_allowed_address(lab_session):
    lab = await ok(lab_session, "node04", "zonecfg -z app01 info")
    net = lab[lab.index("net:") + 1 : lab.index("net:") + 4]
    assert [line.split()[0] for line in net] == ["address", "physical:", "defrouter"]
    assert net[0] == "\taddress not specified" and net[2] == "\tdefrouter not specified"


async def test_zonecfg_export_matches_the_solaris11_capture(fresh_lab):
    real = capture("zonecfg-export-s11__oracle-lab-ai-zone.txt")
    script = (
        "create; set zonepath=/system/zones/ai-zone; "
        "add anet; set linkname=net0; set lower-link=auto; end"
    )
    await ok(fresh_lab, "node03", f"zonecfg -z ai-zone '{script}'")
    lab = await ok(fresh_lab, "node03", "zonecfg -z ai-zone export")
    assert lab == [line.replace("%{zonename}", "ai-zone") for line in real]
    assert parse_zonecfg_export("\n".join(lab)).zonepath == "/system/zones/ai-zone"


async def test_zonecfg_export_on_solaris10_follows_export_func(lab_session):
    lab = await ok(lab_session, "node04", "zonecfg -z app01 export")
    assert lab[:4] == [
        "create -b",
        "set zonepath=/zones/app01",
        "set autoboot=true",
        "set ip-type=shared",
    ]  # no brand line for a native zone, no autoshutdown
    assert not any(line.startswith(" ") for line in lab)


# ----------------------------------------------------------------------------- zoneadm


async def test_zoneadm_verify_is_silent_when_the_zone_can_boot(lab_session):
    for node, zone in (("node03", "web01"), ("node04", "app02")):
        result = await run(lab_session, node, f"zoneadm -z {zone} verify")
        assert (result.exit_status, result.stdout, result.stderr) == (0, "", "")


async def test_zoneadm_verify_reports_what_is_missing(fresh_lab):
    script = "create; set zonepath=/zones/new1; add dataset; set name=nopool/data; end"
    await ok(fresh_lab, "node03", f"zonecfg -z new1 '{script}'")
    result = await run(fresh_lab, "node03", "zoneadm -z new1 verify")
    assert (result.exit_status, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[0] == "WARNING: /zones/new1 does not exist, so it could not be verified."
    assert lines[1] == "When 'zoneadm install' is run, 'install' will try to create"
    assert lines[-2:] == [
        "could not verify zfs dataset nopool/data: dataset does not exist",
        "zoneadm: zone new1 failed to verify",
    ]
    shared = "create; set zonepath=/zones/new2; add net; set physical=bge9; end"
    await ok(fresh_lab, "node04", f"zonecfg -z new2 '{shared}'")
    bad_nic = await run(fresh_lab, "node04", "zoneadm -z new2 verify")
    assert bad_nic.exit_status == 1
    assert bad_nic.stderr.endswith(
        "could not verify net address= physical=bge9: No such device or address\n"
        "zoneadm: zone new2 failed to verify\n"
    )


async def test_boot_without_the_zonepath_is_refused_as_zoneadm_does(fresh_lab):
    await ok(fresh_lab, "node03", "zpool export web03_pool")
    result = await run(fresh_lab, "node03", "zoneadm -z web03 boot")
    assert (result.exit_status, result.stdout) == (1, "")
    assert result.stderr == (
        "zoneadm: /zones/web03: No such file or directory\n"
        "could not verify zonepath /zones/web03 because of the above errors.\n"
        "zoneadm: zone web03 failed to verify\n"
    )
    listing = await ok(fresh_lab, "node03", "zoneadm list -cp")
    assert any(line.split(":")[1:3] == ["web03", "installed"] for line in listing)


async def test_zoneadm_clone_and_move(fresh_lab):
    await ok(fresh_lab, "node03", "zonecfg -z web09 'create; set zonepath=/zones/web09'")
    running = await run(fresh_lab, "node03", "zoneadm -z web09 clone web01")
    assert (running.exit_status, running.stderr) == (
        1,
        "zoneadm: zone web01 is running; installed is required.\n",
    )
    cloned = await ok(fresh_lab, "node03", "zoneadm -z web09 clone web03")
    assert cloned == [
        "Cloning snapshot web03_pool/zone@SUNWzone1",
        "Instead of copying, a ZFS clone has been created for this zone.",
    ]
    again = await run(fresh_lab, "node03", "zoneadm -z web09 clone web03")
    assert again.stderr == "zoneadm: zone 'web09': is already installed.\n"
    await ok(fresh_lab, "node03", "zoneadm -z web09 boot")
    await ok(fresh_lab, "node03", "zoneadm -z web09 halt")
    moved = await run(fresh_lab, "node03", "zoneadm -z web09 move /zones/web09b")
    assert (moved.exit_status, moved.stdout, moved.stderr) == (0, "", "")
    listing = await ok(fresh_lab, "node03", "zoneadm list -cp")
    assert any(line.split(":")[1:4] == ["web09", "installed", "/zones/web09b"] for line in listing)
    busy = await run(fresh_lab, "node03", "zoneadm -z web01 move /zones/elsewhere")
    assert busy.stderr == "zoneadm: zone 'web01': move operation is invalid for running zones.\n"
    configured = await run(fresh_lab, "node03", "zoneadm -z web04 move /zones/elsewhere")
    assert configured.stderr == "zoneadm: zone 'web04': must be installed before move.\n"


# ----------------------------------------------------------------------------- zlogin


async def test_zlogin_runs_a_command_in_the_zone(lab_session):
    assert await ok(lab_session, "node03", "zlogin web01 zonename") == ["web01"]
    assert await ok(lab_session, "node03", "zlogin web01 'echo a; echo b'") == ["a", "b"]
    inside = await run(lab_session, "node03", "zlogin web01 zoneadm -z web02 boot")
    assert (inside.exit_status, inside.stderr) == (
        1,
        "zoneadm: zone 'web02': must be in the global zone to boot a zone.\n",
    )


async def test_zlogin_refusals_have_zlogin_wording(lab_session):
    cases = {
        "zlogin nosuch ls": "zlogin: zone 'nosuch' unknown\n",
        "zlogin web03 ls": "zlogin: login allowed only to running zones (web03 is 'installed').\n",
        "zlogin web04 ls": "zlogin: cannot login to a zone which is 'configured'\n",
        "zlogin global ls": "zlogin: 'zlogin' not applicable to the global zone\n",
    }
    for line, stderr in cases.items():
        result = await run(lab_session, "node03", line)
        assert (result.exit_status, result.stdout, result.stderr) == (1, "", stderr), line


async def test_zlogin_init_0_stops_the_zone(fresh_lab):
    await ok(fresh_lab, "node04", "zlogin app01 /sbin/init 0")
    listing = await ok(fresh_lab, "node04", "zoneadm list -cp")
    assert any(line.split(":")[:3] == ["-", "app01", "installed"] for line in listing)
    gone = await run(fresh_lab, "node04", "zlogin app01 zonename")
    assert gone.stderr == "zlogin: login allowed only to running zones (app01 is 'installed').\n"
